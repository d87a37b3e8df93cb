import json
from datetime import UTC, date, datetime

import pytest

from app.export import export_filename, iter_csv, iter_json, neutralise_formula
from app.queries import ClaimRow


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://x.example")', '\'=HYPERLINK("http://x.example")'),
        ("+31 injured", "'+31 injured"),
        ("-5 degrees overnight", "'-5 degrees overnight"),
        ("@mayor_varga", "'@mayor_varga"),
        ("\tindented", "'\tindented"),
        ("\rcarriage", "'\rcarriage"),
        ("The dam is safe", "The dam is safe"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_cells_a_spreadsheet_would_run_get_a_quote(cell: str, expected: str) -> None:
    assert neutralise_formula(cell) == expected


def row(**overrides: object) -> ClaimRow:
    values: dict[str, object] = {
        "id": 7,
        "article_id": 3,
        "article_title": "Ferry strike ends",
        "outlet": "Osk Tribune",
        "article_url": "https://tribune.example/ferry",
        "claimant": "Nils Brand",
        "published_at": datetime(2026, 11, 2, 6, 0, tzinfo=UTC),
        "actor_id": 4,
        "claimant_kind": "person",
        "mention": "Brand",
        "cue": "said",
        "kind": "direct",
        "status": "contested",
        "content": 'We won, "fair and square"',
        "start": 10,
        "end": 36,
        "sentence_start": 0,
        "sentence_end": 40,
        "extractor_version": "rules-1",
        "version": 1,
    }
    values.update(overrides)
    return ClaimRow(**values)  # type: ignore[arg-type]


HEADER = (
    "id,article_id,article_title,outlet,article_url,published_at,claimant,actor_id,"
    "claimant_kind,mention,cue,kind,status,content,start,end,sentence_start,sentence_end,"
    "extractor_version\r\n"
)


def test_csv_quotes_and_escapes_like_a_spreadsheet_expects() -> None:
    rows = [
        row(),
        row(
            id=8,
            content="=1+2",
            outlet=None,
            actor_id=None,
            claimant_kind=None,
            published_at=None,
            claimant="-Anonymous-",
        ),
    ]
    assert "".join(iter_csv(rows)) == HEADER + (
        "7,3,Ferry strike ends,Osk Tribune,https://tribune.example/ferry,"
        "2026-11-02T06:00:00+00:00,Nils Brand,4,person,Brand,said,direct,contested,"
        '"We won, ""fair and square""",10,36,0,40,rules-1\r\n'
        "8,3,Ferry strike ends,,https://tribune.example/ferry,,'-Anonymous-,,,Brand,said,direct,"
        "contested,'=1+2,10,36,0,40,rules-1\r\n"
    )


def test_csv_bom_only_when_asked() -> None:
    assert "".join(iter_csv([], bom=True)) == "\ufeff" + HEADER
    assert "".join(iter_csv([])) == HEADER


def test_json_export_is_one_array_of_objects() -> None:
    assert json.loads("".join(iter_json([]))) == []
    parsed = json.loads("".join(iter_json([row(), row(id=8, content="Æble = 1")])))
    assert [o["id"] for o in parsed] == [7, 8]
    assert parsed[1]["content"] == "Æble = 1"  # JSON has no formulas: text kept as written
    assert parsed[0]["published_at"] == "2026-11-02T06:00:00+00:00"


def test_export_filename_carries_the_day() -> None:
    assert export_filename("csv", date(2026, 11, 26)) == "claims-2026-11-26.csv"
