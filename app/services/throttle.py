"""Login throttling: after repeated failures for one name from one address, wait a while.
Kept in Postgres, so every web worker sees the same count."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.models import LoginFailure

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)


def retry_after(session: Session, *, username: str, ip: str, now: datetime | None = None) -> int:
    """Seconds until this name may try again from this address; 0 if it may try now."""
    now = now or datetime.now(UTC)
    recent = select(func.count(), func.min(LoginFailure.at)).where(
        LoginFailure.username == username.lower(),
        LoginFailure.ip == ip,
        LoginFailure.at > now - WINDOW,
    )
    count, oldest = session.execute(recent).one()
    if count < MAX_FAILURES or oldest is None:
        return 0
    return max(1, int((oldest + WINDOW - now).total_seconds()) + 1)


def record_failure(session: Session, *, username: str, ip: str) -> None:
    """Count a failure, forgetting this pair's failures that left the window already."""
    name, address = username.lower()[:80], ip[:64]
    session.execute(
        delete(LoginFailure).where(
            LoginFailure.username == name,
            LoginFailure.ip == address,
            LoginFailure.at <= datetime.now(UTC) - WINDOW,
        )
    )
    session.add(LoginFailure(username=name, ip=address))
    session.flush()


def clear_failures(session: Session, *, username: str, ip: str) -> None:
    session.execute(
        delete(LoginFailure).where(
            LoginFailure.username == username.lower(), LoginFailure.ip == ip
        )
    )
