"""/claims.csv and /claims.json: the same filters as the table, as files."""

import json

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import make_actor, make_article, make_claim

HEADER = (
    "id,article_id,article_title,outlet,article_url,published_at,claimant,actor_id,"
    "claimant_kind,mention,cue,kind,status,content,start,end,sentence_start,sentence_end,"
    "extractor_version\r\n"
)
GRAIN_TEXT = (
    'Grain prices in Tessaly rose again. Minister Ada Korr said, "Stocks are full, prices will '
    'fall." Millers said -12% was the real change in supply.'
)


def test_csv_export_golden(journalist_client: TestClient, db: Session) -> None:
    article = make_article(
        db,
        title="Grain, again",
        outlet="Tessaly Post",
        text=GRAIN_TEXT,
        url="https://post.example/grain",
    )
    korr = make_actor(db, "Ada Korr", affiliation="Tessaly government")
    quote = make_claim(
        db,
        article,
        "Stocks are full, prices will fall.",
        actor=korr,
        kind="direct",
        mention="Minister Ada Korr",
    )
    millers = make_claim(db, article, "-12% was the real change in supply", claimant="Millers")
    response = journalist_client.get("/claims.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.text == HEADER + (  # newest first; same day, so the later claim first
        f'{millers.id},{article.id},"Grain, again",Tessaly Post,https://post.example/grain,'
        "2026-11-16T08:30:00+00:00,Millers,,,Millers,said,indirect,unreviewed,"
        "'-12% was the real change in supply,110,144,36,145,rules-1\r\n"
        f'{quote.id},{article.id},"Grain, again",Tessaly Post,https://post.example/grain,'
        f"2026-11-16T08:30:00+00:00,Ada Korr,{korr.id},person,Minister Ada Korr,said,direct,"
        'unreviewed,"Stocks are full, prices will fall.",61,95,36,145,rules-1\r\n'
    )


def test_csv_is_an_attachment_named_by_day(journalist_client: TestClient) -> None:
    response = journalist_client.get("/claims.csv")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="claims-20')
    assert disposition.endswith('.csv"')
    assert response.text == HEADER  # no claims: still a header, so the file opens cleanly


def test_bom_for_excel(journalist_client: TestClient) -> None:
    response = journalist_client.get("/claims.csv?bom=1")
    assert response.content.startswith(b"\xef\xbb\xbfid,article_id,")


def test_formula_cells_are_neutralised(journalist_client: TestClient, db: Session) -> None:
    article = make_article(db, title='=IMPORTXML("http://x.example")', text="y" * 30)
    make_claim(db, article, "+1 555 0100 call now", claimant="@handle", cue="=cmd|' /C calc'!A0")
    line = journalist_client.get("/claims.csv").text.split("\r\n")[1]
    assert ',"\'=IMPORTXML(""http://x.example"")",' in line
    assert ",'@handle," in line
    assert ",'=cmd|' /C calc'!A0," in line
    assert ",'+1 555 0100 call now," in line


def test_export_uses_the_table_filters(journalist_client: TestClient, db: Session) -> None:
    article = make_article(db, text="The mill is closing. The mill is not closing.")
    make_claim(db, article, "The mill is closing", claimant="Owner Lise Ramm", kind="direct")
    make_claim(db, article, "The mill is not closing", claimant="Foreman Toma Hale")
    rows = journalist_client.get("/claims.csv?claimant=hale").text.split("\r\n")
    assert len(rows) == 3 and rows[2] == ""  # header, one claim, final line end
    assert "Foreman Toma Hale" in rows[1]
    as_json = journalist_client.get("/claims.json?kind=direct").json()
    assert [o["claimant"] for o in as_json] == ["Owner Lise Ramm"]


def test_json_export_has_every_column(journalist_client: TestClient, db: Session) -> None:
    article = make_article(db)
    claim = make_claim(db, article)
    response = journalist_client.get("/claims.json")
    assert response.headers["content-disposition"].endswith('.json"')
    assert json.loads(response.text) == [
        {
            "id": claim.id,
            "article_id": article.id,
            "article_title": "Marrenport raises its flood barriers",
            "outlet": "Marrenport Ledger",
            "article_url": article.url,
            "published_at": "2026-11-16T08:30:00+00:00",
            "claimant": "Ilse Varga",
            "actor_id": None,
            "claimant_kind": None,
            "mention": "Ilse Varga",
            "cue": "said",
            "kind": "indirect",
            "status": "unreviewed",
            "content": "the old pumping station would be replaced by spring",
            "start": 81,
            "end": 132,
            "sentence_start": 59,
            "sentence_end": 133,
            "extractor_version": "rules-1",
        }
    ]


def test_bad_filter_on_export_is_json_400(journalist_client: TestClient) -> None:
    response = journalist_client.get("/claims.csv?date_to=31/12/2026")
    assert response.status_code == 400
    assert response.json() == {"detail": "The 'date_to' filter must be a date like 2026-11-16."}


def test_export_needs_login(client: TestClient) -> None:
    response = client.get("/claims.csv")
    assert response.status_code == 401


def test_export_streams_past_one_batch(journalist_client: TestClient, db: Session) -> None:
    from sqlalchemy import insert

    from app.models import Claim
    from app.queries import EXPORT_BATCH

    article = make_article(db, text="Reports. " * 10)
    rows = [
        {
            "article_id": article.id,
            "claimant": f"Witness {i}",
            "content": "Reports",
            "start": 0,
            "end": 7,
            "sentence_start": 0,
            "sentence_end": 8,
            "kind": "indirect",
            "published_at": article.published_at,
        }
        for i in range(EXPORT_BATCH * 2 + 7)
    ]
    db.execute(insert(Claim), rows)
    lines = journalist_client.get("/claims.csv").text.split("\r\n")
    assert len(lines) == 1 + len(rows) + 1
    assert lines[1].split(",")[6] == f"Witness {len(rows) - 1}"  # newest (highest id) first
    assert lines[-2].split(",")[6] == "Witness 0"
