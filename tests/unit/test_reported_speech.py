"""Reported speech: reporting verbs, according to, headlines, split and mixed clauses."""

from __future__ import annotations

import pytest

from tests.unit.conftest import Finder


def test_said_with_clause(claim_with: Finder) -> None:
    text = "The Harbour Authority said the port would close on Monday."
    claim = claim_with(text, "the port")
    assert claim.content == "the port would close on Monday"
    assert claim.claimant == "The Harbour Authority"
    assert claim.kind == "indirect"
    assert claim.cue == "said"


@pytest.mark.parametrize(
    ("sentence", "content", "cue"),
    [
        ("Jonas Varga has repeatedly denied that he took the money.", "he took the money",
         "denied"),
        ("Jonas Varga warned that fuel prices could double by winter.",
         "fuel prices could double by winter", "warned"),
        ("Jonas Varga insists the audit was rushed.", "the audit was rushed", "insists"),
        ("Jonas Varga had claimed that the vote was rigged.", "the vote was rigged", "claimed"),
        ("Jonas Varga added that the talks would resume in June.",
         "the talks would resume in June", "added"),
        ("Jonas Varga announced that the plant would be sold.", "the plant would be sold",
         "announced"),
        ("Jonas Varga wrote that the decision was a mistake.", "the decision was a mistake",
         "wrote"),
    ],
)
def test_reporting_verbs_in_any_tense(claim_with: Finder, sentence: str, content: str,
                                      cue: str) -> None:
    claim = claim_with(sentence, content[:6])
    assert claim.content == content
    assert claim.claimant == "Jonas Varga"
    assert claim.cue == cue
    assert claim.kind == "indirect"


def test_trailing_attribution(claim_with: Finder) -> None:
    text = "The shipment never arrived, said Mr Tobias Wren."
    claim = claim_with(text, "The shipment")
    assert claim.content == "The shipment never arrived"
    assert claim.claimant == "Tobias Wren"


def test_according_to(claim_with: Finder) -> None:
    text = "The fire started in the kitchen, according to the Lisbury fire service."
    claim = claim_with(text, "The fire")
    assert claim.content == "The fire started in the kitchen"
    assert claim.claimant == "the Lisbury fire service"
    assert claim.cue == "according to"


def test_headline_says(claim_with: Finder) -> None:
    text = "Lisbury mayor says bridge will reopen in May\n\nThe repairs began last week."
    claim = claim_with(text, "bridge")
    assert claim.content == "bridge will reopen in May"
    assert claim.claimant == "Lisbury mayor"


def test_told_reporters(claim_with: Finder) -> None:
    text = "Councillor Rosa Elkin told reporters that the budget was balanced."
    claim = claim_with(text, "the budget")
    assert claim.content == "the budget was balanced"
    assert claim.claimant == "Rosa Elkin"
    assert claim.cue == "told"


def test_clause_split_by_attribution(claim_with: Finder) -> None:
    text = "The council, Elkin said, had ignored every warning about the levee."
    claim = claim_with(text, "had ignored")
    assert claim.content == "had ignored every warning about the levee"
    assert claim.claimant == "Elkin"


def test_mixed_clause_with_quoted_fragment(claim_with: Finder) -> None:
    text = "Rosa Elkin said the flood was caused by “years of neglect” in the valley."
    claim = claim_with(text, "the flood")
    assert claim.content == "the flood was caused by “years of neglect” in the valley"
    assert claim.kind == "mixed"
    assert claim.claimant == "Rosa Elkin"


def test_headline_label_colon(claim_with: Finder) -> None:
    text = "Brandt: Valley farms need help before winter\n\nThe harvest failed."
    claim = claim_with(text, "Valley farms")
    assert claim.claimant == "Brandt"
    assert claim.cue == ":"


def test_object_of_call_for(claim_with: Finder) -> None:
    text = "The union called for an independent inquiry into the closures."
    claim = claim_with(text, "an independent")
    assert claim.content == "an independent inquiry into the closures"
    assert claim.claimant == "The union"
