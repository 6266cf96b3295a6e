"""Pure helpers: quantities, contradictions, Rasa data, calibration error, kappa."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nlu import facts
from nlu.constants import CRITERIA
from nlu.evaluation import cohen_kappa, kappa_interval
from nlu.model import (
    SharedMatrices,
    TabularModel,
    expected_calibration_error,
    transform_dicts,
    transform_texts,
)
from nlu.rasa_data import annotate, render, strip_annotations


def test_quantities_are_extracted():
    q = facts.extract("Ouvert de 8 h 30 à 17h, 25 €, sous 3 semaines, le lundi.")
    assert (
        q.hours == {510, 1020}
        and q.amounts == {25.0}
        and q.delays == {21.0}
        and q.days == {"lundi"}
    )


@pytest.mark.parametrize(
    ("text", "free"),
    [
        ("Le renouvellement est gratuit.", True),
        ("Aucun frais à payer.", True),
        ("Cela ne coûte rien.", True),
        ("Pas de frais de dossier.", True),
        ("Le tarif est de 10 €.", False),
    ],
)
def test_free_is_said_many_ways(text, free):
    assert facts.extract(text).free is free


@pytest.mark.parametrize(
    ("text", "not_needed"),
    [
        ("Vous pouvez venir sans justificatif de domicile.", {"domicile"}),
        ("N'hésitez pas, venez sans justificatif de domicile.", {"domicile"}),
        (
            "Impossible de valider l'inscription sans nous transmettre votre avis d'imposition.",
            set(),
        ),
        ("Aucune attestation d'assurance ne vous sera demandée.", {"assurance"}),
        ("L'attestation d'assurance ne vous sera demandée qu'à la signature.", set()),
        ("Apportez votre livret de famille, aucun autre document ne sera demandé.", set()),
        ("Avec votre justificatif de domicile, il n'est pas indispensable de revenir.", set()),
    ],
)
def test_documents_said_not_needed(text, not_needed):
    assert facts.documents_not_needed(text) == not_needed


def test_lemmas_of_the_same_meaning_share_one_form():
    from nlu.lexicons import CANONICAL_LEMMA

    # Lemmas are compared without accents ("créneau" is "creneau").
    assert CANONICAL_LEMMA["creneau"] == CANONICAL_LEMMA["rdv"] == "rendez-vous"
    assert CANONICAL_LEMMA["inscription"] == "inscrire" and "mairie" not in CANONICAL_LEMMA


@pytest.mark.parametrize(
    ("fact", "claim", "kind"),
    [
        ("Ouvert de 9 h à 17 h", "Ouvert de 9 h à 18 h", "hours"),
        ("Le renouvellement est gratuit", "Le renouvellement coûte 25 €", "price"),
        ("Délai d'environ 4 semaines", "Comptez 2 semaines", "delays"),
        ("Dépôt uniquement sur rendez-vous", "Venez sans rendez-vous", "negation"),
    ],
)
def test_contradictions(fact, claim, kind):
    assert kind in facts.conflicts(facts.extract(fact), facts.extract(claim))


def test_agreeing_values_do_not_conflict():
    assert (
        facts.conflicts(facts.extract("Délai de 3 semaines"), facts.extract("environ 20 jours"))
        == []
    )


def test_rasa_markup_round_trip():
    text = "Appelez le 03 80 12 34 56 ou écrivez à a.b@ville.fr, c'est gratuit."
    marked = annotate(text)
    assert "[03 80 12 34 56](phone)" in marked and "[a.b@ville.fr](email)" in marked
    assert strip_annotations(marked) == text
    assert "- intent: answer" in render({"answer": [text]}, "test")


def test_calibration_error_and_kappa():
    assert expected_calibration_error([1.0, 1.0], [True, True]) == 0.0
    assert expected_calibration_error([0.9] * 10, [True] * 5 + [False] * 5) == pytest.approx(0.4)
    assert cohen_kappa(["a", "b", "a", "b"], ["a", "b", "a", "b"]) == 1.0
    assert cohen_kappa(["a", "a", "b", "b"], ["a", "b", "a", "b"]) == 0.0


def test_kappa_interval_holds_the_kappa_and_narrows_with_more_exchanges():
    gold = ["a", "b", "a", "a", "b", "a", "b", "a", "a", "b"] * 3
    pred = ["a", "b", "a", "b", "b", "a", "b", "a", "a", "a"] * 3
    low, high = kappa_interval(gold, pred)
    assert low < cohen_kappa(gold, pred) < high <= 1.0
    wide_low, wide_high = kappa_interval(gold[:10], pred[:10])
    assert wide_high - wide_low > high - low
    assert kappa_interval(gold, gold) == (1.0, 1.0)


def test_feature_dicts_are_vectorised_as_scikit_learn_vectorises_them():
    """`transform_dicts` gives `DictVectorizer.transform`'s very matrix: explicit zeros,
    booleans, numpy floats and ints, unknown features, rows in any key order, a lone dict,
    either sparse interface; strings go to scikit-learn's own handling, and a numpy
    boolean or no row is its error."""
    from sklearn import config_context
    from sklearn.feature_extraction import DictVectorizer

    fitted = DictVectorizer(sparse=True).fit(
        [{"b": 1.0, "a": 0.5, "kind=x": 1.0}, {"c": 2.0, "kind": "y"}]
    )
    cases = [
        [{"c": 0.0, "a": 1.0, "unknown": 3.0}, {}, {"b": True, "a": np.float64(0.25)}],
        [{"a": np.float32(1.5), "c": np.int64(2)}],
        [{"kind": "y", "a": 1.0}],  # a string: scikit-learn's one-hot
        {"a": 2.0, "b": 0.5},  # one row
    ]
    for interface in ("spmatrix", "sparray"):
        with config_context(sparse_interface=interface):
            for rows in cases:
                ours, theirs = transform_dicts(fitted, rows), fitted.transform(rows)
                assert type(ours) is type(theirs) and ours.shape == theirs.shape
                for part in ("data", "indices", "indptr"):
                    a, b = getattr(ours, part), getattr(theirs, part)
                    assert a.dtype == b.dtype and np.array_equal(a, b)
    for judge in (fitted.transform, lambda rows: transform_dicts(fitted, rows)):
        with pytest.raises(TypeError):
            judge([{"a": np.True_}])
    kept = transform_dicts(fitted, cases[0])
    assert kept.nnz == 4 and 0.0 in kept.data  # the explicit zero is kept
    with pytest.raises(ValueError):
        transform_dicts(fitted, [])


def test_blas_runs_one_thread_unless_the_environment_says(monkeypatch):
    """`limit_blas_threads` sets numpy's BLAS to one thread; a number of threads set in
    the environment is left as it is."""
    from threadpoolctl import threadpool_info, threadpool_limits

    from nlu.engine import BLAS_THREAD_VARIABLES, limit_blas_threads

    def threads() -> set[int]:
        return {p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"}

    with threadpool_limits(limits=2, user_api="blas"):
        for name in BLAS_THREAD_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("OPENBLAS_NUM_THREADS", "2")
        limit_blas_threads()
        assert threads() == {2}
        monkeypatch.delenv("OPENBLAS_NUM_THREADS")
        limit_blas_threads()
        assert threads() == {1}


def test_spacy_multiplies_with_numpy_and_tags_as_with_thinc_default(grader):
    """The grader's spaCy multiplies matrices with numpy's BLAS, not thinc's default BLIS
    (faster here), and gives the same tags, morphology and lemmas on corpus replies."""
    import spacy

    from nlu.corpus.check import load_corpus
    from nlu.engine import SPACY_EXCLUDE, SPACY_MODEL

    nlp = grader.engine.nlp
    models = [pipe.model for _, pipe in nlp.pipeline if getattr(pipe, "model", None)]
    layers = [n for model in models for n in model.walk()]
    assert len(layers) > 20 and all(n.ops.use_blis is False for n in layers)
    stock = spacy.load(SPACY_MODEL, exclude=list(SPACY_EXCLUDE))
    assert stock.get_pipe("tok2vec").model.ops.use_blis is True
    corpus = load_corpus(Path(__file__).resolve().parents[2] / "nlu" / "corpus" / "train")
    texts = [r["text"] for item in corpus[:200] for r in item["replies"]]
    tokens = 0
    for ours, theirs in zip(nlp.pipe(texts), stock.pipe(texts), strict=True):
        assert [(t.text, t.pos_, t.lemma_, str(t.morph)) for t in ours] == [
            (t.text, t.pos_, t.lemma_, str(t.morph)) for t in theirs
        ]
        assert np.allclose(ours.tensor, theirs.tensor, atol=1e-4)
        tokens += len(ours)
    assert tokens > 5000


def test_shared_matrices_give_each_model_its_own_probabilities(grader):
    """The grader vectorises a batch once for all criterion models: same figures as each
    model's own vectorizers."""
    from pathlib import Path

    from nlu.corpus.check import load_corpus
    from nlu.engine import decide

    items = load_corpus(Path(__file__).resolve().parents[2] / "nlu/corpus/train")[::40]
    prepared = [p for p in grader.engine.prepare(items) if p.replies]
    decisions = []
    for p in prepared:
        intents, probs = grader._intents(p.replies)
        elements = [0.5] * len(p.elements)
        decisions.append(decide(p, intents, probs, elements, [[] for _ in p.elements]))
    rows, texts = [d.features for d in decisions], [d.text for d in decisions]
    learned = [s.model for s in grader.bundle.criteria.values() if s.mode == "learned"]
    # Cross-validation may pick the text variant for every criterion: a features-only model,
    # fitted here on the batch, keeps both kinds in the test.
    labels = [r.get("rule_accurate", 0) > 0 for r in rows]
    learned.append(TabularModel(use_text=False).fit(rows, labels))
    assert any(m.use_text for m in learned) and any(not m.use_text for m in learned)
    matrices = SharedMatrices(learned)
    shared = matrices.transform(rows, texts)
    which = list(range(0, len(rows), 2))
    for model in learned:
        own = model.predict_proba([rows[k] for k in which], [texts[k] for k in which])
        assert np.allclose(matrices.predict_proba(model, shared, which), own)


