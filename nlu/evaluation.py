"""Agreement of the grader with labelled exchanges: accuracy, kappa, confusion, ECE."""

from __future__ import annotations

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


def kappa_interval(
    gold: list[str], pred: list[str], resamples: int = 1000, seed: int = 0
) -> tuple[float, float]:
    """A 95 % bootstrap interval of Cohen's kappa, resampling the exchanges.

    A split of about 120 exchanges measures kappa to within about ±0.1; the interval says
    how far a figure can be trusted before comparing it with the 0.8 target."""
    n = len(gold)
    if n == 0:
        return (float("nan"), float("nan"))
    labels = {c: i for i, c in enumerate(sorted(set(gold) | set(pred)))}
    g = np.array([labels[c] for c in gold])
    p = np.array([labels[c] for c in pred])
    rows = np.random.default_rng(seed).integers(0, n, size=(resamples, n))
    gs, ps = g[rows], p[rows]
    observed = (gs == ps).mean(axis=1)
    expected = sum((gs == c).mean(axis=1) * (ps == c).mean(axis=1) for c in range(len(labels)))
    with np.errstate(divide="ignore", invalid="ignore"):
        kappas = np.where(expected >= 1.0, 1.0, (observed - expected) / (1.0 - expected))
    low, high = np.percentile(kappas, [2.5, 97.5])
    return (round(float(low), 3), round(float(high), 3))


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
