"""Plain claim records the relation engine works on.

`ClaimFacts` is deliberately small so that it can be filled from extractor
output (`ExtractedClaim.to_json()`), from database rows or from gold files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

MAX_SENTENCE_CHARS = 600  # longer "sentences" are segmentation failures (see `_sentence_of`)
SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+|\n+")


@dataclass(frozen=True, slots=True)
class QuantityFacts:
    """A number in a claim: its bounds and what it counts ("killed", "villages")."""

    text: str
    low: float | None
    high: float | None
    counts: str | None
    unit: str | None = None
    approx: bool = False


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    """One claim, stripped to what relating claims needs."""

    id: str
    article: str
    claimant: str
    content: str
    sentence: str = ""
    cue: str = ""
    quantities: tuple[QuantityFacts, ...] | None = None  # None: not known, parse content
    published: date | None = None
    start: int | None = None  # offset of the claim in its article, for proximity

    @property
    def context(self) -> str:
        """The sentence around the claim, or the content when no sentence is known."""
        return self.sentence or self.content


@lru_cache(maxsize=65_536)  # called for every scored pair: ~25 ms a suggestion uncached
def normalise_claimant(name: str) -> str:
    """Claimant key: case, a leading article and apostrophe style ignored."""
    key = name.lower().replace("’", "'").replace("‘", "'").strip()
    key = re.sub(r"^(the|a|an)\s+", "", key)
    return re.sub(r"\s+", " ", key)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) of `text` that contain the span start..end."""
    left = 0
    for match in SENTENCE_BREAK.finditer(text, 0, start):
        left = match.end()
    right_match = SENTENCE_BREAK.search(text, max(end, left))
    right = right_match.start() if right_match else len(text)
    return text[left:right].strip()


def quantity_from_mapping(record: Mapping[str, Any]) -> QuantityFacts:
    """A quantity from the extractor's JSON (`Quantity` as a dict)."""
    return QuantityFacts(
        text=str(record.get("text", "")),
        low=_optional_float(record.get("low")),
        high=_optional_float(record.get("high")),
        counts=record.get("counts"),
        unit=record.get("unit"),
        approx=bool(record.get("approx", False)),
    )


def facts_from_mapping(
    record: Mapping[str, Any],
    claim_id: str,
    article: str,
    text: str | None = None,
) -> ClaimFacts:
    """Build facts from a claim dict (extractor JSON, gold record or database row).

    The sentence comes from `sentence_start`/`sentence_end` when present, else from
    the article `text` around `start`/`end`, else from a `sentence` field.
    """
    raw_quantities = record.get("quantities")
    quantities = (
        tuple(quantity_from_mapping(q) for q in raw_quantities)
        if isinstance(raw_quantities, Sequence) and raw_quantities
        else None
    )
    return ClaimFacts(
        id=claim_id,
        article=article,
        claimant=str(record.get("claimant") or ""),
        content=str(record.get("content") or ""),
        sentence=_sentence_of(record, text),
        cue=str(record.get("cue") or ""),
        quantities=quantities,
        published=_optional_date(record.get("published")),
        start=record.get("start") if isinstance(record.get("start"), int) else None,
    )


def _sentence_of(record: Mapping[str, Any], text: str | None) -> str:
    if text is not None:
        start, end = record.get("start"), record.get("end")
        s_start, s_end = record.get("sentence_start"), record.get("sentence_end")
        if (
            isinstance(s_start, int)
            and isinstance(s_end, int)
            and s_end > s_start
            and not _overlong(s_end - s_start, start, end)
        ):
            return text[s_start:s_end]
        if isinstance(start, int) and isinstance(end, int):
            return sentence_around(text, start, end)
    return str(record.get("sentence") or "")


def _overlong(length: int, start: Any, end: Any) -> bool:
    """A "sentence" far longer than its claim and than any real sentence is a failed split.

    Such spans (a whole unbroken article) would make every claim in them share
    one context; the claim's own sentence is found again instead.
    """
    claim_length = end - start if isinstance(start, int) and isinstance(end, int) else 0
    return length > max(MAX_SENTENCE_CHARS, 2 * claim_length)


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _optional_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None
