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

    items = load_corpus(TRAIN)[::4]
    info = nlu.train(items, tmp_path, log=lambda _: None)
    folder = latest_version(tmp_path)
    assert folder.name == info.version and info.exchanges == len(items)
    meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    assert meta["corpus_hash"] == info.corpus_hash and "ece" in meta["metrics"]["elements"]
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
