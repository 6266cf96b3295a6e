"""French reply analysis: intents, criteria graders, expected elements, evidence, confidence.

Heavy libraries (spaCy, scikit-learn) load on first use, never at import time.
"""

from nlu.constants import CRITERIA, GRID, INTENTS
from nlu.engine import validate


def get_grader(backend: str | None = None, **kwargs):  # noqa: ANN201 - see nlu.grader
    """The process-wide `Grader` ("local" backend by default, or "rasa" with `rasa_url=`)."""
    from nlu.grader import get_grader as _get

    return _get(backend, **kwargs)


def train(corpus: list[dict], out_dir=None, **kwargs):  # noqa: ANN201 - see nlu.training
    """Retrain the learned parts on labelled exchanges (corpus format); returns ModelInfo."""
    from nlu.training import MODELS_DIR
    from nlu.training import train as _train

    return _train(corpus, out_dir or MODELS_DIR, **kwargs)


def __getattr__(name: str):
    # Classes whose modules import numpy are resolved lazily.
    if name == "Grader":
        from nlu.grader import Grader

        return Grader
    if name == "ModelInfo":
        from nlu.training import ModelInfo

        return ModelInfo
    if name == "evaluate":
        from nlu.evaluation import evaluate

        return evaluate
    raise AttributeError(name)


__all__ = [
    "CRITERIA",
    "GRID",
    "INTENTS",
    "Grader",
    "ModelInfo",
    "evaluate",
    "get_grader",
    "train",
    "validate",
]
