"""The outlet filter and tag suggestions are kept a few seconds per web process (app/menus.py):
its own writes clear them at once, another process's writes show within the time limit, and a
session with uncommitted writes neither fills nor reads them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert
from sqlalchemy.orm import Session

from app import menus
from app.config import get_settings
from app.models import Article
from tests.factories import make_article


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    fake = Clock()
    monkeypatch.setattr(menus.time, "monotonic", fake)
    monkeypatch.setattr(get_settings(), "menu_cache_seconds", 10.0)
    yield fake


def written_elsewhere(db: Session, outlet: str) -> None:
    """An article added the way another process's would arrive: no event in this one."""
    db.connection().execute(
        insert(Article.__table__).values(  # type: ignore[arg-type]
            title="Elsewhere",
            outlet=outlet,
            text="Text.",
            text_hash=outlet * 4,
            published_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
    )


def settled(db: Session) -> None:
    db.commit()  # the test's savepoint: the session has no unsaved writes now


def test_another_process_write_shows_within_the_time_limit(db: Session, clock: Clock) -> None:
    make_article(db, outlet="Harbour Gazette")
    settled(db)
    assert "Harbour Gazette" in menus.outlets(db)
    written_elsewhere(db, "Upriver Bulletin")
    clock.now += 9
    assert "Upriver Bulletin" not in menus.outlets(db)  # still the kept menu
    clock.now += 2
    assert "Upriver Bulletin" in menus.outlets(db)


def test_this_process_writes_clear_the_menus_at_once(db: Session, clock: Clock) -> None:
    make_article(db, outlet="Harbour Gazette")
    settled(db)
    assert "Valley Post" not in menus.outlets(db)
    make_article(db, outlet="Valley Post")  # a flush in this process
    assert "Valley Post" in menus.outlets(db)
    settled(db)
    assert "Valley Post" in menus.outlets(db)


def test_a_session_with_unsaved_writes_does_not_fill_the_menus(
    db: Session, clock: Clock
) -> None:
    make_article(db, outlet="Harbour Gazette")  # flushed, not committed
    assert "Harbour Gazette" in menus.outlets(db)
    assert menus._entries == {}


def test_zero_seconds_keeps_nothing(db: Session, clock: Clock) -> None:
    get_settings().menu_cache_seconds = 0
    settled(db)
    menus.outlets(db)
    assert menus._entries == {}
    written_elsewhere(db, "Upriver Bulletin")
    assert "Upriver Bulletin" in menus.outlets(db)


def test_tag_suggestions_follow_a_tag_added_here(db: Session, clock: Clock, make_user) -> None:  # type: ignore[no-untyped-def]
    from app.services.claims import ClaimEdit, apply_edit
    from tests.factories import make_claim

    editor = make_user("edna", "editor")
    claim = make_claim(db, make_article(db))
    settled(db)
    assert "flood defences" not in menus.tag_suggestions(db)
    edit = ClaimEdit(version=claim.version, tags=["flood defences"])
    apply_edit(db, claim=claim, user=editor, edit=edit)
    assert "flood defences" in menus.tag_suggestions(db)
