"""The read side's shortcuts for a large archive give the answers the plain queries gave:
trigger-kept tag counts, counts without joins, lookups remembered only until a write, and
both plans of the possible-duplicates list."""

import pytest
from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import Session

from app.models import Claim, ClaimTag, Tag
from app.queries import (
    DUPLICATE_PROBE,
    ClaimFilters,
    count_claims,
    count_for_page,
    page_claims,
    possible_duplicates,
    tags_with_prefix,
)
from tests.factories import make_actor, make_article, make_claim, make_two_towns


def use_counts(db: Session) -> dict[str, int]:
    db.flush()
    db.expire_all()
    return dict(db.execute(select(Tag.name, Tag.use_count)).tuples().all())


def test_tag_use_counts_follow_tagging_untagging_and_deletes(db: Session) -> None:
    article = make_article(db)
    first, second = make_claim(db, article), make_claim(db, article, claimant="Nils Brand")
    harbour, money = Tag(name="harbour"), Tag(name="money")
    first.tags = [harbour, money]
    second.tags = [harbour]
    assert use_counts(db) == {"harbour": 2, "money": 1}
    assert tags_with_prefix(db, "") == ["harbour", "money"]
    first.tags = [money]
    assert use_counts(db) == {"harbour": 1, "money": 1}
    db.execute(delete(Claim).where(Claim.id == second.id))  # claim_tags go by cascade
    assert use_counts(db) == {"harbour": 0, "money": 1}
    assert tags_with_prefix(db, "") == ["money", "harbour"]
    recount = dict(
        db.execute(
            select(Tag.name, func.count(ClaimTag.claim_id))
            .outerjoin(ClaimTag, ClaimTag.tag_id == Tag.id)
            .group_by(Tag.name)
        ).all()
    )
    assert recount == use_counts(db)


def test_counts_match_the_rows_for_every_filter(db: Session) -> None:
    make_two_towns(db)
    for params in (
        {},
        {"q": "flood"},
        {"q": "Ferry"},  # in an article title only
        {"claimant": "varga"},
        {"outlet": "osk tribune"},
        {"status": "unreviewed", "kind": "indirect"},
        {"date_from": "2026-11-12"},
    ):
        filters = ClaimFilters.parse(params)
        assert count_claims(db, filters) == len(page_claims(db, filters, 100).items), params


def test_search_hits_are_remembered_until_the_session_writes(db: Session) -> None:
    article = make_article(db, text="The sluice gate held. The sluice gate broke.")
    make_claim(db, article, "The sluice gate held")
    filters = ClaimFilters(q="sluice")
    assert count_claims(db, filters) == 1
    make_claim(db, article, "The sluice gate broke")  # flushes: remembered hits are dropped
    assert count_claims(db, filters) == 2
    assert len(page_claims(db, filters, 10).items) == 2


def test_possible_duplicates_by_rare_and_by_common_word(db: Session) -> None:
    target = make_actor(db, "Ilse Varga")
    rare = make_actor(db, "Anton Varga")
    assert [a.id for a in possible_duplicates(db, target)] == [rare.id]
    for n in range(DUPLICATE_PROBE + 5):  # a surname shared by many: the walk by name
        make_actor(db, f"Zora Kessel {n:03d}")
    common = make_actor(db, "Abel Kessel")
    found = possible_duplicates(db, common, limit=3)
    assert [a.name for a in found] == ["Zora Kessel 000", "Zora Kessel 001", "Zora Kessel 002"]
    by_alias = make_actor(db, "Hedda Brun", aliases=("H. Varga",))
    assert {a.id for a in possible_duplicates(db, target)} == {rare.id, by_alias.id}


