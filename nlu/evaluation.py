"""Agreement of the grader with labelled exchanges: accuracy, kappa, confusion, ECE."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from nlu.constants import CRITERIA
from nlu.model import expected_calibration_error


def _key(value) -> str:
    return {True: "true", False: "false", None: "null"}.get(value, str(value))


def cohen_kappa(gold: list[str], pred: list[str]) -> float:
    """Cohen's kappa over the categories seen; 1.0 when both agree on a single category."""
    n = len(gold)
    if n == 0:
        return float("nan")
    observed = sum(g == p for g, p in zip(gold, pred, strict=True)) / n
    gc, pc = Counter(gold), Counter(pred)
    expected = sum(gc[c] * pc[c] for c in set(gc) | set(pc)) / (n * n)
    if expected >= 1.0:
        return 1.0
    return (observed - expected) / (1.0 - expected)


def _encode(*columns: list[str]) -> list[np.ndarray]:
    labels = {c: i for i, c in enumerate(sorted(set().union(*columns)))}
    return [np.array([labels[c] for c in column]) for column in columns]


def _resampled_kappas(a: np.ndarray, b: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Cohen's kappa of `a` against `b` on each resample (one row of indices each)."""
    a_s, b_s = a[rows], b[rows]
    observed = (a_s == b_s).mean(axis=1)
    categories = np.union1d(a, b)
    expected = sum((a_s == c).mean(axis=1) * (b_s == c).mean(axis=1) for c in categories)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(expected >= 1.0, 1.0, (observed - expected) / (1.0 - expected))


def _percentiles(values: np.ndarray) -> tuple[float, float]:
    low, high = np.percentile(values, [2.5, 97.5])
    return (round(float(low), 3), round(float(high), 3))


def _resamples(n: int, resamples: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, n, size=(resamples, n))


def kappa_interval(
    gold: list[str], pred: list[str], resamples: int = 1000, seed: int = 0
) -> tuple[float, float]:
    """A 95 % bootstrap interval of Cohen's kappa, resampling the exchanges.

    A split of about 120 exchanges measures kappa to within about ±0.1; the interval says
    how far a figure can be trusted before comparing it with the 0.8 target."""
    if not gold:
        return (float("nan"), float("nan"))
    g, p = _encode(gold, pred)
    return _percentiles(_resampled_kappas(g, p, _resamples(len(gold), resamples, seed)))


def evaluate(items: list[dict], outputs: list[dict]) -> dict:
    """Compare grader outputs with the `gold` labels of the same exchanges (same order)."""
    report: dict = {"exchanges": len(items), "criteria": {}, "elements": {}, "intents": {}}
    pairs = [(i, o) for i, o in zip(items, outputs, strict=True) if "criteria" in o]
    report["errors"] = len(items) - len(pairs)
    for criterion in CRITERIA:
        if criterion == "complete":
            continue
        gold = [_key(i["gold"]["criteria"].get(criterion)) for i, _ in pairs]
        pred = [_key(o["criteria"][criterion]["value"]) for _, o in pairs]
        conf = [float(o["criteria"][criterion]["confidence"]) for _, o in pairs]
        correct = [g == p for g, p in zip(gold, pred, strict=True)]
        confusion = Counter(f"{g}→{p}" for g, p in zip(gold, pred, strict=True))
        report["criteria"][criterion] = {
            "n": len(gold),
            "accuracy": round(float(np.mean(correct)), 3) if correct else None,
            "kappa": round(cohen_kappa(gold, pred), 3) if gold else None,
            "kappa_95": list(kappa_interval(gold, pred)) if gold else None,
            "ece": round(expected_calibration_error(conf, correct), 3) if correct else None,
            "confusion": dict(sorted(confusion.items())),
        }
    # Expected elements: presence of each (exchange, element) pair.
    per_element: dict[str, list[bool]] = {}
    confs, oks, errors = [], [], []
    for item, out in pairs:
        gold_present = set(item["gold"].get("present", []))
        pred_present = set(out["criteria"]["complete"].get("present", []))
        for element in item["scenario"].get("expected", []):
            ok = (element["id"] in gold_present) == (element["id"] in pred_present)
            per_element.setdefault(f"{item['scenario'].get('id')}:{element['id']}", []).append(ok)
            oks.append(ok)
        confs.append(float(out["criteria"]["complete"]["confidence"]))
        errors.append(
            abs(
                float(item["gold"]["criteria"].get("complete") or 0)
                - float(out["criteria"]["complete"]["value"] or 0)
            )
        )
    report["elements"] = {
        "pairs": len(oks),
        "presence_accuracy": round(float(np.mean(oks)), 3) if oks else None,
        "complete_mae": round(float(np.mean(errors)), 3) if errors else None,
        "per_element": {k: round(float(np.mean(v)), 3) for k, v in sorted(per_element.items())},
    }
    gold_i, pred_i = [], []
    for item, out in pairs:
        g, p = item["gold"].get("intents", []), out.get("intents", [])
        gold_i += g
        pred_i += p + ["?"] * (len(g) - len(p))
    report["intents"] = {
        "replies": len(gold_i),
        "accuracy": round(float(np.mean([a == b for a, b in zip(gold_i, pred_i, strict=False)])), 3)
        if gold_i
        else None,
        "confusion": dict(
            sorted(
                Counter(f"{g}→{p}" for g, p in zip(gold_i, pred_i, strict=False) if g != p).items()
            )
        ),
    }
    return report


def _rate(pairs: list[tuple]) -> float | None:
    return round(float(np.mean([a == b for a, b in pairs])), 3) if pairs else None


def mcnemar_p(only_a: int, only_b: int) -> float:
    """Two-sided exact McNemar test: the chance of a split at least this uneven between the
    exchanges only A gets wrong and those only B gets wrong, were both equally often wrong."""
    n = only_a + only_b
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, k) for k in range(min(only_a, only_b) + 1)) / 2**n
    return min(1.0, 2 * tail)


