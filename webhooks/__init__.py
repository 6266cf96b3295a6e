"""Inbound webhooks: one module per platform, signature checks, the durable inbox, processing.

`router` is mounted by the app; `process_pending` / `process_event` process stored events
(the app's worker process calls them after each acknowledgement; Celery may too).
"""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI

from webhooks import meta, telegram, x
from webhooks.inbox import worker_for
from webhooks.processing import PLATFORMS, process_event, process_pending


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Start at once: events acknowledged before a crash are processed without waiting for
    # the next delivery.
    worker_for(app)
    yield
    for name in ("inbox_worker", "inbox_writer"):
        running = getattr(app.state, name, None)
        if running is not None:
            running.stop()


# (method, path) -> endpoint: every webhook URL in one place. One flat router, because
# each level of nested routers costs route matching on every delivery.
ROUTES: dict[tuple[str, str], Callable[..., Any]] = {
    ("GET", "/webhooks/x"): x.crc_challenge,
    ("POST", "/webhooks/x"): x.receive,
    ("GET", "/webhooks/meta"): meta.verify_subscription,
    ("POST", "/webhooks/meta"): meta.receive,
    ("POST", "/webhooks/telegram"): telegram.receive,
    ("POST", "/webhooks/telegram/{bot}"): telegram.receive_for_bot,
}

router = APIRouter(lifespan=_lifespan, tags=["webhooks"])
for (_method, _path), _endpoint in ROUTES.items():
    router.add_api_route(_path, _endpoint, methods=[_method])

__all__ = ["PLATFORMS", "ROUTES", "process_event", "process_pending", "router"]
