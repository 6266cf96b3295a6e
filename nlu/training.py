"""`nlu.train`: fit the learned parts on labelled exchanges and save a versioned bundle.

Out-of-fold predictions (grouped by exchange) feed every later stage, so the criterion
models learn from intents and element decisions as imperfect as they will be at grading
time, and the same predictions give honest cross-validated metrics and calibration errors.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from nlu import features as ft
from nlu.analysis import analyse_reply
from nlu.constants import BOOLEAN_CRITERIA, INTENTS
from nlu.engine import (
    Engine,
    build_memory,
    decide,
    element_key,
    element_rows,
    exchange_lemmas,
    lemma_idf,
    load_spacy,
    memory_features,
    validate,
)
from nlu.model import Bundle, CriterionModel, IntentModel, TabularModel, expected_calibration_error
from nlu.rasa_data import DATA_DIR, read_examples

MODELS_DIR = Path(__file__).parent / "models"
FOLDS = 5
# Criteria whose rules are exact enough to keep unless a learned model clearly does better.
RULE_FIRST = frozenset(
    {"salutation", "closing", "thanks", "register", "name_used", "agent_identified", "spelling"}
)
KEEP_VERSIONS = 1
# Extra examples of a criterion model: feature rows, gold values, texts.
Examples = tuple[list[dict] | tuple, list[str] | tuple, list[str] | tuple]
NO_EXAMPLES: Examples = ((), (), ())
# Probes that teach a criterion: each invented probe with that criterion's value.
Probes = dict[str, list[tuple[dict, bool]]]


@dataclass
class ModelInfo:
    """What a training produced."""

    version: str
    path: str
    corpus_hash: str
    exchanges: int
    metrics: dict


def corpus_hash(corpus: list[dict]) -> str:
    digest = hashlib.sha256()
    for item in sorted(json.dumps(e, sort_keys=True, ensure_ascii=False) for e in corpus):
        digest.update(item.encode("utf-8"))
    return digest.hexdigest()[:16]


def _encode(value) -> str:
    return {True: "true", False: "false", None: "null"}[value]


def _folds(keys: list[str], folds: int = FOLDS, seed: int = 7) -> np.ndarray:
    """Fold of each exchange, grouped by scenario: paraphrases of a scenario never leak."""
    unique = sorted(set(keys))
    order = np.random.default_rng(seed).permutation(len(unique))
    fold_of = {unique[j]: i % folds for i, j in enumerate(order)}
    return np.asarray([fold_of[k] for k in keys], dtype=int)


def _exchange_folds(n: int, folds: int = FOLDS, seed: int = 7) -> np.ndarray:
    """Fold of each exchange, ungrouped: the element memory is built per scenario, so its
    cross-validation keeps other exchanges of the same scenario (the scenario library)."""
    order = np.random.default_rng(seed).permutation(n)
    assignment = np.empty(n, dtype=int)
    assignment[order] = np.arange(n) % folds
    return assignment


def _group_key(exchange: dict) -> str:
    scenario = exchange.get("scenario") or {}
    return str(scenario.get("id") or f"exchange:{exchange.get('id')}")


def _corpus_words(corpus: list[dict]) -> frozenset[str]:
    """Words seen in at least two exchanges: project vocabulary (places, services)."""
    seen: Counter[str] = Counter()
    for exchange in corpus:
        gold = exchange.get("gold", {}).get("criteria", {})
        texts = [exchange.get("scenario", {}).get("question", "")]
        texts += [e.get("label", "") for e in exchange.get("scenario", {}).get("expected", [])]
        texts += list(exchange.get("scenario", {}).get("reference", []))
        if gold.get("spelling") is True:
            texts += [r.get("text", "") for r in exchange.get("replies", [])]
        seen.update(
            {w.lower() for t in texts for w in re.findall(r"[a-zàâäçéèêëîïôöùûüÿœæ-]{3,}", t, re.I)}
        )
    return frozenset(w for w, n in seen.items() if n >= 2)


def _fold_spelling(nlp, items: list[dict], groups: np.ndarray) -> dict[int, bool]:
    """The spelling rule's decision on each exchange, its vocabulary learnt on the OTHER folds.

    The known words the final model adds come from the corpus (`_corpus_words`); decided
    with the whole corpus's vocabulary, a held-out scenario's place names would be known
    and cross-validation would flatter the rule.
    """
    decisions: dict[int, bool] = {}
    for fold in range(FOLDS):
        held = [k for k, g in enumerate(groups) if g == fold]
        if not held:
            continue
        words = _corpus_words([e for e, g in zip(items, groups, strict=True) if g != fold])
        engine = Engine(nlp, words)
        for k, p in zip(held, engine.prepare([items[k] for k in held]), strict=True):
            decisions[k] = len(ft.spelling_errors(p.replies)) <= 1
    return decisions


def by_labeller(items: list[dict], gold: list, pred: list) -> dict[str, dict]:
    """Out-of-fold agreement on each labeller's exchanges (`meta.author`): how the graders
    would fare with a grader who judges like that one. `values` shows when a kappa means
    little (a labeller who never said "false" gets 0 for a single miss)."""
    groups: dict[str, tuple[list, list]] = {}
    for item, g, p in zip(items, gold, pred, strict=True):
        author = str((item.get("meta") or {}).get("author") or "?")
        groups.setdefault(author, ([], []))[0].append(g)
        groups[author][1].append(p)
    return {
        author: {
            "n": len(g),
            "accuracy": round(float(np.mean([a == b for a, b in zip(g, p, strict=True)])), 3),
            "kappa": round(_kappa(g, p), 3),
            "values": dict(sorted(Counter(map(str, g)).items())),
        }
        for author, (g, p) in sorted(groups.items())
    }


def _kappa(gold: list, pred: list) -> float:
    labels = sorted(set(gold) | set(pred), key=str)
    if len(gold) == 0:
        return 0.0
    observed = np.mean([g == p for g, p in zip(gold, pred, strict=True)])
    expected = sum((gold.count(lab) / len(gold)) * (pred.count(lab) / len(pred)) for lab in labels)
    return float(1.0 if expected >= 1.0 else (observed - expected) / (1 - expected))


@dataclass
class _Candidate:
    """A way to decide one criterion, with its out-of-fold agreement on train."""

    mode: str  # "rule" or "learned"
    text: bool  # learned on character n-grams of the replies too
    accuracy: float  # scenario-grouped folds
    labeller_accuracy: float  # leave-one-labeller-out folds
    ece: float
    preds: list[str]

    @property
    def score(self) -> float:
        return (self.accuracy + self.labeller_accuracy) / 2


def _choose(candidates: dict[str, _Candidate], *, rule_first: bool) -> _Candidate:
    """The candidate that agrees best with labellers over unseen scenarios AND unseen
    labellers; exact rules keep their place unless a model beats them clearly."""
    best = candidates["rule"]
    for name, candidate in candidates.items():
        margin = 0.02 if rule_first and best.mode == "rule" else 0.0
        if name != "rule" and candidate.score > best.score + margin:
            best = candidate
    return best


def default_probes() -> Probes:
    """The shipped probe sets kept for training (`nlu/corpus/probes`, README "Accuracy
    probes" and "Tone probes"), per criterion they teach; the later sets only measure."""
    from nlu.corpus import accuracy_probes, tone_probes

    return {
        module.CRITERION: [(p, module.value(p)) for p in module.for_training()]
        for module in (accuracy_probes, tone_probes)
    }


def _probe_examples(bundle: Bundle, nlp, probes: Probes) -> dict[str, Examples]:
    """Each criterion's examples from its probes: each probe analysed as the probe commands
    grade it (a one-reply exchange of a town hall), with the intent and element models of
    `bundle`, and the probe's value as gold."""
    pairs = [(criterion, probe, value) for criterion, ps in probes.items() for probe, value in ps]
    if not pairs:
        return {}
    from nlu.corpus.accuracy_probes import exchange
    from nlu.grader import Grader

    exchanges = [exchange(p) for _, p, _ in pairs]
    for (_, probe, _), ex in zip(pairs, exchanges, strict=True):
        if problem := validate(ex):
            raise ValueError(f"sonde invalide {probe.get('id')!r} : {problem}")
    _, decisions, _ = Grader(bundle, nlp).analyse(exchanges)
    out: dict[str, Examples] = {}
    for criterion in probes:
        mine = [(d, v) for (c, _, v), d in zip(pairs, decisions, strict=True) if c == criterion]
        out[criterion] = (
            [d.features for d, _ in mine],
            [_encode(v) for _, v in mine],
            [d.text for d, _ in mine],
        )
    return out


def _fit_criterion(
    rows: list[dict], gold: list[str], texts: list[str], use_text: bool, extra: Examples
) -> TabularModel:
    """A criterion model fitted on `rows` and the `extra` examples (rows, gold, texts),
    which are learnt and never calibrate (`nlu.model.calibrated`)."""
    extra_rows, extra_gold, extra_texts = extra
    return TabularModel(use_text=use_text, c=1.0).fit(
        list(rows) + list(extra_rows),
        list(gold) + list(extra_gold),
        list(texts) + list(extra_texts),
        always=len(extra_rows),
    )


def _out_of_fold(
    rows: list[dict],
    gold: list[str],
    texts: list[str],
    folds: np.ndarray,
    use_text: bool,
    extra: Examples = NO_EXAMPLES,
) -> tuple[list[str] | None, list[float]]:
    """Predictions of a criterion model for each row, fitted on the other folds; None when
    there is a single fold (nothing to fit on). `extra` examples (rows, gold, texts) are
    learnt in every fold and never predicted."""
    preds: list = [None] * len(rows)
    confs = [0.0] * len(rows)
    for fold in sorted(set(folds.tolist())):
        held = folds == fold
        if held.all():
            return None, confs
        model = _fit_criterion(
            [r for r, h in zip(rows, held, strict=True) if not h],
            [g for g, h in zip(gold, held, strict=True) if not h],
            [t for t, h in zip(texts, held, strict=True) if not h],
            use_text,
            extra,
        )
        probs = model.predict_proba(
            [r for r, h in zip(rows, held, strict=True) if h],
            [t for t, h in zip(texts, held, strict=True) if h],
        )
        for j, row in zip(np.where(held)[0], probs, strict=True):
            preds[j] = _encode(model.classes[int(np.argmax(row))])
            confs[j] = float(row.max())
    return preds, confs


def train(
    corpus: list[dict],
    out_dir: str | Path = MODELS_DIR,
    *,
    data_dir: Path = DATA_DIR,
    log=print,
    diagnostics: dict | None = None,
    probes: Probes | None = None,
) -> ModelInfo:
    """Fit intents, element matcher and criterion models on `corpus`; save a new version.

    `probes` are invented replies that also teach a criterion's learned model, with that
    criterion's value (`default_probes()`: `vigie nlu train --probes`; none by default, see
    nlu/README.md, "Probes as training data"). They are learnt in every cross-validation
    fold and never scored: every figure stays the corpus's own."""
    items = [e for e in corpus if validate(e) is None and isinstance(e.get("gold"), dict)]
    if len(items) < 10:
        raise ValueError("il faut au moins 10 échanges étiquetés pour entraîner le NLU")
    nlp = load_spacy()
    extra_words = _corpus_words(items)
    engine = Engine(nlp, extra_words)
    prepared = engine.prepare(items)
    groups = _folds([_group_key(e) for e in items])
    writers = np.asarray([str((e.get("meta") or {}).get("author") or "?") for e in items])
    element_groups = _exchange_folds(len(items))
    metrics: dict = {}

    # ---- intents: Rasa NLU YAML examples + the corpus replies (human corrections included)
    examples = dict(read_examples(data_dir))
    reply_owner, reply_texts, reply_gold, reply_objs = [], [], [], []
    for k, (p, e) in enumerate(zip(prepared, items, strict=True)):
        for reply, intent in zip(p.replies, e["gold"].get("intents", []), strict=False):
            reply_owner.append(k)
            reply_texts.append(reply.text)
            reply_gold.append(intent)
            reply_objs.append(reply)
            examples[reply.text] = intent
    extra_texts = [t for t in examples if t not in set(reply_texts)]
    extra_replies = [
        analyse_reply(0, t, d, engine.known_words)
        for t, d in zip(extra_texts, nlp.pipe(extra_texts), strict=True)
    ]

    def fit_intents(mask: np.ndarray) -> IntentModel:
        replies = [r for r, m in zip(reply_objs, mask, strict=True) if m] + extra_replies
        labels = [g for g, m in zip(reply_gold, mask, strict=True) if m] + [
            examples[t] for t in extra_texts
        ]
        return IntentModel().fit(
            [ft.normalise(r.text) for r in replies], [ft.reply_counts(r) for r in replies], labels
        )

    owner = np.asarray(reply_owner, dtype=int)
    oof_intent_probs = np.zeros((len(reply_objs), len(INTENTS)))
    for fold in range(FOLDS):
        held = groups[owner] == fold if len(owner) else np.zeros(0, dtype=bool)
        if not held.any():
            continue
        model = fit_intents(~held)
        raw = model.predict_proba(
            [ft.normalise(r.text) for r, h in zip(reply_objs, held, strict=True) if h],
            [ft.reply_counts(r) for r, h in zip(reply_objs, held, strict=True) if h],
        )
        for j, intent in enumerate(INTENTS):
            if intent in model.classes:
                oof_intent_probs[held, j] = raw[:, model.classes.index(intent)]
    oof_intents = [INTENTS[int(np.argmax(row))] for row in oof_intent_probs]
    for i, r in enumerate(reply_objs):
        if r.flags & {"empty", "no_words"}:
            oof_intents[i] = "other"
    correct = [a == b for a, b in zip(oof_intents, reply_gold, strict=True)]
    metrics["intent"] = {
        "cv_accuracy": round(float(np.mean(correct)), 3) if correct else None,
        "ece": round(expected_calibration_error(oof_intent_probs.max(axis=1), correct), 3)
        if correct
        else None,
        "examples": len(examples),
        "by_labeller": by_labeller(
            [items[k] for k in reply_owner], list(reply_gold), list(oof_intents)
        ),
    }
    log(f"intentions : exactitude en validation croisée {metrics['intent']['cv_accuracy']}")
    intent_model = fit_intents(np.ones(len(reply_objs), dtype=bool))
    if diagnostics is not None:
        diagnostics["intents"] = [
            (items[k]["id"], t, g, p)
            for k, t, g, p in zip(reply_owner, reply_texts, reply_gold, oof_intents, strict=True)
        ]

    # ---- expected elements
    idf = lemma_idf(prepared)
    rows, labels, row_owner, row_evidence = [], [], [], []
    for k, (p, e) in enumerate(zip(prepared, items, strict=True)):
        present = set(e["gold"].get("present", []))
        for (element_id, _), (features, ev) in zip(p.elements, element_rows(p, idf), strict=True):
            rows.append(features)
            labels.append(element_id in present)
            row_owner.append(k)
            row_evidence.append(ev)
    row_owner_a = np.asarray(row_owner)
    # Memory features of each exchange come from the other folds only (no leakage).
    for fold in range(FOLDS):
        held_items = [k for k in range(len(items)) if element_groups[k] == fold]
        if not held_items:
            continue
        rest = [k for k in range(len(items)) if element_groups[k] != fold]
        memory = build_memory([prepared[k] for k in rest], [items[k] for k in rest])
        for i in np.where(element_groups[row_owner_a] == fold)[0]:
            p = prepared[row_owner[i]]
            element_id = p.elements[
                [j for j in range(len(row_owner)) if row_owner[j] == row_owner[i]].index(i)
            ][0]
            rows[i].update(memory_features(memory, element_key(p, element_id), exchange_lemmas(p)))
    # A scenario never labelled has no memory (mem_known 0). Half the scenarios are learnt
    # without it (whole scenarios, chosen by a stable hash; no row is duplicated, so the
    # calibration folds never hold a row's twin), or the model would meet that regime only
    # at grading time, where its intercept is arbitrary (mem_known is constant in training)
    # and unseen scenarios get half-present elements.
    bare = [{**r, **memory_features({}, "", frozenset())} for r in rows]
    forgotten = [zlib.crc32(_group_key(items[k]).encode()) % 2 == 1 for k in row_owner]
    mixed = [b if f else r for r, b, f in zip(rows, bare, forgotten, strict=True)]

    def element_oof(fold_of: np.ndarray, held_rows: list[dict]) -> np.ndarray:
        oof = np.zeros(len(rows))
        for fold in range(FOLDS):
            held = fold_of[row_owner_a] == fold
            if not held.any():
                continue
            rest = np.where(~held)[0]
            model = TabularModel(c=1.0).fit([mixed[i] for i in rest], [labels[i] for i in rest])
            mine = [held_rows[i] for i in np.where(held)[0]]
            probs = model.predict_proba(mine)
            raw = (
                probs[:, model.classes.index(True)]
                if True in model.classes
                else np.zeros(len(mine))
            )
            oof[held] = [ft.adjust_element(float(v), r) for v, r in zip(raw, mine, strict=True)]
        return oof

    def accuracy(oof: np.ndarray) -> float:
        return float(np.mean([(p >= 0.5) == lab for p, lab in zip(oof, labels, strict=True)]))

    known = element_oof(element_groups, rows)  # scenarios of the library
    unseen = element_oof(groups, bare)  # scenarios never labelled, as in the held-out splits
    # The criteria learn from both regimes, as they will meet both.
    oof_element = element_oof(element_groups, mixed)
    element_correct = [(p >= 0.5) == lab for p, lab in zip(known, labels, strict=True)]
    metrics["elements"] = {
        "cv_accuracy": round(accuracy(known), 3),
        "cv_accuracy_new_scenarios": round(accuracy(unseen), 3),
        "ece": round(expected_calibration_error(np.maximum(known, 1 - known), element_correct), 3),
        "pairs": len(rows),
    }
    log(
        f"éléments attendus : exactitude en validation croisée {metrics['elements']['cv_accuracy']}"
        f" (scénarios jamais étiquetés : {metrics['elements']['cv_accuracy_new_scenarios']})"
    )
    element_model = TabularModel(c=1.0).fit(mixed, labels)
    memory = build_memory(prepared, items)

    # ---- probes, analysed by the intent and element models just fitted
    probes = _checked_probes(probes or {})
    taught = _probe_examples(
        Bundle("training", intent_model, element_model, {}, extra_words, idf=idf, memory=memory),
        nlp,
        probes,
    )
    for criterion, pairs in probes.items():
        log(f"sondes proposées au critère {criterion} : {len(pairs)} réponses inventées")

    # ---- criteria, on out-of-fold intents and elements
    decisions = []
    for k, p in enumerate(prepared):
        mine = np.where(owner == k)[0] if len(owner) else []
        emine = np.where(row_owner_a == k)[0]
        decisions.append(
            decide(
                p,
                [oof_intents[i] for i in mine],
                oof_intent_probs[mine] if len(mine) else np.zeros((0, len(INTENTS))),
                [float(oof_element[i]) for i in emine],
                [row_evidence[i] for i in emine],
            )
        )
    criteria_models: dict[str, CriterionModel] = {}
    metrics["criteria"] = {}
    for criterion in BOOLEAN_CRITERIA:
        if criterion == "followup_kept":
            continue  # structural: follows from the acknowledgement and later intents
        idx = [
            k
            for k, (p, e) in enumerate(zip(prepared, items, strict=True))
            if p.replies
            and (criterion == "accurate" or e["gold"]["criteria"].get(criterion) is not None)
        ]
        if not idx:
            continue
        gold = [_encode(items[k]["gold"]["criteria"][criterion]) for k in idx]
        extra = taught.get(criterion, NO_EXAMPLES)  # the probes that teach it, if any
        if criterion == "spelling":
            honest = _fold_spelling(nlp, items, groups)
            rule = [_encode(honest[k]) for k in idx]
        else:
            rule = [_encode(decisions[k].rules[criterion][0]) for k in idx]
        rule_acc = float(np.mean([g == r for g, r in zip(gold, rule, strict=True)]))
        precision = {}
        for value in set(rule):
            hits = [g == r for g, r in zip(gold, rule, strict=True) if r == value]
            precision[value] = round((sum(hits) + 1) / (len(hits) + 2), 3)
        rule_ece = expected_calibration_error(
            [precision[r] for r in rule], [g == r for g, r in zip(gold, rule, strict=True)]
        )
        # A rule learns nothing from the labellers: its agreement is the same on both folds.
        candidates = {"rule": _Candidate("rule", False, rule_acc, rule_acc, rule_ece, rule)}
        rows_c = [decisions[k].features for k in idx]
        texts_c = [decisions[k].text for k in idx]
        for use_text in (False, True):
            # Spelling's learned features count typos with the whole corpus's vocabulary:
            # their cross-validation would leak, so the rule is kept.
            if len(set(gold)) < 2 or criterion == "spelling":
                break
            preds, confs = _out_of_fold(rows_c, gold, texts_c, groups[idx], use_text, extra)
            writer_preds, _ = _out_of_fold(rows_c, gold, texts_c, writers[idx], use_text, extra)
            if preds is None:
                continue
            correct = [g == p for g, p in zip(gold, preds, strict=True)]
            candidates["learned+text" if use_text else "learned"] = _Candidate(
                "learned",
                use_text,
                float(np.mean(correct)),
                float(np.mean([g == p for g, p in zip(gold, writer_preds or preds, strict=True)])),
                expected_calibration_error(confs, correct),
                preds,
            )
        best = _choose(candidates, rule_first=criterion in RULE_FIRST)
        mode, acc, use_text, ece, preds = best.mode, best.accuracy, best.text, best.ece, best.preds
        spec = CriterionModel(mode=mode, rule_precision=precision)
        if mode == "learned":
            spec.model = _fit_criterion(rows_c, gold, texts_c, bool(use_text), extra)

        spec.cv = {
            "mode": mode,
            "text": bool(use_text),
            "cv_accuracy": round(acc, 3),
            "rule_accuracy": round(rule_acc, 3),
            "labeller_accuracy": round(best.labeller_accuracy, 3),
            "candidates": {
                name: [round(c.accuracy, 3), round(c.labeller_accuracy, 3)]
                for name, c in candidates.items()
            },
            "kappa": round(_kappa(gold, list(preds)), 3),
            "ece": round(float(ece), 3),
            "n": len(idx),
            "probes": len(extra[0]) if mode == "learned" else 0,
            "by_labeller": by_labeller([items[k] for k in idx], gold, list(preds)),
        }
        criteria_models[criterion] = spec
        if diagnostics is not None:
            diagnostics.setdefault("criteria", {})[criterion] = [
                (items[k]["id"], g, p, r) for k, g, p, r in zip(idx, gold, preds, rule, strict=True)
            ]
        metrics["criteria"][criterion] = spec.cv
        log(
            f"{criterion:18} {mode:8} exactitude VC {acc:.3f} (règle {rule_acc:.3f}) kappa {spec.cv['kappa']:.3f} ECE {ece:.3f}"
        )

    # ---- save
    chash = corpus_hash(items)
    now = datetime.now(UTC)
    version = f"{now:%Y%m%d-%H%M%S}-{chash[:8]}"
    bundle = Bundle(
        version=version,
        intent=intent_model,
        element=element_model,
        criteria=criteria_models,
        known_words=extra_words,
        idf=idf,
        memory=memory,
    )
    metadata = {
        "version": version, "created_at": now.isoformat(timespec="seconds"), "corpus_hash": chash,
        "exchanges": len(items), "replies": len(reply_objs), "spacy_model": "fr_core_news_md",
        "folds": FOLDS, "metrics": metrics, "probes": _probe_metadata(probes, criteria_models), "calibration": "Platt (sigmoid) within cross-validation",
    }  # fmt: skip
    bundle.metadata = metadata
    root = Path(out_dir)
    folder = root / version
    folder.mkdir(parents=True, exist_ok=True)
    import joblib

    # lzma: a third smaller than zlib on the classifiers' dense coefficients (the artefact
    # ships in the repository), for about 0.2 s more at load.
    joblib.dump(bundle, folder / "model.joblib", compress=("lzma", 9))
    (folder / "metadata.json").write_text(
        json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (root / "LATEST").write_text(version + "\n", encoding="utf-8")
    _prune(root, keep=KEEP_VERSIONS)
    return ModelInfo(
        version=version, path=str(folder), corpus_hash=chash, exchanges=len(items), metrics=metrics
    )


# Criteria a probe may teach: the learned ones (spelling keeps its rule, followup_kept
# follows from other decisions).
TEACHABLE = frozenset(BOOLEAN_CRITERIA) - {"spelling", "followup_kept"}


def _checked_probes(probes: Probes) -> Probes:
    """The probes of each criterion, empty lists dropped; an unknown criterion is an error."""
    unknown = sorted(set(probes) - TEACHABLE)
    if unknown:
        raise ValueError(f"critère inconnu ou non appris pour les sondes : {', '.join(unknown)}")
    return {criterion: list(pairs) for criterion, pairs in probes.items() if pairs}


def _probe_metadata(probes: Probes, models: dict[str, CriterionModel]) -> dict:
    """Which probes taught each criterion (its sets, count and a hash of the probes with
    their values): only criteria whose learned model learnt from them, none decided by rule."""
    return {
        criterion: {
            "sets": sorted({str(p.get("set")) for p, _ in pairs}),
            "replies": len(pairs),
            "hash": corpus_hash([{"probe": p, "value": v} for p, v in pairs]),
        }
        for criterion, pairs in probes.items()
        if criterion in models and models[criterion].mode == "learned"
    }


def _prune(root: Path, keep: int) -> None:
    """Keep the newest versions only: artefacts ship in the repository."""
    import shutil

    versions = sorted(p for p in root.iterdir() if p.is_dir() and (p / "metadata.json").exists())
    for old in versions[:-keep]:
        shutil.rmtree(old)


def info_dict(info: ModelInfo) -> dict:
    return asdict(info)
