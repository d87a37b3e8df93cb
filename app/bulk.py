"""Bulk import: one JSON object a line, each stored (or refused) on its own."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from tqdm import tqdm

from app.config import get_settings
from app.db import session_scope
from app.ingest.errors import IngestError
from app.ingest.readers import ParsedArticle, read_pasted
from app.services.articles import fetch_article, store_article


@dataclass
class Report:
    added: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{self.added} added, {self.duplicates} already present, {len(self.errors)} refused"
        return "\n".join([text, *self.errors[:20]])


def parse_record(record: dict[str, Any]) -> ParsedArticle:
    settings = get_settings()
    text = record.get("text")
    if isinstance(text, str) and text.strip():
        parsed = read_pasted(text, max_bytes=settings.max_upload_bytes)
    elif isinstance(record.get("url"), str):
        parsed = fetch_article(record["url"])
    else:
        raise IngestError("needs a non-empty 'text' or a 'url'", 422)
    published = record.get("published_at")
    return replace(
        parsed,
        title=record.get("title") or parsed.title,
        outlet=record.get("outlet") or parsed.outlet,
        byline=record.get("byline") or parsed.byline,
        url=record.get("url") or parsed.url,
        published_at=datetime.fromisoformat(published) if published else parsed.published_at,
    )


def ingest_jsonl(path: Path, *, progress: bool) -> Report:
    report = Report()
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(tqdm(lines, unit="article", disable=not progress), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise IngestError("is not a JSON object", 422)
            parsed = parse_record(record)
        except (json.JSONDecodeError, ValueError) as exc:
            report.errors.append(f"line {number}: not valid: {exc}")
            continue
        except IngestError as exc:
            report.errors.append(f"line {number}: {exc.message}")
            continue
        with session_scope() as session:
            stored = store_article(session, parsed=parsed, user=None)
        if stored.created:
            report.added += 1
        else:
            report.duplicates += 1
    return report
