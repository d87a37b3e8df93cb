"""The offline contract: dispute keys added to `claimdesk extract --json` output."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from app.relate.__main__ import main
from app.relate.offline import add_dispute_keys

TEXT = (
    "The port of Calder reopened on Friday. Harbour master Ada Quill said the port "
    "reopened after 3 ships were cleared. Dockers said the port remained closed to "
    "container ships. A festival is planned for June."
)


def claim_for(content: str, claimant: str) -> dict[str, Any]:
    start = TEXT.index(content)
    return {"claimant": claimant, "content": content, "start": start, "end": start + len(content)}


def single_article() -> dict[str, Any]:
    return {
        "claims": [
            claim_for("the port reopened after 3 ships were cleared", "Ada Quill"),
            claim_for("the port remained closed to container ships", "dockers"),
        ],
        "text": TEXT,
    }


def test_single_article_gets_a_shared_key() -> None:
    result = add_dispute_keys(single_article())
    keys = [c["dispute"] for c in result["claims"]]
    assert keys[0] is not None and keys[0] == keys[1]


def test_input_is_not_changed() -> None:
    data = single_article()
    add_dispute_keys(data)
    assert all("dispute" not in c for c in data["claims"])


def test_articles_are_grouped_across_files(tmp_path: Path) -> None:
    path = tmp_path / "calder.txt"
    path.write_text(TEXT, encoding="utf-8")
    article = single_article()
    del article["text"]
    result = add_dispute_keys({"articles": [{"file": str(path), **article}, {"claims": []}]})
    claims = result["articles"][0]["claims"]
    assert all("dispute" in c for c in claims)
    assert claims[0]["dispute"] == claims[1]["dispute"] is not None


def test_unreadable_file_still_gets_keys() -> None:
    article = single_article()
    del article["text"]
    result = add_dispute_keys({"articles": [{"file": "/nonexistent/x.txt", **article}]})
    assert all("dispute" in c for c in result["articles"][0]["claims"])


def test_cli_reads_stdin_and_prints_json(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(single_article())))
    assert main([]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert {"dispute"} <= set(printed["claims"][0])
