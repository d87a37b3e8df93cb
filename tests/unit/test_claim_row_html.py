"""The claims table's rows are written in Python (app/web/claim_rows.py) rather than by a Jinja
macro per row (that was most of a 50-row page's rendering). These tests keep the row's cells
spelled as the shared macros in _macros.html spell them, check what the row escapes, and that
an editor's row form carries the page's CSRF token (a plain form posts it; no htmx needed)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.queries import ClaimRow
from app.web.claim_rows import claim_row
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


def row(c: ClaimRow, editable: bool, **options: object) -> str:
    return str(claim_row(c, csrf_token="t" * 43, editable=editable, **options))  # type: ignore[arg-type]


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


def test_a_claimant_without_a_record_links_to_the_claims_by_that_name() -> None:
    html = row(claim(actor_id=None, claimant="Jo & Bo / Ltd"), editable=False)
    assert 'href="/claims?claimant=Jo%20%26%20Bo%20/%20Ltd"' in html
    assert ">Jo &amp; Bo / Ltd</a>" in html
    assert "Claimant" not in row(claim(), editable=False, show_claimant=False)


def test_an_editors_row_posts_its_own_csrf_token_and_where_to_go_back() -> None:
    html = row(claim(), editable=True, back="/claims?q=a&status=contested")
    assert '<input type="hidden" name="csrf_token" value="' + "t" * 43 + '">' in html
    assert '<input type="hidden" name="version" value="3">' in html
    assert 'name="next" value="/claims?q=a&amp;status=contested"' in html
    assert '<option value="contested" selected>contested</option>' in html
    assert 'value="ferry &amp; port, strike"' in html
    assert 'name="ids" value="41"' in html
    assert 'name="ids"' not in row(claim(), editable=True, selectable=False)


def test_the_table_macro_hands_the_token_to_its_rows() -> None:
    html = render(
        '{% from "_claims_table.html" import claims_table %}'
        '{{ claims_table(items, "Claims", csrf_token, editable=True) }}',
        items=[claim(id=1), claim(id=2)],
    )
    assert html.count('name="csrf_token" value="' + "t" * 43 + '"') == 2
    assert 'id="claim-row-1"' in html and 'id="claim-row-2"' in html
