"""The read side: one set of selects behind the pages, the JSON API and the exports, so a
filter means the same thing everywhere."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from time import monotonic
from typing import Any, Generic, NamedTuple, TypeVar

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    any_,
    bindparam,
    exists,
    func,
    or_,
    select,
    text,
    union,
    union_all,
)
from sqlalchemy import event as sa_event
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by
from sqlalchemy.engine import Row
from sqlalchemy.orm import ORMExecuteState, Session, joinedload, selectinload

from app.db import rows_of, snapshot
from app.errors import UserError
from app.keyset import SortColumn, after_clause, decode_cursor, encode_cursor
from app.models import (
    ACTOR_KINDS,
    CLAIM_KINDS,
    Actor,
    ActorAlias,
    Article,
    AuditEvent,
    Claim,
    ClaimStatus,
    ClaimTag,
    Tag,
    User,
)
from app.numbers import is_id

T = TypeVar("T")

SORT_ORDERS: dict[str, tuple[SortColumn, ...]] = {
    "newest": (
        SortColumn(Claim.published_at, True, "datetime", nullable=True),
        SortColumn(Claim.id, True, "int"),
    ),
    "oldest": (
        SortColumn(Claim.published_at, False, "datetime", nullable=True),
        SortColumn(Claim.id, False, "int"),
    ),
    "claimant": (
        SortColumn(func.lower(Claim.claimant), False, "text"),
        SortColumn(Claim.id, False, "int"),
    ),
    "outlet": (
        SortColumn(Claim.outlet, False, "text", nullable=True),
        SortColumn(Claim.published_at, True, "datetime", nullable=True),
        SortColumn(Claim.id, True, "int"),
    ),
}
SORT_LABELS = {
    "newest": "Newest first",
    "oldest": "Oldest first",
    "claimant": "Claimant A–Z",
    "outlet": "Outlet A–Z",
}
COUNT_CAP = 1000
EXPORT_BATCH = 500


class ClaimRow(NamedTuple):
    """One claim as tables, the API and exports show it.

    A named tuple, not a frozen dataclass: a frozen dataclass's __init__ sets each of the 26
    fields through object.__setattr__ (about 6 us a row; a tuple takes under 1 us), which
    was a few percent of a claims page and seconds of a million-row JSON export."""

    id: int
    article_id: int
    article_title: str
    outlet: str | None
    article_url: str | None
    published_at: datetime | None
    claimant: str
    actor_id: int | None
    claimant_kind: str | None
    mention: str
    cue: str
    kind: str
    status: str
    content: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    extractor_version: str | None
    version: int
    tags: tuple[str, ...] = ()
    claimant_side: str | None = None
    claimant_affiliation: str | None = None
    claimant_access: str | None = None
    assigned_to: str | None = None
    updated_at: datetime | None = None


ROW_FIELDS = ClaimRow._fields


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


@dataclass(frozen=True)
class ClaimFilters:
    q: str = ""
    claimant: str = ""
    outlet: str = ""
    kind: str = ""
    status: str = ""
    article_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    days: int | None = None  # published in the last N days: a saved view stays current
    tag: str = ""
    assigned: str = ""  # "me"
    sort: str = "newest"
    cursor: str = ""
    # Who "me" is; set by the request, never read from or written to the address.
    assignee_id: int | None = field(default=None, metadata={"param": False})

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> ClaimFilters:
        """Filters from query parameters; anything malformed is a UserError saying how to fix it."""
        text = {k: (params.get(k) or "").strip() for k in ("q", "claimant", "outlet", "cursor")}
        return cls(
            q=text["q"],
            claimant=text["claimant"],
            outlet=text["outlet"],
            kind=_choice(params, "kind", CLAIM_KINDS),
            status=_choice(params, "status", tuple(s.value for s in ClaimStatus)),
            article_id=_whole_number(params, "article_id"),
            date_from=_day(params, "date_from"),
            date_to=_day(params, "date_to"),
            days=_whole_number(params, "days"),
            tag=(params.get("tag") or "").strip().lower(),
            assigned=_choice(params, "assigned", ("me",)),
            sort=_choice(params, "sort", tuple(SORT_ORDERS)) or "newest",
            cursor=text["cursor"],
        )

    def to_params(self, *, with_cursor: bool = False) -> dict[str, str]:
        """Only the filters that are set, as query parameters for links."""
        params: dict[str, str] = {}
        for f in fields(self):
            if not f.metadata.get("param", True):
                continue
            value = getattr(self, f.name)
            if value in (None, "") or (f.name == "sort" and value == "newest"):
                continue
            if f.name == "cursor" and not with_cursor:
                continue
            params[f.name] = value.isoformat() if isinstance(value, date) else str(value)
        return params

    @property
    def is_filtered(self) -> bool:
        return bool(self.to_params().keys() - {"sort"})

    def next_page(self, cursor: str) -> ClaimFilters:
        return replace(self, cursor=cursor)


def _choice(params: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str:
    value = (params.get(name) or "").strip()
    if value and value not in allowed:
        raise UserError(f"The '{name}' filter must be one of: {', '.join(allowed)}.")
    return value


def _whole_number(params: Mapping[str, str], name: str) -> int | None:
    value = (params.get(name) or "").strip()
    if not value:
        return None
    if not is_id(value) or len(value) > 18:
        raise UserError(f"The '{name}' filter must be a whole number like 42.")
    return int(value)


def _day(params: Mapping[str, str], name: str) -> date | None:
    value = (params.get(name) or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(f"The '{name}' filter must be a date like 2026-11-16.") from None


def _contains(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


CLAIMANT_MATCH_LIMIT = 200
_MEMO = "claimdesk.filter_lookups"


def _remembered(session: Session, key: tuple[str, str], compute: Callable[[], T]) -> T:
    """A filter's own lookup (matching claimant ids, search hits), done once per session
    until it writes: the claims page runs the same filters for its rows and for its count."""
    memo: dict[tuple[str, str], Any] = session.info.setdefault(_MEMO, {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[no-any-return]


@sa_event.listens_for(Session, "after_flush")
@sa_event.listens_for(Session, "after_commit")
@sa_event.listens_for(Session, "after_soft_rollback")
def _forget_lookups(session: Session, *_: Any) -> None:
    session.info.pop(_MEMO, None)


@sa_event.listens_for(Session, "do_orm_execute")
def _forget_lookups_on_write(state: ORMExecuteState) -> None:
    """An UPDATE/INSERT/DELETE statement (a bulk edit) changes what they found, too."""
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info.pop(_MEMO, None)


def _claimants_found(session: Session, claimant: str) -> list[tuple[int, int]]:
    """(id, live claims) of the claimants whose name or alias contains the text: the
    CLAIMANT_MATCH_LIMIT with the most claims when more match ("Carla" matches 1,714 synthetic
    names; the claims page then says so, `claimant_name_cap`).

    Most claims first is what a journalist typing a common first name most likely means, and
    their claims fill a page quickly as the newest-first index is walked (an arbitrary 500
    from the long tail left it reading 37,000 claims for 51). Each id is a value the planner
    weighs for the claims' query (500 took 1.9 ms to plan), hence the limit."""
    return _claimants_probed(session, claimant)[:CLAIMANT_MATCH_LIMIT]


