"""Articles of one story are compared claim by claim; disputes need enough disagreement."""

from __future__ import annotations

from app.relate.candidates import inverse_document_frequency
from app.relate.facts import ClaimFacts
from app.relate.features import analyse_claims
from app.relate.grouping import has_disagreement
from app.relate.profiles import MAX_STORY_PARTNERS, same_story_articles
from app.relate.signals import Signal
from app.relate.suggest import DEFAULT_SETTINGS, PairScore, score_pairs


def claim(n: int, article: str, claimant: str, content: str) -> ClaimFacts:
    return ClaimFacts(id=str(n), article=article, claimant=claimant, content=content,
                      start=n * 300)


# Two outlets on one fictional story (a collapsed footbridge) and one on another.
GAZETTE = [
    claim(0, "gazette", "Mayor Tomas Reyl", "the Varrow footbridge collapsed because of the flood"),
    claim(1, "gazette", "the engineers' guild", "the Varrow footbridge was never inspected"),
    claim(2, "gazette", "Mayor Tomas Reyl", "the footbridge inspection was done in March"),
]
HERALD = [
    claim(3, "herald", "the engineers' guild", "inspectors never visited the Varrow footbridge"),
    claim(4, "herald", "the city council", "the footbridge collapse was caused by the flood"),
]
SPORTS = [
    claim(5, "sports", "coach Ines Marr", "the Varrow rowing club won the spring regatta"),
    claim(6, "sports", "the club captain", "the regatta crowd was the largest in years"),
]
CLAIMS = GAZETTE + HERALD + SPORTS


def stories_of(claims: list[ClaimFacts]) -> set[tuple[str, str]]:
    features = analyse_claims(claims)
    idf = inverse_document_frequency(features)
    return same_story_articles(claims, features, idf, 0.4, DEFAULT_SETTINGS.story_threshold)


def test_articles_about_one_story_are_found_and_others_are_not() -> None:
    assert stories_of(CLAIMS) == {("gazette", "herald")}


def test_claims_of_one_story_are_all_compared_and_other_stories_never() -> None:
    features = analyse_claims(CLAIMS)
    scored = score_pairs(CLAIMS, features, DEFAULT_SETTINGS, stories_of(CLAIMS))
    across = {(i, j) for i, j in scored if CLAIMS[i].article != CLAIMS[j].article}
    assert across == {(i, j) for i in range(3) for j in (3, 4)}
    # Without stories the blocking alone decides, and it misses pairs of one story.
    blocked = score_pairs(CLAIMS, features, DEFAULT_SETTINGS)
    assert not {(i, j) for i in range(3) for j in (3, 4)} <= set(blocked)


def pair(topic: float, *signals: Signal) -> PairScore:
    return PairScore(score=topic, topic=Signal("topic", topic, ""), signals=signals)


CONTRAST = Signal("contrast", 0.5, "the article contrasts the accounts")
FIGURES = Signal("quantity", 1.0, "both give a killed figure: 4 vs 40")
SIDES = [claim(n, "a", f"source {n % 3}", f"claim {n}") for n in range(6)]


def test_one_stray_contrast_does_not_make_a_large_cluster_a_dispute() -> None:
    scored = {(i, j): pair(0.3) for i in range(6) for j in range(i + 1, 6)}
    scored[(0, 1)] = pair(0.3, CONTRAST)
    assert not has_disagreement(range(6), SIDES, scored)
    scored[(1, 2)] = pair(0.3, FIGURES)
    assert has_disagreement(range(6), SIDES, scored)


def test_signals_between_claims_on_other_topics_do_not_count() -> None:
    scored = {(i, j): pair(0.3) for i in range(6) for j in range(i + 1, 6)}
    scored[(0, 1)] = pair(0.05, FIGURES, CONTRAST)
    assert not has_disagreement(range(6), SIDES, scored)


def test_two_claims_need_only_one_signal() -> None:
    assert has_disagreement([0, 1], SIDES, {(0, 1): pair(0.3, FIGURES)})
    assert not has_disagreement([0, 1], SIDES, {(0, 1): pair(0.3)})
    assert not has_disagreement([0, 3], SIDES, {(0, 3): pair(0.3, FIGURES)})  # one source


def test_an_article_is_compared_with_its_closest_reports_only() -> None:
    copies = [
        claim(n, f"outlet{n:02}", f"source {n}", "the Varrow footbridge collapsed in the flood")
        for n in range(20)
    ]
    stories = stories_of(copies)
    assert len(stories) <= len(copies) * MAX_STORY_PARTNERS < 20 * 19 // 2
    assert all(any(c.article in pair for pair in stories) for c in copies)
