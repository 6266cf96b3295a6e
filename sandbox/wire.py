"""Small HTTP helpers shared by the platform emulators (request parsing, errors)."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse


class PlatformError(Exception):
    """An error answer in a platform's own wire format."""

    def __init__(
        self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(status, body)
        self.status = status
        self.body = body
        self.headers = headers or {}

    def response(self) -> JSONResponse:
        return JSONResponse(self.body, status_code=self.status, headers=self.headers)


async def read_params(request: Request) -> dict[str, Any]:
    """Query string, then form or JSON body, merged (later wins)."""
    params: dict[str, Any] = dict(request.query_params)
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        content_type = request.headers.get("content-type", "")
        raw = await request.body()
        if "json" in content_type and raw:
            try:
                data = json.loads(raw)
            except ValueError:
                data = None
            if isinstance(data, dict):
                params.update(data)
        elif raw or "form" in content_type:
            form = await request.form()
            params.update({k: v for k, v in form.items() if isinstance(v, str)})
    return params


async def read_json(request: Request) -> Any:
    raw = await request.body()
    return json.loads(raw) if raw else {}


def maybe_json(value: Any) -> Any:
    """Form-encoded clients send nested objects as JSON strings."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
