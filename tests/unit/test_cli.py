"""The JSON command line: one file gives claims, several give articles in order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.extract import EXTRACTOR_VERSION, get_extractor
from app.extract.__main__ import main
from app.extract.cli import extract_files_json


def test_one_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Mayor Ilse Marek said the bridge would reopen.", encoding="utf-8")
    result = extract_files_json([str(path)])
    (claim,) = result["claims"]
    assert claim["claimant"] == "Ilse Marek"
    assert claim["content"] == "the bridge would reopen"
    assert set(claim) >= {"claimant", "claimant_kind", "mention", "mention_start",
                          "mention_end", "content", "start", "end", "cue", "kind",
                          "sentence_start", "sentence_end", "quantities", "claimant_aliases"}


def test_several_files_keep_order(tmp_path: Path) -> None:
    first, second = tmp_path / "1.txt", tmp_path / "2.txt"
    first.write_text("Nothing is attributed here.", encoding="utf-8")
    second.write_bytes(b"The council said the road was closed. \xff")
    result = extract_files_json([str(first), str(second)])
    assert [a["file"] for a in result["articles"]] == [str(first), str(second)]
    assert result["articles"][0]["claims"] == []
    assert result["articles"][1]["claims"][0]["content"] == "the road was closed"


def test_main_prints_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.txt"
    path.write_text("“We are ready,” the coach said.", encoding="utf-8")
    assert main([str(path), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["claims"][0]["content"] == "We are ready,"


def test_extractor_protocol() -> None:
    extractor = get_extractor()
    assert extractor is get_extractor()
    assert extractor.version == EXTRACTOR_VERSION
    assert extractor.extract_many(["", "The board said profits fell."])[1][0].claimant == (
        "The board")
