"""normalise_text, text_hash and canonical_url: tidy storage and dedupe keys."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.ingest import IngestError, canonical_url, normalise_text, text_hash


def test_normalise_text_tidies_spacing_line_endings_and_control_characters() -> None:
    raw = (
        "  The Lowmoor\tcouncil   voted\x07 on Monday.  \r\n"
        "Second line\x00 of the lede.\r\n\r\n\r\n\r\n"
        "\ufeffA new paragraph.\u00a0\u00a0Ends here.   \n\n\n"
    )
    assert normalise_text(raw) == (
        "The Lowmoor council voted on Monday.\n"
        "Second line of the lede.\n\n"
        "A new paragraph. Ends here."
    )


def test_normalise_text_composes_accents_and_treats_page_breaks_as_line_breaks() -> None:
    assert normalise_text("Cafe\u0301 owner\fspoke") == "Café owner\nspoke"


def test_normalise_text_of_whitespace_only_is_empty() -> None:
    assert normalise_text(" \t\r\n\x0b \u2028 ") == ""


def test_text_hash_ignores_case_spacing_and_quote_style() -> None:
    curly = "\u201cWe will rebuild,\u201d said Mayor Ilse Brandt.\n\nIt\u2019s final."
    straight = '"we will   rebuild," said mayor ilse brandt. it\'s final.'
    assert text_hash(curly) == text_hash(straight)
    assert len(text_hash(curly)) == 64


def test_text_hash_differs_when_the_words_differ() -> None:
    assert text_hash("Fares rise by 4%.") != text_hash("Fares rise by 5%.")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "HTTPS://News.Example.ORG:443/politics/harbour-vote/?utm_source=mail&id=7#top",
            "https://news.example.org/politics/harbour-vote?id=7",
        ),
        ("http://news.example.org", "http://news.example.org/"),
        ("http://news.example.org:80/a/", "http://news.example.org/a"),
        (
            "https://news.example.org:8443/a?b=2&a=1&fbclid=XYZ",
            "https://news.example.org:8443/a?a=1&b=2",
        ),
        ("https://news.example.org/a?UTM_Campaign=x&gclid=1", "https://news.example.org/a"),
    ],
)
def test_canonical_url_gives_one_spelling_per_article(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_canonical_url_refuses_an_incomplete_address() -> None:
    with pytest.raises(IngestError) as caught:
        canonical_url("news.example.org/story")
    assert caught.value.status_code == 400
    assert caught.value.message == (
        "“news.example.org/story” is not a complete web address. "
        "Paste the full address, starting with https://."
    )


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_normalise_text_is_idempotent_and_leaves_no_clutter(raw: str) -> None:
    once = normalise_text(raw)
    assert normalise_text(once) == once
    assert "\n\n\n" not in once and "  " not in once and "\r" not in once
    assert text_hash(once) == text_hash(raw)
