"""Run the extractor over a stored article and store its claims, all or nothing."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime

from sqlalchemy import Select, delete, or_, select, union
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from app.db import session_scope
from app.dispute_models import ClaimLink, DisputeClaim, LinkState
from app.extract import ExtractedClaim, get_extractor
from app.models import Actor, Article, Claim, ExtractionStatus, Quantity
from app.relate.facts import ClaimFacts
from app.relate.features import ClaimFeatures
from app.services.actors import actor_key, add_aliases, speaker
from app.services.claim_features import (
    analyse_extracted,
    save_features,
    store_features_quietly,
)
from app.services.suggestions import suggest_quietly

logger = logging.getLogger("claimdesk.extraction")


Sessions = Callable[[], AbstractContextManager[Session]]


# A short sample a new worker reads once before taking jobs (fictional, like the demo data).
WARM_UP_TEXT = (
    "\u201cThe ferry will sail again in May,\u201d said Hanna Lind, the port's director. "
    "The dockers' union said 40 of its members had not been paid since March."
)


def warm_up() -> int:
    """Load both spaCy pipelines (extraction's and the relate features') and run each once,
    so a worker's first job costs what the others do: loading and first use took ~1.3 s of
    CPU in it. Returns the sample's claim count (the models did run)."""
    claims = get_extractor().extract(WARM_UP_TEXT)
    analyse_extracted(WARM_UP_TEXT, claims)
    return len(claims)


def run_extraction(*, article_id: int, sessions: Sessions = session_scope) -> int | None:
    """Extract one article. Returns the number of claims, or None if the article is gone.

    The claims of one article are replaced in one transaction, so a crash midway leaves the
    previous claims (or none), never half of the new ones.
    """
    with sessions() as session:
        article = session.get(Article, article_id, with_for_update=True)
        if article is None:
            return None
        article.extraction_status = ExtractionStatus.running.value
        article.extraction_error = None
        text = article.text
    try:
        extractor = get_extractor()
        claims = extractor.extract(text)
    except Exception as exc:
        logger.exception("extraction of article %s failed", article_id)
        mark_failed(article_id=article_id, error=f"{type(exc).__name__}: {exc}", sessions=sessions)
        raise
    # Each claim is parsed for its relate features once, here, before any lock is taken,
    # and the features commit with the claims. Storing locks the claimants' rows (their
    # claim counts), so parsing inside that transaction made concurrent workers wait for
    # each other; and claims committed without features were parsed a second time by
    # another worker's suggester that met them as candidates.
    features = analyse_extracted(text, claims)
    with sessions() as session:
        article = session.get(Article, article_id, with_for_update=True)
        if article is None:
            return None
        store_claims(session, article=article, claims=claims, version=extractor.version,
                     features=features)
    # Then whatever still lacks current features (an editor's claim kept, a failed
    # analysis), and the suggestions, each in a transaction of its own.
    with sessions() as session:
        store_features_quietly(session, article_id=article_id)
    with sessions() as session:
        suggest_quietly(session, article_id=article_id)
    return len(claims)


def mark_failed(*, article_id: int, error: str, sessions: Sessions = session_scope) -> None:
    with sessions() as session:
        article = session.get(Article, article_id)
        if article is not None:
            article.extraction_status = ExtractionStatus.failed.value
            article.extraction_error = error[:2000]


def store_claims(
    session: Session,
    *,
    article: Article,
    claims: list[ExtractedClaim],
    version: str,
    features: Sequence[tuple[ClaimFacts, ClaimFeatures]] | None = None,
) -> None:
    """Replace the extractor's untouched claims of an article. Claims an editor made,
    corrected or deleted are kept, and a new claim overlapping one of them is skipped: the
    editor's word on that stretch of text stands. `features` (facts and features, one pair
    per claim, analysed beforehand) are stored with the claims."""
    tied = editorially_tied(article.id)
    kept = [
        (start, end)
        for start, end in session.execute(
            select(Claim.start, Claim.end).where(
                Claim.article_id == article.id,
                or_(Claim.origin != "extractor", Claim.id.in_(tied)),
            )
        )
    ]
    stored: list[tuple[ExtractedClaim, tuple[ClaimFacts, ClaimFeatures] | None]] = []
    for n, extracted in enumerate(claims):
        if article.text[extracted.start : extracted.end] != extracted.content:
            logger.warning("dropping claim with offsets that do not match the text")
            continue
        if any(extracted.start < end and start < extracted.end for start, end in kept):
            continue
        stored.append((extracted, features[n] if features is not None else None))
    speakers = lock_claimants(session, article_id=article.id, claims=[e for e, _ in stored])
    session.execute(
        delete(Claim).where(
            Claim.article_id == article.id,
            Claim.origin == "extractor",
            Claim.id.not_in(tied),
        )
    )
    # Everything below runs while the claimants' rows are locked, and another worker storing
    # an article with one of the same claimants waits for this commit: so a few statements
    # for the whole article (the claims go in one multi-row insert at the flush), not a
    # round trip or three per claim.
    rows = []
    for extracted, analysed in stored:
        actor = speakers[actor_key(extracted.claimant or "Unknown", extracted.claimant_kind,
                                   article.id)]
        if actor.kind == "unnamed" and extracted.claimant_kind != "unnamed":
            actor.kind = extracted.claimant_kind
        claim = claim_row(article=article, extracted=extracted, actor=actor, version=version)
        rows.append((claim, actor, extracted, analysed))
    add_aliases(session, ((actor, [e.mention, *e.claimant_aliases]) for _, actor, e, _ in rows))
    session.add_all(claim for claim, _, _, _ in rows)
    article.extraction_status = ExtractionStatus.done.value
    article.extraction_error = None
    article.extracted_at = datetime.now(UTC)
    article.extractor_version = version
    session.flush()
    save_features(
        session,
        [
            (claim.id, *analysed)
            for claim, _, _, analysed in rows
            if analysed is not None
        ],
    )


