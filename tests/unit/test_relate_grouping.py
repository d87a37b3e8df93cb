"""Candidate blocking, pair suggestions and dispute grouping on fictional claims."""

from __future__ import annotations

from datetime import date

from app.relate.candidates import candidate_pairs
from app.relate.facts import ClaimFacts
from app.relate.features import analyse_claims
from app.relate.grouping import group_disputes
from app.relate.linkage import average_linkage
from app.relate.suggest import suggest_conflicts


def claim(n: int, claimant: str, content: str, article: str = "a", start: int = 0) -> ClaimFacts:
    return ClaimFacts(
        id=str(n), article=article, claimant=claimant, content=content, start=start
    )


DAM_DISPUTE = [
    claim(0, "Governor Ilse Varn", "the Orlen dam was inspected last spring and was safe", 0),
    claim(1, "the engineers' union", "the Orlen dam was never inspected and was unsafe", 120),
    claim(2, "Governor Ilse Varn", "only 12 people were killed when the Orlen dam burst", 240),
    claim(3, "the Red Lantern relief group", "70 people were killed when the Orlen dam burst", 360),
]
UNRELATED = [
    claim(4, "the football league", "the Velmar derby will be played behind closed doors", 9000),
    claim(5, "the football league", "ticket refunds for the derby start on Monday", 9100),
]


def test_average_linkage_merges_only_similar_items() -> None:
    similarity = {(0, 1): 0.9, (1, 2): 0.8, (0, 2): 0.7, (2, 3): 0.1}
    assert average_linkage(4, similarity, threshold=0.5) == [[0, 1, 2], [3]]


def test_average_linkage_uses_the_mean_over_cross_pairs() -> None:
    similarity = {(0, 1): 0.9, (1, 2): 0.6}
    # {0,1} vs {2}: mean of 0.0 and 0.6 is 0.3 < 0.5, so 2 stays alone.
    assert average_linkage(3, similarity, threshold=0.5) == [[0, 1], [2]]


def test_average_linkage_merges_the_best_pair_first() -> None:
    similarity = {(0, 1): 0.6, (1, 2): 0.9, (2, 3): 0.1}
    assert average_linkage(4, similarity, threshold=0.5) == [[0], [1, 2], [3]]


def test_average_linkage_scales_to_many_items() -> None:
    chain = {(i, i + 1): 1.0 for i in range(0, 3000, 2)}
    clusters = average_linkage(3001, chain, threshold=0.5)
    assert len(clusters) == 1501 and clusters[0] == [0, 1]


def test_group_disputes_keys_the_dam_claims_and_leaves_the_rest_out() -> None:
    keys = group_disputes(DAM_DISPUTE + UNRELATED)
    dam_keys = {keys[i] for i in range(4)}
    assert len(dam_keys) == 1 and None not in dam_keys
    assert keys[4] is None and keys[5] is None  # one claimant alone is no dispute


def test_a_key_held_by_one_claimant_is_dropped() -> None:
    same_source = [
        claim(0, "the ministry", "the Orlen dam was safe", 0),
        claim(1, "The Ministry", "the Orlen dam was not safe", 50),
    ]
    assert group_disputes(same_source) == {0: None, 1: None}


def test_suggestions_pair_only_different_claimants_with_reasons() -> None:
    suggestions = suggest_conflicts(DAM_DISPUTE + UNRELATED)
    assert suggestions, "the dam claims should be suggested"
    for suggestion in suggestions:
        first, second = DAM_DISPUTE[suggestion.first], DAM_DISPUTE[suggestion.second]
        assert first.claimant != second.claimant
        assert (suggestion.first_id, suggestion.second_id) == (first.id, second.id)
    tolls = [s for s in suggestions if {s.first, s.second} == {2, 3}]
    assert tolls and any("killed figure" in reason for reason in tolls[0].reasons)
    assert suggestions == sorted(suggestions, key=lambda s: -s.score)


def test_blocking_does_not_compare_unrelated_claims_across_articles() -> None:
    contents = [
        "the Brannock kite festival drew record crowds",
        "cheese prices rose sharply in the valley markets",
        "a new lighthouse opened on the northern cape",
        "the rowing regatta was postponed by strong winds",
        "jazz clubs reported falling attendance this winter",
        "the film archive digitised its oldest reels",
    ]
    claims = [claim(i, f"source {i}", text, f"art{i}") for i, text in enumerate(contents)]
    claims.append(claim(6, "the mayor", "the Brannock kite festival was cancelled", "art6"))
    assert candidate_pairs(claims, analyse_claims(claims)) == {(0, 6)}


def test_blocking_skips_articles_published_months_apart() -> None:
    text = "the Brannock kite festival was cancelled after the storm"
    claims = [
        ClaimFacts(id=str(n), article=str(n), claimant=str(n), content=text, published=day)
        for n, day in enumerate([date(2031, 4, 1), date(2031, 10, 1), date(2031, 4, 5)])
    ]
    assert candidate_pairs(claims, analyse_claims(claims)) == {(0, 2)}


def test_blocking_always_compares_claims_of_one_article() -> None:
    claims = [claim(0, "x", "apples are red"), claim(1, "y", "the tide is high")]
    assert candidate_pairs(claims, analyse_claims(claims)) == {(0, 1)}


def test_a_claim_reported_inside_another_is_never_suggested_against_it() -> None:
    outer = ("inspectors had reached the pumping station at dawn and that its nine guards had "
             "left after being promised that outside engineers would check the sluice gears")
    inner = "outside engineers would check the sluice gears"
    claims = [
        claim(0, "the Marrow Basin Authority", outer, "a", 100),
        claim(1, "its nine guards", inner, "a", 100 + outer.index(inner)),
        claim(2, "the pump operators' union",
              "no outside engineers will ever check the sluice gears", "b", 40),
    ]
    pairs = {(s.first, s.second) for s in suggest_conflicts(claims, min_score=0.0)}
    assert (0, 1) not in pairs  # the same words, reported twice: no conflict
    assert (1, 2) in pairs  # the nested claim still meets other accounts
