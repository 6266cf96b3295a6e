"""The webhook URLs as a lean ASGI app, mounted by the FastAPI app at `/webhooks`.

Platforms post at high rates and each delivery is the same few steps (headers, raw body,
signature, inbox). Served through FastAPI, a delivery also paid for the routing across
included routers, dependency injection, a `Request`, query parsing and a `JSONResponse`:
measured under load, more CPU than the whole receive. Here a delivery costs one dict
lookup. The FastAPI app around it still runs its middleware (a crash is a 500, an
`HTTPException` raised by `edge.refuse` becomes its usual JSON refusal), and `scope["app"]`
is still the FastAPI app, whose `state` holds the settings, the inbox writer and worker.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from fastapi import HTTPException
from starlette.types import Receive, Scope, Send


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

    async def send(self, send: Send) -> None:
        await send({
            "type": "http.response.start",
            "status": self.status,
            "headers": [(b"content-type", self.media_type),
                        (b"content-length", str(len(self.body)).encode())],
        })  # fmt: skip
        await send({"type": "http.response.body", "body": self.body})


Handler = Callable[[Inbound], Awaitable[Reply]]


def _split_route(path: str) -> tuple[str, str | None]:
    """`/telegram/{bot}` -> ("/telegram/", "bot"); a path without parameter -> (path, None)."""
    head, brace, tail = path.partition("{")
    return (head, tail.rstrip("}")) if brace else (path, None)


class WebhookApp:
    """Dispatch `(method, path under the mount)` to its handler; 404 and 405 otherwise.

    Paths have at most one trailing `{parameter}` (one path segment).
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
        reply = await handler(request)
        await reply.send(send)
