"""Rows for tests, inserted through the test's session. All names and places are invented."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from itertools import count

from sqlalchemy.orm import Session

from app.models import Actor, ActorAlias, Article, Claim, Quantity

_serial = count(1)

MARRENPORT_TEXT = (
    "Flood barriers along the Vell river were raised overnight. "
    "Mayor Ilse Varga said the old pumping station would be replaced by spring. "
    "The harbour board said repairs would cost 4 million crowns, while residents of "
    "Lower Quay told reporters that water had reached their doors twice this month. "
    "A spokesperson for the regional water authority declined to comment."
)


def make_article(
    db: Session,
    *,
    title: str = "Marrenport raises its flood barriers",
    outlet: str | None = "Marrenport Ledger",
    text: str = MARRENPORT_TEXT,
    published_at: datetime | None = datetime(2026, 11, 16, 8, 30, tzinfo=UTC),
    url: str | None = None,
) -> Article:
    serial = next(_serial)
    article = Article(
        title=title,
        outlet=outlet,
        text=text,
        text_hash=hashlib.sha256(f"{serial}:{text}".encode()).hexdigest(),
        published_at=published_at,
        url=url if url is not None else f"https://ledger.example/story/{serial}",
    )
    db.add(article)
    db.flush()
    return article


def make_actor(
    db: Session,
    name: str = "Ilse Varga",
    *,
    kind: str = "person",
    affiliation: str | None = "Marrenport council",
    aliases: tuple[str, ...] = (),
    description: str | None = None,
) -> Actor:
    actor = Actor(
        name=name,
        name_key=f"{name.lower()}#{next(_serial)}",
        kind=kind,
        affiliation=affiliation,
        description=description,
        aliases=[ActorAlias(alias=a, alias_key=a.lower()) for a in aliases],
    )
    db.add(actor)
    db.flush()
    return actor


def make_claim(
    db: Session,
    article: Article,
    content: str | None = None,
    *,
    actor: Actor | None = None,
    claimant: str | None = None,
    cue: str = "said",
    kind: str = "indirect",
    status: str = "unreviewed",
    mention: str | None = None,
    published_at: datetime | None = None,
    undated: bool = False,
    quantities: tuple[tuple[str, str], ...] = (),
) -> Claim:
    """A claim whose span is found in the article's text (or placed at its end if absent)."""
    content = content or "the old pumping station would be replaced by spring"
    start = article.text.find(content)
    if start == -1:
        start = 0
    end = start + len(content)
    sentence_start = article.text.rfind(". ", 0, start)
    sentence_start = 0 if sentence_start == -1 else sentence_start + 2
    sentence_end = article.text.find(".", end)
    sentence_end = len(article.text) if sentence_end == -1 else sentence_end + 1
    name = claimant or (actor.name if actor else "Ilse Varga")
    claim = Claim(
        article_id=article.id,
        actor_id=actor.id if actor else None,
        claimant=name,
        mention=mention if mention is not None else name,
        content=content,
        start=start,
        end=end,
        sentence_start=sentence_start,
        sentence_end=sentence_end,
        cue=cue,
        kind=kind,
        status=status,
        published_at=None if undated else published_at or article.published_at,
        extractor_version="rules-1",
        quantities=[
            Quantity(text=text, start=start, end=start + len(text), counts=counts)
            for text, counts in quantities
        ],
    )
    db.add(claim)
    db.flush()
    return claim


FERRY_TEXT = (
    "Ferry crews in Osk walked out at dawn. Union delegate Nils Brand told the quay: "
    '"We will not sail until the contract is signed." The operator said two crossings '
    "would still run."
)
RESIDENTS_TEXT = (
    "Residents of Lower Quay said water had reached their doors twice this month, "
    "and asked the council for sandbags."
)


def make_two_towns(db: Session) -> dict[str, Claim]:
    """Four claims in three articles: two outlets, one undated article, one resolved alias."""
    ledger = make_article(db)
    ferry = make_article(
        db,
        title="Ferry crews walk out",
        outlet="Osk Tribune",
        text=FERRY_TEXT,
        published_at=datetime(2026, 11, 10, 7, 0, tzinfo=UTC),
    )
    undated = make_article(
        db,
        title="Lower Quay asks for sandbags",
        outlet="Osk Tribune",
        text=RESIDENTS_TEXT,
        published_at=None,
    )
    varga = make_actor(db, "Ilse Varga", aliases=("the mayor", "Mayor Varga"))
    brand = make_actor(db, "Nils Brand", affiliation="Ferry Workers' Union")
    return {
        "pumps": make_claim(db, ledger, actor=varga, mention="Mayor Ilse Varga"),
        "cost": make_claim(
            db,
            ledger,
            "repairs would cost 4 million crowns",
            claimant="The harbour board",
            status="contested",
        ),
        "sail": make_claim(
            db,
            ferry,
            "We will not sail until the contract is signed.",
            actor=brand,
            kind="direct",
            cue="told",
        ),
        "doors": make_claim(
            db,
            undated,
            "water had reached their doors twice this month",
            claimant="Residents of Lower Quay",
            kind="mixed",
        ),
    }
