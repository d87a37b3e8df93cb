"""Direct quotations: marks, splits, colons and quotations running over paragraphs."""

from __future__ import annotations

from app.extract import extract_claims
from tests.unit.conftest import Finder


def test_straight_marks_with_inverted_attribution(claim_with: Finder) -> None:
    text = '"The dam will hold through the winter," said engineer Talia Marsh.'
    claim = claim_with(text, "The dam")
    assert claim.content == "The dam will hold through the winter,"
    assert claim.claimant == "Talia Marsh"
    assert claim.claimant_kind == "person"
    assert claim.kind == "direct"
    assert claim.cue == "said"


def test_curly_marks_and_organisation_speaker(claim_with: Finder) -> None:
    text = "“We will reopen the paper mill next year,” the Corvane Paper Company said."
    claim = claim_with(text, "We will")
    assert claim.content == "We will reopen the paper mill next year,"
    assert claim.claimant == "the Corvane Paper Company"
    assert claim.claimant_kind == "organisation"
    assert claim.kind == "direct"


def test_nested_single_quotes_stay_in_content(claim_with: Finder) -> None:
    text = "“The nurses called it ‘a small miracle’ at the time,” Amina Okoro said."
    claim = claim_with(text, "The nurses")
    assert claim.content == "The nurses called it ‘a small miracle’ at the time,"
    assert claim.claimant == "Amina Okoro"


def test_quote_split_by_attribution_gives_two_claims() -> None:
    text = (
        "Ingrid Valesco runs the ferry service on the lake.\n"
        "“The water is rising fast,” she said. “We must leave before dark.”"
    )
    claims = extract_claims(text)
    assert [c.content for c in claims] == [
        "The water is rising fast,",
        "We must leave before dark.",
    ]
    assert [c.claimant for c in claims] == ["Ingrid Valesco", "Ingrid Valesco"]
    assert all(c.kind == "direct" for c in claims)
    assert claims[1].cue == ""


def test_quote_introduced_by_colon(claim_with: Finder) -> None:
    text = "The mayor, Petra Lindqvist, told residents: “The bridge stays closed until spring.”"
    claim = claim_with(text, "The bridge")
    assert claim.content == "The bridge stays closed until spring."
    assert claim.claimant == "Petra Lindqvist"
    assert claim.kind == "direct"


def test_newspaper_quote_over_paragraphs_keeps_its_speaker() -> None:
    text = (
        "“We saw the lights first,” said Colonel Ravi Dunmore. “Then the engines stopped "
        "and nobody spoke for an hour.\n"
        "“By morning the whole valley knew what had happened.”\n"
    )
    claims = extract_claims(text)
    assert [c.content for c in claims] == [
        "We saw the lights first,",
        "Then the engines stopped and nobody spoke for an hour.",
        "By morning the whole valley knew what had happened.",
    ]
    assert {c.claimant for c in claims} == {"Ravi Dunmore"}


def test_unattributed_quote_paragraph_continues_previous_speaker() -> None:
    text = (
        "Farmer Odile Brandt said the harvest had been the worst in a decade.\n"
        "“We lost almost everything in the storm.”"
    )
    claims = extract_claims(text)
    assert claims[-1].content == "We lost almost everything in the storm."
    assert claims[-1].claimant == "Odile Brandt"
    assert claims[-1].cue == ""


def test_quote_signed_after_a_dash(claim_with: Finder) -> None:
    text = "“Every vote in this valley counts.” ― Marta Quell"
    claim = claim_with(text, "Every vote")
    assert claim.claimant == "Marta Quell"


def test_short_title_in_quotes_is_not_a_claim() -> None:
    text = "She spoke to the radio programme “Morning Hour” about the election."
    assert extract_claims(text) == []


def test_document_reading_splits_a_quotation() -> None:
    text = '"Now that the season is over," the club statement reads, "the coach will step down."'
    claims = extract_claims(text)
    assert [c.content for c in claims] == ["Now that the season is over,",
                                           "the coach will step down."]
    assert {c.claimant for c in claims} == {"the club statement"}
    assert claims[0].claimant_kind == "document"


def test_label_fragment_after_with(claim_with: Finder) -> None:
    text = ('The Lisbury council said that the repair bill could reach 2 million, with one '
            'engineer calling it "a scandal of remarkable proportions."')
    claim = claim_with(text, "a scandal")
    assert claim.content == "a scandal of remarkable proportions."
    assert claim.kind == "direct"
    assert claim.mention == "one engineer"
    council = claim_with(text, "the repair bill")
    assert council.content == "the repair bill could reach 2 million"
