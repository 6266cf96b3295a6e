"""The FastAPI application factory."""

from __future__ import annotations

import importlib
import logging

from fastapi import FastAPI

from core.settings import Settings, get_settings

log = logging.getLogger(__name__)

# Routers mounted by the app, one line each: "module:attribute".
ROUTERS: tuple[str, ...] = (
    "webhooks:router",  # first: platforms post at high rates, route matching is in order
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
        app.include_router(getattr(importlib.import_module(module_name), attr))
    return app