@pytest.mark.parametrize(
    "settings",
    [
        {"cls": "tfidf", "sublinear_tf": True},
        {"cls": "count", "strip_accents": "unicode"},
        {"cls": "count", "lowercase": False, "binary": True},
    ],
)
def test_char_ngrams_are_counted_as_scikit_learn_counts_them(settings):
    """`transform_texts` gives the very matrix of `vectorizer.transform`: accents, case,
    runs of spaces, a non-breaking space, one-letter words, emojis, an empty text, a word
    met before (its columns are then read from the word cache)."""
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    train = [
        "Bonjour, la mairie est ouverte du lundi au vendredi.",
        "Merci de votre message : à bientôt !",
        "L'ÉTAT CIVIL vous répondra sous 48 h 🙂",
    ]
    texts = [
        "Bonjour ! La Mairie  est   OUVERTE le samedi\u00a0matin.",
        "a à y  🙂 😀",
        "",
        "Etat civil : état civil, ÉTAT civil.",
        "Bonjour, la mairie est ouverte du lundi au vendredi.",
    ]
    options = {k: v for k, v in settings.items() if k != "cls"}
    cls = {"tfidf": TfidfVectorizer, "count": CountVectorizer}[settings["cls"]]
    vectorizer = cls(analyzer="char_wb", ngram_range=(2, 5), **options).fit(train)
    for batch in (texts, texts[::-1]):
        expected, got = vectorizer.transform(batch), transform_texts(vectorizer, batch)
        assert got.shape == expected.shape and (got != expected).nnz == 0
        assert np.array_equal(got.toarray(), expected.toarray())
    assert transform_texts(vectorizer, texts).nnz > 20
    vectorizer.fit(["Une autre mairie, un autre vocabulaire."])  # refitted in place
    assert (transform_texts(vectorizer, texts) != vectorizer.transform(texts)).nnz == 0


