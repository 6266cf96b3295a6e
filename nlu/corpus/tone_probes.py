"""Measure the `respectful_tone` grading on invented replies, respectful or not.

Usage: python -m nlu.corpus.tone_probes [-v] [FILE ...]

`probes/tone.jsonl` holds replies written by helpers who read only the rubric (see
README.md, "Tone probes"): each line is {"set", "id", "scenario": {"id", "kind",
"question", "reference"}, "reply", "respectful", "kind", "note"}. Each probe is graded as a
one-reply exchange of a town hall (`nlu.corpus.accuracy_probes.tally`). Two figures per
set: the tone rules alone (`nlu.features.tone_violations` finds something) and the whole
grader (`respectful_tone` is false), each as disrespectful replies caught and respectful
replies flagged.
"""

from __future__ import annotations

import sys
from pathlib import Path

from nlu.corpus.accuracy_probes import figures, load, tally

PROBES = Path(__file__).with_name("probes") / "tone.jsonl"


NAMES = ("disrespectful", "respectful")


def measure(grader, probes: list[dict]) -> dict[str, dict]:
    """Per set and per judge ("rules", "grader"): disrespectful replies caught and their
    total, respectful replies flagged and their total, with the probes missed and flagged."""
    from nlu import features as ft

    return tally(
        grader,
        probes,
        rule=lambda p: ft.tone_violations(p.replies),
        criterion="respectful_tone",
        positive=lambda probe: not probe["respectful"],
        names=NAMES,
    )


def main(argv: list[str]) -> int:
    from nlu import get_grader

    verbose = "-v" in argv
    paths = [Path(a) for a in argv if a != "-v"] or [PROBES]
    for name, judges in measure(get_grader(), load(*paths)).items():
        for judge, c in judges.items():
            labels = ("disrespectful replies", "respectful replies")
            print(f"{name} {judge}: {figures(c, NAMES, labels)}")
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
