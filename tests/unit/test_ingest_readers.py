"""read_upload for text, Markdown and HTML files, and read_pasted."""

from __future__ import annotations

import codecs
from datetime import UTC, datetime

import pytest

from app.ingest import IngestError, read_pasted, read_upload

ACCEPTED = (
    "Claimdesk accepts plain text (.txt), Markdown (.md), web pages (.html, .htm), "
    "Word (.docx), PDF."
)
NOT_UTF8 = (
    "The file is not UTF-8 text, so its characters cannot be read reliably. Save it "
    "again as UTF-8 (in most editors: Save As, encoding UTF-8) and upload it once "
    "more, or paste the text instead."
)
NO_TEXT = (
    "The file has no readable text. Check that it contains the article itself (not "
    "only images or a scanned page), or paste the text instead."
)
STORY = (
    "Ferry fares on the Tarrow estuary will rise by 4% in April, the harbour board said.\n\n"
    "“We had no choice,” said Olu Banjo, the board’s chair."
)

ARTICLE_PAGE = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Ferry fares to rise | The Tarrow Gazette</title>
<meta property="og:site_name" content="The Tarrow Gazette">
<meta name="author" content="Mina Okafor">
<meta property="article:published_time" content="2026-03-02T07:45:00+00:00">
<link rel="canonical" href="https://tarrow-gazette.example/news/ferry-fares">
<script>var tracking = "do not keep me";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article>
<h1>Ferry fares to rise</h1>
<p>Ferry fares on the Tarrow estuary will rise by 4% in April, the harbour board
said on Monday, blaming fuel costs and a new safety levy.</p>
<p>"We had no choice," said Olu Banjo, the board's chair, adding that the levy
alone would cost the service more than 200,000 pounds a year.</p>
<p>Commuter groups said the rise would hit shift workers hardest and called for
a public meeting before the new fares take effect.</p>
</article>
<footer>Copyright The Tarrow Gazette</footer>
</body></html>
"""


def upload_error(filename: str, data: bytes, content_type: str | None = None) -> IngestError:
    with pytest.raises(IngestError) as caught:
        read_upload(filename, data, content_type)
    return caught.value


# --- plain text -------------------------------------------------------------


def test_txt_upload_keeps_the_text_tidied() -> None:
    article = read_upload("fares.txt", (STORY + "\r\n\r\n\r\n").encode(), "text/plain")
    assert article.text == STORY
    assert article.source_kind == "txt"
    assert (article.title, article.byline, article.published_at) == (None, None, None)


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + STORY.encode("utf-8"),
        codecs.BOM_UTF16_LE + STORY.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + STORY.encode("utf-16-be"),
    ],
    ids=["utf-8-bom", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_txt_upload_reads_unicode_files_with_a_byte_order_mark(data: bytes) -> None:
    assert read_upload("fares.txt", data, None).text == STORY


def test_txt_upload_in_cp1252_is_refused_not_guessed() -> None:
    error = upload_error(
        "fares.txt", "Caf\u00e9 owners said fares were \u201cunfair\u201d.".encode("cp1252")
    )
    assert error.status_code == 422
    assert error.message == NOT_UTF8


def test_txt_upload_with_a_declared_charset_is_decoded_with_it() -> None:
    data = "Caf\u00e9 owners objected.".encode("cp1252")
    article = read_upload("fares.txt", data, "text/plain; charset=windows-1252")
    assert article.text == "Café owners objected."


def test_binary_garbage_named_txt_is_refused_as_not_text() -> None:
    error = upload_error("notes.txt", b"\x00\x01\x02\x03binary\x00\x00\xff\xfe\x00" * 20)
    assert error.status_code == 415
    assert error.message == f"The file contains binary data, not text. {ACCEPTED}"


def test_pdf_renamed_to_txt_is_refused_with_what_it_really_is() -> None:
    error = upload_error("notes.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    assert error.status_code == 415
    assert error.message == f"The file is a PDF, not text. {ACCEPTED}"


@pytest.mark.parametrize("data", [b"", b"  \r\n\t \n"], ids=["empty", "blank"])
def test_empty_file_has_no_readable_text(data: bytes) -> None:
    error = upload_error("fares.txt", data)
    assert error.status_code == 422
    assert error.message == NO_TEXT


def test_file_over_the_size_limit_is_refused() -> None:
    with pytest.raises(IngestError) as caught:
        read_upload("fares.txt", b"a" * 2_000_001, None, max_bytes=1_000_000)
    assert caught.value.status_code == 413
    assert caught.value.message == (
        "The file is too large (2.0 MB); the limit is 1.0 MB. "
        "Split it up or paste only the article text."
    )


def test_unknown_extension_is_refused_with_the_accepted_types() -> None:
    error = upload_error("budget.xlsx", b"PK\x03\x04whatever", "application/octet-stream")
    assert error.status_code == 415
    assert error.message == f"Claimdesk cannot read “.xlsx” files. {ACCEPTED}"


def test_file_without_extension_is_read_by_its_content_type() -> None:
    assert read_upload("fares", STORY.encode(), "text/plain; charset=utf-8").text == STORY


def test_file_without_extension_or_known_type_is_refused() -> None:
    error = upload_error("fares", STORY.encode(), "application/octet-stream")
    assert error.status_code == 415
    assert error.message.startswith("Claimdesk cannot tell what kind of file this is")


# --- Markdown ---------------------------------------------------------------


def test_markdown_upload_drops_syntax_and_takes_the_heading_as_title() -> None:
    source = (
        "# Ferry fares to **rise**\n\n"
        "The *harbour board* said on Monday that [fares](https://gazette.example/f) "
        "would rise by 4%.\n\n"
        '> "We had no choice," said __Olu Banjo__, the board\'s chair.\n\n'
        "- Peak_fare holders pay more\n"
        "1. Season tickets ![chart](chart.png)are frozen\n\n"
        "## What happens next\n\n"
        "A `public meeting` is planned.\n\n"
        "[1]: https://gazette.example/notes\n"
    )
    article = read_upload("fares.md", source.encode(), None)
    assert article.title == "Ferry fares to rise"
    assert article.source_kind == "markdown"
    assert article.text == (
        "The harbour board said on Monday that fares would rise by 4%.\n\n"
        '"We had no choice," said Olu Banjo, the board\'s chair.\n\n'
        "Peak_fare holders pay more\n"
        "Season tickets are frozen\n\n"
        "What happens next\n\n"
        "A public meeting is planned."
    )


def test_markdown_front_matter_gives_title_byline_and_date() -> None:
    source = (
        '---\ntitle: "Ferry fares to rise"\nauthor: Mina Okafor\ndate: 2026-03-02\n---\n'
        "Fares will rise by 4%.\n"
    )
    article = read_upload("fares.markdown", source.encode(), None)
    assert (article.title, article.byline) == ("Ferry fares to rise", "Mina Okafor")
    assert article.published_at == datetime(2026, 3, 2, tzinfo=UTC)
    assert article.text == "Fares will rise by 4%."


def test_markdown_underlined_heading_becomes_the_title() -> None:
    article = read_upload("fares.md", b"Ferry fares to rise\n===\n\nFares will rise.\n", None)
    assert (article.title, article.text) == ("Ferry fares to rise", "Fares will rise.")


def test_markdown_with_only_a_heading_has_no_readable_text() -> None:
    assert upload_error("fares.md", b"# Ferry fares\n\n---\n").message == NO_TEXT


# --- HTML -------------------------------------------------------------------


def test_html_upload_gives_main_text_and_metadata() -> None:
    article = read_upload("fares.html", ARTICLE_PAGE.encode(), "text/html")
    assert article.title == "Ferry fares to rise"
    assert article.byline == "Mina Okafor"
    assert article.outlet == "The Tarrow Gazette"
    assert article.published_at == datetime(2026, 3, 2, 7, 45, tzinfo=UTC)
    assert article.source_kind == "html"
    assert article.url == "https://tarrow-gazette.example/news/ferry-fares"
    assert article.text.startswith(
        "Ferry fares on the Tarrow estuary will rise by 4% in April, the harbour board "
        "said on Monday, blaming fuel costs and a new safety levy.\n\n"
        '"We had no choice," said Olu Banjo'
    )
    for boilerplate in ("Home", "Copyright", "tracking"):
        assert boilerplate not in article.text


def test_broken_html_still_gives_its_text() -> None:
    broken = (
        b"<html><head><title>Bridge to reopen</head><body><div><p>The Lowmoor bridge "
        b"<b>will reopen<p>in May, the county said.</div></span></i><script>x=1"
    )
    article = read_upload("bridge.htm", broken, None)
    assert article.title == "Bridge to reopen"
    assert article.text == "The Lowmoor bridge will reopen\n\nin May, the county said."


def test_html_meta_charset_is_honoured() -> None:
    page = (
        '<html><head><meta charset="windows-1252"></head>'
        "<body><p>Caf\u00e9 owners objected.</p></body></html>"
    )
    assert read_upload("cafe.html", page.encode("cp1252"), None).text == "Café owners objected."


def test_html_with_no_visible_text_has_no_readable_text() -> None:
    page = b"<html><head><title></title><script>var a = 1;</script></head><body> </body></html>"
    assert upload_error("empty.html", page).message == NO_TEXT


# --- pasted text ------------------------------------------------------------


def test_pasted_text_is_normalised_and_keeps_what_the_journalist_typed() -> None:
    article = read_pasted(
        "  " + STORY + "  \n\n\n",
        "  Ferry fares\nto rise ",
        byline="Mina Okafor",
        outlet="The Tarrow Gazette",
        published_at=datetime(2026, 3, 2, 9, 0),
        url="https://gazette.example/fares",
    )
    assert article.text == STORY
    assert article.title == "Ferry fares to rise"
    assert article.published_at == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert (article.byline, article.outlet, article.source_kind) == (
        "Mina Okafor",
        "The Tarrow Gazette",
        "paste",
    )


def test_empty_paste_is_refused() -> None:
    with pytest.raises(IngestError) as caught:
        read_pasted(" \n\t ")
    assert caught.value.status_code == 422
    assert caught.value.message.startswith("The pasted text has no readable text.")


def test_paste_over_the_limit_is_refused() -> None:
    with pytest.raises(IngestError) as caught:
        read_pasted("é" * 600, max_bytes=1_000)
    assert caught.value.status_code == 413
    assert caught.value.message.startswith(
        "The pasted text is too large (1,200 bytes); the limit is 1,000 bytes."
    )
