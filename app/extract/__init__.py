"""Claim extraction. Placeholder until the spaCy extractor lands: direct quotes only."""

from __future__ import annotations

import re

from app.extract.types import ExtractedClaim, Extractor, Quantity

EXTRACTOR_VERSION = "0.0.1-quotes"

_QUOTE = re.compile(r"[\"“]([^\"“”]{3,}?)[\"”]\s*,?\s*(?:(?:([A-Z][\w.'’ -]{1,60}?)\s+(said|says|told|added))|((said|says|told|added)\s+([A-Z][\w.'’ -]{1,60}?)))[\s.,]")


def extract_claims(text: str) -> list[ExtractedClaim]:
    claims = []
    for m in _QUOTE.finditer(text):
        name = m.group(2) or m.group(6) or ""
        cue = m.group(3) or m.group(5) or ""
        who = m.start(2) if m.group(2) else m.start(6)
        claims.append(
            ExtractedClaim(
                claimant=name.strip(), claimant_kind="person", mention=name.strip(),
                mention_start=who, mention_end=who + len(name.strip()),
                content=m.group(1), start=m.start(1), end=m.end(1), cue=cue, kind="direct",
                sentence_start=m.start(), sentence_end=m.end(),
            )
        )
    return claims


class _QuoteExtractor:
    version = EXTRACTOR_VERSION

    def extract(self, text: str) -> list[ExtractedClaim]:
        return extract_claims(text)

    def extract_many(self, texts: list[str]) -> list[list[ExtractedClaim]]:
        return extract_many(texts)


def get_extractor() -> Extractor:
    return _QuoteExtractor()


def extract_many(texts: list[str]) -> list[list[ExtractedClaim]]:
    return [extract_claims(t) for t in texts]


__all__ = ["EXTRACTOR_VERSION", "ExtractedClaim", "Extractor", "Quantity", "extract_claims", "extract_many", "get_extractor"]
