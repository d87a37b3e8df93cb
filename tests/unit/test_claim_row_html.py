"""The claims table writes its badges, date and tags out in full rather than calling the shared
macros (a macro call per cell was most of a 50-row page's rendering). These tests keep the two
spellings the same: a change to a macro that the table does not follow fails here."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.queries import ClaimRow
from app.web.render import templates


def claim(**overrides: object) -> ClaimRow:
    values: dict[str, object] = {
        "id": 41,
        "article_id": 9,
        "article_title": "Harbour <closure> row",
        "outlet": "Vell Courier & Post",
        "article_url": None,
        "published_at": datetime(2026, 3, 4, 7, 30, tzinfo=UTC),
        "claimant": 'Ines "Bo" Ardal',
        "actor_id": 12,
        "claimant_kind": "person",
        "mention": "Ardal",
        "cue": "said",
        "kind": "mixed",
        "status": "contested",
        "content": "The gates <b>stay</b> shut",
        "start": 0,
        "end": 26,
        "sentence_start": 0,
        "sentence_end": 30,
        "extractor_version": "rules-1",
        "version": 3,
        "tags": ("ferry & port", "strike"),
        "claimant_side": "union",
        "claimant_access": "first-hand",
    }
    values.update(overrides)
    return ClaimRow(**values)  # type: ignore[arg-type]


def render(source: str, **context: object) -> str:
    return templates.env.from_string(source).render(csrf_token="t" * 43, **context)


def row(c: ClaimRow, editable: bool) -> str:
    return render(
        '{% from "_claims_table.html" import claim_row %}{{ claim_row(c, True, editable) }}',
        c=c,
        editable=editable,
    )


def macro(call: str, c: ClaimRow) -> str:
    imports = "kind_badge, status_badge, date, claimant_facts, tag_list"
    return render('{% from "_macros.html" import ' + imports + " %}{{ " + call + " }}", c=c)


CELLS = [
    "kind_badge(c.kind)",
    "status_badge(c.status)",
    "date(c.published_at)",
    "claimant_facts(c.claimant_side, c.claimant_access)",
    "tag_list(c.tags)",
]


@pytest.mark.parametrize("call", CELLS)
@pytest.mark.parametrize(
    "variant",
    [
        {},
        {"kind": "direct", "status": "supported", "tags": (), "published_at": None},
        {"kind": "indirect", "claimant_side": None, "claimant_access": None},
    ],
)
def test_the_row_spells_each_cell_as_the_shared_macro_does(
    call: str, variant: dict[str, object]
) -> None:
    c = claim(**variant)
    expected = macro(call, c)
    assert expected in row(c, editable=False)
    if not call.startswith(("status_badge", "tag_list")):  # an editor's row has a form there
        assert expected in row(c, editable=True)


def test_the_row_escapes_what_it_writes_out() -> None:
    html = row(claim(), editable=False)
    assert "<b>stay</b>" not in html and "&lt;b&gt;stay&lt;/b&gt;" in html
    assert "Vell Courier &amp; Post" in html
    assert "#ferry &amp; port" in html and "tag=ferry%20%26%20port" in html