def test_a_report_whose_every_line_failed_still_renders():
    from nlu.evaluation import evaluate, render

    items = [{"id": "x", "gold": {"criteria": {}, "intents": []}, "scenario": {}}]
    report = evaluate(items, [{"id": "x", "error": "ligne invalide"}])
    text = render(report)
    assert report["errors"] == 1 and "lignes en erreur : 1" in text and "sur 0" in text


def _labels(salutation: bool, present: list[str], intent: str = "answer") -> dict:
    criteria = dict.fromkeys(CRITERIA, True) | {"salutation": salutation, "complete": 0.5}
    return {"intents": [intent], "present": present, "criteria": criteria}


def _output(labels: dict) -> dict:
    criteria = {c: {"value": v, "confidence": 0.9} for c, v in labels["criteria"].items()}
    criteria["complete"]["present"] = labels["present"]
    return {"intents": labels["intents"], "criteria": criteria}


def test_agreement_sets_the_model_beside_two_human_graders():
    from nlu.evaluation import agreement, render_agreement

    salutations = [True, True, False, False, True, False]
    items = [
        {
            "id": f"x{k}",
            "scenario": {"expected": [{"id": "a"}, {"id": "b"}]},
            "replies": [{"text": "Bonjour"}],
            "gold": _labels(s, ["a"]),
        }
        for k, s in enumerate(salutations)
    ]
    # The second grader disagrees on salutation once, on an element once, on an intent once.
    second = {i["id"]: _labels(s, ["a"]) for i, s in zip(items, salutations, strict=True)}
    second["x0"] = _labels(False, ["a"])
    second["x1"] = _labels(True, ["a", "b"], intent="acknowledgement")
    outputs = [_output(i["gold"]) for i in items]  # the model agrees with the first grader
    report = agreement(items + [{"id": "unlabelled", "gold": {}}], second, outputs + [{}])
    row = report["criteria"]["salutation"]
    assert report["exchanges"] == 6 and row["model_first"] == 1.0
    other = [str(s).lower() for s in [False, *salutations[1:]]]
    humans = round(cohen_kappa([str(s).lower() for s in salutations], other), 3)
    assert row["humans"] == row["model_second"] == humans < 1.0
    assert row["humans_agree"] == 5 and row["model_errors_on_agreed"] == 0
    assert row["disagreements"] == {"first_second": 1, "model_first": 0, "model_second": 1}
    low, high = row["gap_95"]
    assert row["gap"] == pytest.approx((1.0 + row["model_second"]) / 2 - row["humans"], abs=2e-3)
    assert low <= row["gap"] <= high
    # One disagreement each way is no evidence that the model differs from a human.
    assert row["verdict"] == "open" and row["against_first"] == {
        "model_only": 0,
        "human_only": 1,
        "p": 1.0,
    }
    assert report["elements"] == {"humans": round(11 / 12, 3), "model_first": 1.0,
                                  "model_second": round(11 / 12, 3)}  # fmt: skip
    assert report["intents"]["humans"] == round(5 / 6, 3)
    text = render_agreement(report)
    assert "κ humains" in text and "sur 17" in text and "Intentions identiques" in text


