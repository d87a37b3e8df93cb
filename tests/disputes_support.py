"""Two invented reports of one invented event, stored and extracted as the worker does."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.dispute_models import ClaimLink
from app.ingest.readers import read_pasted
from app.models import Article, Claim
from app.services import extraction
from app.services.articles import store_article

FIXTURES = Path(__file__).parent / "fixtures" / "disputes"
REPORTS = {
    "courier": ("Harrow Courier", datetime(2026, 11, 10, 9, 0, tzinfo=UTC)),
    "post": ("Velmont Post", datetime(2026, 11, 11, 18, 0, tzinfo=UTC)),
}


def sessions_of(db: Session) -> Callable[[], AbstractContextManager[Session]]:
    @contextmanager
    def scope() -> Iterator[Session]:
        yield db
        db.commit()

    return scope


def ingest_report(db: Session, name: str) -> Article:
    outlet, published = REPORTS[name]
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    article = store_article(db, parsed=read_pasted(text, outlet=outlet), user=None).article
    article.published_at = published
    db.flush()
    extraction.run_extraction(article_id=article.id, sessions=sessions_of(db))
    return article


def ingest_both(db: Session) -> tuple[Article, Article]:
    return ingest_report(db, "courier"), ingest_report(db, "post")


def cross_article_links(db: Session, first: Article, second: Article) -> list[ClaimLink]:
    links = db.scalars(select(ClaimLink).order_by(ClaimLink.score.desc())).all()
    ids = {
        claim.id: claim.article_id
        for claim in db.scalars(select(Claim).where(Claim.article_id.in_([first.id, second.id])))
    }
    return [
        link for link in links
        if {ids.get(link.first_claim_id), ids.get(link.second_claim_id)} == {first.id, second.id}
    ]


BRIDGE_TEXT = (
    "The ministry said 40 fighters were killed at the Dunmere bridge. "
    "A brigade spokeswoman said only three fighters were killed and the bridge was theirs."
)


def make_suggested_pair(db: Session) -> tuple[Claim, Claim, ClaimLink]:
    """Two claims by different claimants in two outlets, and a suggestion linking them."""
    from tests.factories import make_actor, make_article, make_claim

    courier = make_article(db, title="Army holds bridge", outlet="Harrow Courier",
                           text=BRIDGE_TEXT, published_at=datetime(2026, 11, 10, 9, tzinfo=UTC))
    post = make_article(db, title="Rebels take bridge", outlet="Velmont Post",
                        text=BRIDGE_TEXT, published_at=datetime(2026, 11, 12, 9, tzinfo=UTC))
    ministry = make_actor(db, "Velmont defence ministry", kind="government", affiliation=None)
    brigade = make_actor(db, "Mira Tolland", affiliation="Free Marsh Brigade")
    army = make_claim(db, courier, "40 fighters were killed at the Dunmere bridge",
                      actor=ministry, quantities=(("40 fighters", "killed"),))
    rebels = make_claim(db, post, "only three fighters were killed",
                        actor=brigade, quantities=(("three fighters", "killed"),))
    army.quantities[0].low = army.quantities[0].high = 40
    rebels.quantities[0].low = rebels.quantities[0].high = 3
    low, high = sorted((army.id, rebels.id))
    link = ClaimLink(first_claim_id=low, second_claim_id=high, made_by="suggester",
                     state="suggested", kind="contradicts", score=0.61,
                     reasons=["both mention fighters, killed", "40 vs 3 killed"])
    db.add(link)
    db.flush()
    return army, rebels, link
