"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from core.db import engine_for

router = APIRouter(tags=["santé"])


@router.get("/healthz")
def healthz(request: Request) -> JSONResponse:
    """Le service répond et sa base de données aussi."""
    settings = request.app.state.settings
    try:
        with engine_for(settings.database_url).connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # any database failure makes the service not ready
        return JSONResponse(
            {"status": "erreur", "database": "injoignable", "detail": type(exc).__name__},
            status_code=503,
        )
    return JSONResponse({"status": "ok", "database": "ok"})
