"""CSV and JSON writers over claim rows: pure generators of text chunks, so a response can
stream any number of rows with flat memory. Columns are documented in docs/csv-columns.md."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from app.queries import ClaimRow

CSV_COLUMNS = (
    "id",
    "article_id",
    "article_title",
    "outlet",
    "article_url",
    "published_at",
    "claimant",
    "actor_id",
    "claimant_kind",
    "mention",
    "cue",
    "kind",
    "status",
    "content",
    "start",
    "end",
    "sentence_start",
    "sentence_end",
    "extractor_version",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralise_formula(cell: str) -> str:
    """Prefix a quote to text a spreadsheet would run as a formula (CSV injection)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def export_value(row: ClaimRow, column: str) -> Any:
    value = getattr(row, column)
    return value.isoformat() if isinstance(value, datetime) else value


def csv_cells(row: ClaimRow) -> list[str]:
    cells = []
    for column in CSV_COLUMNS:
        value = export_value(row, column)
        if value is None:
            cells.append("")
        elif isinstance(value, str):
            cells.append(neutralise_formula(value))
        else:
            cells.append(str(value))  # numbers stay numbers, even negative ones
    return cells


CHUNK_CHARS = 64 * 1024  # the server hands a sync iterator's items over one thread hop each


def iter_csv(rows: Iterable[ClaimRow], *, bom: bool = False) -> Iterator[str]:
    """The header line, then one line per row (RFC 4180: CRLF line ends, quotes doubled),
    sent in chunks of about 64 KiB."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield (BOM if bom else "") + _drain(buffer)
    for row in rows:
        writer.writerow(csv_cells(row))
        if buffer.tell() >= CHUNK_CHARS:
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def json_object(row: ClaimRow) -> dict[str, Any]:
    return {column: export_value(row, column) for column in CSV_COLUMNS}


def iter_json(rows: Iterable[ClaimRow]) -> Iterator[str]:
    """A JSON array written one object at a time, sent in chunks of about 64 KiB."""
    parts: list[str] = ["["]
    size = 1
    separator = "\n"
    for row in rows:
        part = separator + json.dumps(json_object(row), ensure_ascii=False)
        parts.append(part)
        size += len(part)
        separator = ",\n"
        if size >= CHUNK_CHARS:
            yield "".join(parts)
            parts, size = [], 0
    parts.append("\n]\n")
    yield "".join(parts)


def export_filename(extension: str, today: date) -> str:
    return f"claims-{today.isoformat()}.{extension}"


# ClaimReview (schema.org) for claims with a verdict ------------------------------------------

# A 1-5 scale: 1 is false, 5 is true; bestRating 5, worstRating 1.
VERDICT_RATINGS = {
    "refuted": 1, "retracted": 1, "misleading": 2, "contested": 3, "unverifiable": 3,
    "supported": 5,
}
VERDICT_NAMES = {
    "refuted": "False", "retracted": "Retracted by the claimant", "misleading": "Misleading",
    "contested": "Contested", "unverifiable": "Unverifiable (no independent access)",
    "supported": "Supported",
}


def claimreview(row: ClaimRow, *, author: str, site_url: str) -> dict[str, Any]:
    """One claim with a verdict as schema.org ClaimReview JSON-LD."""
    appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": row.article_title}
    if row.article_url:
        appearance["url"] = row.article_url
    if row.published_at:
        appearance["datePublished"] = row.published_at.isoformat()
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": {
            "@type": "Person" if row.claimant_kind in (None, "person", "unnamed")
            else "Organization",
            "name": row.claimant,
        },
        "appearance": appearance,
    }
    if row.published_at:
        item["datePublished"] = row.published_at.isoformat()
    reviewed = row.updated_at or datetime.now().astimezone()
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{site_url.rstrip('/')}/claims/{row.id}",
        "claimReviewed": row.content,
        "itemReviewed": item,
        "author": {"@type": "Organization", "name": author},
        "datePublished": reviewed.date().isoformat(),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": VERDICT_RATINGS[row.status],
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": VERDICT_NAMES[row.status],
        },
    }


def iter_claimreview(rows: Iterable[ClaimRow], *, author: str, site_url: str) -> Iterator[str]:
    """A JSON array of ClaimReviews; claims without a verdict (unreviewed) are left out."""
    yield "["
    separator = "\n"
    for row in rows:
        if row.status not in VERDICT_RATINGS:
            continue
        review = claimreview(row, author=author, site_url=site_url)
        yield separator + json.dumps(review, ensure_ascii=False)
        separator = ",\n"
    yield "\n]\n"
