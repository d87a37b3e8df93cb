"""Disputes over JSON: list, detail, create, add a claim, confirm or dismiss a suggestion."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from app.api.errors import CONFLICT
from app.auth import Editor, Journalist, Reader
from app.db import SessionDep
from app.dispute_models import ClaimLink, Dispute
from app.errors import UserError
from app.queries_disputes import (
    DisputeFilters,
    get_dispute,
    list_disputes,
    live_members,
    pending_suggestions,
)
from app.services import disputes as service
from app.services.audit import StaleVersion

router = APIRouter(prefix="/api/v1/disputes", tags=["disputes"])


class DisputeSummary(BaseModel):
    id: int
    question: str
    status: str
    claims: int
    claimants: int
    updated_at: datetime


class Member(BaseModel):
    claim_id: int
    side: str
    claimant: str
    content: str
    outlet: str | None
    published_at: datetime | None
    status: str
    article_id: int
    reader_url: str


class DisputeDetail(BaseModel):
    id: int
    question: str
    description: str
    status: str
    version: int
    claims: list[Member]


class DisputeCreate(BaseModel):
    question: str = Field(min_length=1, max_length=500)
    description: str = Field(default="", max_length=10_000)
    claim_ids: list[int] = Field(default_factory=list, max_length=200)


class ClaimAdd(BaseModel):
    claim_id: int
    side: str = Field(default="", max_length=120)
    version: int | None = Field(default=None, description="Optional; a stale one answers 409.")


class SuggestionOut(BaseModel):
    id: int
    first_claim_id: int
    second_claim_id: int
    first_claimant: str
    second_claimant: str
    score: float | None
    reasons: list[str]
    state: str


class Confirm(BaseModel):
    dispute_id: int | None = Field(default=None, description="Add to this dispute, or...")
    question: str = Field(default="", max_length=500, description="...start one with this.")
    side_first: str = Field(default="", max_length=120)
    side_second: str = Field(default="", max_length=120)


def detail_of(dispute: Dispute) -> DisputeDetail:
    return DisputeDetail(
        id=dispute.id, question=dispute.question, description=dispute.description,
        status=dispute.status, version=dispute.version,
        claims=[
            Member(claim_id=m.claim.id, side=m.side, claimant=m.claim.claimant,
                   content=m.claim.content, outlet=m.claim.article.outlet,
                   published_at=m.claim.published_at, status=m.claim.status,
                   article_id=m.claim.article_id,
                   reader_url=f"/articles/{m.claim.article_id}#claim-{m.claim.id}")
            for m in live_members(dispute)
        ],
    )


def suggestion_of(link: ClaimLink) -> SuggestionOut:
    return SuggestionOut(
        id=link.id, first_claim_id=link.first_claim_id, second_claim_id=link.second_claim_id,
        first_claimant=link.first.claimant, second_claimant=link.second.claimant,
        score=link.score, reasons=list(link.reasons or []), state=link.state,
    )


def loaded(session: SessionDep, dispute_id: int) -> Dispute:
    dispute = get_dispute(session, dispute_id)
    if dispute is None:
        raise UserError(f"There is no dispute {dispute_id}.", 404)
    return dispute


@router.get("", response_model=list[DisputeSummary])
def disputes(request: Request, session: SessionDep, user: Reader) -> list[DisputeSummary]:
    """Filters as on /disputes: status, actor, outlet, since, until."""
    rows = list_disputes(session, DisputeFilters.from_params(request.query_params))
    return [DisputeSummary(**row.__dict__) for row in rows]


@router.get("/suggestions", response_model=list[SuggestionOut])
def suggestions(
    session: SessionDep, user: Journalist, claim_id: int | None = None
) -> list[SuggestionOut]:
    """Suggested (unconfirmed) conflicting pairs, best first."""
    return [suggestion_of(link) for link in pending_suggestions(session, claim_id=claim_id)]


@router.post(
    "/suggestions/{link_id}/confirm", response_model=DisputeDetail, responses=CONFLICT
)
def confirm(link_id: int, body: Confirm, session: SessionDep, user: Editor) -> DisputeDetail:
    dispute = service.confirm_suggestion(
        session, link_id=link_id, user=user, dispute_id=body.dispute_id, question=body.question,
        sides=(body.side_first, body.side_second),
    )
    session.commit()
    return detail_of(loaded(session, dispute.id))


@router.post(
    "/suggestions/{link_id}/dismiss", response_model=SuggestionOut, responses=CONFLICT
)
def dismiss(link_id: int, session: SessionDep, user: Editor) -> SuggestionOut:
    link = service.dismiss_suggestion(session, link_id=link_id, user=user)
    session.commit()
    return suggestion_of(link)


@router.get("/{dispute_id}", response_model=DisputeDetail)
def dispute(dispute_id: int, session: SessionDep, user: Reader) -> DisputeDetail:
    return detail_of(loaded(session, dispute_id))


@router.post("", response_model=DisputeDetail, status_code=201)
def create(body: DisputeCreate, session: SessionDep, user: Editor) -> DisputeDetail:
    created = service.create_dispute(session, user=user, question=body.question,
                                     description=body.description)
    for claim_id in body.claim_ids:
        service.add_claim(session, dispute=created, user=user, claim_id=claim_id)
    session.commit()
    return detail_of(loaded(session, created.id))


@router.post("/{dispute_id}/claims", response_model=DisputeDetail,
             responses={409: {"description": "The dispute changed since `version`."}})
def add_claim(
    dispute_id: int, body: ClaimAdd, session: SessionDep, user: Editor
) -> DisputeDetail | JSONResponse:
    target = session.get(Dispute, dispute_id, with_for_update=True)
    if target is None:
        raise UserError(f"There is no dispute {dispute_id}.", 404)
    try:
        service.add_claim(session, dispute=target, user=user, claim_id=body.claim_id,
                          side=body.side, version=body.version)
    except StaleVersion as stale:
        session.rollback()
        return JSONResponse(
            {"detail": f"Someone changed this dispute after you loaded it (you had version "
                       f"{body.version}, it is now at {stale.version}). Reload and try again.",
             "version": stale.version,
             "changes": [{"action": e.action, "old": e.old_value, "new": e.new_value}
                         for e in stale.changes]},
            status_code=409,
        )
    session.commit()
    return detail_of(loaded(session, dispute_id))
