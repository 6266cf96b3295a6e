"""Inbound webhooks: one module per platform, signature checks, the durable inbox, processing.

The app serves `mount` (the webhook URLs: a lean ASGI app under `/webhooks`, reached
before FastAPI's middleware) and includes
`router` (no routes: its lifespan starts and stops the inbox writer and worker);
`process_pending` / `process_event` process stored events (the app's worker process calls
them after each acknowledgement; Celery may too).
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from starlette.routing import Mount

from webhooks import meta, telegram, x
from webhooks.asgi import Handler, WebhookApp
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


PREFIX = "/webhooks"
# (method, path under PREFIX) -> handler: every webhook URL in one place.
ROUTES: dict[tuple[str, str], Handler] = {
    ("GET", "/x"): x.crc_challenge,
    ("POST", "/x"): x.receive,
    ("GET", "/meta"): meta.verify_subscription,
    ("POST", "/meta"): meta.receive,
    ("POST", "/telegram"): telegram.receive,
    ("POST", "/telegram/{bot}"): telegram.receive_for_bot,
}

# Platform traffic skips FastAPI's middleware, routing, dependency injection and response
# handling (measured: most of the cost of a delivery): `app.main.App` hands it this app.
mount = Mount(PREFIX, app=WebhookApp(ROUTES), name="webhooks")
router = APIRouter(lifespan=_lifespan)

__all__ = ["PLATFORMS", "PREFIX", "ROUTES", "mount", "process_event", "process_pending", "router"]
