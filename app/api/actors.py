"""Claimants as JSON: the list with claim counts, and one claimant with aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from app.auth import Reader
from app.config import get_settings
from app.db import SessionDep
from app.errors import UserError
from app.queries import get_actor, page_actors
from app.query_params import ActorFiltersDep

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
