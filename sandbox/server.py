"""Run the sandbox with uvicorn in a background thread (tests, demo, benchmarks)."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import uvicorn

from sandbox.app import create_app
from sandbox.config import SandboxConfig


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class SandboxServer:
    """`with SandboxServer() as sb: sb.base_url` — a live sandbox on a free loopback port."""

    def __init__(self, config: SandboxConfig | None = None, **overrides: Any) -> None:
        self.config = config or SandboxConfig(**overrides)
        if self.config.port == 0:
            self.config.port = free_port(self.config.host)
        self.app = create_app(self.config)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.config.host}:{self.config.port}"

    @property
    def urls(self) -> dict[str, str]:
        return sdk_urls(self.base_url)

    def start(self, timeout: float = 10.0) -> SandboxServer:
        config = uvicorn.Config(
            self.app,
            host=self.config.host,
            port=self.config.port,
            log_level="warning",
            lifespan="on",
            access_log=False,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="sandbox", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("sandbox server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._server = self._thread = None

    def client(self) -> Any:
        from sandbox.client import Client

        return Client(self.base_url)

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def sdk_urls(base_url: str) -> dict[str, str]:
    """What to give each SDK to reach this sandbox instead of the platform."""
    base = base_url.rstrip("/")
    return {
        "x_api": f"{base}/x/",  # replaces https://api.twitter.com/
        "graph_api": f"{base}/graph/",  # replaces https://graph.facebook.com/
        "telegram_base_url": f"{base}/telegram/bot",  # python-telegram-bot base_url
        "control": f"{base}/_sandbox/",
    }
