import re

from app.config import PROJECT_ROOT
from app.export import CSV_COLUMNS


def test_every_export_column_is_documented_in_order() -> None:
    page = (PROJECT_ROOT / "docs" / "csv-columns.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `(\w+)` \|", page, flags=re.MULTILINE)
    assert tuple(documented) == CSV_COLUMNS


def test_every_claim_filter_is_documented() -> None:
    from dataclasses import fields

    from app.queries import ClaimFilters

    page = (PROJECT_ROOT / "docs" / "claims-filters.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(\w+)` \|", page, flags=re.MULTILINE))
    assert documented == {f.name for f in fields(ClaimFilters) if f.metadata.get("param", True)}


def test_every_dispute_csv_column_is_documented() -> None:
    from app.web.disputes import CSV_COLUMNS

    page = (PROJECT_ROOT / "docs" / "disputes.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `(\w+)` \|", page, re.M)
    assert documented == list(CSV_COLUMNS)
