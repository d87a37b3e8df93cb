"""Editorial changes to claimants: rename, aliases, kind/side/access, merge (undoable), split.
Versioned like claims: a stale version raises StaleVersion having written nothing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import ACTOR_ACCESS, ACTOR_KINDS, Actor, ActorAlias, AuditEvent, Claim, User
from app.services.actors import PRONOUNS, name_key
from app.services.audit import check_version, record
from app.services.claims import InvalidEdit


@dataclass(frozen=True)
class ActorEdit:
    version: int
    name: str
    kind: str
    side: str = ""
    affiliation: str = ""
    access: str = ""
    description: str = ""


def bump(session: Session, actor: Actor, user: User, action: str, old: object, new: object) -> None:
    actor.version += 1
    record(session, user=user, entity_type="actor", entity_id=actor.id, action=action,
           old=old, new=new, entity_version=actor.version)


def edit_actor(session: Session, *, actor: Actor, user: User, edit: ActorEdit) -> None:
    check_version(session, entity_type="actor", entity_id=actor.id, current=actor.version,
                  sent=edit.version)
    if not edit.name.strip():
        raise InvalidEdit("A claimant needs a name.")
    if edit.kind not in ACTOR_KINDS:
        raise InvalidEdit(f"The kind must be one of: {', '.join(ACTOR_KINDS)}.")
    if edit.access and edit.access not in ACTOR_ACCESS:
        raise InvalidEdit("Access is either 'on the ground' or 'remote' (or unknown).")
    wanted = {
        "name": edit.name.strip()[:300], "kind": edit.kind,
        "side": edit.side.strip()[:40] or None,
        "affiliation": edit.affiliation.strip()[:200] or None,
        "access": edit.access or None, "description": edit.description.strip() or None,
    }
    old = {k: getattr(actor, k) for k in wanted if getattr(actor, k) != wanted[k]}
    if not old:
        return
    if "name" in old:
        add_alias(session, actor=actor, user=None, alias=actor.name)
    for key in old:
        setattr(actor, key, wanted[key])
    actor.version += 1
    for key, value in old.items():
        record(session, user=user, entity_type="actor", entity_id=actor.id,
               action="rename" if key == "name" else key, old=value, new=wanted[key],
               entity_version=actor.version)
    session.flush()


def add_alias(session: Session, *, actor: Actor, user: User | None, alias: str) -> bool:
    """Add a name the claimant is known by; False if it adds nothing new."""
    key = name_key(alias)
    if not key or key in PRONOUNS or key == actor.name_key:
        return False
    if any(a.alias_key == key for a in actor.aliases):
        return False
    actor.aliases.append(ActorAlias(alias=alias.strip()[:300], alias_key=key))
    if user is not None:
        bump(session, actor, user, "alias", None, alias.strip())
    session.flush()
    return True


def live_actor(session: Session, actor_id: int) -> Actor:
    actor = session.get(Actor, actor_id)
    if actor is None or actor.merged_into_id is not None:
        raise InvalidEdit(f"There is no claimant {actor_id} (it may have been merged).")
    return actor


def merge_actors(session: Session, *, keep: Actor, duplicate: Actor, user: User) -> AuditEvent:
    """Move the duplicate's claims and aliases to `keep`; the duplicate stays hidden so the
    merge can be undone. Returns the audit event that undo_merge takes."""
    if keep.id == duplicate.id:
        raise InvalidEdit("A claimant cannot be merged into itself.")
    if duplicate.merged_into_id is not None or keep.merged_into_id is not None:
        raise InvalidEdit("One of these claimants was already merged.")
    claims = list(session.scalars(select(Claim).where(Claim.actor_id == duplicate.id)))
    known = {a.alias_key for a in keep.aliases} | {keep.name_key}
    moved_aliases = [a for a in duplicate.aliases if a.alias_key not in known]
    for alias in moved_aliases:
        alias.actor_id = keep.id
    session.flush()
    session.expire(keep, ["aliases"])
    session.expire(duplicate, ["aliases"])
    name_alias = None
    if duplicate.name_key not in known and name_key(duplicate.name) not in known:
        name_alias = ActorAlias(actor_id=keep.id, alias=duplicate.name,
                                alias_key=name_key(duplicate.name))
        session.add(name_alias)
        session.flush()
    claimants = {str(c.id): c.claimant for c in claims}
    for claim in claims:
        claim.actor_id, claim.claimant = keep.id, keep.name
        claim.version += 1
        record(session, user=user, entity_type="claim", entity_id=claim.id, action="claimant",
               old={"id": duplicate.id, "name": claimants[str(claim.id)]},
               new={"id": keep.id, "name": keep.name}, entity_version=claim.version)
    duplicate.merged_into_id = keep.id
    bump(session, duplicate, user, "merged_into", None, {"id": keep.id, "name": keep.name})
    keep.version += 1
    event = record(
        session, user=user, entity_type="actor", entity_id=keep.id, action="merge",
        old=None,
        new={"merged": {"id": duplicate.id, "name": duplicate.name},
             "claimants": claimants, "aliases": [a.id for a in moved_aliases],
             "name_alias": name_alias.id if name_alias else None},
        entity_version=keep.version,
    )
    session.flush()
    return event


def undo_merge(session: Session, *, event: AuditEvent, user: User) -> Actor:
    """Bring the merged actor back with its claims and aliases."""
    if event.action != "merge" or event.entity_type != "actor" or not event.new_value:
        raise InvalidEdit("That change is not a merge.")
    done = event.new_value
    keep = session.get(Actor, event.entity_id)
    duplicate = session.get(Actor, done["merged"]["id"])
    if keep is None or duplicate is None or duplicate.merged_into_id != keep.id:
        raise InvalidEdit("This merge was already undone.")
    claim_ids = [int(i) for i in done["claimants"]]
    for claim in session.scalars(select(Claim).where(Claim.id.in_(claim_ids),
                                                     Claim.actor_id == keep.id)):
        claim.actor_id, claim.claimant = duplicate.id, done["claimants"][str(claim.id)]
        claim.version += 1
        record(session, user=user, entity_type="claim", entity_id=claim.id, action="claimant",
               old={"id": keep.id, "name": keep.name},
               new={"id": duplicate.id, "name": claim.claimant}, entity_version=claim.version)
    if done["aliases"]:
        session.execute(update(ActorAlias).where(ActorAlias.id.in_(done["aliases"]))
                        .values(actor_id=duplicate.id))
    if done["name_alias"] and (alias := session.get(ActorAlias, done["name_alias"])):
        session.delete(alias)
    duplicate.merged_into_id = None
    session.flush()
    session.expire(keep, ["aliases"])
    session.expire(duplicate, ["aliases"])
    bump(session, duplicate, user, "unmerged", {"id": keep.id}, None)
    bump(session, keep, user, "undo_merge", {"merged": done["merged"]}, {"event": event.id})
    session.flush()
    return duplicate


def split_actor(
    session: Session, *, actor: Actor, claim_ids: list[int], new_name: str, user: User
) -> Actor:
    """Move the selected claims to a new claimant (two people shared one name)."""
    name = new_name.strip()
    if not name:
        raise InvalidEdit("Name the new claimant.")
    claims = list(session.scalars(select(Claim).where(Claim.id.in_(claim_ids),
                                                      Claim.actor_id == actor.id)))
    if not claims:
        raise InvalidEdit("Select at least one of this claimant's claims to move.")
    key = name_key(name)
    if session.scalar(select(Actor.id).where(Actor.name_key == key)) is not None:
        raise InvalidEdit(f"A claimant called {name} exists already; merge or reassign instead.")
    new = Actor(name=name[:300], name_key=key, kind=actor.kind, affiliation=actor.affiliation,
                side=actor.side, access=actor.access, version=1)
    session.add(new)
    session.flush()
    for claim in claims:
        old = {"id": actor.id, "name": claim.claimant}
        claim.actor_id, claim.claimant = new.id, new.name
        claim.version += 1
        record(session, user=user, entity_type="claim", entity_id=claim.id, action="claimant",
               old=old, new={"id": new.id, "name": new.name}, entity_version=claim.version)
    record(session, user=user, entity_type="actor", entity_id=new.id, action="create",
           new={"name": new.name, "split_from": actor.id}, entity_version=1)
    bump(session, actor, user, "split", None,
         {"id": new.id, "name": new.name, "claims": [c.id for c in claims]})
    session.flush()
    return new
