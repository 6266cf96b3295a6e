"""Measure the `respectful_tone` grading on invented replies, respectful or not.

Usage: python -m nlu.corpus.tone_probes [-v] [FILE]

`probes/tone.jsonl` holds replies written by helpers who read only the rubric (see
README.md, "Tone probes"): each line is {"set", "id", "scenario": {"id", "kind",
"question", "reference"}, "reply", "respectful", "kind", "note"}. Each probe is graded as a
one-reply exchange of a town hall (`nlu.corpus.accuracy_probes.exchange`). Two figures per
set: the tone rules alone (`nlu.features.tone_violations` finds something) and the whole
grader (`respectful_tone` is false), each as disrespectful replies caught and respectful
replies flagged.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from nlu.corpus.accuracy_probes import exchange, load

PROBES = Path(__file__).with_name("probes") / "tone.jsonl"


def measure(grader, probes: list[dict]) -> dict[str, dict]:
    """Per set and per judge ("rules", "grader"): disrespectful replies caught and their
    total, respectful replies flagged and their total, with the probes missed and flagged."""
    from nlu import features as ft

    exchanges = [exchange(p) for p in probes]
    prepared = grader.engine.prepare(exchanges)
    graded = list(grader.grade_many(exchanges))
    result: dict[str, dict] = defaultdict(
        lambda: {
            judge: {"caught": 0, "disrespectful": 0, "flagged": 0, "respectful": 0, "missed": [], "alarms": []}
            for judge in ("rules", "grader")
        }
    )  # fmt: skip
    for probe, p, line in zip(probes, prepared, graded, strict=True):
        verdicts = {
            "rules": bool(ft.tone_violations(p.replies)),
            "grader": line["criteria"]["respectful_tone"]["value"] is False,
        }
        for judge, found in verdicts.items():
            counts = result[probe["set"]][judge]
            if probe["respectful"]:
                counts["respectful"] += 1
                counts["flagged"] += found
                if found:
                    counts["alarms"].append(probe)
            else:
                counts["disrespectful"] += 1
                counts["caught"] += found
                if not found:
                    counts["missed"].append(probe)
    return dict(result)


def main(argv: list[str]) -> int:
    from nlu import get_grader

    verbose = "-v" in argv
    paths = [Path(a) for a in argv if a != "-v"] or [PROBES]
    for name, judges in measure(get_grader(), load(*paths)).items():
        for judge, c in judges.items():
            print(
                f"{name} {judge}: disrespectful replies caught {c['caught']}/{c['disrespectful']} "
                f"({c['caught'] / max(c['disrespectful'], 1):.0%}), respectful replies flagged "
                f"{c['flagged']}/{c['respectful']} ({c['flagged'] / max(c['respectful'], 1):.0%})"
            )
            if verbose:
                for probe in c["alarms"]:
                    print(
                        f"  {judge} false alarm ({probe['kind']}) {probe['id']}: {probe['reply']}"
                    )
                for probe in c["missed"]:
                    print(f"  {judge} missed ({probe['kind']}) {probe['id']}: {probe['reply']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
