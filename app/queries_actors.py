"""What a claimant's page shows beside their claims: their history, the notes on them and the
disputes their claims are in, read in one statement.

Each was a statement of its own (and the history's usernames another), each costing a round
trip and ~0.25 ms of CPU through SQLAlchemy however small; loading the events and notes as ORM
objects cost more again. Here each list is aggregated to JSON in Postgres, one column each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, literal_column, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session

from app.db import rows_of
from app.dispute_models import Dispute, DisputeClaim
from app.models import AuditEvent, Claim, Note, User


@dataclass(frozen=True, slots=True)
class EventRow:
    """A change to the claimant, with who made it (None: the system, or a removed user)."""

    id: int
    at: datetime
    user_id: int | None
    username: str | None
    entity_id: int
    action: str
    old_value: Any
    new_value: Any


@dataclass(frozen=True, slots=True)
class NoteRow:
    username: str | None
    created_at: datetime
    body: str


@dataclass(frozen=True, slots=True)
class ClaimantExtras:
    events: list[EventRow]  # newest first
    notes: list[NoteRow]  # oldest first
    disputes: list[tuple[int, str, str]]  # id, question, status; last updated first, 50


def _json_list(*columns: Any) -> list[Any]:
    """json_build_object's arguments: each column's name (a constant), then the column."""
    pairs: list[Any] = []
    for column in columns:
        pairs.extend((literal_column(f"'{column.key}'"), column))
    return pairs


_EVENT_COLUMNS = (AuditEvent.id, AuditEvent.at, AuditEvent.user_id, User.username,
                  AuditEvent.entity_id, AuditEvent.action, AuditEvent.old_value,
                  AuditEvent.new_value)
_EVENTS = (
    select(
        func.json_agg(
            aggregate_order_by(
                func.json_build_object(*_json_list(*_EVENT_COLUMNS)),
                AuditEvent.at.desc(),
                AuditEvent.id.desc(),
            )
        )
    )
    .select_from(AuditEvent)
    .outerjoin(User, User.id == AuditEvent.user_id)
    .where(AuditEvent.entity_type == "actor", AuditEvent.entity_id == bindparam("actor_id"))
    .scalar_subquery()
)
_NOTES = (
    select(
        func.json_agg(
            aggregate_order_by(
                func.json_build_object(*_json_list(User.username, Note.created_at, Note.body)),
                Note.created_at,
                Note.id,
            )
        )
    )
    .select_from(Note)
    .outerjoin(User, User.id == Note.user_id)
    .where(Note.entity_type == "actor", Note.entity_id == bindparam("actor_id"))
    .scalar_subquery()
)
_ACTOR_DISPUTES = (
    select(Dispute.id, Dispute.question, Dispute.status, Dispute.updated_at)
    .where(
        Dispute.id.in_(
            select(DisputeClaim.dispute_id).where(
                DisputeClaim.claim_id.in_(
                    select(Claim.id).where(
                        Claim.actor_id == bindparam("actor_id"), Claim.deleted_at.is_(None)
                    )
                )
            )
        )
    )
    .order_by(Dispute.updated_at.desc())
    .limit(50)
    .subquery()
)
_DISPUTES = select(
    func.json_agg(
        aggregate_order_by(
            func.json_build_array(
                _ACTOR_DISPUTES.c.id, _ACTOR_DISPUTES.c.question, _ACTOR_DISPUTES.c.status
            ),
            _ACTOR_DISPUTES.c.updated_at.desc(),
        )
    )
).scalar_subquery()
_EXTRAS = select(_EVENTS, _NOTES, _DISPUTES)  # built once: see _USER_BY_TOKEN in app/auth.py


def claimant_extras(session: Session, actor_id: int) -> ClaimantExtras:
    events, notes, disputes = rows_of(session).execute(_EXTRAS, {"actor_id": actor_id}).one()
    return ClaimantExtras(
        events=[
            EventRow(**{**e, "at": datetime.fromisoformat(e["at"])}) for e in events or []
        ],
        notes=[
            NoteRow(**{**n, "created_at": datetime.fromisoformat(n["created_at"])})
            for n in notes or []
        ],
        disputes=[(i, q, s) for i, q, s in disputes or []],
    )
