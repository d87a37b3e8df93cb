"""Claims as JSON: the same filters and keyset pages as the /claims table."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from app.auth import Reader
from app.config import get_settings
from app.db import SessionDep
from app.errors import UserError
from app.queries import ClaimRow, get_claim, get_claim_row, page_claims
from app.query_params import ClaimFiltersDep

router = APIRouter(prefix="/api/v1", tags=["claims"])

MAX_LIMIT = 200


class ClaimOut(BaseModel):
    id: int
    article_id: int
    claimant: str
    actor_id: int | None
    content: str
    start: int
    end: int
    kind: str
    cue: str
    status: str
    version: int
    mention: str
    published_at: datetime | None
    outlet: str | None

    @classmethod
    def of(cls, row: ClaimRow) -> ClaimOut:
        return cls(
            id=row.id,
            article_id=row.article_id,
            claimant=row.claimant,
            actor_id=row.actor_id,
            content=row.content,
            start=row.start,
            end=row.end,
            kind=row.kind,
            cue=row.cue,
            status=row.status,
            version=row.version,
            mention=row.mention,
            published_at=row.published_at,
            outlet=row.outlet,
        )


class ClaimPageOut(BaseModel):
    items: list[ClaimOut]
    next: str | None


class QuantityOut(BaseModel):
    text: str
    start: int
    end: int
    low: float | None
    high: float | None
    approx: bool
    unit: str | None
    counts: str | None


class ClaimDetailOut(ClaimOut):
    article_title: str
    article_url: str | None
    claimant_kind: str | None
    sentence_start: int
    sentence_end: int
    extractor_version: str | None
    quantities: list[QuantityOut]


@router.get("/claims", response_model=ClaimPageOut)
def list_claims(
    session: SessionDep,
    user: Reader,
    filters: ClaimFiltersDep,
    limit: Annotated[int | None, Query(ge=1, le=MAX_LIMIT, description="Claims per page.")] = None,
) -> ClaimPageOut:
    """Claims matching the filters, newest first unless `sort` says otherwise."""
    page = page_claims(session, filters, limit or get_settings().page_size)
    return ClaimPageOut(items=[ClaimOut.of(r) for r in page.items], next=page.next_cursor)


@router.get("/claims/{claim_id}", response_model=ClaimDetailOut)
def read_claim(session: SessionDep, user: Reader, claim_id: int) -> ClaimDetailOut:
    row = get_claim_row(session, claim_id)
    claim = get_claim(session, claim_id)
    if row is None or claim is None:
        raise UserError(f"There is no claim number {claim_id}.", 404)
    return ClaimDetailOut(
        **ClaimOut.of(row).model_dump(),
        article_title=row.article_title,
        article_url=row.article_url,
        claimant_kind=row.claimant_kind,
        sentence_start=row.sentence_start,
        sentence_end=row.sentence_end,
        extractor_version=row.extractor_version,
        quantities=[
            QuantityOut(
                text=q.text,
                start=q.start,
                end=q.end,
                low=q.low,
                high=q.high,
                approx=q.approx,
                unit=q.unit,
                counts=q.counts,
            )
            for q in claim.quantities
        ],
    )
