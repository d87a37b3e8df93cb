"""SQLAlchemy 2 typed models. The schema itself comes only from migrations/."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Computed,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSON, JSONB, TSVECTOR
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Role(enum.StrEnum):
    journalist = "journalist"
    editor = "editor"
    admin = "admin"


ROLE_RANK = {Role.journalist: 1, Role.editor: 2, Role.admin: 3}


class ExtractionStatus(enum.StrEnum):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


class ClaimStatus(enum.StrEnum):
    unreviewed = "unreviewed"
    contested = "contested"
    supported = "supported"
    refuted = "refuted"
    misleading = "misleading"
    unverifiable = "unverifiable"
    retracted = "retracted"


CLAIM_KINDS = ("direct", "indirect", "mixed")
ACTOR_KINDS = ("person", "organisation", "government", "group", "document", "unnamed")
ACTOR_SIDES = ("belligerent", "government", "NGO", "witness", "media", "expert", "other")
ACTOR_ACCESS = {"on the ground": "On the ground", "remote": "Remote"}


def utcnow_default() -> Any:
    return func.now()


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.journalist.value)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    @property
    def rank(self) -> int:
        return ROLE_RANK[Role(self.role)]


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()


class UserSession(Base):
    __tablename__ = "user_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(Text, unique=True)
    outlet: Mapped[str | None] = mapped_column(String(200), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    byline: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64), unique=True)
    source_kind: Mapped[str] = mapped_column(String(20), default="text")
    ingested_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    ingested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    extraction_status: Mapped[str] = mapped_column(
        String(20), default=ExtractionStatus.queued.value
    )
    extraction_error: Mapped[str | None] = mapped_column(Text)
    extracted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    extractor_version: Mapped[str | None] = mapped_column(String(40))
    search_vector: Mapped[Any] = mapped_column(  # for SQL only, like the claims'
        TSVECTOR,
        Computed(
            "to_tsvector('english', coalesce(title, '') || ' ' || coalesce(outlet, ''))",
            persisted=True,
        ),
        deferred=True,
    )

    claims: Mapped[list[Claim]] = relationship(back_populates="article")

    __table_args__ = (Index("ix_articles_search_vector", "search_vector", postgresql_using="gin"),)


class Actor(Base):
    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="unnamed")
    description: Mapped[str | None] = mapped_column(Text)
    affiliation: Mapped[str | None] = mapped_column(String(200))
    side: Mapped[str | None] = mapped_column(String(40))
    access: Mapped[str | None] = mapped_column(String(20))  # on the ground | remote
    # Live claims by this actor, kept by a trigger on claims (see migration 0005a), so the
    # claimants list can sort by it without counting a million claims.
    claim_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # A merged duplicate stays (hidden) so that the merge can be undone.
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="SET NULL"), index=True
    )
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    aliases: Mapped[list[ActorAlias]] = relationship(
        back_populates="actor", cascade="all, delete-orphan", order_by="ActorAlias.alias"
    )

    # A trigram index on name (ix_actors_name_trgm) exists where the server has pg_trgm;
    # the migration creates it conditionally, so it is not declared here.

    __table_args__ = (
        Index("ix_actors_claim_count", text("claim_count DESC"), text("lower(name)"), "id"),
        # Claimants by name: possible duplicates sharing a common surname (migration 0009).
        Index("ix_actors_lower_name", text("lower(name)"), "id"),
    )


class ActorAlias(Base):
    __tablename__ = "actor_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    alias_key: Mapped[str] = mapped_column(String(300), index=True)

    actor: Mapped[Actor] = relationship(back_populates="aliases")

    __table_args__ = (Index("uq_actor_aliases_actor_key", "actor_id", "alias_key", unique=True),)


class Claim(Base):
    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id", ondelete="SET NULL"))
    claimant: Mapped[str] = mapped_column(String(300))  # the name as resolved in the article
    mention: Mapped[str] = mapped_column(String(300), default="")
    mention_start: Mapped[int | None] = mapped_column(Integer)
    mention_end: Mapped[int | None] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    cue: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default=ClaimStatus.unreviewed.value)
    # Copied from the article so the default order (newest first) needs no join.
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Copied from the article by a trigger (migration 0007) for the outlet filter and order.
    outlet: Mapped[str | None] = mapped_column(String(200))
    extractor_version: Mapped[str | None] = mapped_column(String(40))
    origin: Mapped[str] = mapped_column(String(20), default="extractor")
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    assigned_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    # For SQL only (search, suggestions): never loaded with a claim unless asked for.
    search_vector: Mapped[Any] = mapped_column(
        TSVECTOR, Computed("to_tsvector('english', content)", persisted=True), deferred=True
    )

    article: Mapped[Article] = relationship(back_populates="claims")
    actor: Mapped[Actor | None] = relationship()
    quantities: Mapped[list[Quantity]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", order_by="Quantity.start"
    )
    tags: Mapped[list[Tag]] = relationship(secondary="claim_tags", order_by="Tag.name")

    __table_args__ = (
        Index("ix_claims_article_start", "article_id", "start"),
        Index("ix_claims_actor_published", "actor_id", "published_at", "id"),
        Index("ix_claims_published_id", "published_at", "id"),
        # The default order of the claims table: newest first, undated last.
        Index("ix_claims_newest", published_at.desc().nulls_last(), id.desc()),
        Index("ix_claims_claimant_order", func.lower(claimant), id),
        Index("ix_claims_status_published", "status", "published_at", "id"),
        Index("ix_claims_search_vector", "search_vector", postgresql_using="gin"),
        Index("ix_claims_outlet_order", text("outlet"), text("published_at DESC NULLS LAST"),
              text("id DESC")),
        Index("ix_claims_outlet_lower", text("lower(outlet)"),
              text("published_at DESC NULLS LAST"), text("id DESC")),
        Index(
            "ix_claims_unresolved",
            "published_at",
            postgresql_where=text("actor_id IS NULL"),
        ),
        # Live claims in the table's order, alone and by status or claimant (migration 0009):
        # the capped counts of the claims page become index-only scans (no heap visit to
        # check deleted_at), and the pages read them in order.
        Index(
            "ix_claims_live_newest",
            text("published_at DESC NULLS LAST"),
            text("id DESC"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
        Index(
            "ix_claims_live_status",
            "status",
            text("published_at DESC NULLS LAST"),
            text("id DESC"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
        Index(
            "ix_claims_live_actor",
            "actor_id",
            text("published_at DESC NULLS LAST"),
            text("id DESC"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )


class Quantity(Base):
    __tablename__ = "quantities"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(200))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    approx: Mapped[bool] = mapped_column(Boolean, default=False)
    unit: Mapped[str | None] = mapped_column(String(50))
    counts: Mapped[str | None] = mapped_column(String(50), index=True)

    claim: Mapped[Claim] = relationship(back_populates="quantities")


class ClaimFeatureRow(Base):
    """A claim's relate features (app/relate/stored.py), stored so the suggester need not
    parse the claim again; stale when `version` or `basis` no longer match."""

    __tablename__ = "claim_features"

    claim_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[str] = mapped_column(String(40))
    basis: Mapped[str] = mapped_column(String(32))
    features: Mapped[Any] = mapped_column(JSON)  # read whole, never queried: json, not jsonb


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    entity_type: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int] = mapped_column(BigInteger)
    # The entity's version after this change: "what changed since version v" is a range scan.
    entity_version: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[Any | None] = mapped_column(JSONB)
    new_value: Mapped[Any | None] = mapped_column(JSONB)

    user: Mapped[User | None] = relationship()

    __table_args__ = (
        Index("ix_audit_events_entity", "entity_type", "entity_id", "at"),
        Index("ix_audit_events_at_id", "at", "id"),  # the activity page, newest first
    )


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    # Claims carrying this tag, kept by statement triggers on claim_tags (migration 0009), so
    # suggestions can put the most used first without counting claim_tags.
    use_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ClaimTag(Base):
    __tablename__ = "claim_tags"

    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Note(Base):
    """A note on a claim, a dispute or an actor, with its author and time."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    user: Mapped[User | None] = relationship()

    __table_args__ = (Index("ix_notes_entity", "entity_type", "entity_id", "created_at"),)


class SavedView(Base):
    """A named claims-table address ("contested, last 7 days") on one user's home page."""

    __tablename__ = "saved_views"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    query: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class LoginFailure(Base):
    """Failed logins, kept in Postgres so every web worker throttles alike."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (Index("ix_login_failures_who_at", "username", "ip", "at"),)
