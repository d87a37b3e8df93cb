"""Disagreement signals on made-up sentences about fictional events."""

from __future__ import annotations

from app.relate.facts import QuantityFacts
from app.relate.features import analyse_text
from app.relate.signals import (
    contrast_signal,
    label_clash,
    predicate_clash,
    quantity_conflict,
    ranges_overlap,
    stance_clash,
    topic_overlap,
)
from app.relate.suggest import DEFAULT_SETTINGS, score_pair


def test_death_tolls_that_cannot_both_be_true_conflict() -> None:
    a = analyse_text("70 villagers were killed when the dam at Orlen Gorge burst")
    b = analyse_text("only 12 people were killed in the Orlen Gorge flood")
    signal = quantity_conflict(a, b)
    assert signal.score == 1.0
    assert "killed" in signal.reason and "70" in signal.reason and "12" in signal.reason


def test_deaths_and_injuries_are_different_quantities() -> None:
    a = analyse_text("70 villagers were killed when the dam burst")
    b = analyse_text("eight people were injured when the dam burst")
    assert quantity_conflict(a, b).score == 0.0


def test_overlapping_figures_do_not_conflict() -> None:
    a = analyse_text("more than 40 miners were killed in the collapse")
    b = analyse_text("55 miners were killed in the collapse")
    assert quantity_conflict(a, b).score == 0.0


def test_approximate_figures_get_slack() -> None:
    about = QuantityFacts(text="about 100", low=100, high=100, counts="evacuated", approx=True)
    exact = QuantityFacts(text="110", low=110, high=110, counts="evacuated")
    far = QuantityFacts(text="300", low=300, high=300, counts="evacuated")
    assert ranges_overlap(about, exact)
    assert not ranges_overlap(about, far)


def test_negated_predicate_clashes_with_the_assertion() -> None:
    a = analyse_text("the convoy was destroyed near the Tarsk bridge")
    b = analyse_text("the convoy was not destroyed and reached Tarsk")
    signal = predicate_clash(a, b)
    assert signal.score == 1.0
    assert "not destroy" in signal.reason


def test_antonymic_predicates_clash() -> None:
    a = analyse_text("the rebel column was repelled from the valley")
    b = analyse_text("the rebel column continues to advance along the valley")
    signal = predicate_clash(a, b)
    assert signal.name == "antonym"
    assert signal.score > 0


def test_agreeing_predicates_do_not_clash() -> None:
    a = analyse_text("the ferry sank off the coast of Marrow Isle")
    b = analyse_text("the ferry sank after its engine failed")
    assert predicate_clash(a, b).score == 0.0


def test_denial_against_confirmation_is_a_stance_clash() -> None:
    a = analyse_text(
        "the shipment contained weapons",
        sentence="The harbour authority denied that the shipment contained weapons.",
    )
    b = analyse_text(
        "the shipment contained weapons",
        sentence="The customs office confirmed that the shipment contained weapons.",
    )
    assert stance_clash(a, b).score == 1.0


def test_a_lone_denial_is_a_weaker_stance_signal() -> None:
    a = analyse_text("the pit was risky", sentence="The owners rejected claims the pit was risky.")
    b = analyse_text("the mine was unsafe", sentence="Inspectors said the mine was unsafe.")
    assert stance_clash(a, b).score == 0.5


def test_hostile_and_sympathetic_labels_clash() -> None:
    a = analyse_text("the attackers were terrorists from across the river")
    b = analyse_text("the men are volunteers defending their homes")
    signal = label_clash(a, b)
    assert signal.score == 1.0
    assert "terrorist" in signal.reason and "volunteer" in signal.reason


def test_same_label_family_is_no_clash() -> None:
    a = analyse_text("the attackers were militants")
    b = analyse_text("the attackers were terrorists")
    assert label_clash(a, b).score == 0.0


def test_topic_overlap_prefers_claims_about_the_same_thing() -> None:
    dam = analyse_text("the Orlen Gorge dam burst after the engineers left")
    same = analyse_text("engineers warned that the Orlen Gorge dam would burst")
    other = analyse_text("the football season starts next week in Velmar")
    related = topic_overlap(dam, same, {})
    unrelated = topic_overlap(dam, other, {})
    assert related.score > 0.3 > unrelated.score
    assert "dam" in related.reason


def test_contrast_marker_in_the_sentence_fires() -> None:
    a = analyse_text("the bridge is open", sentence="But the council said the bridge is open.")
    b = analyse_text("the bridge is closed")
    assert contrast_signal(a, b).score > 0
    assert contrast_signal(b, b).score == 0


def test_a_negated_predicate_counts_only_between_claims_on_one_topic() -> None:
    ferry = analyse_text(
        "the Kessel ferry crew did not sail past the northern lighthouse during the winter storm"
    )
    same_trip = analyse_text("the Kessel ferry crew sailed past the northern lighthouse at dawn")
    concert = analyse_text(
        "visiting choirs from Ostrava sailed through a long programme of baroque concertos, "
        "hymns and madrigals at the summer music festival"
    )
    settings = DEFAULT_SETTINGS
    assert predicate_clash(ferry, concert).name == "negation"  # the words alone clash
    on_topic = score_pair(ferry, same_trip, {}, (False, 0.0), settings)
    off_topic = score_pair(ferry, concert, {}, (False, 0.0), settings)
    assert off_topic.topic.score < settings.clash_topic <= on_topic.topic.score
    assert [s.name for s in on_topic.signals] == ["negation"]
    assert not [s for s in off_topic.signals if s.name in {"negation", "antonym"}]