def _claimants_probed(session: Session, claimant: str) -> list[tuple[int, int]]:
    """The same, with one more when there are more: the cap shows without a count."""
    params = {"pattern": _contains(claimant), "limit": CLAIMANT_MATCH_LIMIT + 1}
    return _remembered(
        session,
        ("claimant", claimant),
        lambda: [(i, n) for i, n in rows_of(session).execute(_CLAIMANTS_PROBED, params)],
    )


_CLAIMANTS_MATCHED = union(  # UNION: once each, however matched
    select(Actor.id, Actor.claim_count).where(Actor.name.ilike(bindparam("pattern"), escape="\\")),
    select(Actor.id, Actor.claim_count)
    .join(ActorAlias, ActorAlias.actor_id == Actor.id)
    .where(ActorAlias.alias.ilike(bindparam("pattern"), escape="\\")),
).subquery()
_CLAIMANTS_PROBED = (
    select(_CLAIMANTS_MATCHED.c.id, _CLAIMANTS_MATCHED.c.claim_count)
    .order_by(_CLAIMANTS_MATCHED.c.claim_count.desc(), _CLAIMANTS_MATCHED.c.id)
    .limit(bindparam("limit"))
)


def claimant_name_cap(session: Session, filters: ClaimFilters) -> int | None:
    """CLAIMANT_MATCH_LIMIT when the claimant name matched more claimants than that (the
    claims shown are theirs), else None. Read from the page's own lookup: no statement."""
    if not filters.claimant or is_id(filters.claimant):
        return None
    found = _claimants_probed(session, filters.claimant)
    return CLAIMANT_MATCH_LIMIT if len(found) > CLAIMANT_MATCH_LIMIT else None


def _claimant_ids(session: Session, claimant: str) -> list[int]:
    return [actor_id for actor_id, _ in _claimants_found(session, claimant)]


SEARCH_ID_LIMIT = 2000


# The planner's estimates, kept per process: they come from ANALYZE's statistics, which change
# far more slowly than this (autovacuum analyzes a table after a tenth of it changes), and each
# one was an EXPLAIN (~2 ms of both processes' CPU) on every search page.
ESTIMATE_SECONDS = 300.0
ESTIMATES_KEPT = 2000
_estimates: dict[str, tuple[float, int, float]] = {}


def forget_estimates() -> None:
    _estimates.clear()


def _estimated_matches(session: Session, q: str) -> float:
    return _search_shape(session, q)[0]


def _query_nodes(session: Session, q: str) -> int:
    """The size of the search once parsed, words and operators (`numnode`): 1 is one word.
    Stop words go ("was sabotaged" is one word, 'sabotag'); 0 is nothing searchable."""
    return _search_shape(session, q)[1]


