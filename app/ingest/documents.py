"""Reading Word (.docx) and PDF files."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from io import BytesIO

import docx
import pypdf
from docx.document import Document as DocxDocument
from docx.table import Table, _Cell

from app.ingest.article import ParsedArticle, as_utc, clean_field, require_text
from app.ingest.errors import IngestError

# A Word file is a ZIP archive; refuse ones whose text part unpacks to more than
# this many times the upload limit (a "ZIP bomb" would exhaust memory).
_MAX_UNPACK_RATIO = 20
# python-docx's blank template carries these; they say nothing about the article.
_TEMPLATE_AUTHORS = frozenset({"python-docx"})
_TEMPLATE_CREATED = datetime(2013, 12, 23, 23, 15, tzinfo=UTC)
_TITLE_STYLES = frozenset({"title", "heading 1"})


def read_docx(data: bytes, *, max_bytes: int, what: str) -> ParsedArticle:
    """Paragraphs (and table rows) of a .docx, with its title/author/created properties."""
    _check_docx_archive(data, max_bytes, what)
    try:
        document = docx.Document(BytesIO(data))
    except Exception:  # python-docx raises several unrelated types on bad packages
        raise _unreadable(what, "a Word (.docx) document") from None
    blocks = list(_docx_blocks(document))
    props = document.core_properties
    title = clean_field(props.title)
    if title is None and blocks and blocks[0][1] in _TITLE_STYLES:
        title = clean_field(blocks.pop(0)[0])
    author = clean_field(props.author)
    created = as_utc(props.created)
    return ParsedArticle(
        text=require_text("\n\n".join(text for text, _ in blocks), what),
        title=title,
        byline=None if author in _TEMPLATE_AUTHORS else author,
        outlet=None,
        published_at=None if created == _TEMPLATE_CREATED else created,
        url=None,
        source_kind="docx",
    )


def read_pdf(data: bytes, *, what: str) -> ParsedArticle:
    """Text of every page of a PDF, with its title/author/creation-date metadata."""
    try:
        reader = pypdf.PdfReader(BytesIO(data))
        _unlock(reader, what)
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except IngestError:
        raise
    except Exception:  # pypdf raises many types (PdfReadError, ValueError, ...) on bad files
        raise _unreadable(what, "a PDF") from None
    return ParsedArticle(
        text=require_text("\n\n".join(pages), what),
        title=clean_field(info.title) if info else None,
        byline=clean_field(info.author) if info else None,
        outlet=None,
        published_at=_pdf_created(info),
        url=None,
        source_kind="pdf",
    )


def _check_docx_archive(data: bytes, max_bytes: int, what: str) -> None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            size = archive.getinfo("word/document.xml").file_size
    except (zipfile.BadZipFile, KeyError):
        raise _unreadable(what, "a Word (.docx) document") from None
    if size > _MAX_UNPACK_RATIO * max_bytes:
        raise IngestError(
            f"{what} unpacks to far more text than any article ({size:,} bytes). "
            "Save the article alone in a new document and upload that.",
            413,
        )


def _docx_blocks(document: DocxDocument) -> Iterator[tuple[str, str]]:
    """(text, lowercased style name) for each non-empty paragraph or table."""
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            rows = (_table_row(row.cells) for row in item.rows)
            text = "\n".join(row for row in rows if row)
            if text:
                yield text, ""
        elif item.text.strip():
            style = item.style.name if item.style is not None else ""
            yield item.text, (style or "").lower()


def _table_row(cells: list[_Cell]) -> str:
    """One line per row, cells separated by " | " (merged cells repeat: keep one)."""
    texts = (" ".join(cell.text.split()) for cell in cells)
    return " | ".join(dict.fromkeys(text for text in texts if text))


def _unlock(reader: pypdf.PdfReader, what: str) -> None:
    """Open PDFs that are encrypted with an empty password; refuse the rest."""
    if reader.is_encrypted and not reader.decrypt(""):
        raise IngestError(
            f"{what} is password-protected. Remove the password (print it to a new "
            "PDF) or paste the text instead.",
            422,
        )


def _pdf_created(info: pypdf.DocumentInformation | None) -> datetime | None:
    if info is None:
        return None
    try:
        return as_utc(info.creation_date)
    except Exception:  # malformed date strings raise inside pypdf
        return None


def _unreadable(what: str, kind: str) -> IngestError:
    return IngestError(
        f"{what} could not be opened as {kind}; it may be damaged or saved in another "
        "format. Open it and save it again, or paste the text instead.",
        422,
    )