def _versus(model: list[str], human: list[str], reference: list[str]) -> dict:
    """Against one grader's labels: where only the model errs, where only the other human does."""
    triples = list(zip(model, human, reference, strict=True))
    model_only = sum(m != r and h == r for m, h, r in triples)
    human_only = sum(h != r and m == r for m, h, r in triples)
    return {"model_only": model_only, "human_only": human_only,
            "p": round(mcnemar_p(model_only, human_only), 4)}  # fmt: skip


def _verdict(tests: list[dict], alpha: float = 0.05) -> str:
    """below / above when the model errs more / less often than the other human against each
    grader, significantly both times; open otherwise."""
    if all(t["p"] < alpha and t["model_only"] > t["human_only"] for t in tests):
        return "below"
    if all(t["p"] < alpha and t["model_only"] < t["human_only"] for t in tests):
        return "above"
    return "open"


def agreement(
    items: list[dict],
    second: dict[str, dict],
    outputs: list[dict],
    resamples: int = 1000,
    seed: int = 0,
) -> dict:
    """How far the grader agrees with two careful human graders, against how far they agree.

    `items` carry the first grader's `gold`, `second` the second grader's labels by id,
    `outputs` the grader's outputs (same order as `items`). Per criterion: the three
    kappas, the gap (mean of the model's kappas with each grader minus the kappa between
    the graders) with a paired bootstrap interval, the raw disagreement counts and a
    verdict. Kappa is unstable when nearly every label is the same, so the verdict comes
    from exact McNemar tests on the exchanges: against each grader in turn, does the model
    err where the other human does not more (`below`) or less (`above`) often, at p < 0.05
    both times? Otherwise `open`: no difference established."""
    graded = [
        (item, out)
        for item, out in zip(items, outputs, strict=True)
        if item["id"] in second and "criteria" in out
    ]
    failed = sum(item["id"] in second for item in items) - len(graded)
    triples = [(item["gold"], second[item["id"]], out) for item, out in graded]
    report: dict = {"exchanges": len(triples), "errors": failed, "criteria": {}}
    if not triples:
        return report | {"elements": {}, "intents": {}}
    rows = _resamples(len(triples), resamples, seed)
    for criterion in CRITERIA:
        if criterion == "complete":
            continue
        first = [_key(g1["criteria"].get(criterion)) for g1, _, _ in triples]
        other = [_key(g2["criteria"].get(criterion)) for _, g2, _ in triples]
        model = [_key(o["criteria"][criterion]["value"]) for _, _, o in triples]
        f, s, m = _encode(first, other, model)
        humans = _resampled_kappas(f, s, rows)
        gap = (_resampled_kappas(m, f, rows) + _resampled_kappas(m, s, rows)) / 2 - humans
        kappas = [cohen_kappa(first, other), cohen_kappa(first, model), cohen_kappa(other, model)]
        agreed = [c == a for a, b, c in zip(first, other, model, strict=True) if a == b]
        tests = [_versus(model, other, first), _versus(model, first, other)]
        report["criteria"][criterion] = {
            "humans": round(kappas[0], 3),
            "humans_95": list(_percentiles(humans)),
            "model_first": round(kappas[1], 3),
            "model_second": round(kappas[2], 3),
            "gap": round((kappas[1] + kappas[2]) / 2 - kappas[0], 3),
            "gap_95": list(_percentiles(gap)),
            "disagreements": {
                "first_second": sum(a != b for a, b in zip(first, other, strict=True)),
                "model_first": sum(a != c for a, c in zip(first, model, strict=True)),
                "model_second": sum(b != c for b, c in zip(other, model, strict=True)),
            },
            "humans_agree": len(agreed),
            "model_errors_on_agreed": agreed.count(False),
            "against_first": tests[0],
            "against_second": tests[1],
            "verdict": _verdict(tests),
        }
    pairs_of = {"humans": (0, 1), "model_first": (2, 0), "model_second": (2, 1)}
    elements: dict[str, list[tuple]] = {name: [] for name in pairs_of}
    intents: dict[str, list[tuple]] = {name: [] for name in pairs_of}
    for (item, _), (g1, g2, out) in zip(graded, triples, strict=True):
        present = [set(g1.get("present", [])), set(g2.get("present", []))]
        present.append(set(out["criteria"]["complete"].get("present", [])))
        replies = len(item.get("replies", []))
        said = [
            (list(labels) + ["?"] * replies)[:replies]  # a missing intent counts as wrong
            for labels in (g1.get("intents", []), g2.get("intents", []), out.get("intents", []))
        ]
        for name, (a, b) in pairs_of.items():
            elements[name] += [
                (e["id"] in present[a], e["id"] in present[b])
                for e in item["scenario"].get("expected", [])
            ]
            intents[name] += list(zip(said[a], said[b], strict=True))
    report["elements"] = {name: _rate(pairs) for name, pairs in elements.items()}
    report["intents"] = {name: _rate(pairs) for name, pairs in intents.items()}
    return report


