"""Done when: a mini campaign runs through the sandbox on both engines — the embedded loop
and a real Celery worker with a real Redis — from plan to graded, scored exchanges."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from app.demo import build_world
from campaigns.plans import apply_plan, compute_plan, load_campaign
from campaigns.status import progress
from core.db import make_engine
from core.importers import campaign as campaign_importer
from core.importers import run_import
from core.importers.base import ImportReport
from core.models import Campaign, Exchange, ExchangeScore, Structure
from core.settings import Settings
from sandbox import SandboxServer

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
pytestmark = pytest.mark.slow


def _prepare(db_url: str, sb, structures: int = 3):
    """Examples, a sandbox world, and a campaign due now with short windows."""
    engine = make_engine(db_url)
    sessions = sessionmaker(engine, expire_on_commit=False)
    with sessions() as session:
        for kind, name in (("structures", "structures.csv"), ("scenarios", "scenarios.yaml"),
                           ("personas", "personas.yaml")):  # fmt: skip
            assert run_import(session, kind, EXAMPLES / name).ok
        session.commit()
        chosen = list(session.scalars(select(Structure).order_by(Structure.code).limit(structures)))
        for structure in chosen:
            session.refresh(structure, ["accounts"])
        tokens = build_world(session, sb, chosen, seed=1)
        today = time.strftime("%Y-%m-%d")
        items, problems = campaign_importer.parse({"campaign": {
            "code": "mini", "name": "Mini", "edition": 2026, "seed": 3,
            "waiting_window_hours": 0.01, "quiet_period_hours": 0.001, "max_turns": 1,
            "send_windows": [{"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                              "start": "00:00", "end": "00:01"}],
            "channels": {"twitter": {"mode": "automatic", "tests_per_structure": 1}},
            "waves": [{"number": 1, "name": "V1", "starts_on": today, "ends_on": today}],
            "structures": {"codes": [s.code for s in chosen]},
        }})  # fmt: skip
        assert not problems, problems
        campaign_importer.apply(session, items, ImportReport(kind="campaign"))
        session.flush()
        campaign = load_campaign(
            session, session.scalar(select(Campaign.id).where(Campaign.code == "mini"))
        )
        apply_plan(session, campaign, compute_plan(session, campaign, timezone="UTC"))
        session.commit()
        return sessions, campaign.id, tokens


def _wait_done(sessions, campaign_id: int, timeout: float, tick=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if tick:
            tick()
        with sessions() as session:
            state = progress(session, campaign_id)
        if state["done"]:
            return state
        time.sleep(0.5)
    raise AssertionError(f"campaign not done in time: {state}")


def _check_scored(sessions, campaign_id: int) -> None:
    with sessions() as session:
        exchanges = session.scalars(
            select(Exchange).where(Exchange.campaign_id == campaign_id)
        ).all()
        scores = {s.exchange_id: s for s in session.scalars(select(ExchangeScore))}
        assert exchanges and all(e.id in scores for e in exchanges)
        assert all(0 <= scores[e.id].score <= 100 for e in exchanges)
        assert any(e.first_reply_at is not None for e in exchanges)


@pytest.mark.redis
def test_mini_campaign_through_a_real_celery_worker_and_redis(tmp_path):
    redis_url = os.environ.get("VIGIE_TEST_REDIS_URL")
    if not redis_url:
        pytest.skip("VIGIE_TEST_REDIS_URL is not set (make test starts Redis)")
    db_url = f"sqlite:///{tmp_path / 'celery.db'}"
    from core.migrate import upgrade

    upgrade(db_url)
    with SandboxServer(agent_delay_factor=0) as sandbox:
        sb = sandbox.client()
        sessions, campaign_id, tokens = _prepare(db_url, sb)
        urls = sandbox.urls
        env = {**os.environ, "VIGIE_DATABASE_URL": db_url, "VIGIE_REDIS_URL": redis_url,
               "VIGIE_X_API_BASE_URL": urls["x_api"], "VIGIE_X_CONSUMER_KEY": "k",
               "VIGIE_X_CONSUMER_SECRET": "s", "VIGIE_DATA_DIR": str(tmp_path),
               "VIGIE_PERSONA_CREDENTIALS": json.dumps(tokens)}  # fmt: skip
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "campaigns.tasks", "worker", "--pool=solo",
             "--loglevel=WARNING", "--without-heartbeat", "--without-mingle", "--without-gossip"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        try:
            from campaigns.tasks import make_celery

            client = make_celery(Settings(_env_file=None, redis_url=redis_url, database_url=db_url))

            def tick():
                for name in (
                    "vigie.dispatch",
                    "vigie.collect",
                    "vigie.follow_up",
                    "vigie.close_and_grade",
                ):
                    client.send_task(name).get(timeout=120)

            state = _wait_done(sessions, campaign_id, timeout=240, tick=tick)
        finally:
            worker.terminate()
            output = worker.communicate(timeout=30)[0]
        assert state["totals"]["graded"] == state["totals"]["planned"] > 0, output
        _check_scored(sessions, campaign_id)


def test_mini_campaign_on_the_embedded_engine(tmp_path):
    import nlu
    from bots import MemoryCursorStore, get_channel
    from campaigns.engine import Engine
    from core.migrate import upgrade

    db_url = f"sqlite:///{tmp_path / 'embedded.db'}"
    upgrade(db_url)
    with SandboxServer(agent_delay_factor=0) as sandbox:
        sb = sandbox.client()
        sessions, campaign_id, tokens = _prepare(db_url, sb)
        urls = sandbox.urls
        settings = Settings(_env_file=None, database_url=db_url, x_api_base_url=urls["x_api"],
                            x_consumer_key="k", x_consumer_secret="s", data_dir=tmp_path,
                            persona_credentials=tokens)  # fmt: skip
        engine = Engine(sessions, settings, nlu.get_grader(), channels={"twitter": get_channel("twitter", settings)},
                        cursors=MemoryCursorStore())  # fmt: skip
        _wait_done(sessions, campaign_id, timeout=120, tick=engine.cycle)
        _check_scored(sessions, campaign_id)
