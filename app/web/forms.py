"""Shared pieces of the editorial forms: the raw fields, version conflicts, where to go back."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from app.services.audit import StaleVersion, usernames
from app.web.render import render_notice

Pairs = list[tuple[str, str]]


async def form_pairs(request: Request) -> Pairs:
    """Every field the form sent, in order (a conflict page sends them all again)."""
    form = await request.form()
    return [(key, value) for key, value in form.multi_items() if isinstance(value, str)]


FormPairs = Annotated[Pairs, Depends(form_pairs)]


def safe_back(target: str | None, default: str) -> str:
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def split_tags(raw: str) -> list[str]:
    return [part for part in raw.split(",") if part.strip()]


def conflict_response(
    request: Request,
    session: Session,
    stale: StaleVersion,
    *,
    sent_version: int,
    action: str,
    back: str,
    current: dict[str, Any],
    submitted: Pairs,
) -> Response:
    """409: what changed since the editor's version, the state now, and a button to re-apply."""
    context = {
        "entity_label": stale.entity_type,
        "sent_version": sent_version,
        "current_version": stale.version,
        "changes": stale.changes,
        "event_users": usernames(session, stale.changes),
        "current": current,
        "action": action,
        "back": back,
        "submitted": submitted,
    }
    return render_notice(request, "conflict.html", context, block="conflict", status_code=409)
