"""Disagreement signals between two claims.

Each signal is a pure function of two claims' features and returns a `Signal`:
a score in 0..1 and a reason an editor can read ("both give a killed figure: 70 vs 12").
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.relate.facts import QuantityFacts
from app.relate.features import ClaimFeatures, Predicate
from app.relate.lexicon import ANTONYM_FAMILIES

CONTEXT_WEIGHT = 0.5
NO_SIGNAL_REASON = ""


@dataclass(frozen=True, slots=True)
class Signal:
    """One piece of evidence that two claims are about one question or disagree on it."""

    name: str
    score: float
    reason: str


def term_vector(
    features: ClaimFeatures, idf: Mapping[str, float], context_weight: float = CONTEXT_WEIGHT
) -> dict[str, float]:
    """Weighted key terms of a claim: content terms and entities in full, context words less."""
    vector = {term: context_weight * idf.get(term, 1.0) for term in features.context_terms}
    for term in features.terms | features.entities:
        vector[term] = idf.get(term, 1.0)
    return vector


def topic_overlap(
    a: ClaimFeatures,
    b: ClaimFeatures,
    idf: Mapping[str, float],
    context_weight: float = CONTEXT_WEIGHT,
) -> Signal:
    """Cosine of the IDF-weighted key terms and entities the two claims share."""
    va, vb = term_vector(a, idf, context_weight), term_vector(b, idf, context_weight)
    shared = va.keys() & vb.keys()
    norm = math.sqrt(sum(w * w for w in va.values()) * sum(w * w for w in vb.values()))
    if not shared or norm == 0:
        return Signal("topic", 0.0, NO_SIGNAL_REASON)
    score = sum(va[t] * vb[t] for t in shared) / norm
    top = sorted(shared, key=lambda t: (-va[t] * vb[t], t))[:4]
    return Signal("topic", score, "both mention " + ", ".join(top))


def quantity_conflict(a: ClaimFeatures, b: ClaimFeatures) -> Signal:
    """Figures for the same counted thing whose ranges do not overlap."""
    for qa in a.quantities:
        for qb in b.quantities:
            if qa.counts and qa.counts == qb.counts and not ranges_overlap(qa, qb):
                reason = f"both give a {qa.counts} figure: {qa.text} vs {qb.text}"
                return Signal("quantity", 1.0, reason)
    return Signal("quantity", 0.0, NO_SIGNAL_REASON)


def ranges_overlap(a: QuantityFacts, b: QuantityFacts, tolerance: float = 0.15) -> bool:
    """Whether two figures can both be right (approximate ones get some slack)."""
    a_low, a_high = _widened(a, tolerance)
    b_low, b_high = _widened(b, tolerance)
    return a_low <= b_high and b_low <= a_high


def _widened(q: QuantityFacts, tolerance: float) -> tuple[float, float]:
    low = q.low if q.low is not None else -math.inf
    high = q.high if q.high is not None else math.inf
    if q.approx:
        low, high = low * (1 - tolerance), high * (1 + tolerance)
    return low, high


def predicate_clash(a: ClaimFeatures, b: ClaimFeatures) -> Signal:
    """One claim negates what the other asserts, or they use antonymic predicates."""
    for pa in a.predicates:
        for pb in b.predicates:
            if pa.lemma == pb.lemma and pa.negated != pb.negated:
                return Signal("negation", 1.0, f"'{_said(pa)}' vs '{_said(pb)}'")
    for pa, pb in _antonymic_pairs(a.predicates, b.predicates):
        return Signal("antonym", 0.8, f"'{_said(pa)}' vs '{_said(pb)}'")
    return Signal("antonym", 0.0, NO_SIGNAL_REASON)


def _antonymic_pairs(
    left: Iterable[Predicate], right: Iterable[Predicate]
) -> Iterable[tuple[Predicate, Predicate]]:
    right_list = list(right)
    for pa in left:
        for pb in right_list:
            if pa.negated or pb.negated or pa.lemma == pb.lemma:
                continue
            for side_one, side_two in ANTONYM_FAMILIES:
                if (pa.lemma in side_one and pb.lemma in side_two) or (
                    pa.lemma in side_two and pb.lemma in side_one
                ):
                    yield pa, pb
                    break


def _said(predicate: Predicate) -> str:
    return ("not " if predicate.negated else "") + predicate.lemma


def stance_clash(a: ClaimFeatures, b: ClaimFeatures) -> Signal:
    """Opposite stance verbs (deny vs confirm), or a denial set beside an assertion."""
    if _opposed(a.stance, b.stance) or _opposed(b.stance, a.stance):
        return Signal("stance", 1.0, "one confirms what the other denies")
    if ("against" in a.stance) != ("against" in b.stance):
        return Signal("stance", 0.5, "one account is a denial or rejection")
    return Signal("stance", 0.0, NO_SIGNAL_REASON)


def _opposed(first: frozenset[str], second: frozenset[str]) -> bool:
    return "against" in first and "for" in second


def label_clash(a: ClaimFeatures, b: ClaimFeatures) -> Signal:
    """Mutually exclusive labels: a hostile name in one, a sympathetic one in the other."""
    for family_a, word_a in sorted(a.labels):
        for family_b, word_b in sorted(b.labels):
            if family_a != family_b:
                return Signal("label", 1.0, f"called '{word_a}' vs '{word_b}'")
    return Signal("label", 0.0, NO_SIGNAL_REASON)


def contrast_signal(a: ClaimFeatures, b: ClaimFeatures) -> Signal:
    """The article itself sets one of the claims against something ("but", "despite")."""
    if a.contrast or b.contrast:
        return Signal("contrast", 0.5, "the article contrasts the accounts")
    return Signal("contrast", 0.0, NO_SIGNAL_REASON)


DISAGREEMENT_SIGNALS = (quantity_conflict, predicate_clash, stance_clash, label_clash,
                        contrast_signal)


def disagreement_signals(a: ClaimFeatures, b: ClaimFeatures) -> list[Signal]:
    """Every disagreement signal that fired between `a` and `b`."""
    fired = (signal(a, b) for signal in DISAGREEMENT_SIGNALS)
    return [signal for signal in fired if signal.score > 0]
