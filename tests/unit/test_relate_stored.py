"""Stored claim features read back as they were written, and go stale when they should."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from app.relate.facts import ClaimFacts, QuantityFacts
from app.relate.features import ClaimFeatures, Predicate
from app.relate.stored import (
    basis,
    features_from_json,
    features_to_json,
    from_json,
    to_json,
    version_tag,
)

FEATURES = ClaimFeatures(
    terms=frozenset({"bridge", "destroy"}),
    context_terms=frozenset({"army"}),
    entities=frozenset({"velmont"}),
    predicates=(Predicate(lemma="destroy", negated=True), Predicate(lemma="hold", negated=False)),
    labels=frozenset({("hostile", "militant")}),
    stance=frozenset({"against"}),
    contrast=True,
    quantities=(QuantityFacts(text="about 40", low=40.0, high=None, counts="killed",
                              approx=True),),
)


def test_features_survive_a_trip_through_json() -> None:
    stored = json.loads(json.dumps(features_to_json(FEATURES)))
    assert features_from_json(stored) == FEATURES


def test_sets_are_written_in_a_stable_order() -> None:
    assert features_to_json(FEATURES)["terms"] == ["bridge", "destroy"]


def test_unreadable_features_read_as_none() -> None:
    stored = features_to_json(FEATURES)
    del stored["contrast"]  # a field without a default: stale, parse the claim again
    assert features_from_json(stored) is None
    assert features_from_json({**features_to_json(FEATURES), "terms": "bridge"}) is None
    assert features_from_json(None) is None


def test_fields_added_with_defaults_and_fields_removed_are_tolerated() -> None:
    @dataclass(frozen=True)
    class Later:
        terms: frozenset[str]
        modality: tuple[str, ...] = ()
        hedged: bool = False
        extra: list[int] = field(default_factory=list)

    read = from_json(Later, {"terms": ["a"], "stance": ["for"], "hedged": True})
    assert read == Later(terms=frozenset({"a"}), hedged=True)
    assert from_json(Later, to_json(read)) == read


def test_the_version_tag_names_the_version_and_fingerprints() -> None:
    version, schema, words = version_tag().split(".")
    assert version and len(schema) == len(words) == 8


def test_basis_changes_with_what_the_analysis_reads() -> None:
    claim = ClaimFacts(id="1", article="1", claimant="The army", content="The bridge fell",
                       sentence="The bridge fell, the army said.", cue="said")
    assert basis(claim) == basis(ClaimFacts(**{**_fields(claim), "id": "2", "claimant": "X"}))
    for change in ({"content": "The bridge stands"}, {"cue": "denied"},
                   {"sentence": "The bridge fell, the army said on Monday."},
                   {"quantities": (QuantityFacts(text="2", low=2, high=2, counts=None),)}):
        assert basis(ClaimFacts(**{**_fields(claim), **change})) != basis(claim)


def _fields(claim: ClaimFacts) -> dict[str, object]:
    return {name: getattr(claim, name) for name in claim.__slots__}
