"""Notes on any editorial entity (claim, actor, and later dispute), with author and time."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, selectinload

from app.models import Note, User
from app.services.audit import record

NOTE_ENTITIES = frozenset({"claim", "actor", "dispute"})
MAX_NOTE_LENGTH = 10_000


class EmptyNote(ValueError):
    pass


def add_note(
    session: Session,
    *,
    entity_type: str,
    entity_id: int,
    user: User,
    body: str,
    entity_version: int | None = None,
) -> Note:
    """Keep a note and audit it; the caller bumps the entity's version if it has one."""
    if entity_type not in NOTE_ENTITIES:
        raise ValueError(f"notes cannot be kept on a {entity_type}")
    text = body.strip()
    if not text:
        raise EmptyNote("A note cannot be empty.")
    note = Note(
        entity_type=entity_type, entity_id=entity_id, user_id=user.id,
        body=text[:MAX_NOTE_LENGTH],
    )
    session.add(note)
    record(
        session, user=user, entity_type=entity_type, entity_id=entity_id, action="note",
        new=note.body, entity_version=entity_version,
    )
    session.flush()
    return note


_NOTES_ON = (  # built once, like audit._HISTORY
    select(Note)
    .where(Note.entity_type == bindparam("entity_type"), Note.entity_id == bindparam("entity_id"))
    .options(selectinload(Note.user))
    .order_by(Note.created_at, Note.id)
)


def notes_on(session: Session, *, entity_type: str, entity_id: int) -> list[Note]:
    params = {"entity_type": entity_type, "entity_id": entity_id}
    return list(session.scalars(_NOTES_ON, params))
