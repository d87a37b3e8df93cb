"""JSON output for files of article text, shared by ``python -m app.extract`` and the main CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.extract import extract_many


def read_article(path: str) -> str:
    return Path(path).read_text(encoding="utf-8", errors="replace")


def extract_files_json(paths: list[str]) -> dict[str, Any]:
    """``{"claims": [...]}`` for one file, ``{"articles": [{"file", "claims"}]}`` for several."""
    texts = [read_article(path) for path in paths]
    results = extract_many(texts)
    articles = [
        {"file": path, "claims": [claim.to_json() for claim in claims]}
        for path, claims in zip(paths, results, strict=True)
    ]
    if len(paths) == 1:
        return {"claims": articles[0]["claims"]}
    return {"articles": articles}
