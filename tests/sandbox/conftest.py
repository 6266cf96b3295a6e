"""Fixtures: one live sandbox per session (reset per test), a webhook receiver."""

from __future__ import annotations

from typing import Any

import pytest
from sandbox_helpers import Receiver

from sandbox import Client, SandboxServer


@pytest.fixture(scope="session")
def server() -> Any:
    with SandboxServer(agent_delay_factor=0.0) as srv:
        yield srv


@pytest.fixture
def sb(server: SandboxServer) -> Any:
    """A control client on a freshly reset sandbox (agents answer at once)."""
    client = Client(server.base_url)
    client.reset(seed=7, agent_delay_factor=0.0)
    yield client
    client.close()


@pytest.fixture
def receiver() -> Any:
    rec = Receiver()
    yield rec
    rec.close()
