import re

from app.config import PROJECT_ROOT
from app.export import CSV_COLUMNS


def test_every_export_column_is_documented_in_order() -> None:
    page = (PROJECT_ROOT / "docs" / "csv-columns.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `(\w+)` \|", page, flags=re.MULTILINE)
    assert tuple(documented) == CSV_COLUMNS
