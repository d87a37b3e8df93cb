"""A fallback reader of quantities for claims that arrive without them.

The extractor fills `quantities`; gold files and bare database rows do not, so
the relation engine reads numbers and what they count from the parsed content.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from app.relate.facts import QuantityFacts
from app.relate.lexicon import COUNTED_SYNONYMS, GENERIC_COUNTED

NUMBER_WORDS: dict[str, float] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "thousand": 1000,
}
MULTIPLIERS: dict[str, float] = {"hundred": 100, "thousand": 1000, "million": 1e6,
                                 "billion": 1e9}
VAGUE_RANGES: dict[str, tuple[float, float]] = {
    "dozen": (12, 12), "dozens": (24, 99), "scores": (40, 199), "hundreds": (200, 999),
    "thousands": (2000, 9999), "millions": (2e6, 9.99e8),
}
LOWER_BOUND_WORDS = frozenset({"more", "over", "least", "above", "exceed", "beyond"})
UPPER_BOUND_WORDS = frozenset({"up", "less", "fewer", "under", "most", "below"})
APPROX_WORDS = frozenset({"about", "around", "nearly", "almost", "roughly", "some",
                          "approximately", "estimated"})


def parse_number(word: str) -> float | None:
    """The value of a numeral ("2,000", "1.5", "eight"), or None."""
    cleaned = word.lower().replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)?", cleaned):
        return float(cleaned)
    return NUMBER_WORDS.get(cleaned)


def quantities_in_doc(tokens: Sequence[Any]) -> Iterable[QuantityFacts]:
    """Quantities among spaCy `tokens`: value bounds and the counted thing."""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        value = _token_value(token)
        if value is None:
            index += 1
            continue
        low, high = value
        last = index
        while last + 1 < len(tokens) and tokens[last + 1].lower_ in MULTIPLIERS:
            last += 1
            factor = MULTIPLIERS[tokens[last].lower_]
            low, high = low * factor, high * factor
        yield _bounded(tokens, index, last, low, high)
        index = last + 1


def _token_value(token: Any) -> tuple[float, float] | None:
    lower = token.lower_
    if lower in VAGUE_RANGES:
        return VAGUE_RANGES[lower]
    if not token.like_num:
        return None
    value = parse_number(lower)
    return None if value is None else (value, value)


def _bounded(tokens: Sequence[Any], first: int, last: int,
             low: float, high: float) -> QuantityFacts:
    before = {t.lower_ for t in tokens[max(0, first - 3):first]}
    low_out: float | None = low
    high_out: float | None = high
    if before & LOWER_BOUND_WORDS:
        high_out = None
    elif before & UPPER_BOUND_WORDS:
        low_out = None
    text = " ".join(t.text for t in tokens[first:last + 1])
    return QuantityFacts(text=text, low=low_out, high=high_out,
                         counts=counted_thing(tokens[last]), approx=bool(before & APPROX_WORDS))


def counted_thing(token: Any) -> str | None:
    """What the numeral `token` counts: a folded casualty word or the counted noun."""
    nearby = [token.head, token.head.head, *token.head.children]
    following = token.doc[token.i + 1:token.i + 4]
    for candidate in [*following, *nearby]:
        folded = COUNTED_SYNONYMS.get(candidate.lower_) or COUNTED_SYNONYMS.get(
            candidate.lemma_.lower())
        if folded:
            return folded
    head = token.head
    if head.i != token.i and head.pos_ in {"NOUN", "PROPN"}:
        lemma = str(head.lemma_.lower())
        return None if lemma in GENERIC_COUNTED else lemma
    return None
