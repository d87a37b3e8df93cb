"""Every setting is documented in the README, and unsafe secrets are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from app.config import Settings

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_setting_is_in_readme(field: str) -> None:
    info = Settings.model_fields[field]
    name = info.alias or field.upper()
    assert f"`{name}`" in README, f"{name} is not documented in README.md"


def test_production_refuses_the_development_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMDESK_ENV", "production")
    monkeypatch.delenv("CLAIMDESK_SECRET_KEY", raising=False)
    with pytest.raises(ValidationError, match="CLAIMDESK_SECRET_KEY must be set"):
        Settings(_env_file=None)  # type: ignore[call-arg]
