"""Uploaded files and pasted text to ``ParsedArticle``: the entry points routes call.

Every failure is an ``IngestError`` whose message can be shown to the journalist.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePosixPath
from typing import Literal

from app.ingest.article import (
    DEFAULT_MAX_BYTES,
    ParsedArticle,
    SourceKind,
    as_utc,
    check_size,
    clean_field,
    parse_iso_date,
    require_text,
)
from app.ingest.decoding import (
    declared_html_charset,
    decode_text,
    parse_content_type,
    reject_binary,
    unsupported,
)
from app.ingest.documents import read_docx, read_pdf
from app.ingest.html_reader import read_html
from app.ingest.markdown import strip_markdown

__all__ = [
    "ParsedArticle",
    "SourceKind",
    "TextFormat",
    "read_pasted",
    "read_text_bytes",
    "read_upload",
]

TextFormat = Literal["txt", "markdown", "html"]
UploadKind = Literal["txt", "markdown", "html", "docx", "pdf"]

_EXTENSIONS: dict[str, UploadKind] = {
    ".txt": "txt", ".text": "txt", ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".docx": "docx", ".pdf": "pdf",
}  # fmt: skip
_MEDIA_TYPES: dict[str, UploadKind] = {
    "text/plain": "txt", "text/markdown": "markdown", "text/x-markdown": "markdown",
    "text/html": "html", "application/xhtml+xml": "html", "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}  # fmt: skip
_FILE = "The file"


def read_upload(
    filename: str,
    data: bytes,
    content_type: str | None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ParsedArticle:
    """Read an uploaded file; the kind comes from the extension, else the content type.

    Raises ``IngestError``: 413 over ``max_bytes``, 415 unsupported type or binary
    data posing as text, 422 undecodable, damaged or empty content.
    """
    check_size(len(data), max_bytes, _FILE)
    media, charset = parse_content_type(content_type)
    kind = _kind_of(filename, media)
    if not data.strip():
        require_text("", _FILE)  # raises the "no readable text" error
    if kind == "docx":
        return read_docx(data, max_bytes=max_bytes, what=_FILE)
    if kind == "pdf":
        return read_pdf(data, what=_FILE)
    return read_text_bytes(data, kind, charset=charset, url=None, what=_FILE)


def read_text_bytes(
    data: bytes,
    text_format: TextFormat,
    *,
    charset: str | None,
    url: str | None,
    what: str,
    source_kind: SourceKind | None = None,
) -> ParsedArticle:
    """Read plain text, Markdown or HTML bytes after refusing binary data.

    ``charset`` is the one declared outside the content (e.g. an HTTP header);
    HTML may also declare its own. ``source_kind`` defaults to ``text_format``
    (fetched pages pass "url").
    """
    reject_binary(data, what)
    kind: SourceKind = source_kind or text_format
    if text_format == "html":
        declared = charset or declared_html_charset(data)
        markup = decode_text(data, declared=declared, what=what)
        return read_html(markup, url=url, source_kind=kind, what=what)
    text = decode_text(data, declared=charset, what=what)
    if text_format == "markdown":
        return _from_markdown(text, what, kind)
    return _plain(require_text(text, what), kind, url=url)


def read_pasted(
    text: str,
    title: str | None = None,
    *,
    byline: str | None = None,
    outlet: str | None = None,
    published_at: datetime | None = None,
    url: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ParsedArticle:
    """Pasted article text plus whatever the journalist typed in alongside it.

    Raises ``IngestError``: 413 over ``max_bytes`` (UTF-8), 422 when empty.
    """
    check_size(len(text.encode("utf-8", "surrogatepass")), max_bytes, "The pasted text")
    return ParsedArticle(
        text=require_text(text, "The pasted text"),
        title=clean_field(title),
        byline=clean_field(byline),
        outlet=clean_field(outlet),
        published_at=as_utc(published_at),
        url=clean_field(url),
        source_kind="paste",
    )


def _kind_of(filename: str, media: str | None) -> UploadKind:
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    if suffix:
        raise unsupported(f"Claimdesk cannot read “{suffix}” files.")
    if media in _MEDIA_TYPES:
        return _MEDIA_TYPES[media]
    raise unsupported("Claimdesk cannot tell what kind of file this is (it has no extension).")


def _from_markdown(source: str, what: str, kind: SourceKind) -> ParsedArticle:
    parts = strip_markdown(source)
    return ParsedArticle(
        text=require_text(parts.text, what),
        title=clean_field(parts.title),
        byline=clean_field(parts.byline),
        outlet=None,
        published_at=parse_iso_date(parts.date),
        url=None,
        source_kind=kind,
    )


def _plain(text: str, kind: SourceKind, *, url: str | None) -> ParsedArticle:
    return ParsedArticle(
        text=text, title=None, byline=None, outlet=None, published_at=None, url=url,
        source_kind=kind,
    )  # fmt: skip
