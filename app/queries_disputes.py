"""Read side of disputes and suggestions, shared by pages, API and CSV."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Integer, Select, Text, any_, bindparam, cast, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.db import rows_of
from app.dispute_models import ClaimLink, Dispute, DisputeClaim, DisputeStatus, LinkState
from app.models import Actor, Article, Claim, Quantity
from app.numbers import is_id
from app.queries import _day, _start_of

SUGGESTION_PAGE = 50


@dataclass(frozen=True)
class DisputeFilters:
    status: str = ""
    actor: int | None = None
    outlet: str = ""
    since: date | None = None
    until: date | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> DisputeFilters:
        status = params.get("status", "")
        actor = params.get("actor", "")
        return cls(
            status=status if status in DisputeStatus.__members__ else "",
            actor=int(actor) if is_id(actor) else None,
            outlet=params.get("outlet", "").strip(),
            since=_day(params, "since"),
            until=_day(params, "until"),
        )

    def to_params(self) -> dict[str, str]:
        pairs = {"status": self.status, "actor": str(self.actor or ""), "outlet": self.outlet,
                 "since": str(self.since or ""), "until": str(self.until or "")}
        return {k: v for k, v in pairs.items() if v}


@dataclass(frozen=True)
class DisputeRow:
    id: int
    question: str
    status: str
    claims: int
    claimants: int
    updated_at: datetime


def _member_claims(filters: DisputeFilters) -> Select[Any]:
    query = select(DisputeClaim.dispute_id).join(Claim, Claim.id == DisputeClaim.claim_id)
    if filters.actor is not None:
        query = query.where(Claim.actor_id == filters.actor)
    if filters.outlet:
        query = query.join(Article, Article.id == Claim.article_id).where(
            Article.outlet == filters.outlet)
    if filters.since:
        query = query.where(Claim.published_at >= _start_of(filters.since))
    if filters.until:
        query = query.where(Claim.published_at < _start_of(filters.until) + timedelta(days=1))
    return query


def list_disputes(session: Session, filters: DisputeFilters, limit: int = 200) -> list[DisputeRow]:
    claimant_key = func.coalesce(cast(Claim.actor_id, Text), func.lower(Claim.claimant))
    counts = (
        select(
            DisputeClaim.dispute_id,
            func.count().label("claims"),
            func.count(func.distinct(claimant_key)).label("who"),
        )
        .join(Claim, Claim.id == DisputeClaim.claim_id)
        .where(Claim.deleted_at.is_(None))
        .group_by(DisputeClaim.dispute_id)
        .subquery()
    )
    query = (
        select(Dispute.id, Dispute.question, Dispute.status, Dispute.updated_at,
               func.coalesce(counts.c.claims, 0), func.coalesce(counts.c.who, 0))
        .outerjoin(counts, counts.c.dispute_id == Dispute.id)
        .order_by(Dispute.updated_at.desc(), Dispute.id.desc())
        .limit(limit)
    )
    if filters.status:
        query = query.where(Dispute.status == filters.status)
    if filters.actor is not None or filters.outlet or filters.since or filters.until:
        query = query.where(Dispute.id.in_(_member_claims(filters)))
    return [
        DisputeRow(id=i, question=q, status=s, updated_at=u, claims=n, claimants=w)
        for i, q, s, u, n, w in rows_of(session).execute(query)
    ]


def get_dispute(session: Session, dispute_id: int) -> Dispute | None:
    return session.scalars(
        select(Dispute)
        .where(Dispute.id == dispute_id)
        .options(
            # One statement for the dispute, its members and each member's claim, article and
            # claimant (a dispute holds tens of claims, not thousands), and one for the claims'
            # quantities. Loading the members, then their claims, each by selectinload cost
            # two statements more and ~20 % more CPU for a 16-claim dispute (bench/ab.py).
            joinedload(Dispute.members).joinedload(DisputeClaim.claim).options(
                joinedload(Claim.article), selectinload(Claim.quantities),
                joinedload(Claim.actor),
            )
        )
        .execution_options(populate_existing=True)
    ).unique().one_or_none()


# What the dispute page and its CSV show of each member, read as plain rows: loaded as ORM
# objects (a member, its claim, article, claimant and quantities), a 16-claim dispute cost
# about 4 ms of CPU, more than a third of the page's own work.


@dataclass(frozen=True, slots=True)
class MemberArticle:
    outlet: str | None
    url: str | None
    published_at: datetime | None
    text: str


@dataclass(frozen=True, slots=True)
class MemberActor:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class MemberQuantity:
    text: str
    low: float | None
    high: float | None
    unit: str | None
    counts: str | None


@dataclass(frozen=True, slots=True)
class MemberClaim:
    id: int
    article_id: int
    claimant: str
    status: str
    kind: str
    content: str
    published_at: datetime | None
    created_at: datetime
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    article: MemberArticle
    actor: MemberActor | None
    quantities: tuple[MemberQuantity, ...]


@dataclass(frozen=True, slots=True)
class Member:
    side: str
    claim: MemberClaim


_MEMBERS = (
    select(
        DisputeClaim.side,
        Claim.id,
        Claim.article_id,
        Claim.claimant,
        Claim.status,
        Claim.kind,
        Claim.content,
        Claim.published_at,
        Claim.created_at,
        Claim.start,
        Claim.end,
        Claim.sentence_start,
        Claim.sentence_end,
        Article.outlet,
        Article.url,
        Article.published_at,
        Article.text,
        Actor.id,
        Actor.name,
    )
    .join(Claim, Claim.id == DisputeClaim.claim_id)
    .join(Article, Article.id == Claim.article_id)
    .outerjoin(Actor, Actor.id == Claim.actor_id)
    .where(DisputeClaim.dispute_id == bindparam("dispute_id"), Claim.deleted_at.is_(None))
    .order_by(DisputeClaim.added_at, DisputeClaim.claim_id)
)
_QUANTITIES = (
    select(
        Quantity.claim_id, Quantity.text, Quantity.low, Quantity.high, Quantity.unit,
        Quantity.counts,
    )
    .where(Quantity.claim_id == any_(bindparam("claim_ids", type_=ARRAY(Integer))))
    .order_by(Quantity.claim_id, Quantity.start, Quantity.id)
)


def dispute_members(session: Session, dispute_id: int) -> list[Member]:
    """The dispute's live members (deleted claims left out), in the order they were added,
    each with its claim, article, claimant and figures: two statements."""
    rows = rows_of(session).execute(_MEMBERS, {"dispute_id": dispute_id}).all()
    figures: dict[int, list[MemberQuantity]] = defaultdict(list)
    if rows:
        claim_ids = [row[1] for row in rows]
        found = rows_of(session).execute(_QUANTITIES, {"claim_ids": claim_ids})
        for claim_id, text, low, high, unit, counts in found:
            figures[claim_id].append(MemberQuantity(text, low, high, unit, counts))
    members = []
    for (side, claim_id, article_id, claimant, status, kind, content, published_at, created_at,
         start, end, sentence_start, sentence_end, outlet, url, article_published_at, text,
         actor_id, actor_name) in rows:
        claim = MemberClaim(
            claim_id, article_id, claimant, status, kind, content, published_at, created_at,
            start, end, sentence_start, sentence_end,
            article=MemberArticle(outlet, url, article_published_at, text),
            actor=MemberActor(actor_id, actor_name) if actor_id is not None else None,
            quantities=tuple(figures.get(claim_id, ())),
        )
        members.append(Member(side, claim))
    return members


def live_members(dispute: Dispute) -> list[DisputeClaim]:
    return [m for m in dispute.members if m.claim.deleted_at is None]


def open_disputes(session: Session, limit: int = 100) -> list[tuple[int, str]]:
    rows = session.execute(
        select(Dispute.id, Dispute.question).where(Dispute.status == DisputeStatus.open.value)
        .order_by(Dispute.updated_at.desc()).limit(limit)
    )
    return [(i, q) for i, q in rows]


def disputes_of_claims(session: Session, claim_ids: list[int]) -> list[tuple[int, str, str]]:
    """(id, question, side) of the disputes these claims are in."""
    rows = session.execute(
        select(Dispute.id, Dispute.question, DisputeClaim.side)
        .join(DisputeClaim, DisputeClaim.dispute_id == Dispute.id)
        .where(DisputeClaim.claim_id.in_(claim_ids))
        .order_by(Dispute.updated_at.desc(), Dispute.id)
    )
    return [(i, q, s) for i, q, s in rows]


# Built once: see _USER_BY_TOKEN in app/auth.py. An aliased Claim made per call cost far more
# than a statement's cache key: comparing its columns adapts each through the alias's column
# collection, ~25-50 ms of CPU for the two aliases of this query (cProfile, 1,500 claims),
# on every claim page a signed-in user opened. Under the soak's load, with the extraction
# workers on the same cores, that made the claim page's p95 1-5 s.
_FIRST, _SECOND = aliased(Claim), aliased(Claim)
_SUGGESTED = (
    select(ClaimLink)
    .join(_FIRST, _FIRST.id == ClaimLink.first_claim_id)
    .join(_SECOND, _SECOND.id == ClaimLink.second_claim_id)
    .where(ClaimLink.state == LinkState.suggested.value,
           _FIRST.deleted_at.is_(None), _SECOND.deleted_at.is_(None))
    .options(
        selectinload(ClaimLink.first).selectinload(Claim.article),
        selectinload(ClaimLink.second).selectinload(Claim.article),
    )
    .order_by(ClaimLink.score.desc().nulls_last(), ClaimLink.id)
    .limit(bindparam("limit"))
)
# One claim's suggestions: read from claim_links alone, through its two claim-id indexes, and
# the deleted claims left out here. Joined to both claims in SQL, a planner without
# statistics yet (a new or fast-growing archive, before autovacuum's first ANALYZE) chose to
# walk every pair of live claims: 1.1 s for 641 claims in the soak, quadratic in claims.
_SUGGESTED_OF_CLAIM = (
    select(ClaimLink)
    .where(
        ClaimLink.state == LinkState.suggested.value,
        (ClaimLink.first_claim_id == bindparam("claim_id"))
        | (ClaimLink.second_claim_id == bindparam("claim_id")),
    )
    .options(
        selectinload(ClaimLink.first).selectinload(Claim.article),
        selectinload(ClaimLink.second).selectinload(Claim.article),
    )
    .order_by(ClaimLink.score.desc().nulls_last(), ClaimLink.id)
    .limit(bindparam("fetch"))
)


def pending_suggestions(
    session: Session, *, claim_id: int | None = None, limit: int = SUGGESTION_PAGE
) -> list[ClaimLink]:
    """Suggested pairs, best first, with both claims loaded; only live claims. For one claim,
    the best `limit` among its best 2 x limit + 20 links (a deleted claim is rare)."""
    if claim_id is None:
        return list(session.scalars(_SUGGESTED, {"limit": limit}))
    links = session.scalars(_SUGGESTED_OF_CLAIM, {"claim_id": claim_id, "fetch": 2 * limit + 20})
    live = [link for link in links if not (link.first.deleted_at or link.second.deleted_at)]
    return live[:limit]


def article_claims(session: Session, article_id: int) -> list[Claim]:
    return list(
        session.scalars(
            select(Claim)
            .where(Claim.article_id == article_id, Claim.deleted_at.is_(None))
            .options(selectinload(Claim.quantities), selectinload(Claim.article))
            .order_by(Claim.start)
        )
    )


def article_choices(session: Session, limit: int = 500) -> list[tuple[int, str]]:
    rows = session.execute(
        select(Article.id, Article.title, Article.outlet)
        .order_by(Article.published_at.desc().nulls_last(), Article.id.desc()).limit(limit)
    )
    return [(i, f"{t or 'Untitled'} ({o or 'no outlet'})") for i, t, o in rows]
