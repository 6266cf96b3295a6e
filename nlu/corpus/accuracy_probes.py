"""Measure the `accurate` grading on invented replies, each contradicting a fact or not.

Usage: python -m nlu.corpus.accuracy_probes [-v] [--models DIR] [FILE ...]

`probes/accuracy.jsonl` holds replies written by helpers who read only the rubric (see
README.md, "Accuracy probes"): each line is {"set", "id", "scenario": {"id", "kind",
"question", "reference"}, "reply", "contradicts", "kind", "facts", "note"}. Each probe is
graded as a one-reply exchange of a town hall. Two figures per set: the contradiction rules
alone (`nlu.features.contradictions` finds a contradiction) and the whole grader
(`accurate` is false), each as contradictions caught and accurate replies flagged.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

PROBES = Path(__file__).with_name("probes") / "accuracy.jsonl"
# The audited structure of every probe: the facts' services are a town's.
STRUCTURE = {"name": "Mairie de Vauclerc", "category": "ville_moins_20000"}
# The criterion the probes measure, and the sets whose replies may also teach its learned
# model (`vigie nlu train --probes`); the later sets only measure it, their misses unread.
CRITERION = "accurate"
TRAINING_SETS = frozenset({"acc-1", "acc-2", "acc-3", "acc-4", "acc-5a", "acc-5b", "acc-6"})


def load(*paths: Path) -> list[dict]:
    """The probes of the given files (the shipped file when none is given)."""
    return [
        json.loads(line)
        for path in paths or (PROBES,)
        for line in path.read_text(encoding="utf-8").splitlines()
        if line
    ]


def for_training(path: Path = PROBES, sets: frozenset[str] = TRAINING_SETS) -> list[dict]:
    """The probes of `path` (the shipped file) in the training `sets`."""
    return [p for p in load(path) if p["set"] in sets]


def value(probe: dict) -> bool:
    """The `accurate` value of a probe's reply."""
    return not probe["contradicts"]


def taught_sets(grader, criterion: str) -> frozenset[str]:
    """The probe sets the grader's model learnt `criterion` from (`vigie nlu train
    --probes`), as its metadata records them."""
    probes = (getattr(grader.bundle, "metadata", None) or {}).get("probes") or {}
    return frozenset(probes.get(criterion, {}).get("sets", ()))


def judge_name(name: str, judge: str, taught: frozenset[str]) -> str:
    """ "<set> <judge>", and whether the grader's model learnt from that set (then the
    grader's figure measures nothing)."""
    seen = " (taught to the model)" if judge == "grader" and name in taught else ""
    return f"{name} {judge}{seen}"


def exchange(probe: dict) -> dict:
    """The probe as an exchange of the `vigie nlu grade` contract."""
    scenario = dict(
        probe["scenario"],
        expected=[
            {"id": f"f{i}", "label": f} for i, f in enumerate(probe["scenario"]["reference"], 1)
        ],
    )
    return {
        "id": probe["id"],
        "channel": "facebook",
        "structure": STRUCTURE,
        "persona": {},
        "scenario": scenario,
        "question": {"text": scenario["question"], "sent_at": "2026-03-02T10:00:00+01:00"},
        "replies": [{"text": probe["reply"], "at": "2026-03-02T11:00:00+01:00"}],
    }


def tally(
    grader, probes: list[dict], *, rule, criterion: str, positive, names: tuple[str, str]
) -> dict[str, dict]:
    """Per set and per judge: "rules" (`rule(prepared exchange)` finds something) and
    "grader" (`criterion` is false). Probes where `positive(probe)` holds are counted as
    caught (their total under `names[0]`, the others under `names[1]`), the others as
    flagged, with the probes missed and flagged."""
    exchanges = [exchange(p) for p in probes]
    prepared = grader.engine.prepare(exchanges)
    graded = list(grader.grade_many(exchanges))
    hit, miss = names
    result: dict[str, dict] = defaultdict(
        lambda: {
            judge: {"caught": 0, hit: 0, "flagged": 0, miss: 0, "missed": [], "alarms": []}
            for judge in ("rules", "grader")
        }
    )
    for probe, p, line in zip(probes, prepared, graded, strict=True):
        verdicts = {"rules": bool(rule(p)), "grader": line["criteria"][criterion]["value"] is False}
        for name, found in verdicts.items():
            counts = result[probe["set"]][name]
            if positive(probe):
                counts[hit] += 1
                counts["caught"] += found
                if not found:
                    counts["missed"].append(probe)
            else:
                counts[miss] += 1
                counts["flagged"] += found
                if found:
                    counts["alarms"].append(probe)
    return dict(result)


def figures(counts: dict, names: tuple[str, str], labels: tuple[str, str]) -> str:
    """ "<labels[0]> caught n/N (p %), <labels[1]> flagged n/N (p %)" of one set and judge."""
    hit, miss = names
    return (
        f"{labels[0]} caught {counts['caught']}/{counts[hit]} "
        f"({counts['caught'] / max(counts[hit], 1):.0%}), {labels[1]} flagged "
        f"{counts['flagged']}/{counts[miss]} ({counts['flagged'] / max(counts[miss], 1):.0%})"
    )


NAMES = ("contradictions", "accurate")


def measure(grader, probes: list[dict]) -> dict[str, dict]:
    """Per set and per judge ("rules", "grader"): contradictions caught and their total,
    accurate replies flagged and their total, with the probes missed and flagged."""
    from nlu import facts as fx
    from nlu import features as ft

    own = fx.own_bodies(STRUCTURE)
    return tally(
        grader,
        probes,
        rule=lambda p: ft.contradictions(p.replies, p.references, own)[0],
        criterion="accurate",
        positive=lambda probe: probe["contradicts"],
        names=NAMES,
    )


def arguments(argv: list[str]) -> tuple[bool, list[Path], str | None]:
    """`-v`, the probe files and `--models DIR` (a model version's folder, the latest by
    default) of a probe command."""
    models, rest = None, []
    given = iter(argv)
    for arg in given:
        if arg == "--models" or arg.startswith("--models="):
            value = arg.partition("=")[2] if "=" in arg else next(given, "")
            if not value or value.startswith("-"):
                raise SystemExit("--models attend le dossier d'une version de modèle")
            models = value
        else:
            rest.append(arg)
    return "-v" in rest, [Path(a) for a in rest if a != "-v"], models


def grader_for(models: str | None):
    """The grader of a model version's folder (the latest when None)."""
    from nlu import get_grader

    try:
        return get_grader(models=models)
    except FileNotFoundError as exc:
        raise SystemExit(f"modèle introuvable : {models or exc}") from None


def main(argv: list[str]) -> int:
    verbose, paths, models = arguments(argv)
    grader = grader_for(models)
    taught = taught_sets(grader, CRITERION)
    for name, judges in measure(grader, load(*paths)).items():
        for judge, c in judges.items():
            labels = ("contradictions", "accurate replies")
            print(f"{judge_name(name, judge, taught)}: {figures(c, NAMES, labels)}")
            if verbose and judge == "rules":
                for probe in c["alarms"]:
                    print(f"  false alarm ({probe['kind']}) {probe['id']}: {probe['reply']}")
                for probe in c["missed"]:
                    print(f"  missed ({probe['kind']}) {probe['id']}: {probe['reply']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
