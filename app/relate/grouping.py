"""Cluster related claims into suggested disputes with short keys."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence

from app.relate.candidates import inverse_document_frequency
from app.relate.facts import ClaimFacts, normalise_claimant
from app.relate.features import ClaimFeatures, analyse_claims
from app.relate.linkage import average_linkage
from app.relate.profiles import same_story_articles
from app.relate.signals import term_vector
from app.relate.suggest import DEFAULT_SETTINGS, PairScore, RelateSettings, score_pairs

KEY_TERMS = 2
EVIDENCE_PER_PAIR = 0.5  # a two-claim dispute needs one signal; larger ones need min_evidence
TOP_TERMS = 8  # a cluster's heaviest terms, used to block the cross-article merge
MAX_TERM_HOLDERS = 200  # a term heading more clusters than this is too common to block on


def cluster_claims(
    claims: Sequence[ClaimFacts],
    features: Sequence[ClaimFeatures],
    settings: RelateSettings = DEFAULT_SETTINGS,
) -> list[list[int]]:
    """Clusters of claim indexes that take sides on one question (two claimants or more).

    Articles whose pooled claims are alike are taken as reports of one story
    (`same_story_articles`): claims are compared across them, and across no others.
    Claims are first clustered pair by pair (topic, placement, disagreement); then
    clusters from different articles of one story whose pooled terms agree are
    merged. A cluster is kept when it spans two claimants and shows enough
    disagreement between them (`has_disagreement`).
    """
    stories = None
    if settings.by_story:
        idf = inverse_document_frequency(features)
        stories = same_story_articles(
            claims, features, idf, settings.context_weight, settings.story_threshold
        )
    scored: dict[tuple[int, int], PairScore] = score_pairs(claims, features, settings, stories)
    similarity = {pair: value.score for pair, value in scored.items()}
    clusters = average_linkage(len(claims), similarity, settings.link_threshold)
    if settings.merge_threshold < 1.0:
        clusters = merge_across_articles(clusters, claims, features, settings, stories)
    return [
        group
        for group in clusters
        if _claimant_count(claims, group) >= settings.min_claimants
        and len(group) >= settings.min_claims
        and (
            not settings.require_disagreement
            or has_disagreement(group, claims, scored, settings)
        )
    ]


def has_disagreement(
    group: Sequence[int],
    claims: Sequence[ClaimFacts],
    scored: Mapping[tuple[int, int], PairScore],
    settings: RelateSettings = DEFAULT_SETTINGS,
) -> bool:
    """Whether the group's claimants show enough signs of taking different sides.

    Claims that merely share a subject (several sources describing one relief
    effort) are no dispute. The disagreement signals between claims of different
    claimants that are on one topic (topic overlap >= `evidence_topic`) are summed,
    and the sum must reach `min_evidence` (less for a cluster with only a pair or
    two of claims by different claimants): one stray "but" in a long cluster is
    not enough, a figure conflict the article also contrasts is.
    """
    members = sorted(group)
    evidence, across = 0.0, 0
    for position, first in enumerate(members):
        for second in members[position + 1:]:
            if _claimant_key(claims[first]) == _claimant_key(claims[second]):
                continue
            across += 1
            pair = scored.get((first, second))
            if pair is not None and pair.topic.score >= settings.evidence_topic:
                evidence += sum(signal.score for signal in pair.signals)
    needed = min(settings.min_evidence, EVIDENCE_PER_PAIR * across)
    return across > 0 and evidence >= needed and evidence > 0


def _claimant_key(claim: ClaimFacts) -> str:
    return normalise_claimant(claim.claimant)


def centroid(group: Sequence[int], features: Sequence[ClaimFeatures],
             idf: Mapping[str, float], context_weight: float) -> dict[str, float]:
    """The unit-length sum of the members' term vectors."""
    total: Counter[str] = Counter()
    for index in group:
        total.update(term_vector(features[index], idf, context_weight))
    length = math.sqrt(sum(w * w for w in total.values())) or 1.0
    return {term: weight / length for term, weight in total.items()}


