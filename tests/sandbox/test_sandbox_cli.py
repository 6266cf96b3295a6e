"""`vigie sandbox`: the French banner, the world file, and a standalone run."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx
import pytest
from typer.testing import CliRunner

from app.cli_sandbox import app, banner, load_world_file
from sandbox import SandboxConfig, free_port


def test_banner_is_french_and_lists_each_sdk_url():
    text = banner("http://127.0.0.1:8765", SandboxConfig(webhook_base="http://127.0.0.1:8000"))
    assert "à l'écoute sur http://127.0.0.1:8765" in text
    assert "http://127.0.0.1:8765/x/" in text and "http://127.0.0.1:8765/graph/" in text
    assert "base_url = http://127.0.0.1:8765/telegram/bot" in text
    assert "Webhooks livrés à : http://127.0.0.1:8000" in text


def test_help_is_french():
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0 and "Adresse d'écoute" in result.output


def test_world_file_must_be_a_mapping(tmp_path):
    path = tmp_path / "world.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(Exception, match="objet YAML"):
        load_world_file(path)
    path.write_text(
        "accounts:\n  - {platform: x, owner: persona, username: claire}\n", encoding="utf-8"
    )
    assert load_world_file(path)["accounts"][0]["username"] == "claire"


@pytest.mark.slow
def test_standalone_run_with_a_world_file(tmp_path):
    world = tmp_path / "world.yaml"
    world.write_text(
        "accounts:\n"
        "  - {platform: x, owner: persona, username: claire_m, first_name: Claire}\n"
        "  - {platform: x, owner: structure, username: MairieStAubin, profile: exemplary}\n",
        encoding="utf-8",
    )
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.cli",
            "sandbox",
            "--port",
            str(port),
            "--seed",
            "3",
            "--config",
            str(world),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                accounts = httpx.get(f"http://127.0.0.1:{port}/_sandbox/accounts").json()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        assert {a["username"] for a in accounts} == {"claire_m", "MairieStAubin"}
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0]
    assert f"à l'écoute sur http://127.0.0.1:{port}" in output
    assert "@claire_m" in output and "Comptes persona" in output


def test_example_world_loads_and_answers(receiver):
    from pathlib import Path

    from sandbox_helpers import META_SECRET, META_VERIFY

    from sandbox import Client, SandboxServer

    world = load_world_file(Path(__file__).parents[2] / "sandbox" / "world.example.yaml")
    world["agent_delay_factor"] = 0
    world["webhooks"] = [
        {
            "platform": "meta",
            "url": receiver.url + "/meta",
            "app_secret": META_SECRET,
            "verify_token": META_VERIFY,
        }
    ]
    with SandboxServer(world=world) as server:
        sb = Client(server.base_url)
        state = sb.state()
        assert len(state["accounts"]) == 9 and state["scenarios"] == ["cni-renouvellement"]
        assert state["clock"]["now"].startswith("2026-03-02")
        sb.human(
            "33612345678", "Bonjour, comment renouveler ma carte d'identité ?", to="106000000000001"
        )
        sb.wait_delivered()
        sb.close()
    posts = receiver.wait_posts("/meta", 3)  # the message, the ack's echo and statuses
    assert posts[0]["signature_ok"]
    handshakes = [r for r in receiver.requests if r["method"] == "GET"]
    assert handshakes and handshakes[0]["query"]["hub.verify_token"] == META_VERIFY
