"""`vigie nlu grade` and `vigie nlu evaluate`: the contract of ARCHITECTURE.md."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlu.constants import CRITERIA, GRID, INTENTS
from tests.nlu.conftest import make_exchange

ROOT = Path(__file__).resolve().parents[2]
TRAIN = ROOT / "nlu" / "corpus" / "train"


def check_line(line: dict, exchange: dict) -> None:
    assert set(line) == {"id", "grid", "grader", "intents", "criteria"}
    assert line["id"] == exchange["id"] and line["grid"] == GRID and line["grader"]
    assert len(line["intents"]) == len(exchange["replies"]) and set(line["intents"]) <= set(INTENTS)
    assert list(line["criteria"]) == list(CRITERIA)
    for name, entry in line["criteria"].items():
        assert {"value", "confidence", "evidence", "reason"} <= set(entry)
        assert 0.0 <= entry["confidence"] <= 1.0
        assert isinstance(entry["reason"], str) and entry["reason"]
        if name == "complete":
            assert 0.0 <= entry["value"] <= 1.0 and isinstance(entry["present"], list)
        else:
            assert entry["value"] in (True, False, None)
        for span in entry["evidence"]:
            text = exchange["replies"][span["reply"]]["text"]
            assert 0 <= span["start"] < span["end"] <= len(text)


def test_grade_command_streams_the_contract_and_reports_bad_lines(tmp_path):
    good = make_exchange(
        "@claire Bonjour Claire, c'est sur rendez-vous en mairie, gratuit. Bonne journée ^JD"
    )
    other = make_exchange("Pouvez-vous nous écrire en MP ?") | {"id": "t-2"}
    lines = [
        json.dumps(good, ensure_ascii=False),
        "{pas du json",
        json.dumps({"id": "t-3", "replies": "x"}),
        json.dumps(other, ensure_ascii=False),
    ]
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "nlu", "grade"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 1, result.stderr  # some lines were malformed
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert len(out) == 4
    check_line(out[0], good)
    assert out[1]["id"] is None and "JSON" in out[1]["error"]
    assert out[2] == {"id": "t-3", "error": out[2]["error"]} and "scenario" in out[2]["error"]
    check_line(out[3], other)
    assert "ligne(s) en erreur" in result.stderr


def test_grade_api_matches_contract(grader):
    exchange = make_exchange(
        "Bonjour, nous revenons vers vous.", "Le dépôt se fait sur rendez-vous, c'est gratuit."
    )
    check_line(grader.grade(exchange), exchange)
    batch = list(grader.grade_many([exchange, {"id": "x"}, exchange]))
    assert [b["id"] for b in batch] == [exchange["id"], "x", exchange["id"]] and "error" in batch[1]


def test_intent_is_fast_and_labelled(grader):
    label, confidence = grader.intent("Bonjour, pouvez-vous nous écrire en message privé ?")
    assert label == "redirect_private" and 0 < confidence <= 1


def test_evaluate_command_prints_the_figures(grader, tmp_path):
    from app.cli_nlu import app

    sample = tmp_path / "sample.jsonl"
    first = sorted(TRAIN.glob("*.jsonl"))[0]
    sample.write_text(
        "\n".join(first.read_text(encoding="utf-8").splitlines()[:8]) + "\n", encoding="utf-8"
    )
    runner = CliRunner()
    text = runner.invoke(app, ["evaluate", str(sample)])
    assert text.exit_code == 0, text.output
    assert (
        "kappa" in text.output
        and "Intentions" in text.output
        and "Éléments attendus" in text.output
        and "Critères à kappa ≥ 0,8" in text.output
        and "IC 95 %" in text.output
    )
    as_json = runner.invoke(app, ["evaluate", str(sample), "--json"])
    report = json.loads(as_json.output)
    assert report["exchanges"] == 8 and set(report["criteria"]) == set(CRITERIA) - {"complete"}
    assert {"accuracy", "kappa", "kappa_95", "ece", "confusion"} <= set(
        report["criteria"]["salutation"]
    )
    # A second grader who agrees with the first on every label: human kappa 1 everywhere.
    second = tmp_path / "second.jsonl"
    lines = [json.loads(line) for line in sample.read_text(encoding="utf-8").splitlines()]
    second.write_text("".join(json.dumps({"id": i["id"], "gold": i["gold"]}) + "\n" for i in lines))
    both = runner.invoke(app, ["evaluate", str(sample), "--second", str(second), "--json"])
    together = json.loads(both.output)["agreement"]
    assert together["exchanges"] == 8 and together["intents"]["humans"] == 1.0
    assert (
        together["criteria"]["salutation"]["model_second"]
        == report["criteria"]["salutation"]["kappa"]
    )
    shown = runner.invoke(app, ["evaluate", str(sample), "--second", str(second)])
    assert "Accord avec deux correcteurs humains (8 échanges" in shown.output
    missing = runner.invoke(app, ["evaluate", str(sample), "--second", str(tmp_path / "none")])
    assert missing.exit_code == 2 and "second correcteur" in missing.output


@pytest.mark.parametrize(
    "split", ["nlu/corpus/test", "nlu/corpus/test-b/01-etat-civil-titres.jsonl"]
)
def test_train_refuses_the_held_out_splits(split):
    from app.cli_nlu import app

    result = CliRunner().invoke(app, ["train", "--corpus", split])
    assert result.exit_code == 2 and "test" in result.output


def test_train_command_learns_from_the_probes_only_when_told_to(monkeypatch):
    import nlu
    from app.cli_nlu import app
    from nlu.training import ModelInfo, default_probes

    calls = []

    def fake_train(items, out, **kwargs):
        calls.append((len(items), kwargs["probes"]))
        return ModelInfo("v", "/tmp/v", "h", len(items), {})

    monkeypatch.setattr(nlu, "train", fake_train)
    split = str(TRAIN / "a01-etat-civil.jsonl")
    assert CliRunner().invoke(app, ["train", "--corpus", split]).exit_code == 0
    assert CliRunner().invoke(app, ["train", "--corpus", split, "--probes"]).exit_code == 0
    assert calls[0][1] is None and calls[0][0] > 10
    assert {c: len(ps) for c, ps in calls[1][1].items()} == {
        c: len(ps) for c, ps in default_probes().items()
    }
    from nlu.corpus import accuracy_probes, tone_probes

    for module in (accuracy_probes, tone_probes):
        sets = {probe["set"] for probe, _ in calls[1][1][module.CRITERION]}
        assert sets == module.TRAINING_SETS  # never the sets that measure
    assert set(calls[1][1]) == {"accurate", "respectful_tone"}


def test_an_exchange_the_grader_fails_on_loses_only_its_own_line(grader, monkeypatch, caplog):
    """A grader bug on one exchange (here injected into `decide`) yields an error line for
    it alone, in French, logged in English; its batch is graded one exchange at a time."""
    import nlu.grader as grader_module

    real_decide = grader_module.decide

    def decide(p, *args):
        if p.exchange["id"] == "broken":
            raise KeyError("injected")
        return real_decide(p, *args)

    monkeypatch.setattr(grader_module, "decide", decide)
    good = make_exchange("Bonjour, le dépôt se fait sur rendez-vous, c'est gratuit.")
    broken = {**good, "id": "broken"}
    with caplog.at_level("WARNING", logger="nlu.grader"):
        batch = list(grader.grade_many([good, broken, {**good, "id": "after"}]))
    assert [line["id"] for line in batch] == [good["id"], "broken", "after"]
    check_line(batch[0], good)
    check_line(batch[2], {**good, "id": "after"})
    assert batch[1] == {"id": "broken", "error": batch[1]["error"]}
    assert batch[1]["error"].startswith("Échec de la notation de cet échange")
    assert "KeyError" in batch[1]["error"]
    assert "NLU grading failed on exchange 'broken'" in caplog.text


def test_a_question_that_is_not_an_object_is_reported(grader):
    exchange = {**make_exchange("Bonjour."), "question": "oops"}
    [line] = grader.grade_many([exchange])
    assert line["id"] == exchange["id"] and "« question » doit être un objet" in line["error"]


def test_a_batch_of_malformed_exchanges_only_yields_their_errors(grader):
    batch = list(grader.grade_many([{"id": "a"}, {"id": "b", "scenario": {}, "replies": "x"}]))
    assert [line["id"] for line in batch] == ["a", "b"]
    assert all(line["error"].startswith("Échange invalide") for line in batch)
