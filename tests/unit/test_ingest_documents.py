"""read_upload for Word (.docx) and PDF files."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import docx
import pypdf
import pytest

from app.ingest import IngestError, read_upload

NO_TEXT = (
    "The file has no readable text. Check that it contains the article itself (not "
    "only images or a scanned page), or paste the text instead."
)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def make_docx(
    paragraphs: list[str],
    *,
    heading: str | None = None,
    title: str = "",
    author: str = "",
    created: datetime | None = None,
    table: list[list[str]] | None = None,
) -> bytes:
    document = docx.Document()
    if heading:
        document.add_heading(heading, level=0)
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    props = document.core_properties
    props.title, props.author = title, author
    if created:
        props.created = created
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def make_pdf(pages: list[list[str]], info: dict[str, str] | None = None) -> bytes:
    """A minimal valid PDF written by hand: one Helvetica text block per page."""
    count = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(count))
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, lines in enumerate(pages):
        ops = " ".join(f"{_pdf_string(line)} Tj T*" for line in lines)
        stream = f"BT /F1 12 Tf 16 TL 72 720 Td {ops} ET"
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {5 + 2 * i} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>"
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
    fields = " ".join(f"/{key} {_pdf_string(value)}" for key, value in (info or {}).items())
    objects.append(f"<< {fields} >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return out


def upload_error(filename: str, data: bytes) -> IngestError:
    with pytest.raises(IngestError) as caught:
        read_upload(filename, data, None)
    return caught.value


# --- Word -------------------------------------------------------------------


def test_docx_gives_paragraphs_and_core_properties() -> None:
    data = make_docx(
        [
            "The Lowmoor bridge will reopen in May, the county said on Friday.",
            "“The repairs are ahead of schedule,” said engineer Tomas Rieder.",
        ],
        title="Bridge to reopen",
        author="Priya Anand",
        created=datetime(2026, 2, 27, 16, 30),
    )
    article = read_upload("bridge.docx", data, DOCX_TYPE)
    assert article.text == (
        "The Lowmoor bridge will reopen in May, the county said on Friday.\n\n"
        "“The repairs are ahead of schedule,” said engineer Tomas Rieder."
    )
    assert (article.title, article.byline) == ("Bridge to reopen", "Priya Anand")
    assert article.published_at == datetime(2026, 2, 27, 16, 30, tzinfo=UTC)
    assert article.source_kind == "docx"


def test_docx_title_style_heading_becomes_the_title_and_tables_are_kept() -> None:
    data = make_docx(
        ["Repairs cost more than planned, the county said."],
        heading="Bridge to reopen",
        table=[["Budget", "1.2m"], ["Spent", "1.5m"]],
    )
    article = read_upload("bridge.docx", data, None)
    assert article.title == "Bridge to reopen"
    assert article.text == (
        "Repairs cost more than planned, the county said.\n\nBudget | 1.2m\nSpent | 1.5m"
    )


def test_docx_ignores_placeholder_author_and_date_of_a_blank_template() -> None:
    article = read_upload("bridge.docx", make_docx(["Text."], author="python-docx"), None)
    assert (article.byline, article.published_at) == (None, None)


def test_docx_without_text_has_no_readable_text() -> None:
    assert upload_error("blank.docx", make_docx([])).message == NO_TEXT


def test_text_file_named_docx_is_reported_as_damaged() -> None:
    error = upload_error("bridge.docx", b"The bridge will reopen in May.")
    assert error.status_code == 422
    assert error.message == (
        "The file could not be opened as a Word (.docx) document; it may be damaged or "
        "saved in another format. Open it and save it again, or paste the text instead."
    )


# --- PDF --------------------------------------------------------------------


def test_pdf_gives_the_text_of_every_page_and_its_metadata() -> None:
    data = make_pdf(
        [
            ["Harbour wall survey delayed", "The survey will arrive in June, (officials say)."],
            ["Councillor Petra Voss said the delay was unacceptable."],
        ],
        info={
            "Title": "Harbour survey",
            "Author": "Ada Quill",
            "CreationDate": "D:20260301093000Z",
        },
    )
    article = read_upload("survey.pdf", data, "application/pdf")
    assert article.text == (
        "Harbour wall survey delayed\nThe survey will arrive in June, (officials say).\n\n"
        "Councillor Petra Voss said the delay was unacceptable."
    )
    assert (article.title, article.byline) == ("Harbour survey", "Ada Quill")
    assert article.published_at == datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    assert article.source_kind == "pdf"


def test_pdf_without_text_like_a_scan_has_no_readable_text() -> None:
    assert upload_error("scan.pdf", make_pdf([[]])).message == NO_TEXT


def test_damaged_pdf_is_reported_as_unreadable() -> None:
    error = upload_error("survey.pdf", b"%PDF-1.4\nthis is not really a pdf at all")
    assert error.status_code == 422
    assert error.message.startswith("The file could not be opened as a PDF;")


def test_password_protected_pdf_asks_for_the_password_to_be_removed() -> None:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(make_pdf([["Secret survey."]])))
    writer.encrypt(user_password="harbour", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    error = upload_error("survey.pdf", out.getvalue())
    assert error.status_code == 422
    assert error.message == (
        "The file is password-protected. Remove the password (print it to a new PDF) "
        "or paste the text instead."
    )
