"""Score candidate pairs of claims and suggest the ones that look like conflicts."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from app.relate.candidates import candidate_pairs, inverse_document_frequency
from app.relate.facts import ClaimFacts, normalise_claimant
from app.relate.features import ClaimFeatures, analyse_claims
from app.relate.profiles import ProfileSimilarity, claimant_profiles
from app.relate.signals import Signal, disagreement_signals, topic_overlap

ALL_SIGNALS = frozenset({"quantity", "negation", "antonym", "stance", "label", "contrast"})
PREDICATE_SIGNALS = frozenset({"negation", "antonym"})  # compare words, not what they are said of


@dataclass(frozen=True, slots=True)
class RelateSettings:
    """Weights and thresholds of pair scoring and grouping (tuned on the bench)."""

    same_article_bonus: float = 0.05
    by_story: bool = True  # grouping compares claims across articles only within one story
    story_threshold: float = 0.15  # article profile cosine from which two articles are one story
    profile_weight: float = 0.1  # weight of how alike the two claimants' pooled claims are
    proximity_weight: float = 0.2
    proximity_scale: float = 600.0  # characters over which nearness decays by 1/e
    disagreement_weight: float = 0.15
    min_topic: float = 0.05
    clash_topic: float = 0.15  # a negated or antonymic predicate counts only on a shared topic
    link_threshold: float = 0.15
    max_term_share: float = 0.1
    context_weight: float = 0.4  # weight of sentence words outside the claim itself
    merge_threshold: float = 0.35  # centroid cosine to merge clusters across articles
    merge_min_size: int = 2  # smallest cluster considered for that merge
    min_claims: int = 2  # smallest cluster kept as a suggested dispute
    min_claimants: int = 2  # fewest different claimants in a kept cluster
    require_disagreement: bool = True  # a kept cluster has disagreement evidence between sources
    min_evidence: float = 1.5  # summed signal scores needed (e.g. a figure conflict + a "but")
    evidence_topic: float = 0.15  # a signal counts only between claims this close in topic
    signals: frozenset[str] = field(default=ALL_SIGNALS)


DEFAULT_SETTINGS = RelateSettings()


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Two claims (indexes into the list given) that may be conflicting accounts."""

    first: int
    second: int
    score: float
    topic: float
    reasons: tuple[str, ...]
    first_id: str = ""  # ClaimFacts.id of each claim, for the database layer
    second_id: str = ""


