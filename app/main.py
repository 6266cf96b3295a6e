"""The FastAPI application factory."""

from __future__ import annotations

import importlib
import logging

from fastapi import FastAPI
from starlette.routing import Mount
from starlette.types import ASGIApp, Receive, Scope, Send

from core.settings import Settings, get_settings

log = logging.getLogger(__name__)

# What the app serves, one line each: "module:attribute", in matching order. An APIRouter
# is included; a Mount (a lean ASGI app under a path prefix, answering its own errors) is
# served ahead of FastAPI's middleware and routing (see `App`).
ROUTERS: tuple[str, ...] = (
    "webhooks:mount",  # first: platforms post at high rates, route matching is in order
    "webhooks:router",  # the inbox writer and worker's lifespan (no routes)
    "app.health:router",
    "app.api:router",
)


class App(FastAPI):
    """FastAPI, except that the lean mounts get their requests before its middleware stack.

    Platforms post webhooks at high rates, and FastAPI's middleware (error, telemetry, body
    limit, exception and exit-stack layers) and routing cost, measured under load, a third
    of the server's time per delivery. A lean mount answers its own refusals and crashes
    like FastAPI does, and keeps its own body limit. Its Mount stays in the routes too, so
    that `url_path_for` and any request the prefix test does not catch still reach it.
    """

    lean_mounts: tuple[tuple[str, ASGIApp], ...] = ()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.lean_mounts:
            root, path = scope.get("root_path", ""), scope["path"]
            if not (root and path.startswith(root)):  # the path may come without the prefix
                root = ""
            path = path[len(root) :]
            for prefix, served in self.lean_mounts:
                if path.startswith(prefix) and path[len(prefix) : len(prefix) + 1] in ("", "/"):
                    scope["app"] = self
                    await served({**scope, "root_path": root + prefix}, receive, send)
                    return
        await super().__call__(scope, receive, send)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = App(
        title="Vigie",
        description="Audits mystère citoyen des services publics sur les réseaux sociaux.",
        version="0.1.0",
    )
    app.state.settings = settings
    for target in ROUTERS:
        module_name, attr = target.split(":")
        served = getattr(importlib.import_module(module_name), attr)
        if isinstance(served, Mount):
            app.mount(served.path, served.app, name=served.name)
            app.lean_mounts = (*app.lean_mounts, (served.path, served.app))
        else:
            app.include_router(served)
    return app
