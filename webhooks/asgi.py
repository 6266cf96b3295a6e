"""The webhook URLs as a lean ASGI app, served by the FastAPI app under `/webhooks`.

Platforms post at high rates and each delivery is the same few steps (headers, raw body,
signature, inbox). Served through FastAPI, a delivery also paid for the routing across
included routers, dependency injection, a `Request`, query parsing and a `JSONResponse`,
then for FastAPI's middleware stack: measured under load, more CPU than the whole receive.
Here a delivery costs one dict lookup, and the app answers its own refusals and crashes
the way FastAPI would (`{"detail": …}` with the status of the `HTTPException` raised by
`edge.refuse`; a crash is a logged 500), so that `app.main` can hand it the requests
before FastAPI's middleware. `scope["app"]` is the FastAPI app, whose `state` holds the
settings, the inbox writer and worker.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from fastapi import HTTPException
from starlette.types import Receive, Scope, Send

log = logging.getLogger("webhooks")
CRASHED = "Erreur interne : l'événement n'a pas été enregistré, renvoyez-le."


@dataclass(slots=True)
class Inbound:
    """What a webhook handler sees of its request: the app, headers, query, path, raw body."""

    scope: Scope
    receive: Receive
    path_params: dict[str, str] = field(default_factory=dict)

    @property
    def app(self) -> Any:
        return self.scope["app"]

    def header(self, name: bytes) -> bytes | None:
        """The first value of header `name` (lower case), as sent."""
        for key, value in self.scope["headers"]:
            if key == name:
                return value
        return None

    def query(self) -> dict[str, str]:
        """Query parameters, the last value winning (as Starlette's `query_params.get`)."""
        return dict(parse_qsl(self.scope["query_string"].decode("latin-1"), keep_blank_values=True))


@dataclass(frozen=True, slots=True)
class Reply:
    """A complete answer, sent in two ASGI messages."""

    body: bytes
    media_type: bytes = b"application/json"
    status: int = 200
    headers: tuple[tuple[bytes, bytes], ...] = ()

    @classmethod
    def refusal(cls, status: int, detail: Any, headers: Mapping[str, str] | None = None) -> Reply:
        """FastAPI's answer to an `HTTPException`: `{"detail": …}` and its headers."""
        body = json.dumps({"detail": detail}, ensure_ascii=False, separators=(",", ":"))
        extra = tuple((k.lower().encode(), v.encode()) for k, v in (headers or {}).items())
        return cls(body.encode(), status=status, headers=extra)

    async def send(self, send: Send) -> None:
        await send({
            "type": "http.response.start",
            "status": self.status,
            "headers": [(b"content-type", self.media_type),
                        (b"content-length", str(len(self.body)).encode()), *self.headers],
        })  # fmt: skip
        await send({"type": "http.response.body", "body": self.body})


Handler = Callable[[Inbound], Awaitable[Reply]]


def _split_route(path: str) -> tuple[str, str | None]:
    """`/telegram/{bot}` -> ("/telegram/", "bot"); a path without parameter -> (path, None)."""
    head, brace, tail = path.partition("{")
    return (head, tail.rstrip("}")) if brace else (path, None)


class WebhookApp:
    """Dispatch `(method, path under the mount)` to its handler; 404 and 405 otherwise.

    Paths have at most one trailing `{parameter}` (one path segment). Refusals and crashes
    are answered here (see the module's docstring).
    """

    def __init__(self, routes: Mapping[tuple[str, str], Handler]) -> None:
        self._exact: dict[str, dict[str, Handler]] = {}
        self._prefixed: dict[str, tuple[str, dict[str, Handler]]] = {}
        for (method, path), handler in routes.items():
            head, param = _split_route(path)
            if param is None:
                self._exact.setdefault(head, {})[method] = handler
            else:
                self._prefixed.setdefault(head, (param, {}))[1][method] = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # websockets: nothing here
            raise HTTPException(404)
        try:
            reply = await self._dispatch(scope, receive)
        except HTTPException as refused:
            reply = Reply.refusal(refused.status_code, refused.detail, refused.headers)
        except Exception:  # nothing was acknowledged: the platform sends it again
            log.exception("webhook %s %s crashed", scope["method"], scope["path"])
            reply = Reply.refusal(500, CRASHED)
        await reply.send(send)

    async def _dispatch(self, scope: Scope, receive: Receive) -> Reply:
        path, root = scope["path"], scope.get("root_path", "")
        if root and path.startswith(root):  # the mount's prefix (and any proxy's)
            path = path[len(root) :]
        request = Inbound(scope, receive)
        methods = self._exact.get(path)
        if methods is None:
            head, _, value = path.rpartition("/")
            param, methods = self._prefixed.get(head + "/", (None, None))
            if param is None or methods is None or not value:
                raise HTTPException(404)
            request.path_params[param] = value
        handler = methods.get(scope["method"])
        if handler is None:
            raise HTTPException(405, headers={"Allow": ", ".join(methods)})
        return await handler(request)