def _search_shape(session: Session, q: str) -> tuple[float, int]:
    now = monotonic()
    kept = _estimates.get(q)
    if kept is not None and now - kept[2] < ESTIMATE_SECONDS:
        return kept[0], kept[1]
    estimate = _planner_estimate(session, q)
    nodes = rows_of(session).scalar(
        select(func.numnode(func.websearch_to_tsquery("english", q)))
    )
    if len(_estimates) >= ESTIMATES_KEPT:
        _estimates.clear()  # a crude bound; searches repeat within minutes, not across hours
    _estimates[q] = (estimate, nodes or 0, now)
    return estimate, nodes or 0


def _planner_estimate(session: Session, q: str) -> float:
    """The planner's estimate of claims matching `q` in their words or their article's title
    and outlet, from ANALYZE's word statistics (a millisecond or two, whatever the archive's
    size). A title word stands for all its article's claims ("story" is in no claim's words
    but in every synthetic title)."""
    plan = session.execute(
        text(
            "EXPLAIN (FORMAT JSON) SELECT 1 FROM claims JOIN articles "
            "ON articles.id = claims.article_id "
            "WHERE claims.search_vector @@ websearch_to_tsquery('english', :q) "
            "OR articles.search_vector @@ websearch_to_tsquery('english', :q)"
        ),
        {"q": q},
    ).scalar_one()
    return float(plan[0]["Plan"]["Plan Rows"])


def _words_match(query: Any) -> ColumnElement[bool]:
    return or_(
        Claim.search_vector.bool_op("@@")(query), Article.search_vector.bool_op("@@")(query)
    )


def _search_ids(session: Session, q: str) -> list[int] | None:
    return _remembered(session, ("search", q), lambda: _search_hits(session, q))


def _search_hits(session: Session, q: str) -> list[int] | None:
    """The ids of the claims whose words, or whose article's title and outlet, match `q`; None
    when they are too many to collect, and rows are to be tested as the sort order walks them.

    Two plans, chosen by how many claims match. A rare word: collect the ids through both GIN
    indexes (an OR across the join can use neither, and would read every claim). A common
    word (by the planner's statistics, or more ids than the limit): test rows as the sort
    order walks them; a page fills long before the end."""
    estimate = _estimated_matches(session, q)
    if estimate > SEARCH_ID_LIMIT * 5:
        return None
    ids = rows_of(session).scalars(_SEARCH_HITS, {"q": q, "limit": SEARCH_ID_LIMIT + 1}).all()
    return list(ids) if len(ids) <= SEARCH_ID_LIMIT else None


_QUERY = func.websearch_to_tsquery("english", bindparam("q"))
_SEARCH_HITS = select(
    union_all(
        select(Claim.id).where(Claim.search_vector.bool_op("@@")(_QUERY)),
        select(Claim.id)
        .join(Article, Claim.article_id == Article.id)
        .where(Article.search_vector.bool_op("@@")(_QUERY)),
    ).subquery().c.id
).limit(bindparam("limit"))


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


# The filters as clauses over named parameters. A claims page without a cursor, and every
# count, runs a statement built once per sort order and set of filters, reused with the
# request's values (_bound_page, _bound_count): a statement built per request was also keyed
# again for SQLAlchemy's compiled cache (~0.2 ms each for the rows and the count, more with a
# claimant's name or search text). Other statements (a page after a cursor, the exports) get
# the same clauses with the values bound in (_filter_clauses); a test checks both ways find
# the same rows.
_BOUND_FILTERS: dict[str, ColumnElement[bool]] = {
    "claimant": Claim.actor_id == bindparam("f_claimant"),
    "outlet": func.lower(Claim.outlet) == bindparam("f_outlet"),
    "kind": Claim.kind == bindparam("f_kind"),
    "status": Claim.status == bindparam("f_status"),
    "article_id": Claim.article_id == bindparam("f_article_id"),
    "date_from": Claim.published_at >= bindparam("f_date_from"),
    "date_to": Claim.published_at < bindparam("f_date_to"),
    "days": Claim.published_at >= bindparam("f_days"),
    "tag": exists().where(
        ClaimTag.claim_id == Claim.id, ClaimTag.tag_id == Tag.id, Tag.name == bindparam("f_tag")
    ),
    "assigned": Claim.assigned_to_id == bindparam("f_assigned"),
    # A claimant's name and search text, once looked up (_bound_filters): the claimants'
    # ids, or the claims' ids, as one array each; or a common search's words.
    "claimant_name": or_(
        Claim.actor_id == any_(bindparam("f_claimant_ids", type_=ARRAY(Integer))),
        Claim.actor_id.is_(None)
        & Claim.claimant.ilike(bindparam("f_claimant_pattern"), escape="\\"),
    ),
    "search_ids": Claim.id == any_(bindparam("f_search_ids", type_=ARRAY(Integer))),
    "words": _words_match(func.websearch_to_tsquery("english", bindparam("f_q"))),
}