def render(report: dict, title: str = "") -> str:
    """A plain-text French report."""
    lines = [title] if title else []
    lines.append(
        f"Échanges évalués : {report['exchanges']} (lignes en erreur : {report['errors']})"
    )
    lines.append(
        f"{'critère':18} {'n':>4} {'exactitude':>10} {'kappa':>6} {'IC 95 %':>13} {'ECE':>6}  confusion (attendu→prédit)"
    )
    for criterion, row in report["criteria"].items():
        if not row["n"]:  # every line in error: nothing to compare
            lines.append(f"{criterion:18} {0:>4} {'–':>10} {'–':>6} {'–':>13} {'–':>6}")
            continue
        confusion = ", ".join(f"{k} {v}" for k, v in row["confusion"].items())
        low, high = row["kappa_95"]
        lines.append(
            f"{criterion:18} {row['n']:>4} {row['accuracy']:>10.3f} {row['kappa']:>6.3f} {f'{low:.2f}–{high:.2f}':>13} {row['ece']:>6.3f}  {confusion}"
        )
    kappas = [row["kappa"] for row in report["criteria"].values() if row["n"]]
    lines.append(
        f"Critères à kappa ≥ 0,8 : {sum(k >= 0.8 for k in kappas)} sur {len(kappas)}, "
        f"kappa moyen {np.mean(kappas) if kappas else float('nan'):.3f} "
        "(IC 95 % : intervalle bootstrap sur les échanges)"
    )
    el = report["elements"]
    lines.append(
        f"Éléments attendus : {el['pairs']} paires, présence exacte {el['presence_accuracy']}, erreur moyenne sur « complete » {el['complete_mae']}"
    )
    weak = [(k, v) for k, v in el["per_element"].items() if v < 1.0]
    if weak:
        lines.append("  éléments imparfaits : " + ", ".join(f"{k} {v:.2f}" for k, v in weak[:30]))
    it = report["intents"]
    lines.append(f"Intentions : {it['replies']} réponses, exactitude {it['accuracy']}")
    if it["confusion"]:
        lines.append("  erreurs : " + ", ".join(f"{k} {v}" for k, v in it["confusion"].items()))
    return "\n".join(lines)


