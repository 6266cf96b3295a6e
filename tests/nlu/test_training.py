"""`nlu.train` on a small slice of train: versioned artefacts that grade exchanges."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlu.corpus.check import load_corpus
from tests.nlu.conftest import make_exchange

TRAIN = Path(__file__).resolve().parents[2] / "nlu" / "corpus" / "train"


@pytest.mark.slow
def test_train_writes_a_loadable_versioned_model(tmp_path):
    import nlu
    from nlu.grader import Grader, latest_version, load_bundle
    from nlu.training import default_probes

    items = load_corpus(TRAIN)[::4]
    # a few probes of each training set teach their criteria (`vigie nlu train --probes`)
    probes = {c: ps[::20] for c, ps in default_probes().items()}
    info = nlu.train(items, tmp_path, log=lambda _: None, probes=probes)
    folder = latest_version(tmp_path)
    assert folder.name == info.version and info.exchanges == len(items)
    meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    assert meta["corpus_hash"] == info.corpus_hash and "ece" in meta["metrics"]["elements"]
    # the matcher is measured on scenarios it never saw, as the held-out splits are
    assert 0.8 <= meta["metrics"]["elements"]["cv_accuracy_new_scenarios"] <= 1.0
    # the probes taught their criteria, and only those; the figures stay the corpus's own
    assert {c: m["replies"] for c, m in meta["probes"].items()} == {
        "accurate": len(probes["accurate"]),
        "respectful_tone": len(probes["respectful_tone"]),
    }
    from nlu.corpus import accuracy_probes, tone_probes

    assert meta["probes"]["accurate"]["sets"] == sorted(accuracy_probes.TRAINING_SETS)
    assert meta["probes"]["respectful_tone"]["sets"] == sorted(tone_probes.TRAINING_SETS)
    criteria = meta["metrics"]["criteria"]
    taught = {c: m["probes"] for c, m in criteria.items() if m["probes"]}
    assert taught == {c: m["replies"] for c, m in meta["probes"].items()}
    assert all(criteria[c]["mode"] == "learned" for c in taught)
    assert all(m["n"] <= len(items) for m in meta["metrics"]["criteria"].values())
    from nlu.engine import load_spacy

    grader = Grader(load_bundle(folder), load_spacy())
    line = grader.grade(
        make_exchange("Bonjour Claire, c'est sur rendez-vous en mairie. Cordialement")
    )
    assert line["criteria"]["salutation"]["value"] is True and info.version in line["grader"]


def test_train_refuses_a_tiny_corpus(tmp_path):
    import nlu

    with pytest.raises(ValueError, match="au moins"):
        nlu.train(load_corpus(TRAIN)[:3], tmp_path)


def test_agreement_by_labeller_counts_each_labellers_values():
    from nlu.training import by_labeller

    items = [{"meta": {"author": a}} for a in ("a", "a", "a", "b", "b", "c")]
    gold = ["true", "false", "true", "true", "true", "null"]
    pred = ["true", "false", "false", "true", "false", "null"]
    report = by_labeller(items, gold, pred)
    assert report["a"]["n"] == 3 and report["a"]["accuracy"] == 0.667
    assert report["a"]["values"] == {"false": 1, "true": 2}
    # b never said "false": one miss gives kappa 0, which `values` explains
    assert report["b"]["kappa"] == 0.0 and report["b"]["values"] == {"true": 2}
    assert report["c"]["accuracy"] == 1.0


def test_a_model_that_only_mimics_known_labellers_loses_to_the_rule():
    from nlu.training import _Candidate, _choose

    rule = _Candidate("rule", False, 0.90, 0.90, 0.01, [])
    mimic = _Candidate("learned", True, 0.95, 0.80, 0.02, [])  # better on scenarios only
    general = _Candidate("learned", False, 0.92, 0.91, 0.02, [])
    assert _choose({"rule": rule, "learned+text": mimic}, rule_first=False) is rule
    assert (
        _choose({"rule": rule, "learned": general, "learned+text": mimic}, rule_first=False)
        is general
    )
    # exact rules keep their place unless beaten by a clear margin
    assert _choose({"rule": rule, "learned": general}, rule_first=True) is rule


def test_out_of_fold_predictions_never_see_their_own_fold():
    import numpy as np

    from nlu.training import _out_of_fold

    # Each labeller uses the feature the opposite way: a model fitted on the others
    # must be wrong on every row of the held labeller, which leaking would hide.
    rows = [{"x": 1.0}, {"x": 0.0}] * 6
    gold = ["true", "false"] * 3 + ["false", "true"] * 3
    writers = np.asarray(["a"] * 6 + ["b"] * 6)
    preds, confs = _out_of_fold(rows, gold, [""] * 12, writers, use_text=False)
    assert preds is not None and all(p != g for p, g in zip(preds, gold, strict=True))
    assert all(0.5 <= c <= 1.0 for c in confs)
    assert _out_of_fold(rows, gold, [""] * 12, np.zeros(12, dtype=int), use_text=False)[0] is None


def test_out_of_fold_learns_extra_examples_in_every_fold_and_never_scores_them():
    import numpy as np

    from nlu.training import _out_of_fold

    # The corpus alone never says "false": only the extra examples teach it.
    rows = [{"x": 1.0}, {"x": 0.0}] * 6
    gold = ["true"] * 12
    writers = np.asarray(["a"] * 6 + ["b"] * 6)
    alone, _ = _out_of_fold(rows, gold, [""] * 12, writers, use_text=False)
    assert alone == ["true"] * 12
    extra = ([{"x": 0.0}] * 20 + [{"x": 1.0}] * 20, ["false"] * 20 + ["true"] * 20, [""] * 40)
    taught, confs = _out_of_fold(rows, gold, [""] * 12, writers, use_text=False, extra=extra)
    assert taught == ["true", "false"] * 6  # one prediction per corpus row, none for extras
    assert len(confs) == 12


def test_probe_metadata_names_only_criteria_that_learnt_from_them():
    import pytest

    from nlu.model import CriterionModel
    from nlu.training import _checked_probes, _probe_metadata

    probe = {"set": "acc-1", "id": "acc-1-0001"}
    probes = {"accurate": [(probe, False)], "respectful_tone": [(probe, True)], "remedy": []}
    checked = _checked_probes(probes)
    assert set(checked) == {"accurate", "respectful_tone"}  # an empty list teaches nothing
    models = {"accurate": CriterionModel("learned"), "respectful_tone": CriterionModel("rule")}
    meta = _probe_metadata(checked, models)
    assert set(meta) == {"accurate"} and meta["accurate"]["sets"] == ["acc-1"]
    assert meta["accurate"]["replies"] == 1
    # the hash covers each probe's value too
    other = _probe_metadata({"accurate": [(probe, True)]}, models)["accurate"]["hash"]
    assert other != meta["accurate"]["hash"]
    assert _probe_metadata({}, models) == {}  # the shipped default: no probe
    for wrong in ({"spelling": [(probe, True)]}, {"acurate": [(probe, True)]}):
        with pytest.raises(ValueError, match="critère"):
            _checked_probes(wrong)


def test_extra_examples_never_calibrate():

    from nlu.model import calibrated

    y = ["true", "false"] * 10 + ["false"] * 30  # 20 of the corpus, then 30 extra examples
    splits = calibrated(object(), y, always=30).cv
    assert len(splits) == 5
    for train, test in splits:
        assert test.max() < 20  # calibrated on the corpus's rows only
        assert set(range(20, 50)) <= set(train.tolist())  # extras learnt in every fold
    # without extras, scikit-learn's own folds as before
    assert calibrated(object(), y[:20]).cv == 5
    # a class only the extras know: calibration over every row
    assert calibrated(object(), ["true"] * 20 + ["false"] * 10, always=10).cv == 5