def _plain_values(filters: ClaimFilters) -> dict[str, Any]:
    """The plain filters that are set, with the values their clauses compare with."""
    values: dict[str, Any] = {}
    if is_id(filters.claimant):
        values["claimant"] = int(filters.claimant)
    if filters.outlet:
        values["outlet"] = filters.outlet.lower()
    if filters.kind:
        values["kind"] = filters.kind
    if filters.status:
        values["status"] = filters.status
    if filters.article_id is not None:
        values["article_id"] = filters.article_id
    if filters.date_from:
        values["date_from"] = _start_of(filters.date_from)
    if filters.date_to:  # the whole of that day, in UTC
        values["date_to"] = _start_of(filters.date_to + timedelta(days=1))
    if filters.days is not None:
        values["days"] = datetime.now(UTC) - timedelta(days=filters.days)
    if filters.tag:
        values["tag"] = filters.tag
    if filters.assigned == "me":
        values["assigned"] = filters.assignee_id or -1
    return values


def _bound_filters(
    session: Session, filters: ClaimFilters
) -> tuple[tuple[str, ...], dict[str, Any]] | None:
    """The filters set, as names in _BOUND_FILTERS, and the values of their parameters; None
    when there is a cursor (its clause depends on the sort order and the key)."""
    if filters.cursor:
        return None
    return _filter_values(session, filters)


def _filter_values(
    session: Session, filters: ClaimFilters
) -> tuple[tuple[str, ...], dict[str, Any]]:
    """The filters set (the cursor aside) and their parameters' values. A claimant's name
    and search text are looked up first: the names among actors and aliases (thousands of
    rows, never the claims themselves; the claims then come through their actor index), the
    search's ids through the GIN indexes when they are few."""
    values = _plain_values(filters)
    names = tuple(values)
    params = {f"f_{name}": value for name, value in values.items()}
    if filters.claimant and not is_id(filters.claimant):
        names += ("claimant_name",)
        params["f_claimant_ids"] = _claimant_ids(session, filters.claimant)
        params["f_claimant_pattern"] = _contains(filters.claimant)
    if filters.q:
        ids = _search_ids(session, filters.q)
        if ids is None:
            names += ("words",)
            params["f_q"] = filters.q
        else:
            names += ("search_ids",)
            params["f_search_ids"] = ids
    return names, params


def _filter_clauses(session: Session, filters: ClaimFilters) -> list[ColumnElement[bool]]:
    """The same clauses with their values bound in, for statements built per request."""
    names, params = _filter_values(session, filters)
    return [Claim.deleted_at.is_(None), *(_BOUND_FILTERS[name].params(params) for name in names)]


_tag_names = (
    select(func.array_agg(aggregate_order_by(Tag.name, Tag.name)))
    .select_from(ClaimTag)
    .join(Tag, Tag.id == ClaimTag.tag_id)
    .where(ClaimTag.claim_id == Claim.id)
    .correlate(Claim)
    .scalar_subquery()
)
_assignee_name = (
    select(User.username).where(User.id == Claim.assigned_to_id).correlate(Claim).scalar_subquery()
)


# The claim-row SELECT without its filters, built once: constructing (and coercing) its 26
# labelled columns and two joins cost ~1 ms of CPU per request. Statements are immutable, so
# each request adds its WHERE clauses to a copy.
_ROWS = (
    select(
        Claim.id,
        Claim.article_id,
        Article.title.label("article_title"),
        Article.outlet,
        Article.url.label("article_url"),
        Claim.published_at,
        Claim.claimant,
        Claim.actor_id,
        Actor.kind.label("claimant_kind"),
        Claim.mention,
        Claim.cue,
        Claim.kind,
        Claim.status,
        Claim.content,
        Claim.start,
        Claim.end,
        Claim.sentence_start,
        Claim.sentence_end,
        Claim.extractor_version,
        Claim.version,
        _tag_names.label("tags"),
        Actor.side.label("claimant_side"),
        Actor.affiliation.label("claimant_affiliation"),
        Actor.access.label("claimant_access"),
        _assignee_name.label("assigned_to"),
        Claim.updated_at,
    )
    .join(Article, Claim.article_id == Article.id)
    .outerjoin(Actor, Claim.actor_id == Actor.id)
)
# The same, with each sort order's key columns (for the keyset cursor) and ORDER BY.
_ROWS_ORDERED = {
    sort: _ROWS.add_columns(*(c.expr.label(f"sort_{i}") for i, c in enumerate(columns))).order_by(
        *(c.order_by() for c in columns)
    )
    for sort, columns in SORT_ORDERS.items()
}


def _rows_select(session: Session, filters: ClaimFilters) -> Select[*tuple[Any, ...]]:
    return _ROWS.where(*_filter_clauses(session, filters))


def _ordered(session: Session, filters: ClaimFilters) -> Select[*tuple[Any, ...]]:
    return _ROWS_ORDERED[filters.sort].where(*_filter_clauses(session, filters))


# _ROWS selects ClaimRow's fields in its order, so a row is built by position (a mapping per
# row, looked up by name, cost a third of a page's Python time in the SELECT).
assert tuple(c.name for c in _ROWS.selected_columns) == ROW_FIELDS
_TAGS = ROW_FIELDS.index("tags")
_ROW_WIDTH = len(ROW_FIELDS)


def _claim_row(row: Row[Any]) -> ClaimRow:
    values = list(row[:_ROW_WIDTH])
    values[_TAGS] = tuple(values[_TAGS] or ())
    return ClaimRow(*values)


