"""Disputes: a question, the claims that answer it (each on a side), and links between claims.

Kept beside app/models.py (same metadata) so that each module stays small.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models import Base, Claim, User


class DisputeStatus(enum.StrEnum):
    open = "open"
    settled = "settled"


class LinkKind(enum.StrEnum):
    contradicts = "contradicts"
    supports = "supports"
    qualifies = "qualifies"
    same = "same"  # the same claim repeated, e.g. wire copy


class LinkState(enum.StrEnum):
    suggested = "suggested"
    confirmed = "confirmed"
    dismissed = "dismissed"


class Dispute(Base):
    __tablename__ = "disputes"

    id: Mapped[int] = mapped_column(primary_key=True)
    question: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=DisputeStatus.open.value)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    created_by: Mapped[User | None] = relationship()
    members: Mapped[list[DisputeClaim]] = relationship(
        back_populates="dispute", cascade="all, delete-orphan", order_by="DisputeClaim.added_at"
    )

    __table_args__ = (Index("ix_disputes_status_updated", "status", "updated_at"),)


class DisputeClaim(Base):
    """A claim in a dispute, with the side it takes ("Harbour board", "for", "against")."""

    __tablename__ = "dispute_claims"

    dispute_id: Mapped[int] = mapped_column(
        ForeignKey("disputes.id", ondelete="CASCADE"), primary_key=True
    )
    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    side: Mapped[str] = mapped_column(String(120), default="")
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    dispute: Mapped[Dispute] = relationship(back_populates="members")
    claim: Mapped[Claim] = relationship()


class ClaimLink(Base):
    """Two claims related by an editor, or suggested by the relate engine with its reasons.

    A pair is stored once, the lower claim id first; a dismissed pair stays dismissed so
    the suggester never offers it again.
    """

    __tablename__ = "claim_links"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    first_claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    second_claim_id: Mapped[int] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20), default=LinkKind.contradicts.value)
    made_by: Mapped[str] = mapped_column(String(20), default="editor")  # editor | suggester
    state: Mapped[str] = mapped_column(String(20), default=LinkState.confirmed.value)
    score: Mapped[float | None] = mapped_column(Float)
    reasons: Mapped[Any] = mapped_column(JSONB, default=list)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    dispute_id: Mapped[int | None] = mapped_column(
        ForeignKey("disputes.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    first: Mapped[Claim] = relationship(foreign_keys=[first_claim_id])
    second: Mapped[Claim] = relationship(foreign_keys=[second_claim_id])

    __table_args__ = (
        Index("uq_claim_links_pair", "first_claim_id", "second_claim_id", unique=True),
        Index("ix_claim_links_state_score", "state", score.desc(), "id"),
        CheckConstraint("first_claim_id < second_claim_id", name="ordered_pair"),
    )