VERDICTS = {"below": "en dessous", "above": "au-dessus", "open": "pas d’écart établi"}


def _or_dash(value) -> str:
    return "–" if value is None else str(value)


def render_agreement(report: dict) -> str:
    """The French table of `agreement`: the model's kappas beside the graders' own."""
    lines = [
        f"Accord avec deux correcteurs humains ({report['exchanges']} échanges étiquetés "
        f"deux fois, séparément ; lignes en erreur : {report.get('errors', 0)})"
    ]
    if not report["exchanges"]:
        return "\n".join(lines)
    lines.append(
        f"{'critère':18} {'κ humains':>9} {'IC 95 %':>11} {'κ modèle–1er':>12} "
        f"{'κ modèle–2e':>11} {'écart (IC 95 %)':>22} {'désaccords 1er≠2e/m≠1er/m≠2e':>29}"
        "  verdict (McNemar)"
    )
    verdicts = {name: 0 for name in VERDICTS}
    for criterion, row in report["criteria"].items():
        low, high = row["humans_95"]
        g_low, g_high = row["gap_95"]
        counts = "/".join(str(n) for n in row["disagreements"].values())
        gap = f"{row['gap']:+.3f} ({g_low:+.2f} à {g_high:+.2f})"
        verdicts[row["verdict"]] += 1
        lines.append(
            f"{criterion:18} {row['humans']:>9.3f} {f'{low:.2f}–{high:.2f}':>11} "
            f"{row['model_first']:>12.3f} {row['model_second']:>11.3f} "
            f"{gap:>22} "
            f"{counts:>29}  {VERDICTS[row['verdict']]}"
        )
    humans = [row["humans"] for row in report["criteria"].values()]
    lines.append(
        f"Sur {len(humans)} critères, le modèle est en dessous de l’accord entre humains sur "
        f"{verdicts['below']}, au-dessus sur {verdicts['above']}, sans écart établi sur "
        f"{verdicts['open']} (test exact de McNemar contre chacun des deux correcteurs, "
        f"p < 0,05 les deux fois) ; kappa moyen entre humains {np.mean(humans):.3f}"
    )
    el, it = report["elements"], report["intents"]
    lines.append(
        f"Éléments attendus, présence identique : humains {_or_dash(el['humans'])}, "
        f"modèle–1er {_or_dash(el['model_first'])}, modèle–2e {_or_dash(el['model_second'])}"
    )
    lines.append(
        f"Intentions identiques : humains {_or_dash(it['humans'])}, "
        f"modèle–1er {_or_dash(it['model_first'])}, modèle–2e {_or_dash(it['model_second'])}"
    )
    return "\n".join(lines)