@lru_cache(maxsize=512)
def _bound_page(sort: str, names: tuple[str, ...]) -> Select[*tuple[Any, ...]]:
    clauses = [_BOUND_FILTERS[name] for name in names]
    return _ROWS_ORDERED[sort].where(Claim.deleted_at.is_(None), *clauses).limit(
        bindparam("f_limit")
    )


@lru_cache(maxsize=512)
def _bound_count(names: tuple[str, ...]) -> Select[Any]:
    clauses = [_BOUND_FILTERS[name] for name in names]
    matching = select(Claim.id)
    if "words" in names:  # a title's words stand for its claims
        matching = matching.join(Article, Claim.article_id == Article.id)
    capped = (
        matching.where(Claim.deleted_at.is_(None), *clauses)
        .limit(bindparam("f_cap"))
        .subquery()
    )
    return select(func.count()).select_from(capped)


def page_claims(session: Session, filters: ClaimFilters, limit: int) -> Page[ClaimRow]:
    columns = SORT_ORDERS[filters.sort]
    bound = _bound_filters(session, filters)
    if bound is not None:
        names, params = bound
        stmt = _bound_page(filters.sort, names)
        rows = rows_of(session).execute(stmt, {**params, "f_limit": limit + 1}).all()
    else:
        stmt = _ordered(session, filters)
        if filters.cursor:
            key = decode_cursor(filters.cursor, filters.sort, columns)
            stmt = stmt.where(after_clause(columns, key))
        rows = rows_of(session).execute(stmt.limit(limit + 1)).all()
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        key = list(last[_ROW_WIDTH : _ROW_WIDTH + len(columns)])  # the sort_ columns
        next_cursor = encode_cursor(filters.sort, columns, key)
    return Page([_claim_row(r) for r in rows[:limit]], next_cursor)


def iter_claims(session: Session, filters: ClaimFilters) -> Iterator[ClaimRow]:
    """Every matching claim in order, fetched in batches through a server-side cursor (in one
    transaction: see `snapshot`)."""
    snapshot(session)
    stmt = _ordered(session, replace(filters, cursor=""))
    stmt = stmt.execution_options(yield_per=EXPORT_BATCH)
    for row in session.execute(stmt):
        yield _claim_row(row)


def export_select(
    session: Session, filters: ClaimFilters, columns: Sequence[ColumnElement[Any]]
) -> Select[*tuple[Any, ...]]:
    """Every claim the filters match, in the table's order, as `columns` (any expressions
    over claims, their article and their claimant): the statement behind the COPY export.

    The same joins, filters and order as `iter_claims`, without the tags and assignee
    subqueries no export column needs."""
    order = SORT_ORDERS[filters.sort]
    return (
        select(*columns)
        .select_from(Claim)
        .join(Article, Claim.article_id == Article.id)
        .outerjoin(Actor, Claim.actor_id == Actor.id)
        .where(*_filter_clauses(session, replace(filters, cursor="")))
        .order_by(*(c.order_by() for c in order))
    )


def count_claims(session: Session, filters: ClaimFilters, cap: int = COUNT_CAP) -> int:
    """Matches, counted up to cap + 1 so a huge result costs no more than a small one.

    Only claims are read (and articles when searching their titles): every claim has its
    article and at most one claimant, so the rows' joins cannot change the count."""
    if filters.q and _surely_over(session, filters, cap):
        return cap + 1
    if filters.claimant and _claimants_over(session, filters, cap):
        return cap + 1
    bound = _bound_filters(session, replace(filters, cursor=""))  # the same on every page
    if bound is not None:
        names, params = bound
        return rows_of(session).scalar(_bound_count(names), {**params, "f_cap": cap + 1}) or 0
    clauses = _filter_clauses(session, filters)
    matching = select(Claim.id).select_from(Claim)
    if filters.q:
        matching = matching.join(Article, Claim.article_id == Article.id)
    capped = matching.where(*clauses).limit(cap + 1).subquery()
    return rows_of(session).scalar(select(func.count()).select_from(capped)) or 0


def count_for_page(
    session: Session, filters: ClaimFilters, page: Page[ClaimRow], cap: int = COUNT_CAP
) -> int:
    """The count shown above a page of claims. A first page that is not full holds every
    match, so its length is the count and nothing is counted again."""
    if not filters.cursor and page.next_cursor is None:
        return len(page.items)
    return count_claims(session, filters, cap)


def _only(filters: ClaimFilters, name: str) -> bool:
    """No filter but `name` (the order, the cursor and who is asking change no count)."""
    cleared: dict[str, Any] = {name: ""}
    return replace(filters, sort="newest", cursor="", assignee_id=None, **cleared) == ClaimFilters()


def _claimants_over(session: Session, filters: ClaimFilters, cap: int) -> bool:
    """A claimant-name filter alone whose claimants have more than `cap` live claims between
    them: `actors.claim_count` (kept exact by triggers on claims) says so without counting.
    "Carla" matched 500 claimants and 36,000 claims; a capped count still read every one of
    them through the index to build its bitmap (12-25 ms)."""
    if is_id(filters.claimant) or not _only(filters, "claimant"):
        return False
    found = _claimants_found(session, filters.claimant)  # with their counts: no statement
    return sum(count or 0 for _, count in found) > cap


