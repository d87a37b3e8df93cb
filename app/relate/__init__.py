"""Relating claims: suggest conflicting accounts and group them into disputes.

Public API (everything takes plain `ClaimFacts` records, so it serves extractor
output, database rows and gold files alike):

- `facts_from_mapping(record, claim_id, article, text=None) -> ClaimFacts`
- `suggest_conflicts(claims, settings=DEFAULT_SETTINGS, min_score=None) -> list[Suggestion]`:
  pairs of claims by different claimants, best first, each with a score and reasons.
- `group_disputes(claims, settings=DEFAULT_SETTINGS, features=None) -> dict[int, str | None]`:
  a dispute key per claim index (None: no dispute); a key always spans two claimants.
- `add_dispute_keys(articles_json) -> dict`: the offline contract for
  `claimdesk extract ... --json --disputes` (also `python -m app.relate FILE.json`).

How it works: spaCy's small English model reads key terms, entities, predicates
with polarity, loaded labels, stance verbs and quantities (`features`); pairs are
blocked (`candidates`) and scored by topic overlap, nearness in the article,
disagreement signals (`signals`, `suggest`) and, for different claimants, how alike
their pooled claims are (`profiles`). For grouping, articles whose pooled claims
are alike are one story (`profiles.same_story_articles`): claims are compared
across articles only within a story, and there pair by pair. Average linkage
clusters them and clusters of one story with close centroids merge (`grouping`,
`linkage`). A cluster is kept as a dispute when it spans two claimants and the
disagreement signals between its claimants on one topic add up to enough
evidence (agreeing sources on one subject are no dispute, nor is one stray "but").
"""

from app.relate.facts import ClaimFacts, QuantityFacts, facts_from_mapping
from app.relate.grouping import group_disputes
from app.relate.offline import add_dispute_keys
from app.relate.suggest import DEFAULT_SETTINGS, RelateSettings, Suggestion, suggest_conflicts

__all__ = [
    "DEFAULT_SETTINGS",
    "ClaimFacts",
    "QuantityFacts",
    "RelateSettings",
    "Suggestion",
    "add_dispute_keys",
    "facts_from_mapping",
    "group_disputes",
    "suggest_conflicts",
]
