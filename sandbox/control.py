"""The control API under /_sandbox/: build the world, steer time and faults, inspect."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, Router

from sandbox import agents, facebook, messenger, telegram, whatsapp, x
from sandbox.engine import Sandbox
from sandbox.wire import PlatformError, read_json

# Human-side sends (assisted mode): platform of the sending account -> action.
HUMAN_SENDERS: dict[str, Callable[..., dict[str, Any]]] = {
    "x": x.human_send,
    "facebook": facebook.human_send,
    "messenger": messenger.human_send,
    "instagram": messenger.human_send,
    "whatsapp": whatsapp.human_send,
    "telegram": telegram.human_send,
}

# fault kind -> (attribute on the world object, value while the fault is on)
WORLD_FAULTS: dict[str, tuple[str, str, Any]] = {
    "dm_closed": ("account", "dm_open", False),
    "unknown_account": ("account", "deleted", True),
    "blocked": ("account", "blocked", True),
    "comments_disabled": ("post", "can_comment", False),
}


class ControlError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _items(body: Any, key: str) -> list[dict[str, Any]]:
    if isinstance(body, list):
        return body
    if isinstance(body, dict) and isinstance(body.get(key), list):
        return body[key]
    return [body]


def handler(
    fn: Callable[[Sandbox, Request], Awaitable[Any]],
) -> Callable[[Request], Awaitable[JSONResponse]]:
    async def route(request: Request) -> JSONResponse:
        sb: Sandbox = request.app.state.sandbox
        try:
            result = await fn(sb, request)
        except ControlError as exc:
            return JSONResponse({"error": exc.message}, status_code=exc.status)
        except (ValueError, KeyError, TypeError) as exc:
            return JSONResponse({"error": f"{type(exc).__name__}: {exc}"}, status_code=400)
        except PlatformError as exc:
            return JSONResponse(
                {"error": "platform refused", "status": exc.status, "body": exc.body},
                status_code=409,
            )
        return JSONResponse(result)

    return route


async def _body(request: Request) -> Any:
    try:
        return await read_json(request)
    except ValueError as exc:
        raise ControlError(400, f"invalid JSON: {exc}") from exc


@handler
async def health(sb: Sandbox, request: Request) -> Any:
    return {"ok": True, "now": sb.clock.describe()}


@handler
async def reset(sb: Sandbox, request: Request) -> Any:
    body = await _body(request) or {}
    sb.reset(body.get("seed"))
    if "agent_delay_factor" in body:
        sb.delay_factor = float(body["agent_delay_factor"])
    return {"ok": True, "seed": sb.seed, "clock": sb.clock.describe()}


@handler
async def load_world(sb: Sandbox, request: Request) -> Any:
    return sb.load_world(await _body(request))


@handler
async def accounts(sb: Sandbox, request: Request) -> Any:
    if request.method == "GET":
        return [a.public() for a in sb.world.accounts.values()]
    return [
        sb.world.add_account(spec).public() for spec in _items(await _body(request), "accounts")
    ]


@handler
async def patch_account(sb: Sandbox, request: Request) -> Any:
    account = sb.world.accounts.get(request.path_params["id"])
    if account is None:
        raise ControlError(404, "unknown account")
    body = await _body(request)
    for key, value in body.items():
        if key == "options":
            account.options.update(value)
        elif key in (
            "profile",
            "subscribed",
            "dm_open",
            "blocked",
            "deleted",
            "name",
            "username",
            "entity",
            "first_name",
            "last_name",
            "civility",
            "token",
        ):
            setattr(account, key, value)
        elif key == "opted_in":
            account.subscribed = bool(value)
        else:
            raise ControlError(400, f"cannot change {key!r}")
    return account.public()


@handler
async def posts(sb: Sandbox, request: Request) -> Any:
    if request.method == "GET":
        return [facebook.public_post(sb, p) for p in sb.world.posts.values()]
    return [sb.add_post(spec) for spec in _items(await _body(request), "posts")]


@handler
async def chats(sb: Sandbox, request: Request) -> Any:
    if request.method == "GET":
        return [
            {"id": c.id, "type": c.type, "title": c.title, "members": c.members, "owner": c.owner}
            for c in sb.world.chats.values()
        ]
    return [sb.add_chat(spec) for spec in _items(await _body(request), "chats")]


def _hooks(sb: Sandbox) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if sb.x_webhook:
        out["x"] = {
            "url": sb.x_webhook.url,
            "valid": sb.x_webhook.valid,
            "users": sb.x_webhook.users,
            "last_error": sb.x_webhook.last_error,
        }
    if sb.meta_webhook:
        out["meta"] = {
            "url": sb.meta_webhook.url,
            "verified": sb.meta_webhook.verified,
            "last_error": sb.meta_webhook.last_error,
        }
    tg = telegram.state(sb)
    out["telegram"] = {
        bot_id: {"url": bs.webhook["url"], "pending_update_count": len(bs.queue)}
        for bot_id, bs in tg.bots.items()
        if bs.webhook
    }
    return out


@handler
async def webhooks(sb: Sandbox, request: Request) -> Any:
    if request.method == "GET":
        return _hooks(sb)
    body = await _body(request)
    sb.register_webhook(body)
    if not body.get("verify", True):
        return {"platform": body["platform"], "url": body["url"], "verified": False, "error": None}
    if body["platform"] == "x":
        problem = await sb.check_x_webhook()
        return {"platform": "x", "url": body["url"], "valid": sb.x_webhook.valid, "error": problem}
    problem = await sb.check_meta_webhook()
    return {
        "platform": "meta",
        "url": body["url"],
        "verified": sb.meta_webhook.verified,
        "error": problem,
    }


@handler
async def profiles(sb: Sandbox, request: Request) -> Any:
    body = await _body(request)
    if isinstance(body, dict) and "agent_delay_factor" in body:
        sb.delay_factor = float(body["agent_delay_factor"])
    out = []
    for spec in _items(body, "profiles"):
        if "account_id" not in spec:
            continue
        account = sb.world.accounts.get(str(spec["account_id"]))
        if account is None:
            raise ControlError(404, f"unknown account {spec['account_id']}")
        if spec.get("profile") not in agents.PROFILES:
            raise ControlError(
                400, f"unknown profile {spec.get('profile')!r}; known: {sorted(agents.PROFILES)}"
            )
        account.profile = spec["profile"]
        account.options.update(spec.get("options") or {})
        out.append(
            {"account_id": account.id, "profile": account.profile, "options": account.options}
        )
    return {
        "profiles": out,
        "agent_delay_factor": sb.delay_factor,
        "known": sorted(agents.PROFILES),
    }


@handler
async def knowledge(sb: Sandbox, request: Request) -> Any:
    if request.method == "GET":
        return [vars(s) for s in sb.scenarios]
    body = await _body(request)
    count = sb.load_knowledge(
        _items(body, "scenarios"), replace=bool(isinstance(body, dict) and body.get("replace"))
    )
    return {"scenarios": count}


@handler
async def clock(sb: Sandbox, request: Request) -> Any:
    if request.method == "POST":
        sb.set_clock(await _body(request))
    return sb.clock.describe()


@handler
async def faults(sb: Sandbox, request: Request) -> Any:
    if request.method == "GET":
        return [f.public() for f in sb.faults.items]
    if request.method == "DELETE":
        for fault in list(sb.faults.items):
            _undo(sb, fault)
        sb.faults.clear()
        return {"ok": True}
    created = []
    for spec in _items(await _body(request), "faults"):
        fault = sb.faults.add(spec)
        effect = WORLD_FAULTS.get(fault.kind)
        if effect:
            target = _world_target(sb, effect[0], fault.params.get(effect[0]))
            setattr(target, effect[1], effect[2])
        created.append(fault.public())
    return created


def _world_target(sb: Sandbox, kind: str, ref: Any) -> Any:
    target = sb.world.accounts.get(str(ref)) if kind == "account" else sb.world.posts.get(str(ref))
    if target is None:
        raise ControlError(404, f"unknown {kind} {ref!r}")
    return target


def _undo(sb: Sandbox, fault: Any) -> None:
    effect = WORLD_FAULTS.get(fault.kind)
    if effect:
        target = _world_target(sb, effect[0], fault.params.get(effect[0]))
        setattr(target, effect[1], not effect[2])


@handler
async def delete_fault(sb: Sandbox, request: Request) -> Any:
    wanted = int(request.path_params["id"])
    for fault in list(sb.faults.items):
        if fault.id == wanted:
            _undo(sb, fault)
            sb.faults.items.remove(fault)
            return {"ok": True}
    raise ControlError(404, "unknown fault")


@handler
async def messages(sb: Sandbox, request: Request) -> Any:
    q = request.query_params
    out = []
    for record in sb.world.records:
        if any(
            q.get(k) and str(getattr(record, k)) != q[k]
            for k in ("platform", "sender", "recipient", "via", "kind", "thread")
        ):
            continue
        if q.get("account") and q["account"] not in (record.sender, record.recipient):
            continue
        out.append(record.public(sb.iso(record.at)))
    return out


@handler
async def deliveries(sb: Sandbox, request: Request) -> Any:
    q = request.query_params
    return [
        d.public(sb.iso)
        for d in sb.deliveries.items
        if all(
            not q.get(k) or str(getattr(d, k)) == q[k]
            for k in ("status", "platform", "account", "event")
        )
    ]


@handler
async def timers(sb: Sandbox, request: Request) -> Any:
    status = request.query_params.get("status")
    return [
        {
            "due": sb.iso(t.due),
            "label": t.label,
            "account": t.account,
            "text": t.text,
            "status": t.status,
        }
        for t in sb.timer_log
        if not status or t.status == status
    ]


@handler
async def idle(sb: Sandbox, request: Request) -> Any:
    return sb.idle()


@handler
async def human(sb: Sandbox, request: Request) -> Any:
    body = await _body(request)
    sender = sb.world.get(body.get("from"))
    if sender is None:
        raise ControlError(404, f"unknown sender {body.get('from')!r}")
    target = sb.world.get(body.get("to")) if body.get("to") is not None else None
    if sender.platform == "facebook" and body.get("remove"):
        return {"ok": facebook.remove_comment(sb, sender, body["remove"], via="human")}
    if sender.platform == "facebook" and body.get("edit"):
        return {"ok": facebook.edit_comment(sb, sender, body["edit"], body["text"], via="human")}
    kwargs: dict[str, Any] = {
        "private": bool(body.get("private", False)),
        "reply_to": body.get("reply_to"),
    }
    if sender.platform == "telegram":
        kwargs["chat_id"] = body.get("chat_id")
    result = HUMAN_SENDERS[sender.platform](sb, sender, target, body["text"], **kwargs)
    return {"ok": True, "result": _jsonable(result)}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value if isinstance(value, str | int | float | bool | type(None)) else str(value)


@handler
async def state_dump(sb: Sandbox, request: Request) -> Any:
    return {
        "seed": sb.seed,
        "clock": sb.clock.describe(),
        "agent_delay_factor": sb.delay_factor,
        "accounts": [a.public() for a in sb.world.accounts.values()],
        "posts": [facebook.public_post(sb, p) for p in sb.world.posts.values()],
        "chats": [
            {"id": c.id, "type": c.type, "title": c.title, "members": c.members, "owner": c.owner}
            for c in sb.world.chats.values()
        ],
        "webhooks": _hooks(sb),
        "scenarios": [s.id for s in sb.scenarios],
        "faults": [f.public() for f in sb.faults.items],
        "idle": sb.idle(),
    }


def router() -> Router:
    return Router(
        routes=[
            Route("/health", health, methods=["GET"]),
            Route("/reset", reset, methods=["POST"]),
            Route("/state", state_dump, methods=["GET"]),
            Route("/world", load_world, methods=["POST"]),
            Route("/accounts", accounts, methods=["GET", "POST"]),
            Route("/accounts/{id}", patch_account, methods=["PATCH"]),
            Route("/posts", posts, methods=["GET", "POST"]),
            Route("/chats", chats, methods=["GET", "POST"]),
            Route("/webhooks", webhooks, methods=["GET", "POST"]),
            Route("/profiles", profiles, methods=["POST"]),
            Route("/knowledge", knowledge, methods=["GET", "POST"]),
            Route("/clock", clock, methods=["GET", "POST"]),
            Route("/faults", faults, methods=["GET", "POST", "DELETE"]),
            Route("/faults/{id:int}", delete_fault, methods=["DELETE"]),
            Route("/messages", messages, methods=["GET"]),
            Route("/deliveries", deliveries, methods=["GET"]),
            Route("/timers", timers, methods=["GET"]),
            Route("/idle", idle, methods=["GET"]),
            Route("/human", human, methods=["POST"]),
        ]
    )