SURELY_OVER = 20


def _surely_over(session: Session, filters: ClaimFilters, cap: int) -> bool:
    """A search alone (no other filter) with more than `cap` matches, found without the
    full count's join. One word (as parsed: a phrase of one word and stop words is one) that
    the planner's statistics put in more than 20 x cap claims: "cap+" without counting (a
    word's frequency is in the statistics; counting the first 1,001 claims of a word in every
    fifth title still walked thousands of rows). Several words that the statistics call
    common are counted in two cheap steps, each a lower bound of the matches:

    - the live claims of articles whose title matches: the articles' index is twenty times
      smaller than the claims', and their claims come by article (1.6 ms for two common
      words at 1M claims);
    - the claims matching in their own words, through their GIN index alone (15 ms).

    More than `cap` either way, and the full count with its join (40-60 ms) is not needed.
    AND-ed words are estimated as if independent, and two common words may never meet, so
    only a real count may say "cap+" for them."""
    if not _only(filters, "q"):
        return False
    estimate = _estimated_matches(session, filters.q)
    if _query_nodes(session, filters.q) <= 1:
        return estimate > SURELY_OVER * cap
    if estimate <= SEARCH_ID_LIMIT * 5:  # few: the search's ids are counted cheaply
        return False
    query = func.websearch_to_tsquery("english", filters.q)
    # The LIMIT keeps the articles a subquery of their own (at most cap + 1 of them), so their
    # claims are fetched article by article through the article index, never by a scan.
    titled = (
        select(Article.id).where(Article.search_vector.bool_op("@@")(query)).limit(cap + 1)
    ).subquery()
    titled_claims = (
        select(Claim.id)
        .join(titled, Claim.article_id == titled.c.id)
        .where(Claim.deleted_at.is_(None))
        .limit(cap + 1)
    )
    own_words = (
        select(Claim.id)
        .where(Claim.deleted_at.is_(None), Claim.search_vector.bool_op("@@")(query))
        .limit(cap + 1)
    )
    for lower_bound in (titled_claims, own_words):
        counted = select(func.count()).select_from(lower_bound.subquery())
        if (rows_of(session).scalar(counted) or 0) > cap:
            return True
    return False


_OUTLETS = text(
    """
    WITH RECURSIVE outlets(name) AS (
        SELECT min(outlet) FROM articles
        UNION ALL
        SELECT (SELECT min(outlet) FROM articles WHERE outlet > outlets.name)
        FROM outlets WHERE outlets.name IS NOT NULL
    )
    SELECT name FROM outlets WHERE name IS NOT NULL LIMIT 1000
    """
)


def list_outlets(session: Session) -> list[str]:
    """Distinct outlets by hopping through the outlet index: one probe per outlet, not a scan
    of every article."""
    return [name for name in session.scalars(_OUTLETS) if name]


def get_claim(session: Session, claim_id: int, *, include_deleted: bool = False) -> Claim | None:
    """A claim with its article, claimant (and aliases) and quantities; None once deleted
    (unless an editor asks, to restore it)."""
    claim = session.get(
        Claim,
        claim_id,
        options=[  # the article and claimant joined in: 3 statements, not 5
            joinedload(Claim.article),
            joinedload(Claim.actor).selectinload(Actor.aliases),
            selectinload(Claim.quantities),
        ],
    )
    if claim is None or (claim.deleted_at is not None and not include_deleted):
        return None
    return claim


def get_claim_row(session: Session, claim_id: int) -> ClaimRow | None:
    stmt = _rows_select(session, ClaimFilters()).where(Claim.id == claim_id)
    found = rows_of(session).execute(stmt).first()
    return _claim_row(found) if found else None


def other_claims_by_claimant(session: Session, claim: Claim, limit: int = 10) -> list[ClaimRow]:
    """The same claimant's other claims, newest first: by actor when resolved, else by name."""
    same = (
        Claim.actor_id == claim.actor_id
        if claim.actor_id is not None
        else func.lower(Claim.claimant) == claim.claimant.lower()
    )
    stmt = _ordered(session, ClaimFilters()).where(same, Claim.id != claim.id).limit(limit)
    return [_claim_row(row) for row in rows_of(session).execute(stmt)]


# Claimants ---------------------------------------------------------------------------------

ACTOR_ORDER = (
    SortColumn(Actor.claim_count, True, "int"),
    SortColumn(func.lower(Actor.name), False, "text"),
    SortColumn(Actor.id, False, "int"),
)


@dataclass(frozen=True)
class ActorRow:
    id: int
    name: str
    kind: str
    affiliation: str | None
    claim_count: int


@dataclass(frozen=True)
class ActorFilters:
    name: str = ""
    kind: str = ""
    cursor: str = ""

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> ActorFilters:
        return cls(
            name=(params.get("name") or "").strip(),
            kind=_choice(params, "kind", ACTOR_KINDS),
            cursor=(params.get("cursor") or "").strip(),
        )

    def to_params(self, *, with_cursor: bool = False) -> dict[str, str]:
        params = {"name": self.name, "kind": self.kind}
        if with_cursor:
            params["cursor"] = self.cursor
        return {k: v for k, v in params.items() if v}


