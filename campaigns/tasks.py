"""Celery tasks and beat schedule for the production shape (worker: `celery -A campaigns.tasks worker`).

The tasks run the same engine jobs as the embedded default; only the scheduling differs.
Inbox processing lives with the webhooks (`webhooks.tasks`), included by name so that
campaigns never imports webhooks.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from celery import Celery

from core.settings import get_settings

BEAT: dict[str, tuple[str, float]] = {
    # name -> (task, period in seconds)
    "dispatch": ("vigie.dispatch", 30.0),
    "collect": ("vigie.collect", 60.0),
    "follow_up": ("vigie.follow_up", 60.0),
    "close_and_grade": ("vigie.close_and_grade", 300.0),
    "inbox": ("vigie.process_inbox", 15.0),
}


def make_celery(settings: Any = None) -> Celery:
    settings = settings or get_settings()
    broker = settings.redis_url or "memory://"
    app = Celery("vigie", broker=broker, backend=settings.redis_url or None,
                 include=["campaigns.tasks", "webhooks.tasks"])  # fmt: skip
    app.conf.update(
        timezone=settings.timezone,
        enable_utc=True,
        task_acks_late=True,  # a task killed mid-way is redelivered; every job is idempotent
        worker_prefetch_multiplier=1,
        task_serializer="json",
        result_expires=3600,
        broker_connection_retry_on_startup=True,
        beat_schedule={
            name: {"task": task, "schedule": period} for name, (task, period) in BEAT.items()
        },
    )
    return app


celery = make_celery()


@lru_cache(maxsize=1)
def engine() -> Any:
    """The process's engine, built on first use (loading the NLU once per worker)."""
    import nlu
    from campaigns.engine import Engine
    from core.db import session_factory

    settings = get_settings()
    grader = nlu.get_grader(settings.nlu_backend, rasa_url=settings.rasa_url)
    return Engine(session_factory(settings.database_url), settings, grader,
                  inbox=lambda: celery.send_task("vigie.process_inbox"))  # fmt: skip


def _summary(value: Any) -> Any:
    return value if isinstance(value, int | dict | type(None)) else repr(value)


@celery.task(name="vigie.dispatch")
def dispatch() -> Any:
    return _summary(engine().dispatch())


@celery.task(name="vigie.collect")
def collect() -> Any:
    return _summary(engine().collect())


@celery.task(name="vigie.follow_up")
def follow_up() -> Any:
    return engine().follow_up()


@celery.task(name="vigie.close_and_grade")
def close_and_grade() -> Any:
    closed, graded = engine().close_and_grade()
    return {"closed": closed, "graded": graded}
