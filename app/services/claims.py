"""Editorial changes to claims: status, tags, notes, claimant. Versioned and audited."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from app.models import Actor, AuditEvent, Claim, ClaimStatus, Tag, User
from app.services.audit import StaleVersion, changes_since, record
from app.services.notes import add_note

STATUS_DEFINITIONS = {
    "unreviewed": "Nobody on the desk has looked at it yet.",
    "contested": "Other credible sources dispute it; the desk has not settled it.",
    "supported": "Independent evidence or sources back it.",
    "refuted": "Independent evidence shows it is false.",
    "misleading": "Accurate in part, but framed or cut so that it leaves a false impression.",
    "unverifiable": "Nobody has independent access to check it; this is not the same as false.",
    "retracted": "The claimant has withdrawn it.",
}
MAX_TAG_LENGTH = 60


class StaleEdit(StaleVersion):
    """The claim changed since the editor loaded it; nothing was written."""

    def __init__(self, claim: Claim, changes: list[AuditEvent]) -> None:
        super().__init__(
            entity_type="claim", entity_id=claim.id, version=claim.version, changes=changes
        )
        self.claim = claim


class InvalidEdit(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def normalise_tag(raw: str) -> str:
    """'  #Casualty  Figures ' -> 'casualty figures'."""
    tag = re.sub(r"\s+", " ", raw.replace("#", " ")).strip().lower()
    return tag[:MAX_TAG_LENGTH]


def normalise_tags(raw: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in raw:
        tag = normalise_tag(item)
        if tag:
            seen.setdefault(tag, None)
    return sorted(seen)


@dataclass(frozen=True)
class ClaimEdit:
    version: int
    status: str | None = None
    tags: list[str] | None = None
    note: str | None = None
    claimant_id: int | None = None


def tag_rows(session: Session, names: list[str]) -> list[Tag]:
    if not names:
        return []
    session.execute(
        insert(Tag)
        .values([{"name": n} for n in names])
        .on_conflict_do_nothing(index_elements=["name"])
    )
    return list(session.scalars(select(Tag).where(Tag.name.in_(names)).order_by(Tag.name)))


def check_edit(session: Session, claim: Claim, edit: ClaimEdit) -> None:
    if edit.version != claim.version:
        changes = changes_since(
            session, entity_type="claim", entity_id=claim.id, version=edit.version
        )
        raise StaleEdit(claim, changes)
    if edit.status is not None and edit.status not in STATUS_DEFINITIONS:
        raise InvalidEdit(
            f"'{edit.status}' is not a status. Use one of: {', '.join(STATUS_DEFINITIONS)}."
        )
    if edit.claimant_id is not None and session.get(Actor, edit.claimant_id) is None:
        raise InvalidEdit(f"There is no claimant {edit.claimant_id}.")
    if edit.note is not None and not edit.note.strip():
        raise InvalidEdit("A note cannot be empty.")


def apply_edit(session: Session, *, claim: Claim, user: User, edit: ClaimEdit) -> Claim:
    """Apply an editor's change, or raise StaleEdit/InvalidEdit having written nothing."""
    check_edit(session, claim, edit)
    version = claim.version + 1
    changed = False

    def log(action: str, old: object, new: object) -> None:
        nonlocal changed
        changed = True
        record(
            session,
            user=user,
            entity_type="claim",
            entity_id=claim.id,
            action=action,
            old=old,
            new=new,
            entity_version=version,
        )

    if edit.status is not None and edit.status != claim.status:
        log("status", claim.status, edit.status)
        claim.status = ClaimStatus(edit.status).value
    if edit.tags is not None:
        new_tags = normalise_tags(edit.tags)
        old_tags = [t.name for t in claim.tags]
        if new_tags != old_tags:
            log("tags", old_tags, new_tags)
            claim.tags = tag_rows(session, new_tags)
    if edit.claimant_id is not None and edit.claimant_id != claim.actor_id:
        actor = session.get(Actor, edit.claimant_id)
        assert actor is not None
        log(
            "claimant",
            {"id": claim.actor_id, "name": claim.claimant},
            {"id": actor.id, "name": actor.name},
        )
        claim.actor_id, claim.claimant = actor.id, actor.name
    if edit.note is not None:
        add_note(
            session, entity_type="claim", entity_id=claim.id, user=user, body=edit.note,
            entity_version=version,
        )
        changed = True
    if changed:
        claim.version = version
        mark_corrected(claim)
    session.flush()
    return claim


def mark_corrected(claim: Claim) -> None:
    """An extractor claim an editor touched is no longer the extractor's to replace."""
    if claim.origin == "extractor":
        claim.origin = "corrected"


def bulk_edit(
    session: Session,
    *,
    claims: list[Claim],
    user: User,
    status: str | None = None,
    add_tags: list[str] | None = None,
) -> int:
    """One status and/or extra tags on many claims, each change audited on its own claim.
    Returns how many claims changed."""
    extra = normalise_tags(add_tags or [])
    changed = 0
    for claim in claims:
        before = claim.version
        tags = sorted({*(t.name for t in claim.tags), *extra}) if extra else None
        apply_edit(
            session, claim=claim, user=user,
            edit=ClaimEdit(version=claim.version, status=status, tags=tags),
        )
        changed += claim.version != before
    return changed