def test_second_labels_must_name_known_exchanges_and_follow_the_rules(tmp_path):
    from nlu.corpus.check import check_second, load_corpus, second_labels

    split = Path(__file__).resolve().parents[2] / "nlu" / "corpus" / "train"
    items = load_corpus(split / "a01-etat-civil.jsonl")[:3]
    good = tmp_path / "good.jsonl"
    good.write_text("".join(json.dumps({"id": i["id"], "gold": i["gold"]}) + "\n" for i in items))
    assert set(second_labels(items, good)) == {i["id"] for i in items}
    broken = dict(items[0]["gold"], intents=[])  # one intent per reply is missing
    for line, message in (
        ({"id": "nowhere", "gold": items[0]["gold"]}, "pas dans le corpus"),
        ({"id": items[0]["id"], "gold": broken}, "one intent per reply"),
    ):
        bad = tmp_path / "bad.jsonl"
        bad.write_text(json.dumps(line) + "\n")
        with pytest.raises(ValueError, match=message):
            second_labels(items, bad)
    (tmp_path / "test").mkdir()
    (tmp_path / "test" / "01.jsonl").write_text(
        "".join(json.dumps(i) + "\n" for i in items), encoding="utf-8"
    )
    (tmp_path / "second" / "test").mkdir(parents=True)
    (tmp_path / "second" / "test" / "labels.jsonl").write_text(good.read_text())
    assert check_second(tmp_path) == 0
    (tmp_path / "second" / "test" / "labels.jsonl").write_text(bad.read_text())
    assert check_second(tmp_path) == 1
    (tmp_path / "second" / "test" / "labels.jsonl").write_text(good.read_text())
    (tmp_path / "second" / "tset").mkdir()  # a misspelt split is reported, not skipped
    assert check_second(tmp_path) == 1
    for broken_items, message in ((items + items[:1], "deux fois"), (items, "sans objet")):
        lines = "[1, 2]\n" if message == "sans objet" else good.read_text()
        bad.write_text(lines)
        with pytest.raises(ValueError, match=message):
            second_labels(broken_items, bad)


def test_mcnemar_counts_only_the_exchanges_where_one_side_errs():
    from nlu.evaluation import _verdict, mcnemar_p

    assert mcnemar_p(0, 0) == 1.0 and mcnemar_p(3, 3) == 1.0
    assert mcnemar_p(5, 0) == mcnemar_p(0, 5) == 2 / 2**5
    assert mcnemar_p(9, 0) < 0.05 < mcnemar_p(7, 2)
    below = {"model_only": 9, "human_only": 0, "p": mcnemar_p(9, 0)}
    assert _verdict([below, below]) == "below"
    assert _verdict([below, {"model_only": 7, "human_only": 2, "p": mcnemar_p(7, 2)}]) == "open"


def test_agreement_with_constant_labels_and_missing_intents():
    from nlu.evaluation import agreement, render_agreement

    items = [
        {
            "id": f"x{k}",
            "scenario": {"expected": []},
            "replies": [{"text": "Bonjour"}],
            "gold": _labels(True, []),
        }
        for k in range(12)
    ]
    second = {i["id"]: _labels(True, []) for i in items}
    outputs = [_output(_labels(k >= 9, [])) for k in range(12)]  # wrong on three
    for out in outputs:
        out["intents"] = []  # a grader that gave no intent is wrong on every reply
    report = agreement(items, second, outputs + [])
    row = report["criteria"]["salutation"]
    assert row["humans"] == 1.0 and row["disagreements"]["model_first"] == 9
    assert row["verdict"] == "below" and row["model_errors_on_agreed"] == 9
    assert report["intents"] == {"humans": 1.0, "model_first": 0.0, "model_second": 0.0}
    assert report["elements"]["humans"] is None
    text = render_agreement(report)
    assert "en dessous de l’accord entre humains sur 1," in text and "humains –" in text
