"""Bots against a live sandbox: real SDKs, real sockets, agents answering at once."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bots import MemoryCursorStore, get_channel
from core.settings import Settings
from sandbox import Client, SandboxServer


@pytest.fixture(scope="module")
def sandbox_server() -> Iterator[SandboxServer]:
    with SandboxServer(agent_delay_factor=0) as server:
        yield server


@pytest.fixture
def sb(sandbox_server: SandboxServer) -> Iterator[Client]:
    client = sandbox_server.client()
    client.reset(agent_delay_factor=0)
    yield client
    client.close()


@pytest.fixture
def settings(sandbox_server: SandboxServer, tmp_path: Path) -> Settings:
    urls = sandbox_server.urls
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url="sqlite://",
        data_dir=tmp_path,
        x_api_base_url=urls["x_api"],
        x_consumer_key="consumer-key",
        x_consumer_secret="consumersecret",
        meta_graph_base_url=urls["graph_api"],
        meta_graph_version="v25.0",
        meta_app_secret="appsecret",
        meta_verify_token="verify-token",
        telegram_api_base_url=urls["telegram_base_url"],
        telegram_webhook_secret="telegram-secret",
    )


class Channels(dict[str, Any]):
    """The registry's channels for one test, built with the sandbox's tokens."""


@pytest.fixture
def tokens() -> dict[str, str]:
    return {}


@pytest.fixture
def channels(settings: Settings, tokens: dict[str, str]) -> Channels:
    return Channels({name: get_channel(name, settings, tokens=tokens)
                     for name in ("twitter", "facebook", "messenger", "telegram", "whatsapp")})  # fmt: skip


@pytest.fixture
def cursors() -> MemoryCursorStore:
    return MemoryCursorStore()


def reload(session: Session, row: Any) -> Any:
    session.expire_all()
    return session.get(type(row), row.id)


def after(moment: datetime, other: datetime) -> bool:
    return moment >= other


class AppServer:
    """The lead's app (webhooks router, inbox worker) under uvicorn on a loopback port."""

    def __init__(self, settings: Settings, port: int) -> None:
        import uvicorn

        from app.main import create_app

        self.url = f"http://127.0.0.1:{port}"
        self.app = create_app(settings)
        config = uvicorn.Config(self.app, host="127.0.0.1", port=port, log_level="warning",
                                lifespan="on", access_log=False)  # fmt: skip
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="vigie-app", daemon=True)

    def __enter__(self) -> AppServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the app did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def app_server(settings: Settings, db_url: str, free_port: int) -> Iterator[AppServer]:
    app_settings = settings.model_copy(update={"database_url": db_url})
    with AppServer(app_settings, free_port) as server:
        yield server


def wait_until(predicate: Any, timeout: float = 10.0, interval: float = 0.05) -> Any:
    """Poll `predicate` until it returns something true (the webhook path is asynchronous)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(interval)


def later(**delta: float) -> Any:
    """A clock `delta` ahead of now: a send lease or a backoff has run out."""
    from datetime import timedelta

    from core.db import utcnow

    return lambda: utcnow() + timedelta(**delta)
