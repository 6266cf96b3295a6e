"""Run the FastAPI app under uvicorn in a background thread (demo, end-to-end tests)."""

from __future__ import annotations

import threading
import time
from typing import Any

import uvicorn

from app.main import create_app
from core.settings import Settings


class ThreadedServer:
    """`with ThreadedServer(settings, port=8000) as server: server.url`."""

    def __init__(self, settings: Settings, *, host: str = "127.0.0.1", port: int = 8000,
                 log_level: str = "warning") -> None:  # fmt: skip
        self.url = f"http://{host}:{port}"
        self.app = create_app(settings)
        config = uvicorn.Config(self.app, host=host, port=port, log_level=log_level,
                                lifespan="on", access_log=False)  # fmt: skip
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="vigie-app", daemon=True)

    def start(self, timeout: float = 15.0) -> ThreadedServer:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the app did not start on {self.url}")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)

    def wait(self) -> None:
        """Block until the server stops (Ctrl+C)."""
        try:
            while self.thread.is_alive():
                self.thread.join(timeout=0.5)
        except KeyboardInterrupt:
            self.stop()

    def __enter__(self) -> ThreadedServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
