"""What every reader returns, and the checks every reader shares.

``ParsedArticle`` is re-exported from ``app.ingest.readers``; it lives here so the
HTML, document and fetch modules can build one without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

from app.ingest.errors import IngestError
from app.ingest.normalise import normalise_text

SourceKind = Literal["paste", "txt", "markdown", "html", "docx", "pdf", "url"]

DEFAULT_MAX_BYTES = 5_000_000


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """An article's text and what we could learn about it.

    ``text`` is already normalised (``normalise_text``) and never empty.
    ``published_at`` is timezone-aware (UTC when the source gave no zone); a
    date-only source gives midnight UTC. ``url`` is the final address after
    redirects for fetched pages, the page's declared canonical address for
    uploaded HTML, whatever the caller passed for pasted text, else None.
    """

    text: str
    title: str | None
    byline: str | None
    outlet: str | None
    published_at: datetime | None
    url: str | None
    source_kind: SourceKind


def clean_field(value: object) -> str | None:
    """A metadata value as one tidy line, or None when it is missing or blank."""
    if not isinstance(value, str):
        return None
    line = " ".join(normalise_text(value).split())
    return line or None


def as_utc(value: datetime | date | None) -> datetime | None:
    """Make a metadata date timezone-aware; naive values are taken as UTC."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def parse_iso_date(value: object) -> datetime | None:
    """Parse an ISO 8601 date or date-time string; None when it is not one."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return as_utc(datetime.fromisoformat(text))
    except ValueError:
        pass
    try:
        return as_utc(date.fromisoformat(text[:10]))
    except ValueError:
        return None


def require_text(text: str, what: str) -> str:
    """Normalise ``text``; raise 422 when nothing readable is left.

    ``what`` names the source in the message: "The file", "The pasted text", ...
    """
    cleaned = normalise_text(text)
    if not cleaned:
        raise IngestError(
            f"{what} has no readable text. Check that it contains the article itself "
            "(not only images or a scanned page), or paste the text instead.",
            422,
        )
    return cleaned


def check_size(size: int, max_bytes: int, what: str) -> None:
    """Raise 413 when ``size`` bytes exceed ``max_bytes``."""
    if size > max_bytes:
        raise IngestError(
            f"{what} is too large ({_megabytes(size)}); the limit is "
            f"{_megabytes(max_bytes)}. Split it up or paste only the article text.",
            413,
        )


def _megabytes(size: int) -> str:
    if size < 1_000_000:
        return f"{size:,} bytes"
    return f"{size / 1_000_000:.1f} MB"
