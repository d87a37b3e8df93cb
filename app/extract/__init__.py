"""Claim extraction: who claimed what in an article.

``extract_claims(text)`` and ``extract_many(texts)`` are the one code path used by the worker,
the CLI and the tests. The spaCy pipeline is loaded once per process, on first use.
"""

from __future__ import annotations

import functools

from app.extract.types import ClaimantKind, ClaimKind, ExtractedClaim, Extractor, Quantity

EXTRACTOR_VERSION = "1.0.0"

__all__ = [
    "EXTRACTOR_VERSION",
    "ClaimKind",
    "ClaimantKind",
    "ExtractedClaim",
    "Extractor",
    "Quantity",
    "RuleExtractor",
    "extract_claims",
    "extract_many",
    "get_extractor",
]


def extract_many(texts: list[str]) -> list[list[ExtractedClaim]]:
    """Claims for each text, in order; the texts are parsed as one batched stream."""
    from app.extract.model import parse_many
    from app.extract.pipeline import claims_from

    parsed = parse_many(texts)
    return [claims_from(text, chunks) for text, chunks in zip(texts, parsed, strict=True)]


def extract_claims(text: str) -> list[ExtractedClaim]:
    """Claims in one article text, in text order. Never raises on odd input."""
    return extract_many([text])[0]


class RuleExtractor:
    """The rule-based extractor behind the ``Extractor`` protocol."""

    version: str = EXTRACTOR_VERSION

    def extract(self, text: str) -> list[ExtractedClaim]:
        return extract_claims(text)

    def extract_many(self, texts: list[str]) -> list[list[ExtractedClaim]]:
        return extract_many(texts)


@functools.cache
def get_extractor() -> Extractor:
    """The process-wide extractor (cheap to create; the model loads on first use)."""
    return RuleExtractor()