def lock_claimants(
    session: Session, *, article_id: int, claims: list[ExtractedClaim]
) -> dict[str, Actor]:
    """Create the claimants this article needs and lock every claimant row it will touch
    (the new claims' and the replaced claims', whose counts the claims triggers change),
    all in one order: name key. Two workers storing articles that share claimants then
    wait for each other instead of deadlocking (each locking rows in claim order did).
    Returns, by actor key, the actor each new claim counts for (a merged duplicate's
    survivor)."""
    wanted: dict[str, tuple[str, str]] = {}
    for extracted in claims:
        name = extracted.claimant or "Unknown"
        key = actor_key(name, extracted.claimant_kind, article_id)
        wanted.setdefault(key, (name[:300], extracted.claimant_kind))
    if wanted:
        session.execute(
            insert(Actor)
            .values(
                [
                    {"name": name, "name_key": key, "kind": kind, "version": 1}
                    for key, (name, kind) in sorted(wanted.items())
                ]
            )
            .on_conflict_do_nothing(index_elements=["name_key"])
        )
    replaced = select(Actor.name_key).join(Claim, Claim.actor_id == Actor.id).where(
        Claim.article_id == article_id
    )
    keys = sorted(set(wanted) | set(session.scalars(replaced)))
    locked = {
        actor.name_key: actor
        for actor in session.scalars(
            select(Actor)
            .where(Actor.name_key.in_(keys))
            .order_by(Actor.name_key)
            .with_for_update(key_share=True)
        )
    }
    survivors = sorted({a.merged_into_id for a in locked.values() if a.merged_into_id})
    if survivors:  # a merged duplicate's claims count for its survivor
        session.execute(
            select(Actor.id).where(Actor.id.in_(survivors)).order_by(Actor.id)
            .with_for_update(key_share=True)
        )
    return {key: speaker(session, locked[key]) for key in wanted}


def editorially_tied(article_id: int) -> Select[tuple[int]]:
    """Claims an editor put in a dispute or judged in a link (confirmed or dismissed): they
    survive re-extraction like corrected claims, so disputes and dismissals keep holding."""
    in_dispute = select(DisputeClaim.claim_id).join(Claim, Claim.id == DisputeClaim.claim_id)
    decided = ClaimLink.state != LinkState.suggested.value
    first = select(ClaimLink.first_claim_id).where(decided)
    second = select(ClaimLink.second_claim_id).where(decided)
    return union(
        in_dispute.where(Claim.article_id == article_id),
        first.join(Claim, Claim.id == ClaimLink.first_claim_id)
        .where(Claim.article_id == article_id),
        second.join(Claim, Claim.id == ClaimLink.second_claim_id)
        .where(Claim.article_id == article_id),
    ).subquery().select()


def claim_row(
    *, article: Article, extracted: ExtractedClaim, actor: Actor, version: str
) -> Claim:
    return Claim(
        article_id=article.id,
        actor_id=actor.id,
        claimant=(extracted.claimant or "Unknown")[:300],
        mention=extracted.mention[:300],
        mention_start=extracted.mention_start,
        mention_end=extracted.mention_end,
        content=extracted.content,
        start=extracted.start,
        end=extracted.end,
        sentence_start=extracted.sentence_start,
        sentence_end=extracted.sentence_end,
        cue=extracted.cue[:100],
        kind=extracted.kind,
        published_at=article.published_at,
        extractor_version=version,
        origin="extractor",
        quantities=[
            Quantity(
                text=q.text[:200],
                start=q.start,
                end=q.end,
                low=q.low,
                high=q.high,
                approx=q.approx,
                unit=q.unit,
                counts=q.counts,
            )
            for q in extracted.quantities
        ],
    )


def pending_article_ids(session: Session) -> list[int]:
    return list(
        session.scalars(
            select(Article.id).where(Article.extraction_status != ExtractionStatus.done.value)
        )
    )
