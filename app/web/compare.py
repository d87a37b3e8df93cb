"""Two articles about one event, their claims side by side: matched claims on one row (by the
relate engine's topic overlap), conflicts marked with the reason."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from app.auth import Reader
from app.db import SessionDep
from app.models import Article, Claim
from app.numbers import is_id
from app.queries_disputes import article_choices, article_claims
from app.services.claim_features import facts_of, orm_features
from app.services.relate_scoring import pair_scores
from app.web.render import render

router = APIRouter()

MATCH_TOPIC = 0.12  # topic overlap from which two claims count as the same subject


@dataclass(frozen=True)
class Row:
    left: Claim | None
    right: Claim | None
    topic: float = 0.0
    conflict: tuple[str, ...] = ()  # disagreement reasons; empty when none


def align(left: list[Claim], right: list[Claim], session: Session | None = None) -> list[Row]:
    """Greedy best-first matching: each claim on at most one row, left article's order.
    With a session, the claims' stored features are used (read only: this is a GET)."""
    claims = left + right
    features = orm_features(session, claims) if session is not None and left and right else None
    scores = pair_scores(facts_of(claims), features) if left and right else {}
    cross = sorted(
        ((pair.topic.score, i, j - len(left), pair) for (i, j), pair in scores.items()
         if i < len(left) <= j and pair.topic.score >= MATCH_TOPIC),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    used_left: dict[int, Row] = {}
    used_right: set[int] = set()
    for topic, i, j, pair in cross:
        if i in used_left or j in used_right:
            continue
        reasons = tuple(s.reason for s in pair.signals if s.reason)
        used_left[i] = Row(left[i], right[j], round(topic, 2), reasons)
        used_right.add(j)
    rows = [used_left.get(i, Row(claim, None)) for i, claim in enumerate(left)]
    rows += [Row(None, claim) for j, claim in enumerate(right) if j not in used_right]
    return rows


def chosen(session: SessionDep, raw: str | None) -> Article | None:
    return session.get(Article, int(raw)) if raw and is_id(raw) else None


@router.get("/compare", include_in_schema=False)
def compare_page(request: Request, session: SessionDep, user: Reader) -> Response:
    a = chosen(session, request.query_params.get("a"))
    b = chosen(session, request.query_params.get("b"))
    rows = (align(article_claims(session, a.id), article_claims(session, b.id), session)
            if a and b else [])
    context = {
        "choices": article_choices(session), "a": a, "b": b, "rows": rows,
        "matched": sum(1 for r in rows if r.left and r.right),
        "conflicts": sum(1 for r in rows if r.conflict),
    }
    return render(request, "compare.html", context, block="rows")
