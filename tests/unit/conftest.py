"""Shared fixtures: the spaCy model is loaded once for the whole session."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.extract import ExtractedClaim, extract_claims
from app.extract.model import get_nlp


@pytest.fixture(scope="session", autouse=True)
def nlp_loaded() -> None:
    get_nlp()


Finder = Callable[[str, str], ExtractedClaim]


@pytest.fixture(scope="session")
def claim_with() -> Finder:
    """Run the extractor and return the one claim whose content starts with a prefix."""

    def find(text: str, prefix: str) -> ExtractedClaim:
        claims = extract_claims(text)
        matches = [claim for claim in claims if claim.content.startswith(prefix)]
        assert len(matches) == 1, [c.content for c in claims]
        return matches[0]

    return find
