"""Measure the `accurate` grading on invented replies, each contradicting a fact or not.

Usage: python -m nlu.corpus.accuracy_probes [-v] [FILE]

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


def load(path: Path = PROBES) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


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


def measure(grader, probes: list[dict]) -> dict[str, dict]:
    """Per set and per judge ("rules", "grader"): contradictions caught and their total,
    accurate replies flagged and their total, with the probes missed and flagged."""
    from nlu import facts as fx
    from nlu import features as ft

    exchanges = [exchange(p) for p in probes]
    prepared = grader.engine.prepare(exchanges)
    graded = list(grader.grade_many(exchanges))
    result: dict[str, dict] = defaultdict(
        lambda: {
            judge: {"caught": 0, "contradictions": 0, "flagged": 0, "accurate": 0, "missed": [], "alarms": []}
            for judge in ("rules", "grader")
        }
    )  # fmt: skip
    for probe, p, line in zip(probes, prepared, graded, strict=True):
        kinds = ft.contradictions(p.replies, p.references, fx.own_bodies(STRUCTURE))[0]
        verdicts = {"rules": bool(kinds), "grader": line["criteria"]["accurate"]["value"] is False}
        for judge, found in verdicts.items():
            counts = result[probe["set"]][judge]
            if probe["contradicts"]:
                counts["contradictions"] += 1
                counts["caught"] += found
                if not found:
                    counts["missed"].append(probe)
            else:
                counts["accurate"] += 1
                counts["flagged"] += found
                if found:
                    counts["alarms"].append(probe)
    return dict(result)


def main(argv: list[str]) -> int:
    from nlu import get_grader

    verbose = "-v" in argv
    paths = [Path(a) for a in argv if a != "-v"]
    for name, judges in measure(get_grader(), load(*paths)).items():
        for judge, c in judges.items():
            print(
                f"{name} {judge}: contradictions caught {c['caught']}/{c['contradictions']} "
                f"({c['caught'] / max(c['contradictions'], 1):.0%}), accurate replies flagged "
                f"{c['flagged']}/{c['accurate']} ({c['flagged'] / max(c['accurate'], 1):.0%})"
            )
            if verbose and judge == "rules":
                for probe in c["alarms"]:
                    print(f"  false alarm ({probe['kind']}) {probe['id']}: {probe['reply']}")
                for probe in c["missed"]:
                    print(f"  missed ({probe['kind']}) {probe['id']}: {probe['reply']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
