"""Measure the `respectful_tone` grading on invented replies, respectful or not.

Usage: python -m nlu.corpus.tone_probes [-v] [--models DIR] [FILE ...]

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

from nlu.corpus import accuracy_probes
from nlu.corpus.accuracy_probes import (
    arguments,
    figures,
    grader_for,
    judge_name,
    load,
    tally,
    taught_sets,
)

PROBES = Path(__file__).with_name("probes") / "tone.jsonl"
# The criterion the probes measure, and the sets whose replies may also teach its learned
# model (`vigie nlu train --probes`); `tone-3` only measures it, its misses unread.
CRITERION = "respectful_tone"
TRAINING_SETS = frozenset({"tone-1", "tone-2"})


def for_training() -> list[dict]:
    """The shipped probes of the training sets."""
    return accuracy_probes.for_training(PROBES, TRAINING_SETS)


def value(probe: dict) -> bool:
    """The `respectful_tone` value of a probe's reply."""
    return bool(probe["respectful"])


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
    verbose, paths, models = arguments(argv)
    paths = paths or [PROBES]
    grader = grader_for(models)
    taught = taught_sets(grader, CRITERION)
    for name, judges in measure(grader, load(*paths)).items():
        for judge, c in judges.items():
            labels = ("disrespectful replies", "respectful replies")
            print(f"{judge_name(name, judge, taught)}: {figures(c, NAMES, labels)}")
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
