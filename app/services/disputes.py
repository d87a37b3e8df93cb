"""Editorial changes to disputes and claim links: versioned and audited, flushed not committed."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.dispute_models import (
    ClaimLink,
    Dispute,
    DisputeClaim,
    DisputeStatus,
    LinkKind,
    LinkState,
)
from app.errors import UserError
from app.models import Claim, User
from app.services.audit import check_version, record

MAX_SIDE = 120


def _log(session: Session, dispute: Dispute, user: User | None, action: str,
         old: object = None, new: object = None) -> None:
    record(session, user=user, entity_type="dispute", entity_id=dispute.id, action=action,
           old=old, new=new, entity_version=dispute.version)


def _bump(session: Session, dispute: Dispute, sent_version: int | None) -> None:
    if sent_version is not None:
        check_version(session, entity_type="dispute", entity_id=dispute.id,
                      current=dispute.version, sent=sent_version)
    dispute.version += 1
    dispute.updated_at = datetime.now(UTC)


def clean_question(question: str) -> str:
    cleaned = " ".join(question.split())
    if not cleaned:
        raise UserError("A dispute needs a question, such as 'Who controls the bridge?'.", 422)
    return cleaned[:500]


def create_dispute(
    session: Session, *, user: User | None, question: str, description: str = ""
) -> Dispute:
    dispute = Dispute(question=clean_question(question), description=description.strip(),
                      created_by_id=user.id if user else None, version=1)
    session.add(dispute)
    session.flush()
    _log(session, dispute, user, "created", None, {"question": dispute.question})
    return dispute


def edit_dispute(
    session: Session, *, dispute: Dispute, user: User, version: int,
    question: str | None = None, description: str | None = None, status: str | None = None,
) -> Dispute:
    """Change the question, description or status, or raise StaleVersion having written nothing."""
    if status is not None and status not in DisputeStatus.__members__:
        raise UserError(f"'{status}' is not a dispute status. Use open or settled.", 422)
    new_question = clean_question(question) if question is not None else None
    _bump(session, dispute, version)
    if new_question is not None and new_question != dispute.question:
        _log(session, dispute, user, "question", dispute.question, new_question)
        dispute.question = new_question
    if description is not None and description.strip() != dispute.description:
        _log(session, dispute, user, "description", dispute.description, description.strip())
        dispute.description = description.strip()
    if status is not None and status != dispute.status:
        _log(session, dispute, user, "settled" if status == "settled" else "reopened",
             dispute.status, status)
        dispute.status = status
    session.flush()
    return dispute


def live_claim(session: Session, claim_id: int) -> Claim:
    claim = session.get(Claim, claim_id)
    if claim is None or claim.deleted_at is not None:
        raise UserError(f"There is no claim {claim_id}. It may have been deleted.", 404)
    return claim


def member(dispute: Dispute, claim_id: int) -> DisputeClaim | None:
    return next((m for m in dispute.members if m.claim_id == claim_id), None)


def add_claim(
    session: Session, *, dispute: Dispute, user: User | None, claim_id: int, side: str = "",
    version: int | None = None,
) -> DisputeClaim:
    """Put a claim in a dispute on a side; a claim already in it keeps its place."""
    claim = live_claim(session, claim_id)
    existing = member(dispute, claim.id)
    if existing is not None:
        return existing
    _bump(session, dispute, version)
    membership = DisputeClaim(claim_id=claim.id, side=side.strip()[:MAX_SIDE],
                              added_by_id=user.id if user else None)
    dispute.members.append(membership)
    _log(session, dispute, user, "claim added", None,
         {"claim": claim.id, "claimant": claim.claimant, "side": membership.side})
    session.flush()
    return membership


def remove_claim(
    session: Session, *, dispute: Dispute, user: User, claim_id: int, version: int
) -> None:
    membership = member(dispute, claim_id)
    if membership is None:
        raise UserError(f"Claim {claim_id} is not in this dispute.", 404)
    _bump(session, dispute, version)
    _log(session, dispute, user, "claim removed",
         {"claim": claim_id, "side": membership.side}, None)
    dispute.members.remove(membership)
    session.flush()


def set_side(
    session: Session, *, dispute: Dispute, user: User, claim_id: int, side: str, version: int
) -> None:
    membership = member(dispute, claim_id)
    if membership is None:
        raise UserError(f"Claim {claim_id} is not in this dispute.", 404)
    _bump(session, dispute, version)
    new_side = side.strip()[:MAX_SIDE]
    _log(session, dispute, user, "side changed",
         {"claim": claim_id, "side": membership.side}, {"claim": claim_id, "side": new_side})
    membership.side = new_side
    session.flush()


def link_claims(
    session: Session, *, user: User, first_id: int, second_id: int, kind: str,
    dispute: Dispute | None = None,
) -> ClaimLink:
    """An editor's link between two claims; it replaces a suggestion for the same pair."""
    if kind not in LinkKind.__members__:
        raise UserError(f"'{kind}' is not a link. Use one of: {', '.join(LinkKind)}.", 422)
    if first_id == second_id:
        raise UserError("A claim cannot be linked to itself.", 422)
    low, high = sorted((live_claim(session, first_id).id, live_claim(session, second_id).id))
    link = session.scalar(select(ClaimLink).where(
        ClaimLink.first_claim_id == low, ClaimLink.second_claim_id == high))
    old = {"kind": link.kind, "state": link.state} if link else None
    if link is None:
        link = ClaimLink(first_claim_id=low, second_claim_id=high, reasons=[])
        session.add(link)
    link.kind, link.made_by, link.state = kind, "editor", LinkState.confirmed.value
    link.user_id, link.decided_at = user.id, datetime.now(UTC)
    if dispute is not None:
        link.dispute_id = dispute.id
    session.flush()
    for claim_id, other in ((low, high), (high, low)):
        record(session, user=user, entity_type="claim", entity_id=claim_id, action="link made",
               old=old, new={"kind": kind, "claim": other})
    return link


