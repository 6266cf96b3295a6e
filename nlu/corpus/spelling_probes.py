"""Measure the spelling rules on invented sentences, one slip each or none.

Usage: python -m nlu.corpus.spelling_probes [-v] [FILE ...]

`probes/spelling.jsonl` holds sentences written by helpers who read only the rubric (see
README.md, "Spelling probes"): each line is {"set", "text", "slip", "kind"}, where `slip`
is the wrong words of a sentence with exactly one error, or null for a correct sentence.
A slip is caught when a spelling error the NLU reports overlaps it; a correct sentence is
a false alarm when any error is reported. The exchange-level decision (`spelling` false
from two errors on, convention 17) needs each slip caught, so this is the rules' recall
and precision, one sentence at a time.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

from nlu.corpus import accuracy_probes

PROBES = Path(__file__).with_name("probes") / "spelling.jsonl"


def load(*paths: Path) -> list[dict]:
    """The probes of the given files (the shipped spelling file when none is given)."""
    return accuracy_probes.load(*(paths or (PROBES,)))


def measure(engine, probes: list[dict]) -> dict[str, dict]:
    """Per set: slips caught and their total, correct sentences flagged and their total,
    the slips missed and the false alarms (texts)."""
    from nlu.analysis import analyse_reply
    from nlu.features import spelling_errors

    texts = [p["text"] for p in probes]
    result: dict[str, dict] = defaultdict(
        lambda: {"caught": 0, "slips": 0, "flagged": 0, "correct": 0, "missed": [], "alarms": []}
    )
    for probe, doc in zip(probes, engine.nlp.pipe(texts, batch_size=128), strict=True):
        text = probe["text"]
        reply = analyse_reply(0, text, doc, engine.known_words)
        errors = [(s, e) for _, s, e in spelling_errors([reply])]
        counts = result[probe["set"]]
        if probe["slip"] is None:
            counts["correct"] += 1
            if errors:
                counts["flagged"] += 1
                counts["alarms"].append((text, [text[s:e] for s, e in errors]))
            continue
        counts["slips"] += 1
        if any(
            s < end and start < e for start, end in _places(probe["slip"], text) for s, e in errors
        ):
            counts["caught"] += 1
        else:
            counts["missed"].append((probe.get("kind", ""), probe["slip"], text))
    return dict(result)


def _places(slip: str, text: str) -> list[tuple[int, int]]:
    """Where the slip's words stand in the text, as whole words ("a" is not the "a" of
    "bal"); every place when they stand twice, the writer having named the words only."""
    found = [
        (m.start(), m.end()) for m in re.finditer(rf"(?<![\w'’-]){re.escape(slip)}(?![\w-])", text)
    ]
    start = text.find(slip)
    return found or [(start, start + len(slip))]


def main(argv: list[str]) -> int:
    from nlu import get_grader

    verbose = "-v" in argv
    paths = [Path(a) for a in argv if a != "-v"]
    for name, counts in measure(get_grader().engine, load(*paths)).items():
        print(
            f"{name}: slips caught {counts['caught']}/{counts['slips']} "
            f"({counts['caught'] / max(counts['slips'], 1):.0%}), correct sentences flagged "
            f"{counts['flagged']}/{counts['correct']}"
        )
        if verbose:
            for text, found in counts["alarms"]:
                print(f"  false alarm {found}: {text}")
            for kind, slip, text in counts["missed"]:
                print(f"  missed ({kind}) {slip!r}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
