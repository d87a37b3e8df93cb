"""Cluster related claims into suggested disputes with short keys."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from app.relate.candidates import inverse_document_frequency
from app.relate.facts import ClaimFacts, normalise_claimant
from app.relate.features import ClaimFeatures, analyse_claims
from app.relate.signals import term_vector
from app.relate.suggest import DEFAULT_SETTINGS, PairScore, RelateSettings, score_pairs

KEY_TERMS = 2


def average_linkage(
    size: int, similarity: Mapping[tuple[int, int], float], threshold: float
) -> list[list[int]]:
    """Agglomerative clustering of `size` items; absent pairs have similarity 0.

    Two clusters merge while the mean similarity over all their cross pairs is
    at least `threshold`, best merge first.
    """
    members: dict[int, list[int]] = {i: [i] for i in range(size)}
    sums: dict[int, dict[int, float]] = defaultdict(dict)
    for (i, j), value in similarity.items():
        sums[i][j] = sums[i].get(j, 0.0) + value
        sums[j][i] = sums[j].get(i, 0.0) + value
    while True:
        best = _best_merge(members, sums, threshold)
        if best is None:
            break
        _merge(best[0], best[1], members, sums)
    return sorted(members.values(), key=lambda group: group[0])


def _best_merge(
    members: Mapping[int, list[int]], sums: Mapping[int, Mapping[int, float]], threshold: float
) -> tuple[int, int] | None:
    best: tuple[float, int, int] | None = None
    for a, row in sums.items():
        for b, total in row.items():
            if a >= b:
                continue
            mean = total / (len(members[a]) * len(members[b]))
            if mean >= threshold and (best is None or mean > best[0]):
                best = (mean, a, b)
    return None if best is None else (best[1], best[2])


def _merge(
    keep: int, gone: int, members: dict[int, list[int]], sums: dict[int, dict[int, float]]
) -> None:
    members[keep] = sorted(members[keep] + members.pop(gone))
    for other, total in sums.pop(gone, {}).items():
        sums[other].pop(gone, None)
        if other == keep:
            continue
        sums[keep][other] = sums[keep].get(other, 0.0) + total
        sums[other][keep] = sums[keep][other]


def cluster_claims(
    claims: Sequence[ClaimFacts],
    features: Sequence[ClaimFeatures],
    settings: RelateSettings = DEFAULT_SETTINGS,
) -> list[list[int]]:
    """Clusters of claim indexes that take sides on one question (two claimants or more).

    Claims are first clustered pair by pair (topic, placement, disagreement); then
    clusters from different articles whose pooled terms agree are merged, since
    several articles often report one event.
    """
    scored: dict[tuple[int, int], PairScore] = score_pairs(claims, features, settings)
    similarity = {pair: value.score for pair, value in scored.items()}
    clusters = average_linkage(len(claims), similarity, settings.link_threshold)
    if settings.merge_threshold < 1.0:
        clusters = merge_across_articles(clusters, claims, features, settings)
    return [
        group
        for group in clusters
        if _claimant_count(claims, group) >= settings.min_claimants
        and len(group) >= settings.min_claims
    ]


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
) -> list[list[int]]:
    """Merge clusters of different articles whose centroids are close (average linkage)."""
    idf = inverse_document_frequency(features)
    sizable = [c for c in clusters if len(c) >= settings.merge_min_size]
    centroids = [centroid(c, features, idf, settings.context_weight) for c in sizable]
    similarity: dict[tuple[int, int], float] = {}
    for a, b in itertools.combinations(range(len(sizable)), 2):
        if {claims[i].article for i in sizable[a]} != {claims[i].article for i in sizable[b]}:
            shared = centroids[a].keys() & centroids[b].keys()
            similarity[(a, b)] = sum(centroids[a][t] * centroids[b][t] for t in shared)
    merged = average_linkage(len(sizable), similarity, settings.merge_threshold)
    small = [c for c in clusters if len(c) < settings.merge_min_size]
    return [sorted(i for part in group for i in sizable[part]) for group in merged] + small


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
