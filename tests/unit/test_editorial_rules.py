"""Pure rules behind the editorial workflow."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.errors import UserError
from app.export import VERDICT_NAMES, VERDICT_RATINGS, claimreview
from app.models import ClaimStatus
from app.queries import ClaimRow
from app.services.claims import STATUS_DEFINITIONS, InvalidEdit
from app.services.corrections import sentence_around
from app.services.saved_views import clean_query

TEXT = "First sentence here. The mayor said the dam held. Last one."


def test_every_status_has_a_definition_and_unverifiable_is_not_false() -> None:
    assert list(STATUS_DEFINITIONS) == [s.value for s in ClaimStatus]
    assert "not the same as false" in STATUS_DEFINITIONS["unverifiable"]
    assert set(VERDICT_RATINGS) == set(VERDICT_NAMES) == set(STATUS_DEFINITIONS) - {"unreviewed"}


def test_sentence_around_a_span() -> None:
    start = TEXT.index("the dam held")
    lo, hi = sentence_around(TEXT, start, start + len("the dam held"))
    assert TEXT[lo:hi] == "The mayor said the dam held."
    assert sentence_around(TEXT, 0, 5) == (0, len("First sentence here."))


def test_saved_view_keeps_only_valid_claims_filters() -> None:
    assert clean_query("/claims?status=contested&cursor=xyz&q=&days=7") == "status=contested&days=7"
    assert clean_query("?outlet=Osk+Tribune") == "outlet=Osk+Tribune"
    with pytest.raises(InvalidEdit):
        clean_query("/admin/users")
    with pytest.raises(UserError):
        clean_query("/claims?kind=rumour")


def row(status: str, kind: str | None) -> ClaimRow:
    return ClaimRow(
        id=7, article_id=1, article_title="Dam holds", outlet="Vell Courier",
        article_url=None, published_at=None, claimant="Vell Water Board", actor_id=3,
        claimant_kind=kind, mention="the board", cue="said", kind="indirect", status=status,
        content="the dam held", start=0, end=12, sentence_start=0, sentence_end=20,
        extractor_version=None, version=2,
        updated_at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
    )


def test_claimreview_of_an_organisation_without_an_article_address() -> None:
    review = claimreview(
        row("misleading", "organisation"), author="Desk", site_url="https://cd.example/"
    )
    assert review["url"] == "https://cd.example/claims/7"
    assert review["datePublished"] == "2026-11-20"
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Organization", "name": "Vell Water Board"}
    assert item["appearance"] == {"@type": "CreativeWork", "headline": "Dam holds"}
    assert review["reviewRating"]["ratingValue"] == 2