@dataclass(frozen=True)
class ActorDetail:
    actor: Actor
    aliases: list[str]
    claim_count: int


def page_actors(session: Session, filters: ActorFilters, limit: int) -> Page[ActorRow]:
    """Claimants, most claims first, then by name."""
    stmt = (
        select(Actor.id, Actor.name, Actor.kind, Actor.affiliation)
        .add_columns(Actor.claim_count)
        .where(Actor.merged_into_id.is_(None))
        .add_columns(*(c.expr.label(f"sort_{i}") for i, c in enumerate(ACTOR_ORDER)))
        .order_by(*(c.order_by() for c in ACTOR_ORDER))
    )
    if filters.name:
        pattern = _contains(filters.name)
        alias_matches = exists().where(
            ActorAlias.actor_id == Actor.id, ActorAlias.alias.ilike(pattern, escape="\\")
        )
        stmt = stmt.where(or_(Actor.name.ilike(pattern, escape="\\"), alias_matches))
    if filters.kind:
        stmt = stmt.where(Actor.kind == filters.kind)
    if filters.cursor:
        key = decode_cursor(filters.cursor, "actors", ACTOR_ORDER)
        stmt = stmt.where(after_clause(ACTOR_ORDER, key))
    rows = session.execute(stmt.limit(limit + 1)).mappings().all()
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        key = [last[f"sort_{i}"] for i in range(len(ACTOR_ORDER))]
        next_cursor = encode_cursor("actors", ACTOR_ORDER, key)
    items = [
        ActorRow(r["id"], r["name"], r["kind"], r["affiliation"], r["claim_count"])
        for r in rows[:limit]
    ]
    return Page(items, next_cursor)


def alias_names(actor: Actor) -> list[str]:
    """Sorted here, not by the relationship: a session may hold aliases in insertion order."""
    return sorted((a.alias for a in actor.aliases), key=str.casefold)


# One statement, built once: the aliases joined in (not a second round trip for a handful of
# rows), and populate_existing so the trigger-kept claim count is read fresh even if the
# identity map already holds this actor with an older one.
_ACTOR_WITH_ALIASES = (
    select(Actor)
    .where(Actor.id == bindparam("actor_id"))
    .options(joinedload(Actor.aliases))
    .execution_options(populate_existing=True)
)


def get_actor(session: Session, actor_id: int) -> ActorDetail | None:
    actor = session.scalars(_ACTOR_WITH_ALIASES, {"actor_id": actor_id}).unique().first()
    if actor is None:
        return None
    return ActorDetail(actor, alias_names(actor), actor.claim_count or 0)


def matching_claim_ids(session: Session, filters: ClaimFilters, cap: int) -> list[int]:
    """Ids of the claims a filter matches (for bulk edits), at most cap + 1 of them."""
    stmt = _rows_select(session, replace(filters, cursor="")).with_only_columns(Claim.id)
    return list(session.scalars(stmt.order_by(Claim.id).limit(cap + 1)))


def tags_with_prefix(session: Session, prefix: str, limit: int = 10) -> list[str]:
    """Existing tags starting with `prefix`, most used first, for autocompletion (by the
    trigger-kept use count: tags are few, their uses can be millions)."""
    stmt = (
        select(Tag.name)
        .where(Tag.name.startswith(prefix.strip().lower(), autoescape=True))
        .order_by(Tag.use_count.desc(), Tag.name)
        .limit(limit)
    )
    return list(session.scalars(stmt))


# Activity: every audited change, newest first ------------------------------------------------

ACTIVITY_ORDER = (
    SortColumn(AuditEvent.at, True, "datetime"),
    SortColumn(AuditEvent.id, True, "int"),
)
ACTIVITY_ACTIONS = {
    "status": "Status",
    "tags": "Tags",
    "note": "Note",
    "claimant": "Claimant",
    "span": "Span",
    "delete": "Deleted",
    "restore": "Restored",
    "create": "Added",
    "assign": "Assigned",
    "merge": "Merge",
    "undo_merge": "Merge undone",
    "split": "Split",
    "rename": "Rename",
    "alias": "Alias",
    "kind": "Kind",
    "side": "Side",
    "affiliation": "Affiliation",
    "access": "Access",
    "description": "Description",
    "role": "Role",
    "deactivate": "Deactivated",
    "merged_into": "Merged into",
    "unmerged": "Unmerged",
}


@dataclass(frozen=True)
class ActivityRow:
    id: int
    at: datetime
    username: str | None
    entity_type: str
    entity_id: int
    action: str
    old: Any
    new: Any
    version: int | None


@dataclass(frozen=True)
class ActivityFilters:
    user: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None
    cursor: str = ""

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> ActivityFilters:
        return cls(
            user=(params.get("user") or "").strip(),
            action=_choice(params, "action", tuple(ACTIVITY_ACTIONS)),
            date_from=_day(params, "date_from"),
            date_to=_day(params, "date_to"),
            cursor=(params.get("cursor") or "").strip(),
        )

    def to_params(self, *, with_cursor: bool = False) -> dict[str, str]:
        params = {
            "user": self.user,
            "action": self.action,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "cursor": self.cursor if with_cursor else "",
        }
        return {k: v for k, v in params.items() if v}


