"""Quantities: values, ranges, units and what they count."""

from __future__ import annotations

import pytest

from app.extract.quantities import find_quantities


def _only(text: str) -> tuple[float | None, float | None, bool, str | None, str | None]:
    found = find_quantities(text)
    assert len(found) == 1, found
    q = found[0]
    assert text[q.start : q.end] == q.text
    return q.low, q.high, q.approx, q.unit, q.counts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("more than 70 soldiers were killed", (71, None, False, "troops", "killed")),
        ("about 100 people were evacuated", (100, 100, True, "people", "evacuated")),
        ("dozens of villagers were injured", (24, 99, True, None, "injured")),
        ("four armoured vehicles were destroyed", (4, 4, False, "vehicles", "destroyed")),
        ("the contract was worth $3m", (3_000_000, 3_000_000, False, "usd", "money")),
        ("a budget of 1.5 million euros", (1_500_000, 1_500_000, False, "eur", "money")),
        ("at least seven people died", (7, None, False, "people", "killed")),
        ("up to 40 families were displaced", (None, 40, False, None, "displaced")),
        ("between 10 and 20 troops", (10, 20, False, "troops", "troops")),
        ("twenty-five soldiers", (25, 25, False, "troops", "troops")),
        ("fewer than 30 homes", (None, 29, False, "homes", None)),
        ("tens of thousands of people", (20_000, 99_999, True, "people", None)),
        ("turnout fell by 12%", (12, 12, False, "percent", "percent")),
        ("three to four megabytes a day", (3, 4, False, "megabytes", None)),
    ],
)
def test_quantity_rules(text: str, expected: tuple[object, ...]) -> None:
    assert _only(text) == expected


def test_offsets_are_shifted_into_the_article() -> None:
    found = find_quantities("about 8 were hurt", offset=100)
    assert (found[0].start, found[0].end, found[0].text) == (106, 107, "8")


def test_text_without_numbers() -> None:
    assert find_quantities("nothing to count here") == []


def test_claims_carry_their_quantities() -> None:
    from app.extract import extract_claims

    text = "Governor Ilse Marek said more than 70 people had been evacuated."
    claims = extract_claims(text)
    assert len(claims) == 1
    (quantity,) = claims[0].quantities
    assert (quantity.low, quantity.counts) == (71, "evacuated")
    assert text[quantity.start : quantity.end] == "70"
