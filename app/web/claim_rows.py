"""The rows of a claims table, written in Python.

A 50-row table was the largest part of a claims page's cost, and most of that was Jinja's
per-row machinery (a macro call, attribute lookups through the sandbox-free `getattr`, one
`escape` call per interpolation through the runtime). Here each row is one f-string over
values escaped with markupsafe's C `escape`: the same HTML at about a third of the cost
(docs/performance.md, "Rows without a template").

The cells spell their badges, date and tags the way the shared macros in `_macros.html` do;
tests/unit/test_claim_row_html.py keeps the two the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from app.models import ClaimStatus
from app.queries import ClaimRow
from app.services.claims import STATUS_DEFINITIONS

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
KIND_TITLES = {
    "direct": "Direct quote",
    "indirect": "Reported speech",
    "mixed": "Reported speech with quoted words",
}

# A row's status <select> options with its status selected, built once per status.
STATUS_OPTIONS = {
    selected: "".join(
        f'<option value="{s}"{" selected" if s == selected else ""}>{s}</option>'
        for s in (status.value for status in ClaimStatus)
    )
    for selected in ["", *(s.value for s in ClaimStatus)]
}


_e = escape  # markupsafe's C escape; its Markup result reads as plain text in an f-string


@lru_cache(maxsize=4096)  # tags and names repeat from row to row; quote() is slow
def _query_value(value: str) -> str:
    """A value for a link's query string, as Jinja's `urlencode` filter quotes it."""
    return _e(quote(value.encode(), safe="/"))


@lru_cache(maxsize=64)  # a handful of kinds and statuses: each badge is made once
def kind_badge(kind: str) -> str:
    k = _e(kind)
    return f'<span class="badge kind-{k}" title="{_e(KIND_TITLES.get(kind, kind))}">{k}</span>'


@lru_cache(maxsize=64)
def status_badge(status: str) -> str:
    s = _e(status)
    title = _e(STATUS_DEFINITIONS.get(status, ""))
    return f'<span class="badge status-{s}" title="{title}">{s}</span>'


def date_cell(c: ClaimRow) -> str:
    if not c.published_at:
        return '<span class="muted">undated</span>'
    value = c.published_at
    # strftime("%d %b %Y") in the C locale, at a fifth of the cost
    shown = f"{value.day:02d} {MONTHS[value.month - 1]} {value.year}"
    return f'<time datetime="{value.isoformat()}">{shown}</time>'


def claimant_facts(side: str | None, access: str | None) -> str:
    out = ""
    if side:
        out += f' <span class="badge side" title="Side">{_e(side)}</span>'
    if access:
        title = "Access to what they describe"
        out += f' <span class="badge access" title="{title}">{_e(access)}</span>'
    return out


def tag_list(tags: Iterable[str]) -> str:
    links = "".join(
        f' <a class="tag" href="/claims?tag={_query_value(t)}">#{_e(t)}</a>' for t in tags
    )
    return f'<span class="tags">{links}</span>' if links else ""


@lru_cache(maxsize=64)
def status_choice(status: str) -> str:
    """An editor's status <select> with this status chosen (its definition as the title)."""
    title = _e(STATUS_DEFINITIONS.get(status, ""))
    options = STATUS_OPTIONS.get(status) or STATUS_OPTIONS[""]
    return f"""title="{title}">
        {options}
      </select>"""


@dataclass(frozen=True)
class _Table:
    """What every row of one table shares, escaped once for the table."""

    csrf_token: str
    back: str
    show_claimant: bool
    editable: bool
    selectable: bool

    @property
    def fragment(self) -> str:
        return "row" if self.show_claimant else "row-without-claimant"


def _edit_form(c: ClaimRow, table: _Table) -> str:
    """An editor's status cell: a form that saves the row (htmx swaps the row it returns)."""
    cid = c.id
    return f"""<form method="post" action="/claims/{cid}/edit" class="row-edit"
          hx-post="/claims/{cid}/edit" hx-target="closest tr" hx-swap="outerHTML">
      <input type="hidden" name="csrf_token" value="{table.csrf_token}">
      <input type="hidden" name="version" value="{c.version}">
      <input type="hidden" name="fragment" value="{table.fragment}">
      <input type="hidden" name="next" value="{table.back}">
      <select name="status" aria-label="Status of claim {cid}" {status_choice(c.status)}
      <input name="tags" value="{_e(", ".join(c.tags))}" list="tag-options" autocomplete="off" \
placeholder="tags, comma-separated"
             aria-label="Tags of claim {cid}" hx-get="/tags" \
hx-trigger="input changed delay:200ms" hx-target="#tag-options" hx-swap="innerHTML">
      <button type="submit">Save</button>
    </form>"""


def claim_row(c: ClaimRow, **options: Any) -> Markup:
    """One `<tr>` (after an edit, htmx swaps it in): `claim_rows` of one claim."""
    return claim_rows([c], **options)


def _row(c: ClaimRow, table: _Table) -> str:
    cid = c.id
    cells = [f'<tr id="claim-row-{cid}" data-claim-id="{cid}">']
    if table.editable and table.selectable:
        cells.append(
            f'<td data-label="Select"><input type="checkbox" name="ids" value="{cid}"'
            f' form="bulk-form" class="select-row" aria-label="Select claim {cid}"></td>'
        )
    if table.show_claimant:
        if c.actor_id:
            href = f"/actors/{c.actor_id}"
        else:
            href = f"/claims?claimant={_query_value(c.claimant)}"
        cells.append(
            f'<td data-label="Claimant"><a href="{href}">{_e(c.claimant)}</a>'
            f"{claimant_facts(c.claimant_side, c.claimant_access)}</td>"
        )
    outlet = f' <span class="muted">· {_e(c.outlet)}</span>' if c.outlet else ""
    title = _e(c.article_title or "Untitled")
    cells.append(
        f'<td data-label="Claim" class="claim-text"><a href="/claims/{cid}">'
        f"{_e(c.content)}</a></td>\n"
        f'  <td data-label="Kind">{kind_badge(c.kind)}</td>\n'
        f'  <td data-label="Cue">{_e(c.cue)}</td>\n'
        f'  <td data-label="Article"><a href="/articles/{c.article_id}#claim-{cid}">'
        f"{title}</a>{outlet}</td>\n"
        f'  <td data-label="Date">{date_cell(c)}</td>'
    )
    status = (
        _edit_form(c, table) if table.editable else status_badge(c.status) + tag_list(c.tags)
    )
    if c.assigned_to:
        status += f'\n    <span class="muted small">→ {_e(c.assigned_to)}</span>'
    cells.append(f'<td data-label="Status">\n    {status}\n  </td>\n</tr>')
    return "\n  ".join(cells)


def claim_rows(
    items: Iterable[ClaimRow],
    *,
    csrf_token: str,
    show_claimant: bool = True,
    editable: bool = False,
    back: str = "/claims",
    selectable: bool = True,
) -> Markup:
    """The `<tr>`s of a table: an editor's row holds a status/tags form (and a bulk-edit
    checkbox when `selectable`); a reader's row shows the status badge and tag links."""
    table = _Table(_e(csrf_token), _e(back), show_claimant, editable, selectable)
    return Markup("\n".join(_row(c, table) for c in items))