def merge_across_articles(
    clusters: Sequence[list[int]],
    claims: Sequence[ClaimFacts],
    features: Sequence[ClaimFeatures],
    settings: RelateSettings,
    stories: set[tuple[str, str]] | None = None,
) -> list[list[int]]:
    """Merge clusters of different articles whose centroids are close (average linkage).

    With `stories`, only clusters whose articles report one story are merged.
    """
    idf = inverse_document_frequency(features)
    sizable = [c for c in clusters if len(c) >= settings.merge_min_size]
    centroids = [centroid(c, features, idf, settings.context_weight) for c in sizable]
    articles = [{claims[i].article for i in group} for group in sizable]
    similarity: dict[tuple[int, int], float] = {}
    for a, b in _sharing_top_terms(centroids):
        if articles[a] != articles[b] and (
            stories is None or _one_story(articles[a], articles[b], stories)
        ):
            shared = centroids[a].keys() & centroids[b].keys()
            similarity[(a, b)] = sum(centroids[a][t] * centroids[b][t] for t in shared)
    merged = average_linkage(len(sizable), similarity, settings.merge_threshold)
    small = [c for c in clusters if len(c) < settings.merge_min_size]
    return [sorted(i for part in group for i in sizable[part]) for group in merged] + small


def _one_story(first: set[str], second: set[str], stories: set[tuple[str, str]]) -> bool:
    """Whether some article of one cluster and some of the other report one story."""
    return any(
        a == b or (min(a, b), max(a, b)) in stories for a in first for b in second
    )


def _sharing_top_terms(centroids: Sequence[Mapping[str, float]]) -> set[tuple[int, int]]:
    """Cluster index pairs that share one of their heaviest terms (blocking for the merge)."""
    postings: dict[str, list[int]] = {}
    for index, vector in enumerate(centroids):
        for term in sorted(vector, key=lambda t: (-vector[t], t))[:TOP_TERMS]:
            postings.setdefault(term, []).append(index)
    return {
        (first, second)
        for holders in postings.values()
        if len(holders) <= MAX_TERM_HOLDERS
        for first, second in itertools.combinations(holders, 2)
    }


def _claimant_count(claims: Sequence[ClaimFacts], group: Sequence[int]) -> int:
    return len({normalise_claimant(claims[i].claimant) for i in group})


def dispute_key(group: Sequence[int], features: Sequence[ClaimFeatures],
                idf: Mapping[str, float]) -> str:
    """A short slug from the terms the cluster's claims share most ("raid-destroy")."""
    counts: Counter[str] = Counter()
    for index in group:
        counts.update(features[index].terms | features[index].entities)
    ranked = sorted(counts, key=lambda t: (-counts[t] * idf.get(t, 1.0), t))
    words = [re.sub(r"[^a-z0-9]+", "-", term).strip("-") for term in ranked[:KEY_TERMS]]
    return "-".join(word for word in words if word) or "dispute"


def group_disputes(
    claims: Sequence[ClaimFacts],
    settings: RelateSettings = DEFAULT_SETTINGS,
    features: Sequence[ClaimFeatures] | None = None,
) -> dict[int, str | None]:
    """Map every claim index to a dispute key, or None when it joins no dispute.

    Claims sharing a key form one suggested dispute; every key is held by claims
    of at least two different claimants. `features` (from `analyse_claims`) may be
    passed to skip re-parsing when grouping the same claims several times.
    """
    if features is None:
        features = analyse_claims(claims)
    return keys_for_clusters(len(claims), cluster_claims(claims, features, settings), features)


def keys_for_clusters(
    size: int, clusters: Sequence[Sequence[int]], features: Sequence[ClaimFeatures]
) -> dict[int, str | None]:
    """Unique keys for clusters; claims outside every cluster get None."""
    idf = inverse_document_frequency(features)
    keys: dict[int, str | None] = dict.fromkeys(range(size))
    used: Counter[str] = Counter()
    for group in clusters:
        key = dispute_key(group, features, idf)
        used[key] += 1
        unique = key if used[key] == 1 else f"{key}-{used[key]}"
        for index in group:
            keys[index] = unique
    return keys
