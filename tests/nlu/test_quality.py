"""The shipped model on a slice of the train split (never a held-out one): the targets
wherever its cross-validation meets them, an explicit floor for the listed exceptions."""

from __future__ import annotations

from pathlib import Path

from nlu.corpus.check import load_corpus
from nlu.evaluation import evaluate

TRAIN = Path(__file__).resolve().parents[2] / "nlu" / "corpus" / "train"
# Criteria whose cross-validated kappa is below the 0.8 target (see nlu/README.md), with
# the floor the shipped model must keep on the train slice.
BELOW_TARGET = {"accurate": 0.75, "request_restated": 0.75, "actionable": 0.75, "remedy": 0.75}


def test_shipped_model_meets_its_figures_on_a_train_slice(grader):
    import json

    from nlu.grader import latest_version

    items = load_corpus(TRAIN)[::5]  # every fifth exchange: all themes, a few seconds
    outputs = list(
        grader.grade_many(
            [{k: v for k, v in i.items() if k not in ("gold", "meta")} for i in items]
        )
    )
    report = evaluate(items, outputs)
    assert report["errors"] == 0
    assert report["intents"]["accuracy"] >= 0.9
    assert report["elements"]["presence_accuracy"] >= 0.9
    cv = json.loads((latest_version() / "metadata.json").read_text(encoding="utf-8"))
    cv_kappa = {c: m["kappa"] for c, m in cv["metrics"]["criteria"].items()}
    # The 0.8 target everywhere but where cross-validation says the model is below it: those
    # are listed (a new one must be added on purpose), each with an absolute floor.
    assert {c for c, k in cv_kappa.items() if k < 0.8} <= set(BELOW_TARGET), cv_kappa
    floor = {c: BELOW_TARGET.get(c, 0.8) for c in report["criteria"]}
    weak = {c: r["kappa"] for c, r in report["criteria"].items() if r["kappa"] < floor[c]}
    assert not weak, (weak, floor)


def test_model_metadata_is_versioned():
    import json

    from nlu.grader import latest_version

    folder = latest_version()
    meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    assert meta["version"] == folder.name and len(meta["corpus_hash"]) == 16
    assert meta["metrics"]["intent"]["ece"] is not None
    size = sum(p.stat().st_size for p in folder.iterdir())
    assert size < 8_000_000, "artefacts ship in the repository: keep them small"


def test_a_labelled_reply_graded_again_keeps_its_labels(grader):
    # The same reply to the same scenario (a repeated auto-reply, an exchange graded again
    # after a review) meets its labelled twin in the scenario memory: its elements are the
    # person's, not an extrapolation of the matcher (which read "Nous vous répondrons dès
    # que possible" as stating all three elements of tr-a-0041).
    items = [i for i in load_corpus(TRAIN) if i["gold"]["intents"] == ["auto_reply"]]
    assert len(items) >= 20
    for item in items:
        line = grader.grade({k: v for k, v in item.items() if k not in ("gold", "meta")})
        assert sorted(line["criteria"]["complete"]["present"]) == sorted(item["gold"]["present"])
