"""What the side-by-side page shows, computed from a dispute's claims: columns, figures and a
timeline laid out for a small inline SVG. Pure functions of the members' rows
(`dispute_members`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from app.queries_disputes import Member, MemberClaim, MemberQuantity

NO_SIDE = "No side given"
SVG_WIDTH, LABEL_WIDTH, ROW_HEIGHT, PLOT_MARGIN = 640, 150, 34, 16


@dataclass(frozen=True)
class Column:
    label: str
    members: list[Member]


def side_of(membership: Member, by_side: bool) -> str:
    if by_side:
        return membership.side or NO_SIDE
    claim = membership.claim
    return claim.actor.name if claim.actor else claim.claimant


def columns(members: list[Member]) -> list[Column]:
    """One column per side, or per claimant when nobody gave sides; oldest claim first."""
    by_side = any(m.side for m in members)
    grouped: dict[str, list[Member]] = defaultdict(list)
    for membership in sorted(members, key=lambda m: (_when(m.claim), m.claim.id)):
        grouped[side_of(membership, by_side)].append(membership)
    return [Column(label, grouped[label]) for label in sorted(grouped, key=lambda s: s == NO_SIDE)]


def _when(claim: MemberClaim) -> datetime:
    return claim.published_at or claim.article.published_at or claim.created_at


@dataclass(frozen=True)
class Figure:
    column: str
    claim: MemberClaim
    quantity: MemberQuantity


@dataclass(frozen=True)
class FigureSummary:
    counts: str
    figures: list[Figure]
    low: float | None
    high: float | None
    oldest: Figure
    newest: Figure

    @property
    def spread(self) -> float | None:
        return None if self.low is None or self.high is None else self.high - self.low


def figures(cols: list[Column]) -> list[FigureSummary]:
    """Who says how many of what: figures grouped by the thing counted."""
    by_counts: dict[str, list[Figure]] = defaultdict(list)
    for col in cols:
        for membership in col.members:
            for quantity in membership.claim.quantities:
                if quantity.low is not None or quantity.high is not None:
                    key = quantity.counts or quantity.unit or "unspecified"
                    by_counts[key].append(Figure(col.label, membership.claim, quantity))
    summaries = []
    for counts, found in sorted(by_counts.items()):
        ordered = sorted(found, key=lambda f: (_when(f.claim), f.claim.id))
        lows = [v for f in found for v in (f.quantity.low, f.quantity.high) if v is not None]
        summaries.append(FigureSummary(counts, ordered, min(lows, default=None),
                                       max(lows, default=None), ordered[0], ordered[-1]))
    return summaries


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    label: str
    href: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    rows: list[tuple[str, float]]  # column label and its y
    dots: list[Dot]
    ticks: list[tuple[float, str]]


def timeline(cols: list[Column]) -> Timeline | None:
    """Each side's claims on one time axis; None when fewer than two dates are known."""
    dated = [(i, m, m.claim.published_at) for i, c in enumerate(cols) for m in c.members
             if m.claim.published_at is not None]
    if len({d for _, _, d in dated}) < 2:
        return None
    first = min(d for _, _, d in dated if d)
    last = max(d for _, _, d in dated if d)
    span = (last - first).total_seconds() or 1.0
    plot = SVG_WIDTH - LABEL_WIDTH - 2 * PLOT_MARGIN

    def x_of(moment: datetime) -> float:
        return round(LABEL_WIDTH + PLOT_MARGIN + plot * (moment - first).total_seconds() / span, 1)

    rows = [(c.label, ROW_HEIGHT * (i + 0.5)) for i, c in enumerate(cols)]
    dots = [
        Dot(x_of(moment), rows[i][1],
            f"{cols[i].label}, {moment:%d %b %Y %H:%M}: {m.claim.content[:120]}",
            f"#claim-{m.claim.id}")
        for i, m, moment in dated if moment is not None
    ]
    ticks = [(x_of(first), f"{first:%d %b %Y}"), (x_of(last), f"{last:%d %b %Y}")]
    return Timeline(SVG_WIDTH, ROW_HEIGHT * len(cols) + 24, rows, dots, ticks)


def number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
