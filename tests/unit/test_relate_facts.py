"""Claim records from extractor JSON, gold-like dicts and plain text."""

from __future__ import annotations

from datetime import date

from app.relate.facts import (
    ClaimFacts,
    facts_from_mapping,
    normalise_claimant,
    sentence_around,
)
from app.relate.features import analyse_text
from app.relate.quantities import parse_number

ARTICLE = (
    "Floods hit Port Halden on Sunday. The mayor said 40 homes were lost. "
    "Residents disputed that figure.\nA second paragraph follows."
)


def test_sentence_around_finds_the_enclosing_sentence() -> None:
    start = ARTICLE.index("40 homes")
    assert sentence_around(ARTICLE, start, start + 8) == "The mayor said 40 homes were lost."


def test_sentence_around_stops_at_a_paragraph_break() -> None:
    start = ARTICLE.index("Residents")
    assert sentence_around(ARTICLE, start, start + 9) == "Residents disputed that figure."


def test_facts_from_extractor_json_use_sentence_offsets_and_quantities() -> None:
    start = ARTICLE.index("40 homes were lost")
    record = {
        "claimant": "the mayor",
        "content": "40 homes were lost",
        "start": start,
        "end": start + 18,
        "cue": "said",
        "sentence_start": ARTICLE.index("The mayor"),
        "sentence_end": ARTICLE.index("Residents") - 1,
        "quantities": [{"text": "40", "low": 40, "high": 40, "counts": "homes", "approx": False}],
        "published": "2031-04-02T10:00:00",
    }
    facts = facts_from_mapping(record, "c1", "halden.txt", ARTICLE)
    assert facts.sentence == "The mayor said 40 homes were lost."
    assert facts.quantities is not None and facts.quantities[0].counts == "homes"
    assert facts.published == date(2031, 4, 2)
    assert facts.start == start


def test_an_overlong_sentence_span_falls_back_to_the_claims_own_sentence() -> None:
    # An upstream splitter that failed hands over the whole article as one "sentence";
    # relating would then give every claim the same context.
    log = (f"Item {n} of the Brask canal log says the locks opened late." for n in range(20))
    article = " ".join(log)
    article += " The harbour master said the east lock was flooded."
    start = article.index("the east lock")
    record = {
        "claimant": "the harbour master", "content": "the east lock was flooded",
        "start": start, "end": start + 25, "sentence_start": 0, "sentence_end": len(article),
    }
    facts = facts_from_mapping(record, "c1", "brask.txt", article)
    assert facts.sentence == "The harbour master said the east lock was flooded."


def test_facts_without_text_keep_a_given_sentence() -> None:
    facts = facts_from_mapping({"claimant": "X", "content": "c", "sentence": "X said c."}, "1", "a")
    assert facts.sentence == "X said c."
    assert facts.quantities is None
    assert facts.context == "X said c."


def test_context_falls_back_to_content() -> None:
    assert ClaimFacts(id="1", article="a", claimant="X", content="c").context == "c"


def test_normalise_claimant_ignores_case_article_and_apostrophes() -> None:
    assert normalise_claimant("The  Harbour Board’s") == normalise_claimant("harbour board's")


def test_parse_number_reads_digits_and_words() -> None:
    assert parse_number("2,500") == 2500
    assert parse_number("eight") == 8
    assert parse_number("several") is None


def test_quantities_are_read_from_content_when_missing() -> None:
    features = analyse_text("more than 70 fishermen were killed and dozens were injured")
    by_count = {q.counts: q for q in features.quantities}
    assert by_count["killed"].low == 70 and by_count["killed"].high is None
    assert by_count["injured"].low == 24
