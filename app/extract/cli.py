"""The offline contract: `claimdesk extract FILE [FILE...] --json`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.extract import extract_many


def extract_files_json(paths: list[str]) -> dict[str, Any]:
    texts = [Path(p).read_text(encoding="utf-8", errors="replace") for p in paths]
    results = extract_many(texts)
    if len(paths) == 1:
        return {"claims": [c.to_json() for c in results[0]]}
    return {
        "articles": [
            {"file": path, "claims": [c.to_json() for c in claims]}
            for path, claims in zip(paths, results, strict=True)
        ]
    }
