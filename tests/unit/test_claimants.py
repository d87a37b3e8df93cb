"""Who said it: pronouns, surnames, descriptions, organisations, documents, furniture."""

from __future__ import annotations

from app.extract import extract_claims
from tests.unit.conftest import Finder


def test_he_resolves_to_the_last_person(claim_with: Finder) -> None:
    text = (
        "Harbour master Lucan Ferris inspected the pier on Tuesday.\n"
        "He said the timber had rotted through."
    )
    claim = claim_with(text, "the timber")
    assert claim.claimant == "Lucan Ferris"
    assert claim.mention == "He"
    assert claim.claimant_kind == "person"


def test_mr_surname_resolves_to_full_name(claim_with: Finder) -> None:
    text = (
        "Lucan Ferris has run the harbour for twenty years.\n"
        "Mr Ferris said the new cranes would arrive in spring."
    )
    claim = claim_with(text, "the new cranes")
    assert claim.claimant == "Lucan Ferris"
    assert claim.mention == "Mr Ferris"


def test_bare_surname_resolves_to_full_name(claim_with: Finder) -> None:
    text = (
        "Dr Selma Arkwright leads the clinic.\n"
        "Arkwright said waiting times had halved since March."
    )
    claim = claim_with(text, "waiting times")
    assert claim.claimant == "Selma Arkwright"


def test_the_group_resolves_to_the_named_group(claim_with: Finder) -> None:
    text = (
        "“We will march again on Sunday,” the Northern Farmers Alliance said.\n"
        "“Nobody listens to the valley,” the group added."
    )
    claim = claim_with(text, "Nobody listens")
    assert claim.claimant == "the Northern Farmers Alliance"
    assert claim.mention == "the group"


def test_it_resolves_to_an_organisation(claim_with: Finder) -> None:
    text = (
        "The Corvane Paper Company closed its last mill in May.\n"
        "It said the closure was permanent."
    )
    claim = claim_with(text, "the closure")
    assert claim.claimant == "The Corvane Paper Company"
    assert claim.claimant_kind == "organisation"


def test_possessive_ministry_is_government(claim_with: Finder) -> None:
    text = "Freedonia's transport ministry said the tunnel would open in June."
    claim = claim_with(text, "the tunnel")
    assert claim.claimant == "Freedonia's transport ministry"
    assert claim.claimant_kind == "government"


def test_document_as_claimant(claim_with: Finder) -> None:
    text = "The inspection report says the school roof is unsafe."
    claim = claim_with(text, "the school")
    assert claim.claimant == "The inspection report"
    assert claim.claimant_kind == "document"


def test_outlet_as_claimant(claim_with: Finder) -> None:
    text = "The Lisbury Herald reported that the mayor had resigned."
    claim = claim_with(text, "the mayor")
    assert claim.claimant == "The Lisbury Herald"
    assert claim.claimant_kind == "organisation"


def test_described_speaker_keeps_description(claim_with: Finder) -> None:
    text = "A senior harbour official said the ferry would not sail."
    claim = claim_with(text, "the ferry")
    assert claim.claimant == "A senior harbour official"
    assert claim.claimant_kind == "unnamed"


def test_group_of_people(claim_with: Finder) -> None:
    text = "Local residents said the water had turned brown overnight."
    claim = claim_with(text, "the water")
    assert claim.claimant == "Local residents"
    assert claim.claimant_kind == "group"


def test_byline_furniture_and_bio_are_not_claims() -> None:
    text = (
        "By Anna Kell\n"
        "E-mail this page\n"
        "Printer friendly version\n"
        "Anna Kell is a correspondent for the Lisbury Herald who said she loves rivers.\n"
    )
    assert extract_claims(text) == []


def test_aliases_collect_other_names() -> None:
    text = (
        "Harbour master Lucan Ferris said the pier was unsafe.\n"
        "Mr Ferris said repairs would take a year."
    )
    claims = extract_claims(text)
    assert claims[-1].claimant == "Lucan Ferris"
    assert "Mr Ferris" in claims[-1].claimant_aliases
