"""Claimants: a searchable list with claim counts, and one claimant's page with everything
they said across articles."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.auth import Reader, is_editor
from app.config import get_settings
from app.db import SessionDep
from app.errors import UserError
from app.models import ACTOR_KINDS, Actor, AuditEvent
from app.queries import ClaimFilters, get_actor, page_actors, page_claims, possible_duplicates
from app.queries_actors import EventRow, claimant_extras
from app.query_params import ActorFiltersDep
from app.services.audit import history
from app.web.claims import link
from app.web.render import render

router = APIRouter()


@router.get("/actors", include_in_schema=False)
def actors_page(
    request: Request, session: SessionDep, user: Reader, filters: ActorFiltersDep
) -> Response:
    page = page_actors(session, filters, get_settings().page_size)
    next_params = {**filters.to_params(), "cursor": page.next_cursor} if page.next_cursor else None
    context = {
        "filters": filters,
        "page": page,
        "kinds": ACTOR_KINDS,
        "next_url": link("/actors", next_params) if next_params else None,
        "first_url": link("/actors", filters.to_params()) if filters.cursor else None,
    }
    return render(request, "actors.html", context, block="rows")


@router.get("/actors/{actor_id}", include_in_schema=False)
def actor_page(
    request: Request, session: SessionDep, user: Reader, actor_id: int, cursor: str = ""
) -> Response:
    detail = get_actor(session, actor_id)
    if detail is None:
        raise UserError(f"There is no claimant number {actor_id}. It may have been merged.", 404)
    filters = ClaimFilters(claimant=str(actor_id), cursor=cursor.strip())
    page = page_claims(session, filters, get_settings().page_size)
    here = f"/actors/{actor_id}"
    extras = claimant_extras(session, actor_id)
    merged_into = (
        session.get(Actor, detail.actor.merged_into_id) if detail.actor.merged_into_id else None
    )
    context = {
        "editable": is_editor(user),
        "events": extras.events,
        "event_users": {e.user_id: e.username for e in extras.events if e.username},
        "undoable": undoable_merges(session, extras.events),
        "notes": extras.notes,
        "merged_into": merged_into,
        "duplicates": possible_duplicates(session, detail.actor)
        if is_editor(user) and not merged_into else [],
        "merge_event": merge_event_of(session, detail.actor) if merged_into else None,
        "detail": detail,
        "actor": detail.actor,
        "page": page,
        "next_url": link(here, {"cursor": page.next_cursor}) if page.next_cursor else None,
        "first_url": here if filters.cursor else None,
        "claims_url": link("/claims", filters.to_params()),
        "disputes": extras.disputes,
    }
    return render(request, "actor.html", context, block="rows")


def undoable_merges(session: SessionDep, events: list[EventRow]) -> set[int]:
    """Merge events whose merged actor is still merged (so "undo merge" can apply)."""
    undoable = set()
    for event in events:
        if event.action == "merge" and isinstance(event.new_value, dict):
            merged = session.get(Actor, event.new_value["merged"]["id"])
            if merged is not None and merged.merged_into_id == event.entity_id:
                undoable.add(event.id)
    return undoable


def merge_event_of(session: SessionDep, actor: Actor) -> AuditEvent | None:
    events = history(session, entity_type="actor", entity_id=actor.merged_into_id or 0)
    for event in reversed(events):
        new = event.new_value
        if event.action == "merge" and isinstance(new, dict) and new["merged"]["id"] == actor.id:
            return event
    return None
