"""Suggestion time per new article with a large archive already stored.

    PYTHONPATH=. TEST_DATABASE_URL=postgresql://... python bench/suggest.py [--claims 100000]

Makes its own database on TEST_DATABASE_URL's server, loads N synthetic claims
(`claimdesk demo --synthetic-claims N`), then stores fresh ~20-claim articles one at a time
and times `suggest_for_article` on each: candidate retrieval (SQL, indexes) and scoring
(the relate engine, spaCy) separately. Prints the figures and the EXPLAIN of one
candidate query, which must use the GIN index on claims.search_vector.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import testing
from app.models import Actor, Article, Claim, Quantity
from app.relate.features import load_model
from app.services import suggestions
from app.services.relate_scoring import clear_feature_cache, forget_features
from app.synthetic import claim_sentence, load_synthetic

NAME = "claimdesk_bench_suggest"
FIGURE = re.compile(r"^(\d+) (\w+) were (\w+)")


def fresh_article(session: Session, rng: random.Random, number: int, claims: int = 20) -> int:
    """An article like the archive's: claims by new claimants, some with figures."""
    sentences = [claim_sentence(rng) for _ in range(claims)]
    body = "".join(f"Source {i} said {s}. " for i, s in enumerate(sentences))
    published = datetime.now(UTC) - timedelta(days=rng.randint(0, 300))
    article = Article(title=f"Fresh report {number}", outlet="Bench Wire", text=body,
                      text_hash=hashlib.sha256(f"bench-{number}-{body}".encode()).hexdigest(),
                      published_at=published, extraction_status="done")
    session.add(article)
    session.flush()
    offset = 0
    for i, sentence in enumerate(sentences):
        prefix = f"Source {i} said "
        start = offset + len(prefix)
        end = start + len(sentence)
        actor = Actor(name=f"Bench source {number}-{i}", name_key=f"bench source {number}-{i}",
                      kind="person")
        session.add(actor)
        session.flush()
        match = FIGURE.match(sentence)
        quantities = [Quantity(text=f"{match[1]} {match[2]}", start=start,
                               end=start + len(match[1]) + 1 + len(match[2]),
                               low=float(match[1]), high=float(match[1]), counts=match[3])
                      ] if match else []
        session.add(Claim(article_id=article.id, actor_id=actor.id, claimant=actor.name,
                          mention=actor.name, content=sentence, start=start, end=end,
                          sentence_start=offset, sentence_end=end + 1, cue="said",
                          kind="indirect", published_at=published, quantities=quantities))
        offset = end + 2
    session.flush()
    return article.id


def new_claim_ids(session: Session, article_id: int) -> set[str]:
    ids = session.scalars(select(Claim.id).where(Claim.article_id == article_id))
    return {str(i) for i in ids}


def explain(session: Session, article_id: int) -> str:
    claims = list(session.scalars(select(Claim).where(Claim.article_id == article_id)))
    terms = suggestions.claim_terms(session, [c.id for c in claims])
    searched = suggestions.queried(claims, terms)
    params = suggestions.candidate_params(searched, terms)
    sql = text("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + suggestions.candidates_sql(searched))
    return "\n".join(row[0] for row in session.execute(sql, params))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=10, help="fresh articles to time")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()
    base = testing.server_url()
    url = testing.create_database(base, NAME)
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            started = time.perf_counter()
            load_synthetic(session, claims=args.claims)
            session.commit()
            print(f"loaded {args.claims:,} claims in {time.perf_counter() - started:.1f} s")
        load_model()  # the worker loads spaCy once; not part of a suggestion
        rng = random.Random(11)
        totals, retrieval, scoring, warm, found = [], [], [], [], []
        with Session(engine) as session:
            for number in range(args.articles):
                article_id = fresh_article(session, rng, number)
                session.commit()
                clear_feature_cache()  # cold: every candidate parsed, as for a new worker
                started = time.perf_counter()
                run = suggestions.suggest_for_article(session, article_id=article_id)
                session.commit()
                totals.append((time.perf_counter() - started) * 1000)
                retrieval.append(run.retrieve_ms)
                scoring.append(run.score_ms)
                found.append((run.new_claims, run.candidates, run.suggested))
                # A running worker has parsed the archive's claims before (feature cache):
                # only this article's claims are new to it.
                forget_features(new_claim_ids(session, article_id))
                started = time.perf_counter()
                suggestions.suggest_for_article(session, article_id=article_id)
                session.rollback()
                warm.append((time.perf_counter() - started) * 1000)
            print(explain(session, article_id))
        print(f"\n{args.articles} fresh articles of {found[0][0]} claims over "
              f"{args.claims:,} stored claims (median, ms):")
        print(f"  retrieval (SQL)   {statistics.median(retrieval):8.1f}")
        print(f"  scoring (relate)  {statistics.median(scoring):8.1f}")
        print(f"  total per article {statistics.median(totals):8.1f}  (max {max(totals):.1f})"
              "  cold: every candidate parsed by spaCy")
        print(f"  total, candidates' features cached {statistics.median(warm):8.1f}"
              "  (a running worker; the new claims are still parsed)")
        print(f"  candidates per article {statistics.median(f[1] for f in found):.0f}, "
              f"suggestions stored {statistics.median(f[2] for f in found):.0f}")
    finally:
        engine.dispose()
        if not args.keep:
            testing.drop_database(base, NAME)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