def test_only_a_lone_one_word_search_is_counted_from_statistics(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app import queries

    make_two_towns(db)
    monkeypatch.setattr(queries, "_estimated_matches", lambda session, q: 10_000_000.0)
    assert count_claims(db, ClaimFilters(q="flood"), cap=10) == 11  # the statistics say so
    db.flush()  # forget the remembered lookups
    real = len(page_claims(db, ClaimFilters(q="flood", status="unreviewed"), 100).items)
    assert count_claims(db, ClaimFilters(q="flood", status="unreviewed"), cap=10) == real
    two_words = ClaimFilters(q="flood barriers")  # words ANDed: the statistics can't tell
    assert count_claims(db, two_words, cap=10) == len(page_claims(db, two_words, 100).items)


class Statements:
    """The SQL a block sends on the session's connection."""

    def __init__(self, db: Session) -> None:
        self.sent: list[str] = []
        self.engine = db.get_bind()

    def record(self, conn: object, cursor: object, statement: str, *_: object) -> None:
        self.sent.append(statement)

    def __enter__(self) -> list[str]:
        event.listen(self.engine, "before_cursor_execute", self.record)
        return self.sent

    def __exit__(self, *_: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self.record)


def test_a_first_page_that_is_not_full_is_the_count(db: Session) -> None:
    make_two_towns(db)
    filters = ClaimFilters(q="flood")
    page = page_claims(db, filters, 50)
    assert page.next_cursor is None and page.items
    with Statements(db) as sent:
        assert count_for_page(db, filters, page) == len(page.items)
    assert sent == []  # nothing counted again
    full = page_claims(db, ClaimFilters(), 2)  # a full page: the count comes from the database
    with Statements(db) as sent:
        assert count_for_page(db, ClaimFilters(), full) == count_claims(db, ClaimFilters())
    assert any("count(" in s for s in sent)


def test_a_claimant_name_alone_is_counted_from_the_claimants_claim_counts(db: Session) -> None:
    article = make_article(db)
    varga, other = make_actor(db, "Ilse Varga"), make_actor(db, "Nils Brand")
    for n in range(4):
        make_claim(db, article, f"The dyke number {n} will hold", actor=varga)
    make_claim(db, article, "The ferry runs", actor=other)
    db.flush()
    by_name = ClaimFilters(claimant="varga")
    with Statements(db) as sent:
        assert count_claims(db, by_name, cap=3) == 4  # over the cap: cap + 1
    assert not any("FROM claims" in s for s in sent)  # from actors.claim_count alone
    assert count_claims(db, by_name, cap=10) == 4  # under it: counted
    narrowed = ClaimFilters(claimant="varga", q="number 2")  # another filter: counted
    assert count_claims(db, narrowed, cap=3) == 1
    # a deleted claim leaves the claimant's count, and the shortcut with it
    db.execute(
        Claim.__table__.update().where(Claim.actor_id == varga.id).values(deleted_at=func.now())
    )
    db.flush()
    assert count_claims(db, by_name, cap=3) == 0


def test_claimant_and_search_ids_go_as_arrays_in_one_statement(db: Session) -> None:
    article = make_article(db, text="The sluice gate held at dawn.")
    varga = make_actor(db, "Ilse Varga")
    make_claim(db, article, "The sluice gate held", actor=varga)
    make_claim(db, article, "The sluice gate broke", actor=make_actor(db, "Nils Brand"))
    filters = ClaimFilters(claimant="varga", q="sluice")  # rare word: ids, and claimant ids
    with Statements(db) as sent:
        rows = page_claims(db, filters, 10).items
    assert [r.claimant for r in rows] == ["Ilse Varga"]
    main = [s for s in sent if "ORDER BY" in s][-1]
    assert main.count("= ANY (") == 2 and " IN (" not in main


def test_common_words_are_counted_by_titles_then_own_words_before_the_full_count(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Words the statistics call common: a lower bound from the claims of articles whose
    title matches, then one from the claims' own words; the full count with its join only
    when neither passes the cap."""
    from app import queries

    monkeypatch.setattr(queries, "_estimated_matches", lambda session, q: 10_000_000.0)
    titled = make_article(db, title="Sluice gates at Marrenport", text="Gates and sluices.")
    for n in range(5):
        make_claim(db, titled, f"The ferry left at {n} o'clock")
    untitled = make_article(db, title="Harbour notes", text="Pumps and dykes.")
    for n in range(4):
        make_claim(db, untitled, f"The pumps and dykes held at {n} o'clock")
    db.flush()

    def counts_sent(filters: ClaimFilters, cap: int) -> tuple[int, list[str]]:
        db.flush()  # forget the remembered lookups
        with Statements(db) as sent:
            found = count_claims(db, filters, cap=cap)
        return found, [s for s in sent if "count(" in s]

    found, counts = counts_sent(ClaimFilters(q="sluice gates"), cap=3)
    assert found == 4 and len(counts) == 1  # five claims of a matching title
    assert "FROM articles" in counts[0] and "claims.search_vector" not in counts[0]
    found, counts = counts_sent(ClaimFilters(q="pumps dykes"), cap=3)
    assert found == 4 and len(counts) == 2  # no title: the claims' own words
    assert "claims.search_vector" in counts[1] and "articles" not in counts[1]
    # under the cap both ways: the full count, titles and own words together
    found, counts = counts_sent(ClaimFilters(q="marrenport gates"), cap=10)
    assert found == 5 and len(counts) == 3
    assert count_claims(db, ClaimFilters(q="pumps dykes"), cap=10) == 4
    assert count_claims(db, ClaimFilters(q="sluice gates", status="contested"), cap=3) == 0
    # a deleted claim is not counted by the titles' bound either
    db.execute(
        Claim.__table__.update().where(Claim.article_id == titled.id).values(deleted_at=func.now())
    )
    found, _ = counts_sent(ClaimFilters(q="sluice gates"), cap=3)
    assert found == 0


def test_a_phrase_of_one_word_and_stop_words_is_one_word_to_the_count(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app import queries

    assert queries._query_nodes(db, '"was sabotaged"') == 1  # "was" is a stop word
    assert queries._query_nodes(db, "reservoir evacuated") == 3  # two words and their AND
    assert queries._query_nodes(db, "the") == 0
    monkeypatch.setattr(queries, "_estimated_matches", lambda session, q: 10_000_000.0)
    make_two_towns(db)
    with Statements(db) as sent:
        assert count_claims(db, ClaimFilters(q='"was flooded"'), cap=10) == 11
    assert not any("count(" in s for s in sent)  # from the statistics, as one word is


def test_a_claimants_page_count_is_read_fresh_over_an_identity_map_copy(db: Session) -> None:
    """The claim count is kept by a trigger, behind the ORM's back: get_actor must not show the
    value an actor object already in the session was loaded with."""
    from app.queries import get_actor
    from tests.factories import make_actor, make_article, make_claim

    actor = make_actor(db, "Odile Brask")
    article = make_article(db)
    make_claim(db, article, "The quay reopens on Friday", actor=actor)
    db.refresh(actor)
    assert actor.claim_count == 1
    make_claim(db, article, "The ferry will run twice a day", actor=actor)
    assert actor.claim_count == 1  # the loaded copy has not seen the trigger's update
    detail = get_actor(db, actor.id)
    assert detail is not None and detail.claim_count == 2


def test_a_claimant_name_finds_each_claimant_once_and_the_most_quoted_first(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Matched by name and by alias, a claimant counts once; over the limit, the claimants
    with the most claims are kept."""
    from app import queries

    both = make_actor(db, "Carla Moss", aliases=("Carla M.",))
    alias_only = make_actor(db, "C. Moss", aliases=("Carla of the Quay",))
    make_actor(db, "Nils Brand")
    article = make_article(db)
    for n in range(3):
        make_claim(db, article, f"The quay reopens in {n + 2} weeks", actor=alias_only)
    make_claim(db, article, "The ferry runs twice a day", actor=both)
    quiet = make_actor(db, "Carla Test")
    db.flush()
    assert queries._claimant_ids(db, "carla") == [alias_only.id, both.id, quiet.id]
    db.info.clear()  # forget the remembered lookup
    monkeypatch.setattr(queries, "CLAIMANT_MATCH_LIMIT", 2)
    assert queries._claimant_ids(db, "carla") == [alias_only.id, both.id]


def test_planner_estimates_are_kept_per_process_for_a_while(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An estimate only picks a plan (the answers are the same either way), and it comes from
    statistics that change slowly: a search page need not EXPLAIN each time."""
    from app import queries

    now = [1000.0]
    monkeypatch.setattr(queries, "monotonic", lambda: now[0])
    make_two_towns(db)

    def explains() -> int:
        db.info.clear()  # a new request's session remembers nothing
        with Statements(db) as sent:
            page_claims(db, ClaimFilters(q="harbour"), 50)
        return sum("EXPLAIN" in s for s in sent)

    assert explains() == 1
    assert explains() == 0
    now[0] += queries.ESTIMATE_SECONDS + 1
    assert explains() == 1


def test_plain_filters_reuse_a_statement_and_find_what_the_general_path_finds(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages without a cursor, and counts, run statements built once per set of filters, with
    the request's values (and a claimant name's or a search's lookups) as parameters. Every
    combination below gives the rows and count the statement built per request gives, a
    common search's words as well as a rare one's ids."""
    from datetime import date

    from app import queries
    from app.models import User
    from app.queries import SORT_ORDERS

    claims = make_two_towns(db)
    editor = User(username="edna", password_hash="x", role="editor")
    db.add(editor)
    db.flush()
    claims["cost"].tags = [Tag(name="money")]
    claims["sail"].assigned_to_id = editor.id
    db.flush()
    varga = claims["pumps"].actor_id
    combinations = [
        ClaimFilters(),
        ClaimFilters(status="contested"),
        ClaimFilters(kind="direct", outlet="osk tribune"),
        ClaimFilters(claimant=str(varga)),
        ClaimFilters(article_id=claims["sail"].article_id, sort="oldest"),
        ClaimFilters(date_from=date(2026, 11, 1), date_to=date(2026, 11, 10)),
        ClaimFilters(days=36500, tag="money"),
        ClaimFilters(assigned="me", assignee_id=editor.id),
        ClaimFilters(assigned="me", assignee_id=None),
        ClaimFilters(status="unreviewed", outlet="Marrenport Ledger", sort="claimant"),
        ClaimFilters(claimant="varga"),
        ClaimFilters(claimant="harbour"),  # unresolved: the claim's own claimant text
        ClaimFilters(claimant="mayor", status="unreviewed"),  # by alias
        ClaimFilters(q="ferry"),  # in a title only
        ClaimFilters(q="contract", claimant="brand", sort="oldest"),
        ClaimFilters(q="crowns"),
    ]
    combinations += [ClaimFilters(sort=sort) for sort in SORT_ORDERS]

    def found(filters: ClaimFilters) -> tuple[list[int], str | None, int]:
        page = page_claims(db, filters, 2)
        return [c.id for c in page.items], page.next_cursor, count_claims(db, filters)

    bound = [found(f) for f in combinations]
    expected = {  # what some of them must find, whichever way they are built
        1: [claims["cost"].id],
        2: [claims["sail"].id],
        5: [claims["sail"].id],  # the whole of 10 November
        6: [claims["cost"].id],
        7: [claims["sail"].id],
        8: [],
        10: [claims["pumps"].id],
        11: [claims["cost"].id],
        12: [claims["pumps"].id],
        13: [claims["sail"].id],
        14: [claims["sail"].id],
        15: [claims["cost"].id],
    }
    for i, ids in expected.items():
        assert sorted(bound[i][0]) == sorted(ids), combinations[i]
    assert queries._bound_page.cache_info().hits + queries._bound_page.cache_info().misses > 0
    before = queries._bound_page.cache_info().hits
    found(combinations[1])
    assert queries._bound_page.cache_info().hits == before + 1  # the same statement again
    searches = [f for f in combinations if f.q]
    monkeypatch.setattr(queries, "_estimated_matches", lambda session, q: 10_000_000.0)
    queries._forget_lookups(db)  # the search's ids, found above
    by_words = [found(f) for f in searches]  # common words: tested row by row
    assert [w[:2] for w in by_words] == [bound[combinations.index(f)][:2] for f in searches]
    monkeypatch.setattr(queries, "_bound_filters", lambda session, filters: None)
    assert [found(f) for f in searches] == by_words
    monkeypatch.undo()
    queries._forget_lookups(db)
    monkeypatch.setattr(queries, "_bound_filters", lambda session, filters: None)
    general = [found(f) for f in combinations]
    assert bound == general
    assert {len(ids) for ids, _, _ in bound} >= {0, 1, 2}  # the combinations do filter


def test_row_statements_see_changes_not_yet_flushed(db: Session) -> None:
    """The claims table's rows and count run on the session's connection, past the ORM
    (`rows_of`); a change still pending in the session must be flushed first, as
    Session.execute would."""
    article = make_article(db, title="Pending changes")
    claim = make_claim(db, article, "the pier will reopen in March", status="unreviewed")
    claim.status = "contested"  # pending: not flushed
    filters = ClaimFilters(status="contested")
    assert [row.id for row in page_claims(db, filters, 50).items] == [claim.id]
    fresh = make_claim(db, article, "the ferry will be late")
    fresh.status = "contested"
    assert count_claims(db, filters) == 2
