"""The `claimdesk` command, run in-process against the test transaction."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import bulk, commands
from app.auth import digest
from app.cli import main
from app.models import ApiToken, Article, User


@pytest.fixture(autouse=True)
def cli_uses_test_session(db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    @contextmanager
    def scope() -> Iterator[Session]:
        yield db
        db.flush()

    monkeypatch.setattr(commands, "session_scope", scope)
    monkeypatch.setattr(bulk, "session_scope", scope)


def test_users_add_and_token(db: Session, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["users", "add", "wren", "--role", "editor", "--password", "long enough pw"]) == 0
    user = db.scalars(select(User).where(User.username == "wren")).one()
    assert user.role == "editor" and user.password_hash.startswith("$argon2")
    capsys.readouterr()
    assert main(["users", "token", "wren"]) == 0
    token = capsys.readouterr().out.strip()
    assert db.scalars(select(ApiToken).where(ApiToken.token_hash == digest(token))).one()
    assert main(["users", "add", "wren", "--password", "another pw!"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["users", "token", "nobody"]) == 1


def test_short_password_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["users", "add", "kit", "--password", "short"]) == 1
    assert "at least 8 characters" in capsys.readouterr().err


def test_ingest_jsonl_reports_added_duplicates_and_refusals(
    db: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "Mayor Ada Vinter said the tram line would open in May."
    lines = [
        json.dumps(
            {
                "text": text,
                "title": "Tram",
                "outlet": "City Bell",
                "published_at": "2026-03-01T10:00:00+00:00",
            }
        ),
        json.dumps({"text": text + "  "}),
        "{not json",
        json.dumps({"title": "no body"}),
        "",
    ]
    source = tmp_path / "batch.jsonl"
    source.write_text("\n".join(lines), encoding="utf-8")
    assert main(["ingest", str(source)]) == 2
    out = capsys.readouterr().out
    assert out.startswith("1 added, 1 already present, 2 refused")
    assert "line 3: not valid" in out and "line 4: needs a non-empty 'text' or a 'url'" in out
    article = db.scalars(select(Article)).one()
    assert (article.title, article.outlet, article.extraction_status) == (
        "Tram",
        "City Bell",
        "queued",
    )


def test_extract_json_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "\u201cThe bridge is safe,\u201d said Lena Marsh. Others disagreed."
    one = tmp_path / "one.txt"
    one.write_text(text, encoding="utf-8")
    assert main(["extract", str(one), "--json"]) == 0
    claims = json.loads(capsys.readouterr().out)["claims"]
    assert claims and all(text[c["start"] : c["end"]] == c["content"] for c in claims)
    assert claims[0]["content"] == "The bridge is safe,"
    assert main(["extract", str(one), str(one), "--json"]) == 0
    articles = json.loads(capsys.readouterr().out)["articles"]
    assert [a["file"] for a in articles] == [str(one), str(one)]


def test_extract_without_arguments_explains(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract"]) == 2
    assert "give FILES, --article ID or --all" in capsys.readouterr().err
