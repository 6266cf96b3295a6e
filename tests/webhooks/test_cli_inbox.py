"""`vigie inbox list|replay|stats`, run as an operator would (a subprocess on a real database)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from core.db import make_engine
from core.models import InboxEvent, InboxStatus

ROOT = Path(__file__).resolve().parents[2]
GOOD = '{"update_id": 2, "message": {"message_id": 5, "chat": {"id": 9, "type": "private"}, "date": 1772447400, "text": "Bonjour"}}'


def vigie(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VIGIE_DATABASE_URL": url, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "inbox", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


@pytest.fixture
def inbox(sqlite_url: str) -> str:
    engine = make_engine(sqlite_url)
    with sessionmaker(engine)() as session:
        session.add_all([
            InboxEvent(platform="telegram", event_key="update:1", event_type="message", payload="{}",
                       status=InboxStatus.DEAD, attempts=5, last_error="KeyError: 'chat'"),
            InboxEvent(platform="telegram", event_key="update:2", event_type="message", payload=GOOD,
                       status=InboxStatus.FAILED, attempts=1, last_error="OperationalError"),
            InboxEvent(platform="meta", event_key="mid:m1", event_type="messenger.read", payload="{}",
                       status=InboxStatus.IGNORED, deliveries=3),
        ])  # fmt: skip
        session.commit()
    engine.dispose()
    return sqlite_url


def _statuses(url: str) -> dict[str, str]:
    engine = make_engine(url)
    with Session(engine) as session:
        rows = {e.event_key: e.status.value for e in session.query(InboxEvent)}
    engine.dispose()
    return rows


def test_list_json_one_object_per_line(inbox: str) -> None:
    result = vigie(inbox, "list", "--json")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3
    assert {
        "id",
        "platform",
        "key",
        "status",
        "received_at",
        "attempts",
        "last_error",
        "event_type",
    } <= set(lines[0])
    dead = next(line for line in lines if line["key"] == "update:1")
    assert (dead["status"], dead["attempts"], dead["last_error"]) == ("dead", 5, "KeyError: 'chat'")


def test_list_filters_by_status_and_platform(inbox: str) -> None:
    by_status = vigie(inbox, "list", "--json", "--status", "failed").stdout.splitlines()
    by_platform = vigie(inbox, "list", "--json", "--platform", "meta").stdout.splitlines()
    assert [json.loads(line)["key"] for line in by_status] == ["update:2"]
    assert [json.loads(line)["key"] for line in by_platform] == ["mid:m1"]


def test_list_table_is_french(inbox: str) -> None:
    result = vigie(inbox, "list")
    assert "Plateforme" in result.stdout and "abandonné" in result.stdout


def test_list_unknown_status_is_refused_in_french(inbox: str) -> None:
    result = vigie(inbox, "list", "--status", "perdu")
    assert result.returncode != 0 and "statut inconnu" in result.stderr


def test_replay_failed_reprocesses_failed_and_dead(inbox: str) -> None:
    result = vigie(inbox, "replay", "--failed")
    assert result.returncode == 0, result.stderr
    assert "2 événement(s) rejoué(s)" in result.stdout
    statuses = _statuses(inbox)
    assert statuses["update:2"] == "processed"  # the good one now goes through
    assert statuses["update:1"] == "failed"  # still broken, with a fresh attempt budget
    assert statuses["mid:m1"] == "ignored"


def test_replay_one_event(inbox: str) -> None:
    result = vigie(inbox, "replay", "2")
    assert result.returncode == 0 and "Événement 2 rejoué : traité." in result.stdout


def test_replay_unknown_event_fails_in_french(inbox: str) -> None:
    result = vigie(inbox, "replay", "999")
    assert result.returncode == 1 and "introuvable" in result.stderr


def test_replay_needs_an_id_or_failed(inbox: str) -> None:
    result = vigie(inbox, "replay")
    assert result.returncode == 2 and "--failed" in result.stderr


def test_stats_counts_duplicates_and_ignored(inbox: str) -> None:
    document = json.loads(vigie(inbox, "stats", "--json").stdout)
    assert document["events"] == 3 and document["deliveries"] == 5 and document["duplicates"] == 2
    assert document["by_platform"]["telegram"] == {"dead": 1, "failed": 1}
    assert document["ignored_by_type"] == {"meta:messenger.read": 1}
    text = vigie(inbox, "stats").stdout
    assert "doublons écartés : 2" in text
