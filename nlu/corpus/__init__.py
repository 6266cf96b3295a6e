"""The labelled corpus of the NLU (see README.md); `nlu.corpus.check` validates it."""

from pathlib import Path

# Split folders used only by `vigie nlu evaluate`, never to train or tune.
HELD_OUT = ("test", "test-b", "test-c", "test-d", "test-e")
SPLITS = ("train", *HELD_OUT)


def is_held_out(path: Path) -> bool:
    """Whether `path` is (or lies in) a held-out split."""
    return any(part in HELD_OUT for part in Path(path).parts)


__all__ = ["HELD_OUT", "SPLITS", "is_held_out"]
