"""Rasa 3.6 backend: intents and entities from a Rasa server's `POST /model/parse`.

Rasa needs Python < 3.11 and pins old SQLAlchemy/pydantic, so it lives in its own venv
(`.venv-rasa`) and runs as a separate server; this module only speaks HTTP to it and
drives its command line for training.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

RASA_DIR = Path(__file__).parent / "rasa"
ROOT = Path(__file__).resolve().parent.parent
RASA_VENV = ROOT / ".venv-rasa"
SETUP_COMMANDS = (
    "PYENV_VERSION=3.10.13 pyenv exec python -m venv .venv-rasa",
    ".venv-rasa/bin/pip install rasa==3.6.21",
)


class RasaError(RuntimeError):
    """The Rasa server could not be reached or answered badly."""


class RasaClient:
    """Minimal HTTP client of a Rasa server (keeps one connection)."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        import httpx

        self.url = url.rstrip("/")
        self._http = httpx.Client(timeout=timeout)

    def parse(self, text: str) -> dict:
        try:
            response = self._http.post(
                f"{self.url}/model/parse", json={"text": " ".join(text.split())}
            )
            response.raise_for_status()
        except Exception as exc:  # httpx errors, HTTP status
            raise RasaError(f"serveur Rasa injoignable ou en erreur ({self.url}) : {exc}") from exc
        return response.json()

    def intent_probs(self, text: str, intents: tuple[str, ...]) -> list[float]:
        """Probabilities in `intents` order from Rasa's intent ranking."""
        if not text.strip():
            return [1.0 if i == "other" else 0.0 for i in intents]
        result = self.parse(text)
        ranking = {
            r.get("name"): float(r.get("confidence") or 0.0)
            for r in result.get("intent_ranking") or []
        }
        top = result.get("intent") or {}
        ranking.setdefault(top.get("name"), float(top.get("confidence") or 0.0))
        probs = [ranking.get(i, 0.0) for i in intents]
        total = sum(probs)
        return [p / total for p in probs] if total > 0 else [1.0 / len(intents)] * len(intents)

    def entities(self, text: str) -> list[dict]:
        return list(self.parse(text).get("entities") or [])


def rasa_executable(venv: Path = RASA_VENV) -> Path:
    exe = venv / "bin" / "rasa"
    if not exe.exists():
        raise RasaError("Rasa n'est pas installé : " + " && ".join(SETUP_COMMANDS))
    return exe


# Set for the child only, through env(1): this package reads no environment itself.
CHILD_ENV = ("/usr/bin/env", "RASA_TELEMETRY_ENABLED=false", "TF_CPP_MIN_LOG_LEVEL=2")


def train_command(
    data: Path,
    out: Path,
    config: Path = RASA_DIR / "config.yml",
    venv: Path = RASA_VENV,
) -> list[str]:
    return [
        *CHILD_ENV,
        str(rasa_executable(venv)),
        "train",
        "nlu",
        "--config",
        str(config),
        "--nlu",
        str(data),
        "--out",
        str(out),
        "--fixed-model-name",
        "vigie-nlu",
    ]


def train(
    data: Path,
    out: Path,
    config: Path = RASA_DIR / "config.yml",
    venv: Path = RASA_VENV,
    workdir: Path | None = None,
) -> Path:
    """Train a Rasa NLU model; returns the model archive path."""
    out.mkdir(parents=True, exist_ok=True)
    cwd = workdir or out
    shutil.rmtree(Path(cwd) / ".rasa", ignore_errors=True)  # Rasa silently reuses its cache
    subprocess.run(train_command(data, out, config, venv=venv), cwd=cwd, check=True)
    return out / "vigie-nlu.tar.gz"


def serve_command(model: Path, port: int, venv: Path = RASA_VENV) -> list[str]:
    return [
        *CHILD_ENV,
        str(rasa_executable(venv)),
        "run",
        "--enable-api",
        "-i",
        "127.0.0.1",
        "-p",
        str(port),
        "-m",
        str(model),
    ]
