"""The Rasa backend end to end: train a small real model, serve it, parse over HTTP."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import pytest

from nlu import rasa_backend

pytestmark = [pytest.mark.rasa, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def rasa_server(tmp_path_factory):
    if not (rasa_backend.RASA_VENV / "bin" / "rasa").exists():
        pytest.fail("Rasa venv missing: " + " && ".join(rasa_backend.SETUP_COMMANDS))
    work = tmp_path_factory.mktemp("rasa")
    data = work / "data"
    data.mkdir()
    # The hand-written examples are a small but real training set (a few seconds).
    (data / "extra.yml").write_text(
        (ROOT / "nlu" / "data" / "extra.yml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    config = work / "config.yml"
    config.write_text(
        (rasa_backend.RASA_DIR / "config.yml")
        .read_text(encoding="utf-8")
        .replace("epochs: 60", "epochs: 30"),
        encoding="utf-8",
    )
    model = rasa_backend.train(data, work / "models", config=config, workdir=work)
    port = _free_port()
    log = (work / "server.log").open("wb")
    process = subprocess.Popen(
        rasa_backend.serve_command(model, port),
        cwd=work,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    client = rasa_backend.RasaClient(url)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            client.parse("bonjour")
            break
        except rasa_backend.RasaError:
            if process.poll() is not None:
                pytest.fail((work / "server.log").read_text(errors="replace")[-2000:])
            time.sleep(1)
    else:
        process.terminate()
        pytest.fail("Rasa server did not start in 120 s")
    yield url
    process.terminate()
    process.wait(timeout=30)


def test_parse_over_http(rasa_server):
    result = rasa_backend.RasaClient(rasa_server).parse(
        "Pouvez-vous nous écrire en message privé ?"
    )
    assert result["intent"]["name"] == "redirect_private"
    assert {r["name"] for r in result["intent_ranking"]} >= {"answer", "redirect_private"}


def test_grader_uses_the_rasa_backend(rasa_server):
    from nlu import get_grader
    from tests.nlu.conftest import make_exchange

    grader = get_grader("rasa", rasa_url=rasa_server)
    line = grader.grade(make_exchange("Bonjour, pouvez-vous nous écrire en message privé ?"))
    assert "(rasa)" in line["grader"] and line["intents"] == ["redirect_private"]
    assert line["criteria"]["redirect_precise"]["value"] is True
