"""The labelled corpus of the NLU (see README.md); `nlu.corpus.check` validates it."""

from pathlib import Path

# Split folders used only by `vigie nlu evaluate`, never to train or tune.
HELD_OUT = (
    "test",
    "test-b",
    "test-c",
    "test-d",
    "test-e",
    "test-f",
    "test-g",
    "test-h",
    "test-i",
    "test-j",
    "test-k",
    "test-l",
)
SPLITS = ("train", *HELD_OUT)
# A second grader's labels of a held-out split live in `second/<split>/`: lines of
# {"id", "gold", "meta"} for exchanges of that split, labelled without seeing the first
# labels, to measure how far two careful graders agree (the standard the NLU must beat).
SECOND = "second"


def is_held_out(path: Path) -> bool:
    """Whether `path` is (or lies in) a held-out split."""
    return any(part in HELD_OUT for part in Path(path).parts)


__all__ = ["HELD_OUT", "SECOND", "SPLITS", "is_held_out"]
