"""docker-compose.yml cannot run here (no Docker engine): check it against the code instead."""

import importlib
import subprocess
import sys
from pathlib import Path

import yaml

from core.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_every_vigie_setting_in_compose_exists():
    fields = {f"VIGIE_{name.upper()}" for name in Settings.model_fields}
    for name, service in COMPOSE["services"].items():
        for key in service.get("environment") or {}:
            if key.startswith("VIGIE_"):
                assert key in fields, f"{name}: {key} is not a setting"


def test_vigie_commands_in_compose_exist():
    for name, service in COMPOSE["services"].items():
        command = service.get("command") or []
        if command[:1] == ["vigie"]:
            result = subprocess.run([sys.executable, "-m", "app.cli", *command[1:2], "--help"],
                                    capture_output=True, text=True, cwd=ROOT, timeout=60)  # fmt: skip
            assert result.returncode == 0, f"{name}: {result.stderr}"
            for option in (part for part in command[2:] if part.startswith("--")):
                assert option in result.stdout, f"{name}: {option} unknown to vigie {command[1]}"


def test_celery_services_point_at_the_real_app_and_its_tasks():
    for name in ("worker", "beat"):
        command = COMPOSE["services"][name]["command"]
        module = command[command.index("-A") + 1]
        celery = importlib.import_module(module).celery
        assert {
            "vigie.dispatch",
            "vigie.collect",
            "vigie.follow_up",
            "vigie.close_and_grade",
        } <= set(celery.tasks)
        assert set(celery.conf.include) == {"campaigns.tasks", "webhooks.tasks"}


def test_images_and_dockerfiles_exist():
    assert (ROOT / "Dockerfile").exists() and (ROOT / "Dockerfile.rasa").exists()
    assert COMPOSE["services"]["rasa"]["build"]["dockerfile"] == "Dockerfile.rasa"
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.startswith("COPY ") and not line.startswith("COPY pyproject"):
            assert (ROOT / line.split()[1]).exists(), line
