"""Filters, cursors and claim context: the pure parts of the read side."""

from datetime import UTC, date, datetime

import pytest

from app.errors import UserError
from app.keyset import decode_cursor, encode_cursor
from app.queries import SORT_ORDERS, ClaimFilters
from app.web.claims import claim_context


def test_filters_from_query_parameters() -> None:
    filters = ClaimFilters.parse(
        {"q": " dam ", "kind": "direct", "date_from": "2026-11-01", "sort": "oldest", "x": "y"}
    )
    assert filters == ClaimFilters(
        q="dam", kind="direct", date_from=date(2026, 11, 1), sort="oldest"
    )
    assert filters.to_params() == {
        "q": "dam",
        "kind": "direct",
        "date_from": "2026-11-01",
        "sort": "oldest",
    }
    assert ClaimFilters.parse({"q": "", "kind": "", "sort": ""}) == ClaimFilters()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "16/11/2026"}, "The 'date_from' filter must be a date like 2026-11-16."),
        ({"date_to": "yesterday"}, "The 'date_to' filter must be a date like 2026-11-16."),
        ({"kind": "quote"}, "The 'kind' filter must be one of: direct, indirect, mixed."),
        ({"article_id": "ten"}, "The 'article_id' filter must be a whole number like 42."),
        (
            {"sort": "loudest"},
            "The 'sort' filter must be one of: newest, oldest, claimant, outlet.",
        ),
    ],
)
def test_bad_filters_say_what_to_write(params: dict[str, str], message: str) -> None:
    with pytest.raises(UserError) as caught:
        ClaimFilters.parse(params)
    assert caught.value.message == message
    assert caught.value.status_code == 400


def test_cursor_round_trip_keeps_types() -> None:
    columns = SORT_ORDERS["newest"]
    key = [datetime(2026, 11, 16, 8, 30, tzinfo=UTC), 41]
    cursor = encode_cursor("newest", columns, key)
    assert "=" not in cursor and "/" not in cursor and "+" not in cursor
    assert decode_cursor(cursor, "newest", columns) == key
    assert decode_cursor(encode_cursor("newest", columns, [None, 3]), "newest", columns) == [
        None,
        3,
    ]


@pytest.mark.parametrize(
    "cursor", ["%%%", "bm90IGpzb24", "e30", "W10", "eyJvIjoibmV3ZXN0IiwiayI6WzFdfQ"]
)
def test_damaged_cursor_is_refused(cursor: str) -> None:
    with pytest.raises(UserError) as caught:
        decode_cursor(cursor, "newest", SORT_ORDERS["newest"])
    assert caught.value.message.startswith("This page link is damaged or out of date.")


def test_cursor_from_another_sort_is_refused() -> None:
    cursor = encode_cursor("claimant", SORT_ORDERS["claimant"], ["varga", 3])
    with pytest.raises(UserError, match="another sort order"):
        decode_cursor(cursor, "newest", SORT_ORDERS["newest"])


TEXT = (
    "The ferry ran late again on Tuesday. Captain Oda Strand said the engines were fine. "
    "Passengers disagreed loudly."
)


def test_context_is_the_whole_text_when_short() -> None:
    start = TEXT.index("the engines")
    end = start + len("the engines were fine")
    ctx = claim_context(TEXT, start, end, TEXT.index("Captain"), TEXT.index("fine.") + 5)
    assert (ctx.before, ctx.claim, ctx.after) == (
        "The ferry ran late again on Tuesday. Captain Oda Strand said ",
        "the engines were fine",
        ". Passengers disagreed loudly.",
    )
    assert not ctx.cut_before and not ctx.cut_after


def test_context_is_cut_at_word_breaks() -> None:
    start = TEXT.index("the engines")
    end = start + len("the engines were fine")
    ctx = claim_context(TEXT, start, end, start, end, margin=20)
    assert ctx.before == "Oda Strand said "  # "Captain" would be cut mid-word, so it goes
    assert ctx.after == ". Passengers"
    assert ctx.cut_before and ctx.cut_after
