"""Add dispute keys to the JSON that `claimdesk extract ... --json` prints.

Input: `{"articles": [{"file": PATH, "claims": [...]}, ...]}` or a single
`{"claims": [...]}`. Every claim gets a `dispute` key (a string or None);
claims sharing a key, across files too, are one suggested dispute.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from app.relate.facts import ClaimFacts, facts_from_mapping
from app.relate.grouping import group_disputes
from app.relate.suggest import DEFAULT_SETTINGS, RelateSettings

TextLoader = Callable[[str], str | None]


def read_article_text(path: str) -> str | None:
    """The article text behind a result's `file`, when it can be read."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def add_dispute_keys(
    articles_json: Mapping[str, Any],
    settings: RelateSettings = DEFAULT_SETTINGS,
    load_text: TextLoader = read_article_text,
) -> dict[str, Any]:
    """A copy of `articles_json` with a `dispute` key on every claim."""
    result = copy.deepcopy(dict(articles_json))
    articles = result.get("articles", [result])
    records: list[dict[str, Any]] = []
    facts: list[ClaimFacts] = []
    for number, article in enumerate(articles):
        name = str(article.get("file") or article.get("id") or number)
        text = article.get("text") or (load_text(name) if article.get("file") else None)
        for position, claim in enumerate(article.get("claims", [])):
            records.append(claim)
            facts.append(facts_from_mapping(claim, f"{number}:{position}", name, text))
    keys = group_disputes(facts, settings) if facts else {}
    for index, claim in enumerate(records):
        claim["dispute"] = keys.get(index)
    return result
