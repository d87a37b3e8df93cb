"""Editors correct claimants: rename, aliases, kind/side/affiliation/access, notes, merge a
duplicate (undoable from the history), split claims off to a new claimant."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from app.auth import Editor
from app.db import SessionDep
from app.errors import UserError
from app.models import Actor, AuditEvent
from app.numbers import is_id
from app.queries import actors_named
from app.services.actor_edits import (
    ActorEdit,
    add_alias,
    edit_actor,
    live_actor,
    merge_actors,
    split_actor,
    undo_merge,
)
from app.services.audit import StaleVersion
from app.services.claims import InvalidEdit
from app.services.notes import EmptyNote, add_note
from app.web.forms import FormPairs, conflict_response

router = APIRouter()
Text = Annotated[str, Form()]


def actor_for_edit(session: SessionDep, actor_id: int) -> Actor:
    try:
        return live_actor(session, actor_id)
    except InvalidEdit as invalid:
        raise UserError(invalid.message, 404) from invalid


def back_to(actor_id: int) -> RedirectResponse:
    return RedirectResponse(f"/actors/{actor_id}", status_code=303)


@router.post("/actors/{actor_id}/edit", include_in_schema=False)
def edit_claimant(
    request: Request, session: SessionDep, user: Editor, pairs: FormPairs, actor_id: int,
    version: Annotated[int, Form()], name: Text, kind: Text, side: Text = "",
    affiliation: Text = "", access: Text = "", description: Text = "",
) -> Response:
    actor = actor_for_edit(session, actor_id)
    edit = ActorEdit(version=version, name=name, kind=kind, side=side, affiliation=affiliation,
                     access=access, description=description)
    try:
        edit_actor(session, actor=actor, user=user, edit=edit)
    except StaleVersion as stale:
        session.rollback()
        actor = actor_for_edit(session, actor_id)
        current = {k: getattr(actor, k) for k in
                   ("name", "kind", "side", "affiliation", "access", "description")}
        return conflict_response(request, session, stale, sent_version=version,
                                 action=f"/actors/{actor_id}/edit", back=f"/actors/{actor_id}",
                                 current=current, submitted=pairs)
    except InvalidEdit as invalid:
        raise UserError(invalid.message, 422) from invalid
    session.commit()
    return back_to(actor_id)


@router.post("/actors/{actor_id}/aliases", include_in_schema=False)
def add_claimant_alias(
    session: SessionDep, user: Editor, actor_id: int, alias: Text = ""
) -> Response:
    actor = actor_for_edit(session, actor_id)
    if not add_alias(session, actor=actor, user=user, alias=alias):
        raise UserError(f"'{alias.strip()}' adds no new name for {actor.name}.", 422)
    session.commit()
    return back_to(actor_id)


@router.post("/actors/{actor_id}/notes", include_in_schema=False)
def note_claimant(session: SessionDep, user: Editor, actor_id: int, note: Text = "") -> Response:
    actor = actor_for_edit(session, actor_id)
    try:
        actor.version += 1
        add_note(session, entity_type="actor", entity_id=actor.id, user=user, body=note,
                 entity_version=actor.version)
    except EmptyNote as empty:
        raise UserError(str(empty), 422) from empty
    session.commit()
    return back_to(actor_id)


def duplicate_named(session: SessionDep, keep: Actor, duplicate: str) -> Actor:
    """The duplicate by number, or by its exact name or alias."""
    text = duplicate.strip()
    if is_id(text):
        return actor_for_edit(session, int(text))
    found = [a for a in actors_named(session, text) if a.id != keep.id] if text else []
    if not found:
        raise UserError(f"No other claimant is called '{text}'. Give its name or number.", 422)
    if len(found) > 1:
        numbers = ", ".join(f"{a.name} (number {a.id})" for a in found)
        raise UserError(f"Several claimants are called '{text}': {numbers}. Give the number.",
                        422)
    return found[0]


@router.post("/actors/{actor_id}/merge", include_in_schema=False)
def merge_duplicate(
    session: SessionDep, user: Editor, actor_id: int, duplicate: Text = ""
) -> Response:
    keep = actor_for_edit(session, actor_id)
    other = duplicate_named(session, keep, duplicate)
    try:
        merge_actors(session, keep=keep, duplicate=other, user=user)
    except InvalidEdit as invalid:
        raise UserError(invalid.message, 422) from invalid
    session.commit()
    return back_to(actor_id)


@router.post("/actors/merges/{event_id}/undo", include_in_schema=False)
def undo_claimant_merge(session: SessionDep, user: Editor, event_id: int) -> Response:
    event = session.get(AuditEvent, event_id)
    if event is None:
        raise UserError(f"There is no change {event_id}.", 404)
    try:
        restored = undo_merge(session, event=event, user=user)
    except InvalidEdit as invalid:
        raise UserError(invalid.message, 422) from invalid
    session.commit()
    return back_to(restored.id)


@router.post("/actors/{actor_id}/split", include_in_schema=False)
def split_claimant(
    session: SessionDep, user: Editor, pairs: FormPairs, actor_id: int, name: Text = ""
) -> Response:
    actor = actor_for_edit(session, actor_id)
    claim_ids = [int(v) for k, v in pairs if k == "claim_ids" and is_id(v)]
    try:
        new = split_actor(session, actor=actor, claim_ids=claim_ids, new_name=name, user=user)
    except InvalidEdit as invalid:
        raise UserError(invalid.message, 422) from invalid
    session.commit()
    return back_to(new.id)
