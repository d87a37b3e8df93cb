"""Claimant profiles (pooled claims of one source against another's); disputes need disagreement."""

from __future__ import annotations

import dataclasses

from app.relate.candidates import inverse_document_frequency
from app.relate.facts import ClaimFacts
from app.relate.features import analyse_claims
from app.relate.grouping import group_disputes
from app.relate.profiles import ProfileSimilarity, claimant_profiles
from app.relate.suggest import DEFAULT_SETTINGS, score_pairs


def _claim(number: int, claimant: str, content: str, article: str = "a1") -> ClaimFacts:
    return ClaimFacts(id=str(number), article=article, claimant=claimant, content=content,
                      start=number * 500)


CLAIMS = [
    _claim(0, "Mayor Ilsa Brandt", "the new ferry terminal will open in spring"),
    _claim(1, "Mayor Ilsa Brandt", "the ferry contract was awarded fairly"),
    _claim(2, "Councillor Otto Vray", "the ferry contract was rigged for a donor"),
    _claim(3, "Harbour Guild", "fishing quotas for herring must be raised"),
]


def test_sources_talking_about_the_same_things_have_close_profiles() -> None:
    features = analyse_claims(CLAIMS)
    idf = inverse_document_frequency(features)
    similarity = ProfileSimilarity(claimant_profiles(CLAIMS, features, idf, 0.4))
    mayor_vs_councillor = similarity(CLAIMS[0], CLAIMS[2])
    mayor_vs_guild = similarity(CLAIMS[0], CLAIMS[3])
    assert mayor_vs_councillor > mayor_vs_guild
    assert similarity(CLAIMS[2], CLAIMS[0]) == mayor_vs_councillor
    assert abs(similarity(CLAIMS[0], CLAIMS[1]) - 1.0) < 1e-9


def test_profile_weight_raises_only_pairs_of_different_claimants() -> None:
    features = analyse_claims(CLAIMS)
    off = dataclasses.replace(DEFAULT_SETTINGS, profile_weight=0.0)
    on = dataclasses.replace(DEFAULT_SETTINGS, profile_weight=0.5)
    without, with_profiles = score_pairs(CLAIMS, features, off), score_pairs(CLAIMS, features, on)
    assert with_profiles[(0, 1)].score == without[(0, 1)].score
    assert with_profiles[(0, 2)].score > without[(0, 2)].score


AGREEING = [
    ClaimFacts(id="0", article="b1", claimant="Transit Board", start=0,
               content="the tram bridge over the Lenn river opens to passengers in June"),
    ClaimFacts(id="1", article="b1", claimant="Mayor Ilsa Brandt", start=120,
               content="passengers will cross the Lenn river on the tram bridge in June"),
]


def test_sources_that_only_agree_form_no_dispute() -> None:
    lenient = dataclasses.replace(DEFAULT_SETTINGS, require_disagreement=False)
    assert len(set(group_disputes(AGREEING, lenient).values())) == 1
    assert set(group_disputes(AGREEING).values()) == {None}
