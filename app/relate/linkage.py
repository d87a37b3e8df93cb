"""Average-linkage agglomerative clustering over a sparse similarity graph.

A heap of candidate merges with lazy invalidation keeps this near
O(E log E) for E similarity edges, so thousands of claims cluster quickly.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Mapping

Merge = tuple[float, int, int, int, int]  # (-mean, a, b, version of a, version of b)


class _Clusters:
    """Cluster members, summed cross similarities and a version per cluster."""

    def __init__(self, size: int, similarity: Mapping[tuple[int, int], float]) -> None:
        self.members: dict[int, list[int]] = {i: [i] for i in range(size)}
        self.sums: dict[int, dict[int, float]] = defaultdict(dict)
        self.version: dict[int, int] = dict.fromkeys(range(size), 0)
        for (i, j), value in similarity.items():
            if i != j:
                self.sums[i][j] = self.sums[i].get(j, 0.0) + value
                self.sums[j][i] = self.sums[i][j]

    def mean(self, a: int, b: int) -> float:
        return self.sums[a][b] / (len(self.members[a]) * len(self.members[b]))

    def merge_entry(self, a: int, b: int) -> Merge:
        low, high = min(a, b), max(a, b)
        return (-self.mean(a, b), low, high, self.version[low], self.version[high])

    def is_current(self, entry: Merge) -> bool:
        _, a, b, version_a, version_b = entry
        return (
            a in self.members
            and b in self.members
            and self.version[a] == version_a
            and self.version[b] == version_b
        )

    def merge(self, keep: int, gone: int) -> None:
        self.members[keep] = sorted(self.members[keep] + self.members.pop(gone))
        for other, total in self.sums.pop(gone, {}).items():
            self.sums[other].pop(gone, None)
            if other != keep:
                self.sums[keep][other] = self.sums[keep].get(other, 0.0) + total
                self.sums[other][keep] = self.sums[keep][other]
        self.version[keep] += 1


def average_linkage(
    size: int, similarity: Mapping[tuple[int, int], float], threshold: float
) -> list[list[int]]:
    """Agglomerative clustering of `size` items; absent pairs have similarity 0.

    Two clusters merge while the mean similarity over all their cross pairs is
    at least `threshold`, best merge first (ties: lowest indexes first).
    """
    clusters = _Clusters(size, similarity)
    heap: list[Merge] = []
    for a, row in clusters.sums.items():
        for b in row:
            if a < b and clusters.mean(a, b) >= threshold:
                heap.append(clusters.merge_entry(a, b))
    heapq.heapify(heap)
    while heap:
        entry = heapq.heappop(heap)
        if not clusters.is_current(entry):
            continue
        keep, gone = entry[1], entry[2]
        clusters.merge(keep, gone)
        for other in clusters.sums[keep]:
            if clusters.mean(keep, other) >= threshold:
                heapq.heappush(heap, clusters.merge_entry(keep, other))
    return sorted(clusters.members.values(), key=lambda group: group[0])