def pending_suggestion(session: Session, link_id: int) -> ClaimLink:
    link = session.get(ClaimLink, link_id, with_for_update=True)
    if link is None:
        raise UserError(f"There is no suggestion {link_id}.", 404)
    if link.state != LinkState.suggested.value:
        raise UserError(f"Suggestion {link_id} was already {link.state}.", 409)
    return link


def confirm_suggestion(
    session: Session, *, link_id: int, user: User, dispute_id: int | None = None,
    question: str = "", sides: tuple[str, str] = ("", ""),
) -> Dispute:
    """Confirm a suggested pair into a new dispute (with a question) or an existing one."""
    link = pending_suggestion(session, link_id)
    if dispute_id is not None:
        found = session.get(Dispute, dispute_id, with_for_update=True)
        if found is None:
            raise UserError(f"There is no dispute {dispute_id}.", 404)
        dispute = found
    else:
        dispute = create_dispute(session, user=user, question=question)
    link.state, link.user_id = LinkState.confirmed.value, user.id
    link.decided_at, link.dispute_id = datetime.now(UTC), dispute.id
    add_claim(session, dispute=dispute, user=user, claim_id=link.first_claim_id, side=sides[0])
    add_claim(session, dispute=dispute, user=user, claim_id=link.second_claim_id, side=sides[1])
    record(session, user=user, entity_type="claim_link", entity_id=link.id,
           action="suggestion confirmed", old="suggested", new={"dispute": dispute.id})
    session.flush()
    return dispute


def dismiss_suggestion(session: Session, *, link_id: int, user: User) -> ClaimLink:
    """Dismissed pairs stay recorded, so the suggester never offers them again."""
    link = pending_suggestion(session, link_id)
    link.state, link.user_id = LinkState.dismissed.value, user.id
    link.decided_at = datetime.now(UTC)
    record(session, user=user, entity_type="claim_link", entity_id=link.id,
           action="suggestion dismissed", old="suggested", new="dismissed")
    session.flush()
    return link
