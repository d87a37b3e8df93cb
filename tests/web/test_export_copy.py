"""/claims.csv is written by Postgres (COPY); it must be the very file the Python writer
(`iter_csv` over `iter_claims`) makes, byte for byte, whatever the cells and the filters."""

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.export import iter_csv, iter_csv_copy
from app.queries import ClaimFilters, iter_claims
from tests.factories import make_actor, make_article, make_claim, make_two_towns

AWKWARD = 'He said, "no" =1+1;\nthen left. Æble  ünïcode \u201cquoted\u201d \\ back\\slash\t end'


def awkward_claims(db: Session) -> None:
    """Cells of every shape a CSV writer can get wrong."""
    make_two_towns(db)
    formula = make_article(
        db,
        title='=IMPORTXML("http://x.example")',
        outlet="@Tribune, Osk",
        text=AWKWARD + " -5 degrees overnight. +31 injured. \tTabbed. \rReturned.",
        url="",  # an empty string, not NULL: both must come out as nothing
        published_at=datetime(2026, 11, 18, 9, 15, 30, 250, tzinfo=UTC),
    )
    korr = make_actor(db, "-Anonymous-", kind="group")
    make_claim(db, formula, AWKWARD, actor=korr, mention="", cue="=cmd|' /C calc'!A0")
    make_claim(db, formula, "-5 degrees overnight", claimant="+Plus", kind="direct")
    make_claim(db, formula, "+31 injured", claimant="@handle", status="contested")
    make_claim(db, formula, "\tTabbed", claimant="\tTab", status="refuted")
    make_claim(db, formula, "\rReturned", claimant="\rReturn", mention='"quoted"')
    # First characters below "@" that start no formula, one past it, and a non-ASCII one: the
    # SQL returns text past "@" untouched after one comparison and tests the rest.
    make_claim(db, formula, "42 homes were flooded", claimant="1st Hill Brigade", cue="!")
    make_claim(db, formula, " leading space", claimant="'Already quoted", mention="A")
    make_claim(db, formula, "«Nous tiendrons»", claimant="Émile Roux", cue="?")
    undated = make_article(db, title="", outlet=None, text="Undated. Really.", published_at=None)
    make_claim(db, undated, "Undated", claimant="Nobody in particular", undated=True)
    whole_second = make_article(db, published_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    make_claim(db, whole_second, claimant="Ilse Varga", status="supported")


def python_csv(db: Session, filters: ClaimFilters, *, bom: bool = False) -> bytes:
    return "".join(iter_csv(iter_claims(db, filters), bom=bom)).encode()


def copy_csv(db: Session, filters: ClaimFilters, *, bom: bool = False) -> bytes:
    return b"".join(iter_csv_copy(db, filters, bom=bom))


FILTERS = [
    {},
    {"sort": "oldest"},
    {"sort": "claimant"},
    {"sort": "outlet"},
    {"claimant": "anonym"},
    {"claimant": "100%_\\"},
    {"status": "contested"},
    {"q": "degrees"},
    {"date_from": "2026-11-01", "date_to": "2026-11-30"},
    {"outlet": "@tribune, osk"},
    {"kind": "direct"},
]


def _label(params: dict[str, str]) -> str:
    return "&".join(f"{k}={v}" for k, v in params.items()) or "none"


@pytest.mark.parametrize("params", FILTERS, ids=_label)
def test_copy_export_is_the_python_writers_file(db: Session, params: dict[str, str]) -> None:
    awkward_claims(db)
    filters = ClaimFilters.parse(params)
    assert copy_csv(db, filters) == python_csv(db, filters)


def test_copy_export_neutralises_every_formula_start(db: Session) -> None:
    awkward_claims(db)
    lines = copy_csv(db, ClaimFilters()).decode().split("\r\n")
    body = "\r\n".join(lines[1:])
    for cell in ("'=IMPORTXML", "'@Tribune", "'-Anonymous-", "'=cmd|", "'-5 degrees",
                 "'+31 injured", "'@handle", "'\tTab", "'\rReturn", "'+Plus"):
        assert cell in body
    assert ",2026-11-18T09:15:30.000250+00:00," in body
    assert ",2026-01-02T03:04:05+00:00," in body


def test_copy_export_with_bom_and_nothing_to_export(db: Session) -> None:
    empty = ClaimFilters(claimant="no such claimant anywhere")
    assert copy_csv(db, empty, bom=True) == python_csv(db, empty, bom=True)
    assert copy_csv(db, empty).startswith(b"id,article_id,")


def test_copy_export_spells_times_in_the_sessions_time_zone(db: Session) -> None:
    awkward_claims(db)
    db.execute(text("SET LOCAL TIME ZONE 'Asia/Kolkata'"))
    filters = ClaimFilters()
    assert copy_csv(db, filters) == python_csv(db, filters)
    assert b"+05:30," in copy_csv(db, filters)


def test_csv_route_sends_the_copy_file(journalist_client: TestClient, db: Session) -> None:
    awkward_claims(db)
    response = journalist_client.get("/claims.csv?status=contested&bom=1")
    assert response.content == python_csv(db, ClaimFilters(status="contested"), bom=True)
