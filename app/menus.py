"""Menus drawn from the whole archive (the outlet filter, the tag suggestions), kept for a few
seconds in each web process.

Every claims page showed them and paid two statements for them (about a tenth of the page's
CPU, docs/performance.md); they change when an article from a new outlet or a new tag
arrives, which is rare next to page views. So:

- this process forgets them at once whenever one of its sessions writes (a flush, or an
  INSERT/UPDATE/DELETE statement), so an editor sees a tag they just added;
- another process (a second web worker, another host) refreshes them within
  CLAIMDESK_MENU_CACHE_SECONDS (default 10; 0 turns the cache off);
- a session that has written and not yet committed neither fills nor reads the cache: its own
  uncommitted rows must not be shown to anyone else, and it should see them itself.

Only menus live here, never claims, counts or anything a journalist reads as a fact.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from app.config import get_settings
from app.queries import list_outlets, tags_with_prefix

T = TypeVar("T")
_WROTE = "claimdesk_wrote"
_entries: dict[tuple[object, ...], tuple[float, Any]] = {}
_lock = threading.Lock()


def cached(session: Session, key: tuple[object, ...], compute: Callable[[], T]) -> T:
    """`compute()`, or its value from the last `ttl` seconds in this process."""
    ttl = get_settings().menu_cache_seconds
    usable = ttl > 0 and not session.info.get(_WROTE)
    if usable:
        hit = _entries.get(key)
        if hit is not None and time.monotonic() - hit[0] < ttl:
            return hit[1]  # type: ignore[no-any-return]
    started = time.monotonic()
    value = compute()
    if usable:
        with _lock:
            _entries[key] = (started, value)
    return value


def forget() -> None:
    with _lock:
        _entries.clear()


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, *_: Any) -> None:
    session.info[_WROTE] = True
    forget()


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True
        forget()


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(_WROTE, None):
        forget()  # again: another request may have refilled it before this commit


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_WROTE, None)


def outlets(session: Session) -> list[str]:
    """Every outlet, for the outlet filter."""
    return list(cached(session, ("outlets",), lambda: tuple(list_outlets(session))))


def tag_suggestions(session: Session, limit: int = 50) -> list[str]:
    """The most used tags, offered as the tag fields' suggestions (typing asks /tags)."""
    return list(
        cached(session, ("tags", limit), lambda: tuple(tags_with_prefix(session, "", limit)))
    )
