"""The FastAPI application factory."""

from __future__ import annotations

import importlib
import logging

from fastapi import FastAPI
from starlette.routing import Mount

from core.settings import Settings, get_settings

log = logging.getLogger(__name__)

# What the app serves, one line each: "module:attribute", in matching order. An APIRouter
# is included; a Mount (an ASGI app under a path prefix) is added as is, at the top level.
ROUTERS: tuple[str, ...] = (
    "webhooks:mount",  # first: platforms post at high rates, route matching is in order
    "webhooks:router",  # the inbox writer and worker's lifespan (no routes)
    "app.health:router",
    "app.api:router",
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="Vigie",
        description="Audits mystère citoyen des services publics sur les réseaux sociaux.",
        version="0.1.0",
    )
    app.state.settings = settings
    for target in ROUTERS:
        module_name, attr = target.split(":")
        served = getattr(importlib.import_module(module_name), attr)
        if isinstance(served, Mount):  # no FastAPI routing on its way: one path test
            app.mount(served.path, served.app, name=served.name)
        else:
            app.include_router(served)
    return app
