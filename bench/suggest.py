"""Suggestion time per new article with a large archive already stored.

    PYTHONPATH=. TEST_DATABASE_URL=postgresql://... python bench/suggest.py [--claims 100000]

Makes its own database on TEST_DATABASE_URL's server, loads N synthetic claims
(`claimdesk demo --synthetic-claims N`, which stores their relate features as the worker
does for extracted claims), then stores fresh ~20-claim articles one at a time and, as the
worker does after extraction, stores their claims' features (spaCy) and runs
`suggest_for_article`. Times each part: feature storing, candidate retrieval (SQL) and
scoring (stored features read, missing ones parsed, pairs scored). Prints median and p95
and the EXPLAIN ANALYZE of the last article's candidate statement (index scans only).
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

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import testing
from app.models import Actor, Article, Claim, Quantity
from app.relate.features import load_model
from app.services import suggestions
from app.services.claim_features import store_article_features, stored_claims
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


def explain(session: Session, article_id: int) -> str:
    plan = suggestions.plan_candidates(session, stored_claims(session, article_id=article_id))
    sql = text("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + suggestions.candidates_sql(plan))
    rows = session.execute(sql, suggestions.candidate_params(plan))
    return "\n".join(row[0] for row in rows)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def line(label: str, values: list[float], note: str = "") -> str:
    return (f"  {label:<28} {statistics.median(values):8.1f} {p95(values):8.1f}"
            f"  {note}").rstrip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=30, help="fresh articles to time")
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
            print(f"loaded {args.claims:,} claims (with their features) in "
                  f"{time.perf_counter() - started:.1f} s")
        load_model()  # the worker loads spaCy once; not part of a suggestion
        rng = random.Random(11)
        storing: list[float] = []
        retrieval: list[float] = []
        scoring: list[float] = []
        reading: list[float] = []
        totals: list[float] = []
        found = []
        with Session(engine) as session:
            for number in range(args.articles):
                article_id = fresh_article(session, rng, number)
                session.commit()
                started = time.perf_counter()
                store_article_features(session, article_id=article_id)  # at extraction
                session.commit()
                storing.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                run = suggestions.suggest_for_article(session, article_id=article_id)
                session.commit()
                totals.append((time.perf_counter() - started) * 1000)
                retrieval.append(run.retrieve_ms)
                scoring.append(run.score_ms)
                reading.append(run.features_ms)
                found.append((run.new_claims, run.candidates, run.suggested, run.analysed))
            print(explain(session, article_id))
        print(f"\n{args.articles} fresh articles of {found[0][0]} claims over "
              f"{args.claims:,} stored claims (ms):{'median':>15} {'p95':>8}")
        print(line("suggestion per article", totals, "(retrieval + scoring + storing links)"))
        print(line("  retrieval (SQL)", retrieval))
        print(line("  scoring (relate)", scoring))
        print(line("    of which features read", reading,
                   "(stored; spaCy only for claims without current ones)"))
        print(line("feature storing (extraction)", storing,
                   "(spaCy over the new claims, once, in the worker)"))
        print(line("both", [a + b for a, b in zip(storing, totals, strict=True)]))
        slowest = sorted(range(len(totals)), key=lambda n: -totals[n])[:3]
        print("  slowest articles (#, ms): "
              + ", ".join(f"#{n + 1} {totals[n]:.0f}" for n in slowest))
        print(f"  candidates per article {statistics.median(f[1] for f in found):.0f}, "
              f"suggestions stored {statistics.median(f[2] for f in found):.0f}, "
              f"claims parsed while suggesting {sum(f[3] for f in found)}")
    finally:
        engine.dispose()
        if not args.keep:
            testing.drop_database(base, NAME)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
