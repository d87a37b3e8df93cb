"""Corrections editors make to what the extractor found: another claimant, a better span, a
false claim removed (and restored), a missed claim added, a claim assigned to a colleague.

Every change is versioned and audited on the claim. Touched extractor claims become
origin='corrected' so that re-extraction keeps them (see services.extraction)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from app.models import CLAIM_KINDS, Actor, Article, Claim, User
from app.services.actors import find_or_create_actor
from app.services.audit import check_version, record
from app.services.claims import InvalidEdit, mark_corrected


def change(
    session: Session, *, claim: Claim, user: User, version: int, action: str,
    old: object, new: object,
) -> None:
    """Refuse a stale version, then audit the change and move the claim to its next version."""
    check_version(
        session, entity_type="claim", entity_id=claim.id, current=claim.version, sent=version
    )
    claim.version += 1
    record(
        session, user=user, entity_type="claim", entity_id=claim.id, action=action,
        old=old, new=new, entity_version=claim.version,
    )
    mark_corrected(claim)


def reassign(session: Session, *, claim: Claim, user: User, actor: Actor, version: int) -> None:
    if actor.merged_into_id is not None:
        raise InvalidEdit(f"{actor.name} was merged into another claimant; pick that one.")
    old = {"id": claim.actor_id, "name": claim.claimant}
    change(session, claim=claim, user=user, version=version, action="claimant",
           old=old, new={"id": actor.id, "name": actor.name})
    claim.actor_id, claim.claimant = actor.id, actor.name
    session.flush()


def check_span(article: Article, start: int, end: int) -> None:
    if not 0 <= start < end <= len(article.text):
        raise InvalidEdit(
            f"A span must start before it ends and stay inside the article's "
            f"{len(article.text)} characters (you gave {start}–{end})."
        )
    if not article.text[start:end].strip():
        raise InvalidEdit("That span holds only spaces; select the words of the claim.")


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) holding a span: back to the previous full stop, on to the next."""
    before = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    after = text.find(".", end)
    return (0 if before == -1 else before + 1 + (text[before] == ".")), (
        len(text) if after == -1 else after + 1
    )


def adjust_span(
    session: Session, *, claim: Claim, user: User, start: int, end: int, version: int
) -> None:
    """The content is re-read from the article, so it is always the article's own words."""
    check_span(claim.article, start, end)
    text = claim.article.text
    change(session, claim=claim, user=user, version=version, action="span",
           old={"start": claim.start, "end": claim.end, "content": claim.content},
           new={"start": start, "end": end, "content": text[start:end]})
    claim.start, claim.end, claim.content = start, end, text[start:end]
    claim.sentence_start, claim.sentence_end = sentence_around(text, start, end)
    session.flush()


def delete_claim(session: Session, *, claim: Claim, user: User, version: int) -> None:
    if claim.deleted_at is not None:
        raise InvalidEdit("This claim is already deleted.")
    change(session, claim=claim, user=user, version=version, action="delete",
           old=None, new="deleted")
    claim.deleted_at = datetime.now(UTC)
    session.flush()


def restore_claim(session: Session, *, claim: Claim, user: User) -> None:
    if claim.deleted_at is None:
        raise InvalidEdit("This claim is not deleted.")
    change(session, claim=claim, user=user, version=claim.version, action="restore",
           old="deleted", new=None)
    claim.deleted_at = None
    session.flush()


def assign(
    session: Session, *, claim: Claim, user: User, assignee: User | None, version: int
) -> None:
    old = claim.assigned_to_id
    if assignee is not None and not assignee.is_active:
        raise InvalidEdit(f"{assignee.username} can no longer sign in; pick someone else.")
    new_id = assignee.id if assignee else None
    if old == new_id:
        check_version(session, entity_type="claim", entity_id=claim.id,
                      current=claim.version, sent=version)
        return
    previous = session.get(User, old) if old else None
    old_name = previous.username if previous else None
    change(session, claim=claim, user=user, version=version, action="assign",
           old=old_name, new=assignee.username if assignee else None)
    claim.assigned_to_id = new_id
    session.flush()


def add_claim(
    session: Session,
    *,
    article: Article,
    user: User,
    start: int,
    end: int,
    claimant: str,
    kind: str,
    cue: str = "",
) -> Claim:
    """A claim the extractor missed, marked origin='editor'."""
    check_span(article, start, end)
    if kind not in CLAIM_KINDS:
        raise InvalidEdit(f"The kind must be one of: {', '.join(CLAIM_KINDS)}.")
    name = claimant.strip()
    if not name:
        raise InvalidEdit("Say who made the claim.")
    actor = find_or_create_actor(session, name=name, kind="person", article_id=article.id)
    sentence_start, sentence_end = sentence_around(article.text, start, end)
    claim = Claim(
        article_id=article.id, actor_id=actor.id, claimant=actor.name[:300], mention=name[:300],
        content=article.text[start:end], start=start, end=end,
        sentence_start=sentence_start, sentence_end=sentence_end, cue=cue.strip()[:100],
        kind=kind, published_at=article.published_at, origin="editor", version=1,
    )
    session.add(claim)
    session.flush()
    record(session, user=user, entity_type="claim", entity_id=claim.id, action="create",
           new={"start": start, "end": end, "content": claim.content, "claimant": actor.name},
           entity_version=1)
    session.flush()
    return claim
