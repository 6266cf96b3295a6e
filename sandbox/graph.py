"""Meta Graph API emulator: routing, tokens, error bodies and usage headers.

Mounted under /graph, with or without a version prefix (`/graph/v25.0/...`).
Endpoint names (for faults): comments, list_comments, list_posts, object, object_update, messenger_send,
whatsapp_send, subscribed_apps.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, Router

from sandbox.engine import Sandbox
from sandbox.state import Account
from sandbox.wire import PlatformError, read_params

VERSION_RE = re.compile(r"^v\d+\.\d+$")
# code -> (type, default message) for the errors the emulator produces.
ERRORS: dict[int, tuple[str, str]] = {
    4: ("OAuthException", "(#4) Application request limit reached"),
    10: ("OAuthException", "(#10) Application does not have permission for this action"),
    17: ("OAuthException", "(#17) User request limit reached"),
    32: ("OAuthException", "(#32) Page request limit reached"),
    80001: (
        "OAuthException",
        "(#80001) There have been too many calls to this Page account. Wait a bit and try again.",
    ),
    100: ("OAuthException", "(#100) Invalid parameter"),
    104: ("OAuthException", "An access token is required to request this resource."),
    190: ("OAuthException", "Invalid OAuth access token - Cannot parse access token"),
    200: ("OAuthException", "(#200) Permissions error"),
    551: ("OAuthException", "(#551) This person isn't available right now."),
    613: ("OAuthException", "(#613) Calls to this api have exceeded the rate limit."),
    130429: ("OAuthException", "(#130429) Rate limit hit"),
    2: ("OAuthException", "An unexpected error has occurred. Please retry your request later."),
}
RATE_LIMIT_CODES = {4, 17, 32, 613, 80001, 130429}


def fbtrace(sb: Sandbox) -> str:
    rng = sb.rng("fbtrace", sb.world.next_int("graph:trace"))
    return "A" + "".join(
        rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        for _ in range(22)
    )


def graph_error(
    sb: Sandbox,
    code: int,
    message: str | None = None,
    *,
    subcode: int | None = None,
    status: int = 400,
    type_: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> PlatformError:
    default_type, default_message = ERRORS.get(code, ("OAuthException", f"(#{code}) Error"))
    error: dict[str, Any] = {
        "message": message or default_message,
        "type": type_ or default_type,
        "code": code,
    }
    if subcode is not None:
        error["error_subcode"] = subcode
    error.update(extra)
    error["fbtrace_id"] = fbtrace(sb)
    return PlatformError(status, {"error": error}, headers)


def unknown_object(sb: Sandbox, object_id: str, method: str = "get") -> PlatformError:
    return graph_error(
        sb,
        100,
        f"Unsupported {method} request. Object with ID '{object_id}' does not exist, cannot be loaded due to "
        "missing permissions, or does not support this operation. Please read the Graph API documentation "
        "at https://developers.facebook.com/docs/graph-api",
        subcode=33,
        type_="GraphMethodException",
    )


def caller(sb: Sandbox, request: Request, params: dict[str, Any]) -> Account:
    """The Page or WhatsApp business whose token was used (lenient with unknown tokens)."""
    token = params.get("access_token")
    header = request.headers.get("authorization", "")
    if not token and header.split(" ", 1)[0] in ("Bearer", "OAuth"):
        token = header.split(" ", 1)[1].strip()
    if not token:
        raise graph_error(sb, 104)
    for platform in ("facebook", "instagram", "whatsapp"):
        account = sb.world.by_token(token, platform)
        if account is not None:
            return account
    personas = sb.world.of("facebook", owner="persona") or sb.world.of(
        "whatsapp", owner="persona", kind="business"
    )
    if not personas:
        raise graph_error(sb, 190)
    return personas[0]


def usage_headers(sb: Sandbox, account: Account, full: bool = False) -> dict[str, str]:
    used = sb.world.next_int(f"graph:calls:{account.id}")
    pct = 100 if full else min(99, used // 10)
    app = {"call_count": pct, "total_cputime": max(1, pct // 2), "total_time": max(1, pct // 2)}
    headers = {"x-app-usage": json.dumps(app, separators=(",", ":"))}
    if account.platform == "facebook":
        buc = {
            account.id: [
                {
                    "type": "pages",
                    "call_count": pct,
                    "total_cputime": app["total_cputime"],
                    "total_time": app["total_time"],
                    "estimated_time_to_regain_access": 5 if full else 0,
                }
            ]
        }
        headers["x-business-use-case-usage"] = json.dumps(buc, separators=(",", ":"))
    return headers


Handler = Callable[
    [Sandbox, Request, Account, dict[str, Any], list[str]], Awaitable[dict[str, Any]]
]


def _resolve(sb: Sandbox, method: str, parts: list[str]) -> tuple[str, Handler] | None:
    from sandbox import facebook, messenger, whatsapp

    if len(parts) == 2 and parts[1] == "comments":
        return (
            ("comments", facebook.post_comment)
            if method == "POST"
            else ("list_comments", facebook.list_comments)
        )
    if len(parts) == 2 and parts[1] in ("posts", "feed", "published_posts") and method == "GET":
        return "list_posts", facebook.list_posts
    if len(parts) == 2 and parts[1] == "messages" and method == "POST":
        target = sb.world.get(parts[0])
        if target is not None and target.platform == "whatsapp":
            return "whatsapp_send", whatsapp.send_message
        return "messenger_send", messenger.send_message
    if len(parts) == 2 and parts[1] == "subscribed_apps" and method == "POST":
        return "subscribed_apps", facebook.subscribe_app
    if len(parts) == 1 and method == "GET":
        return "object", facebook.get_object
    if len(parts) == 1 and method in ("POST", "DELETE"):
        return "object_update", facebook.update_object
    return None


async def dispatch(request: Request) -> JSONResponse:
    sb: Sandbox = request.app.state.sandbox
    parts = [p for p in request.path_params["path"].split("/") if p]
    if parts and VERSION_RE.match(parts[0]):
        parts = parts[1:]
    try:
        params = await read_params(request)
        account = caller(sb, request, params)
        resolved = _resolve(sb, request.method, parts)
        if resolved is None:
            raise graph_error(
                sb,
                100,
                f"Unknown path components: /{'/'.join(parts)}",
                type_="OAuthException",
                subcode=None,
            )
        name, handler = resolved
        delay = sb.faults.take("timeout", "meta", name)
        if delay is not None:
            await asyncio.sleep(float(delay.params.get("delay", 5)))
        broken = sb.faults.take("server_error", "meta", name)
        if broken is not None:
            raise graph_error(
                sb, 2, status=int(broken.params.get("status", 500)), is_transient=True
            )
        limited = sb.faults.take("rate_limit", "meta", name)
        if limited is not None:
            code = int(limited.params.get("code", 130429 if name == "whatsapp_send" else 4))
            raise graph_error(
                sb,
                code,
                headers=usage_headers(sb, account, full=True),
                **(
                    {"error_subcode": limited.params["subcode"]}
                    if "subcode" in limited.params
                    else {}
                ),
            )
        body = await handler(sb, request, account, params, parts)
        return JSONResponse(body, headers=usage_headers(sb, account))
    except PlatformError as exc:
        return exc.response()
    except (ValueError, TypeError) as exc:
        return graph_error(sb, 100, f"(#100) Invalid parameter: {exc}").response()


def router() -> Router:
    return Router(routes=[Route("/{path:path}", dispatch, methods=["GET", "POST", "DELETE"])])
