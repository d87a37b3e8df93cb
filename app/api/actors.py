"""Claimants as JSON: the list with claim counts, and one claimant with aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from app.api.claim_edits import event_of
from app.auth import Editor, Reader
from app.config import get_settings
from app.db import SessionDep
from app.errors import UserError
from app.models import Actor
from app.queries import get_actor, page_actors
from app.query_params import ActorFiltersDep
from app.services.actor_edits import ActorEdit, edit_actor, live_actor
from app.services.audit import StaleVersion, usernames
from app.services.claims import InvalidEdit

router = APIRouter(prefix="/api/v1", tags=["claimants"])

MAX_LIMIT = 200


class ActorOut(BaseModel):
    id: int
    name: str
    kind: str
    affiliation: str | None
    claim_count: int


class ActorPageOut(BaseModel):
    items: list[ActorOut]
    next: str | None


class ActorDetailOut(ActorOut):
    description: str | None
    aliases: list[str]


@router.get("/actors", response_model=ActorPageOut)
def list_actors(
    session: SessionDep,
    user: Reader,
    filters: ActorFiltersDep,
    limit: Annotated[
        int | None, Query(ge=1, le=MAX_LIMIT, description="Claimants per page.")
    ] = None,
) -> ActorPageOut:
    """Claimants, most claims first, then by name."""
    page = page_actors(session, filters, limit or get_settings().page_size)
    items = [
        ActorOut(
            id=a.id, name=a.name, kind=a.kind, affiliation=a.affiliation, claim_count=a.claim_count
        )
        for a in page.items
    ]
    return ActorPageOut(items=items, next=page.next_cursor)


@router.get("/actors/{actor_id}", response_model=ActorDetailOut)
def read_actor(session: SessionDep, user: Reader, actor_id: int) -> ActorDetailOut:
    detail = get_actor(session, actor_id)
    if detail is None:
        raise UserError(f"There is no claimant number {actor_id}.", 404)
    actor = detail.actor
    return ActorDetailOut(
        id=actor.id,
        name=actor.name,
        kind=actor.kind,
        affiliation=actor.affiliation,
        claim_count=detail.claim_count,
        description=actor.description,
        aliases=detail.aliases,
    )


class ActorPatch(BaseModel):
    version: int = Field(description="The version you loaded; a stale one answers 409.")
    name: str | None = None
    kind: str | None = None
    side: str | None = None
    affiliation: str | None = None
    access: str | None = Field(default=None, description="'on the ground', 'remote' or ''.")
    description: str | None = None


class ActorState(BaseModel):
    id: int
    version: int
    name: str
    kind: str
    side: str | None
    affiliation: str | None
    access: str | None
    description: str | None


def actor_state(actor: Actor) -> ActorState:
    return ActorState(id=actor.id, version=actor.version, name=actor.name, kind=actor.kind,
                      side=actor.side, affiliation=actor.affiliation, access=actor.access,
                      description=actor.description)


@router.patch("/actors/{actor_id}", response_model=ActorState, responses={409: {}})
def patch_actor(
    actor_id: int, body: ActorPatch, session: SessionDep, user: Editor
) -> ActorState | JSONResponse:
    """Rename a claimant or set its kind, side, affiliation and access (versioned)."""
    try:
        actor = live_actor(session, actor_id)
    except InvalidEdit as invalid:
        raise UserError(invalid.message, 404) from invalid
    current = actor_state(actor)
    wanted = {k: v for k, v in body.model_dump().items() if v is not None and k != "version"}
    merged = {**current.model_dump(), **wanted}
    edit = ActorEdit(version=body.version, **{k: merged[k] or "" for k in
                     ("name", "kind", "side", "affiliation", "access", "description")})
    try:
        edit_actor(session, actor=actor, user=user, edit=edit)
    except StaleVersion as stale:
        session.rollback()
        names = usernames(session, stale.changes)
        return JSONResponse(
            {
                "detail": f"Someone changed this claimant after you loaded it (you had version "
                f"{body.version}, it is now at {stale.version}). Review the changes and apply "
                "yours again.",
                "current": actor_state(live_actor(session, actor_id)).model_dump(),
                "changes": [event_of(e, names).model_dump(mode="json") for e in stale.changes],
            },
            status_code=409,
        )
    except InvalidEdit as invalid:
        raise UserError(invalid.message, 422) from invalid
    session.commit()
    return actor_state(actor)
