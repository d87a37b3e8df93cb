"""Editors change claims over JSON: PATCH with a version, and the history of every change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from app.auth import Editor, Reader
from app.db import SessionDep
from app.models import AuditEvent, Claim
from app.queries import tags_with_prefix
from app.services.audit import history, usernames
from app.services.claims import ClaimEdit, InvalidEdit, StaleEdit, apply_edit
from app.web.errors import UserError

router = APIRouter(prefix="/api/v1/claims", tags=["claims"])
tags_router = APIRouter(prefix="/api/v1", tags=["tags"])


class ClaimPatch(BaseModel):
    version: int = Field(description="The version you loaded; a stale one answers 409.")
    status: str | None = None
    tags: list[str] | None = Field(default=None, max_length=50)
    note: str | None = Field(default=None, max_length=10_000)
    claimant_id: int | None = None


class ClaimState(BaseModel):
    id: int
    version: int
    status: str
    tags: list[str]
    claimant: str
    actor_id: int | None


class Event(BaseModel):
    id: int
    at: datetime
    user: str | None
    action: str
    old: Any
    new: Any
    version: int | None


class Conflict(BaseModel):
    detail: str
    current: ClaimState
    changes: list[Event]


def state_of(claim: Claim) -> ClaimState:
    return ClaimState(
        id=claim.id,
        version=claim.version,
        status=claim.status,
        tags=[t.name for t in claim.tags],
        claimant=claim.claimant,
        actor_id=claim.actor_id,
    )


def event_of(event: AuditEvent, users: dict[int, str]) -> Event:
    return Event(
        id=event.id,
        at=event.at,
        user=users.get(event.user_id or 0),
        action=event.action,
        old=event.old_value,
        new=event.new_value,
        version=event.entity_version,
    )


def live_claim(session: Session, claim_id: int, *, lock: bool = False) -> Claim:
    claim = session.get(Claim, claim_id, with_for_update=lock)
    if claim is None or claim.deleted_at is not None:
        raise UserError(f"There is no claim {claim_id}.", 404)
    return claim


@router.patch("/{claim_id}", response_model=ClaimState, responses={409: {"model": Conflict}})
def patch_claim(
    claim_id: int, body: ClaimPatch, session: SessionDep, user: Editor
) -> ClaimState | JSONResponse:
    claim = live_claim(session, claim_id, lock=True)
    edit = ClaimEdit(**body.model_dump())
    try:
        apply_edit(session, claim=claim, user=user, edit=edit)
    except StaleEdit as stale:
        session.rollback()
        claim = live_claim(session, claim_id)
        names = usernames(session, stale.changes)
        conflict = Conflict(
            detail=f"Someone changed this claim after you loaded it (you had version "
            f"{body.version}, it is now at {claim.version}). Review the changes and apply "
            "yours again.",
            current=state_of(claim),
            changes=[event_of(e, names) for e in stale.changes],
        )
        return JSONResponse(conflict.model_dump(mode="json"), status_code=409)
    except InvalidEdit as invalid:
        raise UserError(invalid.message, 422) from invalid
    session.commit()
    return state_of(claim)


@tags_router.get("/tags", response_model=list[str])
def list_tags(session: SessionDep, user: Reader, prefix: str = "", limit: int = 10) -> list[str]:
    """Existing tags starting with `prefix`, most used first (for autocompletion)."""
    return tags_with_prefix(session, prefix, limit=max(1, min(limit, 100)))


@router.get("/{claim_id}/history", response_model=list[Event])
def claim_history(claim_id: int, session: SessionDep, user: Reader) -> list[Event]:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise UserError(f"There is no claim {claim_id}.", 404)
    events = history(session, entity_type="claim", entity_id=claim_id)
    names = usernames(session, events)
    return [event_of(e, names) for e in events]