def _activity_select(filters: ActivityFilters) -> Select[*tuple[Any, ...]]:
    stmt = (
        select(AuditEvent, User.username)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .order_by(*(c.order_by() for c in ACTIVITY_ORDER))
    )
    if filters.user:
        stmt = stmt.where(func.lower(User.username) == filters.user.lower())
    if filters.action:
        stmt = stmt.where(AuditEvent.action == filters.action)
    if filters.date_from:
        stmt = stmt.where(AuditEvent.at >= _start_of(filters.date_from))
    if filters.date_to:
        stmt = stmt.where(AuditEvent.at < _start_of(filters.date_to + timedelta(days=1)))
    return stmt


def _activity_row(event: AuditEvent, username: str | None) -> ActivityRow:
    return ActivityRow(
        event.id,
        event.at,
        username,
        event.entity_type,
        event.entity_id,
        event.action,
        event.old_value,
        event.new_value,
        event.entity_version,
    )


def page_activity(session: Session, filters: ActivityFilters, limit: int) -> Page[ActivityRow]:
    stmt = _activity_select(filters)
    if filters.cursor:
        key = decode_cursor(filters.cursor, "activity", ACTIVITY_ORDER)
        stmt = stmt.where(after_clause(ACTIVITY_ORDER, key))
    rows = session.execute(stmt.limit(limit + 1)).all()
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1][0]
        next_cursor = encode_cursor("activity", ACTIVITY_ORDER, [last.at, last.id])
    return Page([_activity_row(e, name) for e, name in rows[:limit]], next_cursor)


def iter_activity(session: Session, filters: ActivityFilters) -> Iterator[ActivityRow]:
    snapshot(session)  # a server-side cursor needs a transaction
    stmt = _activity_select(replace(filters, cursor="")).execution_options(yield_per=EXPORT_BATCH)
    for event, name in session.execute(stmt):
        yield _activity_row(event, name)


def possible_duplicates(session: Session, actor: Actor, limit: int = 5) -> list[Row[Any]]:
    """Other live claimants sharing the last word of this one's name (a surname, mostly):
    rows of id, name, kind and affiliation, all the page shows of them (as plain rows:
    loading them as Actor objects cost more than finding them)."""
    words = [w for w in actor.name.replace(".", " ").split() if len(w) >= 3]
    if not words:
        return []
    params = {"pattern": _contains(words[-1]), "actor_id": actor.id, "limit": limit}
    # A rare word: its few actors by id, found through the trigram index. A common one (a
    # surname shared by hundreds): walk the names in order (ix_actors_lower_name) until
    # `limit` match, a few hundred rows. Either alone is slow for the other kind (~30 ms to
    # sort thousands of matches; ~90 ms to walk 40,000 names for none).
    rows = rows_of(session)
    few = rows.scalars(_DUPLICATE_PROBE_SQL, {**params, "probe": DUPLICATE_PROBE + 1}).all()
    if len(few) <= DUPLICATE_PROBE:
        return list(rows.execute(_DUPLICATES_AMONG, {**params, "ids": list(few)}))
    return list(rows.execute(_DUPLICATES_BY_WALK, params))


DUPLICATE_PROBE = 200

# Built once, with bound parameters: see _USER_BY_TOKEN in app/auth.py.
_NAME_HAS = Actor.name.ilike(bindparam("pattern"), escape="\\")
_ALIASED_AS = select(ActorAlias.actor_id).where(
    ActorAlias.alias.ilike(bindparam("pattern"), escape="\\")
)
_DUPLICATE_PROBE_SQL = union_all(select(Actor.id).where(_NAME_HAS), _ALIASED_AS).limit(
    bindparam("probe")
)
_OTHER_LIVE_ACTORS = (
    select(Actor.id, Actor.name, Actor.kind, Actor.affiliation)
    .where(Actor.id != bindparam("actor_id"), Actor.merged_into_id.is_(None))
    .order_by(func.lower(Actor.name), Actor.id)
    .limit(bindparam("limit"))
)
_DUPLICATES_AMONG = _OTHER_LIVE_ACTORS.where(
    Actor.id == any_(bindparam("ids", type_=ARRAY(Integer)))
)
_DUPLICATES_BY_WALK = _OTHER_LIVE_ACTORS.where(or_(_NAME_HAS, Actor.id.in_(_ALIASED_AS)))


def actors_named(session: Session, name: str) -> list[Actor]:
    """Live claimants whose name or an alias is exactly `name` (case-insensitive)."""
    wanted = name.strip().lower()
    alias_matches = exists().where(
        ActorAlias.actor_id == Actor.id, func.lower(ActorAlias.alias) == wanted
    )
    stmt = select(Actor).where(
        Actor.merged_into_id.is_(None), or_(func.lower(Actor.name) == wanted, alias_matches)
    )
    return list(session.scalars(stmt.order_by(Actor.id)))
