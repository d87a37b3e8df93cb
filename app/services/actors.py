"""Claimants as entities: find or create an actor for a resolved name, keep its aliases."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from app.models import Actor, ActorAlias

PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "him", "her", "them", "you"})


def name_key(name: str) -> str:
    """How two spellings of one name compare: case, 'the', apostrophes and spaces ignored."""
    key = name.lower().replace("’", "'").replace("‘", "'")
    key = re.sub(r"^(the|a|an)\s+", "", key.strip())
    return re.sub(r"\s+", " ", key)[:300]


def actor_key(name: str, kind: str, article_id: int) -> str:
    """Unnamed sources ('a local official') are not the same person across articles."""
    key = name_key(name)
    return f"{key} #article-{article_id}" if kind == "unnamed" else key


def find_or_create_actor(session: Session, *, name: str, kind: str, article_id: int) -> Actor:
    key = actor_key(name, kind, article_id)
    session.execute(
        insert(Actor)
        .values(name=name[:300], name_key=key, kind=kind, version=1)
        .on_conflict_do_nothing(index_elements=["name_key"])
    )
    actor = speaker(session, session.scalars(select(Actor).where(Actor.name_key == key)).one())
    if actor.kind == "unnamed" and kind != "unnamed":
        actor.kind = kind
    return actor


def speaker(session: Session, actor: Actor) -> Actor:
    """The actor a claim by `actor` counts for: a merged duplicate speaks as its survivor."""
    while actor.merged_into_id is not None:
        merged_into = session.get(Actor, actor.merged_into_id)
        if merged_into is None:
            break
        actor = merged_into
    return actor


def add_aliases(session: Session, names: Iterable[tuple[Actor, Iterable[str]]]) -> None:
    """Record the names each actor was mentioned by, in one statement (pronouns and the
    actor's own name are not aliases)."""
    rows: dict[tuple[int, str], str] = {}
    for actor, aliases in names:
        for alias in aliases:
            key = name_key(alias)
            if key and key not in PRONOUNS and key != actor.name_key:
                rows.setdefault((actor.id, key), alias[:300])
    if rows:
        session.execute(
            insert(ActorAlias)
            .values(
                [
                    {"actor_id": actor_id, "alias": alias, "alias_key": key}
                    for (actor_id, key), alias in sorted(rows.items())
                ]
            )
            .on_conflict_do_nothing(index_elements=["actor_id", "alias_key"])
        )