@dataclass(frozen=True, slots=True)
class PairScore:
    """The evidence for one candidate pair."""

    score: float
    topic: Signal
    signals: tuple[Signal, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(s.reason for s in (self.topic, *self.signals) if s.reason)


def nearness(a: ClaimFacts, b: ClaimFacts, scale: float) -> float:
    """1.0 for claims side by side in one article, decaying with the distance between them."""
    if a.article != b.article or a.start is None or b.start is None:
        return 0.0
    return math.exp(-abs(a.start - b.start) / scale)


def score_pair(
    a: ClaimFeatures,
    b: ClaimFeatures,
    idf: dict[str, float],
    placement: tuple[bool, float],
    settings: RelateSettings = DEFAULT_SETTINGS,
) -> PairScore:
    """Topic overlap and placement, plus disagreement evidence once the claims share a topic.

    `placement` is (same article, nearness in the article).
    """
    same_article, near = placement
    topic = topic_overlap(a, b, idf, settings.context_weight)
    score = topic.score + (settings.same_article_bonus if same_article else 0.0)
    score += settings.proximity_weight * near
    signals: tuple[Signal, ...] = ()
    if topic.score >= settings.min_topic:
        signals = tuple(
            s
            for s in disagreement_signals(a, b)
            if s.name in settings.signals
            and (s.name not in PREDICATE_SIGNALS or topic.score >= settings.clash_topic)
        )
        score += settings.disagreement_weight * sum(s.score for s in signals)
    return PairScore(score=score, topic=topic, signals=signals)


def score_pairs(
    claims: Sequence[ClaimFacts],
    features: Sequence[ClaimFeatures],
    settings: RelateSettings = DEFAULT_SETTINGS,
    stories: set[tuple[str, str]] | None = None,
) -> dict[tuple[int, int], PairScore]:
    """Scores of all candidate pairs (blocked, never all pairs of a large set).

    With `stories` (sorted article pairs, from `same_story_articles`), claims of two
    articles are compared only when the articles report one story, and then every
    pair of them is, as within one article.
    """
    idf = inverse_document_frequency(features)
    pairs = candidate_pairs(claims, features, settings.max_term_share)
    if stories is not None:
        pairs = {
            (i, j)
            for i, j in pairs
            if claims[i].article == claims[j].article
            or article_pair(claims[i], claims[j]) in stories
        }
        pairs |= story_pairs(claims, stories)
    scores = {
        (i, j): score_pair(
            features[i], features[j], idf, _placement(claims[i], claims[j], settings), settings
        )
        for i, j in sorted(pairs)
    }
    if settings.profile_weight:
        profile = ProfileSimilarity(
            claimant_profiles(claims, features, idf, settings.context_weight)
        )
        for (i, j), pair in scores.items():
            if different_claimants(claims[i], claims[j]):
                bonus = settings.profile_weight * profile(claims[i], claims[j])
                scores[(i, j)] = replace(pair, score=pair.score + bonus)
    return scores


def _placement(a: ClaimFacts, b: ClaimFacts, settings: RelateSettings) -> tuple[bool, float]:
    return a.article == b.article, nearness(a, b, settings.proximity_scale)


def story_pairs(
    claims: Sequence[ClaimFacts], stories: set[tuple[str, str]]
) -> set[tuple[int, int]]:
    """Every pair of claims from two articles of one story (compared like one article's)."""
    by_article: dict[str, list[int]] = defaultdict(list)
    for index, claim in enumerate(claims):
        by_article[claim.article].append(index)
    return {
        (min(i, j), max(i, j))
        for first, second in stories
        for i in by_article.get(first, [])
        for j in by_article.get(second, [])
    }


def article_pair(a: ClaimFacts, b: ClaimFacts) -> tuple[str, str]:
    """The two claims' articles, sorted (the key of `same_story_articles`)."""
    return min(a.article, b.article), max(a.article, b.article)


def different_claimants(a: ClaimFacts, b: ClaimFacts) -> bool:
    """Whether two claims come from different sources."""
    return normalise_claimant(a.claimant) != normalise_claimant(b.claimant)


def nested(a: ClaimFacts, b: ClaimFacts) -> bool:
    """Whether two claims of one article share text: one attribution reported inside another
    ("the committee said police told its members that ..."). The same words are no conflict."""
    if a.article != b.article or a.start is None or b.start is None:
        return False
    return a.start < b.start + len(b.content) and b.start < a.start + len(a.content)


def suggest_conflicts(
    claims: Sequence[ClaimFacts],
    settings: RelateSettings = DEFAULT_SETTINGS,
    min_score: float | None = None,
    features: Sequence[ClaimFeatures] | None = None,
) -> list[Suggestion]:
    """Pairs of claims by different claimants that look like conflicting accounts, best first
    (never two claims sharing text in one article).

    Pass `features` (one per claim) when the caller has analysed the claims already."""
    threshold = settings.link_threshold if min_score is None else min_score
    if features is None:
        features = analyse_claims(claims)
    scored = score_pairs(claims, features, settings)
    suggestions = [
        Suggestion(
            first=i,
            second=j,
            score=round(pair.score, 4),
            topic=round(pair.topic.score, 4),
            reasons=pair.reasons,
            first_id=claims[i].id,
            second_id=claims[j].id,
        )
        for (i, j), pair in scored.items()
        if pair.score >= threshold
        and different_claimants(claims[i], claims[j])
        and not nested(claims[i], claims[j])
    ]
    return sorted(suggestions, key=lambda s: (-s.score, s.first, s.second))
