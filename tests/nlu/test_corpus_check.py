"""The corpus checker: a scenario may not straddle splits."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

from nlu.corpus.check import main

SAMPLE = Path(__file__).resolve().parents[2] / "nlu" / "corpus" / "train" / "a01-etat-civil.jsonl"


def test_a_scenario_in_two_splits_is_reported(tmp_path, capsys):
    line = SAMPLE.read_text(encoding="utf-8").splitlines()[0]
    for split, suffix in (("train", "x"), ("test-b", "y")):
        item = json.loads(line)
        item["id"] += suffix
        (tmp_path / split).mkdir()
        (tmp_path / split / "01.jsonl").write_text(json.dumps(item) + "\n", encoding="utf-8")
    assert main([str(tmp_path / "train")]) == 0
    assert main([str(tmp_path / "train"), str(tmp_path / "test-b")]) == 1
    assert "appears in several splits: test-b, train" in capsys.readouterr().out


def test_the_shipped_splits_are_valid_and_disjoint():
    # The checker's output names held-out lines: it is swallowed, only the verdict counts.
    with contextlib.redirect_stdout(io.StringIO()):
        verdict = main([str(SAMPLE.parents[1] / s) for s in ("train", "test", "test-b")])
    assert verdict == 0
