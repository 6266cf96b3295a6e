"""Telegram Bot API emulator: getMe, sendMessage, getUpdates, webhooks, getChat.

Mounted under /telegram, so python-telegram-bot works with
`base_url="http://H:P/telegram/bot"`. Accepts form-encoded and JSON bodies.
Endpoint names (for faults) are the method names (sendMessage, getUpdates, ...).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, Router

from sandbox.engine import Sandbox
from sandbox.signing import plain_body
from sandbox.state import Account, Chat
from sandbox.wire import PlatformError, maybe_json, read_params

SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
MENTION_RE = re.compile(r"(?<!\w)@(\w{3,32})")


@dataclass
class BotState:
    queue: list[dict[str, Any]] = field(default_factory=list)  # unconfirmed updates
    next_update_id: int = 0
    webhook: dict[str, Any] | None = None
    allowed_updates: list[str] | None = None
    last_error: tuple[int, str] | None = None
    new_update: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class TelegramState:
    bots: dict[str, BotState] = field(default_factory=dict)
    messages: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)


def state(sb: Sandbox) -> TelegramState:
    return sb.platform_state.setdefault("telegram", TelegramState())


def bot_state(sb: Sandbox, bot: Account) -> BotState:
    st = state(sb)
    if bot.id not in st.bots:
        start = sb.rng("update_id", bot.id).randrange(100_000_000, 900_000_000)
        st.bots[bot.id] = BotState(next_update_id=start)
    return st.bots[bot.id]


def error(code: int, description: str, **parameters: Any) -> PlatformError:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return PlatformError(code, body)


def add_chat(sb: Sandbox, spec: dict[str, Any]) -> dict[str, Any]:
    chat_type = spec.get("type", "group")
    default_id = (
        -(1_001_000_000_000 + sb.world.next_int("tg:chat"))
        if chat_type == "supergroup"
        else -(4_000_000_000 + sb.world.next_int("tg:chat"))
    )
    chat = Chat(
        int(spec.get("id") or default_id),
        chat_type,
        spec.get("title", "Groupe"),
        [str(m) for m in spec.get("members") or []],
        spec.get("owner"),
    )
    chat_username = spec.get("username")
    sb.world.chats[chat.id] = chat
    if chat_username:
        sb.platform_state.setdefault("telegram_chat_usernames", {})[chat_username.lower()] = chat.id
    return {
        "id": chat.id,
        "type": chat.type,
        "title": chat.title,
        "members": chat.members,
        "owner": chat.owner,
    }


def user_obj(account: Account) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": int(account.id),
        "is_bot": account.kind == "bot",
        "first_name": account.first_name or account.name,
    }
    if account.last_name:
        out["last_name"] = account.last_name
    if account.username:
        out["username"] = account.username
    if account.kind != "bot":
        out["language_code"] = "fr"
    return out


def chat_obj(sb: Sandbox, chat_id: int) -> dict[str, Any]:
    chat = sb.world.chats.get(chat_id)
    if chat is not None:
        return {"id": chat.id, "title": chat.title, "type": chat.type}
    other = sb.world.accounts[str(chat_id)]
    out: dict[str, Any] = {
        "id": int(other.id),
        "first_name": other.first_name or other.name,
        "type": "private",
    }
    if other.username:
        out["username"] = other.username
    return out


def _resolve_chat(
    sb: Sandbox, sender: Account, chat_ref: Any
) -> tuple[int | None, Chat | None, Account | None]:
    """(chat id as the sender sees it, group, private peer)."""
    ref = str(chat_ref).strip()
    if ref.startswith("@"):
        chat_id = sb.platform_state.get("telegram_chat_usernames", {}).get(ref[1:].lower())
        if chat_id is not None:
            return chat_id, sb.world.chats[chat_id], None
        peer = sb.world.by_username("telegram", ref)
        return (int(peer.id), None, peer) if peer else (None, None, None)
    try:
        chat_id = int(ref)
    except ValueError:
        return None, None, None
    if chat_id in sb.world.chats:
        return chat_id, sb.world.chats[chat_id], None
    peer = sb.world.get(chat_id)
    if peer is None or peer.platform != "telegram":
        return None, None, None
    return chat_id, None, peer


def send(
    sb: Sandbox,
    sender: Account,
    chat_ref: Any,
    text: str,
    reply_to: int | None = None,
    via: str = "api",
    allow_without_reply: bool = False,
) -> dict[str, Any]:
    """Post a message in a chat as sender; queue updates; wake the structure's agent."""
    if not text or not str(text).strip():
        raise error(400, "Bad Request: message text is empty")
    chat_id, group, peer = _resolve_chat(sb, sender, chat_ref)
    if chat_id is None:
        raise error(400, "Bad Request: chat not found")
    if group is not None and sender.id not in group.members:
        raise error(403, "Forbidden: bot is not a member of the group chat")
    if peer is not None:
        if peer.blocked or not peer.dm_open:
            raise error(403, "Forbidden: bot was blocked by the user")
        if (
            sender.kind == "bot"
            and peer.kind == "user"
            and not peer.options.get("started")
            and via == "api"
        ):
            raise error(403, "Forbidden: bot can't initiate conversation with a user")
    # In a private chat each side sees the chat under the other's id; store one thread id.
    thread_id = str(chat_id) if group is not None else _private_key(sender.id, peer.id)
    st = state(sb)
    replied = None
    if reply_to is not None:
        replied = st.messages.get((thread_id, int(reply_to)))
        if replied is None and not allow_without_reply:
            raise error(400, "Bad Request: message to be replied not found")
    message_id = sb.world.next_int(f"tg:msg:{thread_id}")
    stored = {
        "message_id": message_id,
        "sender": sender.id,
        "date": int(sb.now()),
        "text": text,
        "thread": thread_id,
        "group": group.id if group else None,
        "peer_of": {sender.id: peer.id, peer.id: sender.id} if peer else None,
        "reply_to": replied["message_id"] if replied else None,
    }
    st.messages[(thread_id, message_id)] = stored
    sb.record(
        id=f"{chat_id}:{message_id}",
        platform="telegram",
        kind="message",
        sender=sender.id,
        recipient=str(group.id if group else peer.id),
        text=text,
        thread=str(thread_id),
        reply_to=str(replied["message_id"]) if replied else None,
        via=via,
    )
    for bot in _audience(sb, stored, group, peer, sender, replied):
        _queue_update(sb, bot, stored)
    for structure in _addressees(sb, stored, group, peer, sender):
        sb.agent_receive(
            structure,
            sender,
            text,
            private=group is None,
            reply=lambda t, s=structure: _agent_send(sb, s, sender, stored, t),
        )
    return message_view(sb, stored, sender.id)


def _private_key(a: str, b: str) -> str:
    low, high = sorted((int(a), int(b)))
    return f"{low}:{high}"


def _audience(
    sb: Sandbox,
    message: dict[str, Any],
    group: Chat | None,
    peer: Account | None,
    sender: Account,
    replied: dict[str, Any] | None,
) -> list[Account]:
    """Bots that get an update: the peer in private, members by privacy-mode rules in groups."""
    if peer is not None:
        return [peer] if peer.kind == "bot" else []
    out = []
    mentions = {m.lower() for m in MENTION_RE.findall(message["text"])}
    for member_id in group.members if group else []:
        bot = sb.world.get(member_id)
        if bot is None or bot.kind != "bot" or bot.id == sender.id:
            continue
        if sender.kind == "bot" and not bot.options.get("bot_to_bot", True):
            continue
        privacy = bot.options.get("privacy", True)
        if (
            not privacy
            or (replied and replied["sender"] == bot.id)
            or (bot.username or "").lower() in mentions
            or message["text"].startswith("/")
        ):
            out.append(bot)
    return out


def _addressees(
    sb: Sandbox, message: dict[str, Any], group: Chat | None, peer: Account | None, sender: Account
) -> list[Account]:
    if peer is not None:
        return [peer]
    found: dict[str, Account] = {}
    if group and group.owner and group.owner != sender.id and (owner := sb.world.get(group.owner)):
        found[owner.id] = owner
    for name in MENTION_RE.findall(message["text"]):
        account = sb.world.by_username("telegram", name)
        if account is not None and account.id != sender.id:
            found[account.id] = account
    return list(found.values())


def _agent_send(
    sb: Sandbox, structure: Account, persona: Account, question: dict[str, Any], text: str
) -> None:
    chat_ref = question["group"] if question["group"] is not None else persona.id
    sb.agent_send(
        lambda: send(sb, structure, chat_ref, text, reply_to=question["message_id"],
                     via="agent", allow_without_reply=True),
        id=f"tg-failed-{question['message_id']}", platform="telegram", sender=structure.id,
        text=text,
    )  # fmt: skip


def message_view(
    sb: Sandbox, stored: dict[str, Any], viewer: str, nested: bool = True
) -> dict[str, Any]:
    sender = sb.world.accounts[stored["sender"]]
    chat_id = (
        stored["group"]
        if stored["group"] is not None
        else int(stored["peer_of"][viewer])
        if viewer in stored["peer_of"]
        else int(sender.id)
    )
    out: dict[str, Any] = {
        "message_id": stored["message_id"],
        "from": user_obj(sender),
        "chat": chat_obj(sb, chat_id),
        "date": stored["date"],
        "text": stored["text"],
    }
    entities = [
        {"type": "mention", "offset": m.start(), "length": m.end() - m.start()}
        for m in MENTION_RE.finditer(stored["text"])
    ]
    if entities:
        out["entities"] = entities
    if nested and stored["reply_to"] is not None:
        replied = state(sb).messages.get((stored["thread"], stored["reply_to"]))
        if replied is not None:
            out["reply_to_message"] = message_view(sb, replied, viewer, nested=False)
    return out


def _queue_update(sb: Sandbox, bot: Account, stored: dict[str, Any]) -> None:
    bs = bot_state(sb, bot)
    if bs.allowed_updates and "message" not in bs.allowed_updates:
        return
    bs.next_update_id += 1
    update = {"update_id": bs.next_update_id, "message": message_view(sb, stored, bot.id)}
    item = {"update": update, "delivery": None}
    bs.queue.append(item)
    bs.new_update.set()
    if bs.webhook:
        _deliver(sb, bot, bs, item)


def _deliver(sb: Sandbox, bot: Account, bs: BotState, item: dict[str, Any]) -> None:
    hook = bs.webhook or {}
    secret = hook.get("secret_token")

    def delivered() -> None:
        if item in bs.queue:
            bs.queue.remove(item)

    [delivery] = sb.deliveries.enqueue(
        platform="telegram",
        url=hook["url"],
        payload=item["update"],
        serializer=plain_body,
        signer=lambda body: {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {},
        now=sb.now(),
        event="message",
        account=bot.id,
        on_delivered=delivered,
    )[-1:]
    item["delivery"] = delivery
    sb.wake()


def human_send(
    sb: Sandbox,
    sender: Account,
    target: Account | None,
    text: str,
    *,
    private: bool,
    reply_to: str | None,
    chat_id: Any = None,
) -> dict[str, Any]:
    ref = chat_id if chat_id is not None else (target.id if target else None)
    if ref is None:
        raise ValueError("'chat_id' or 'to' is required for Telegram")
    return send(sb, sender, ref, text, reply_to=int(reply_to) if reply_to else None, via="human")


# -- Bot API methods ---------------------------------------------------------------------


async def get_me(sb: Sandbox, bot: Account, params: dict[str, Any]) -> Any:
    return {
        **user_obj(bot),
        "can_join_groups": True,
        "can_read_all_group_messages": not bot.options.get("privacy", True),
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


async def send_message(sb: Sandbox, bot: Account, params: dict[str, Any]) -> Any:
    if "chat_id" not in params:
        raise error(400, "Bad Request: chat_id is empty")
    reply = maybe_json(params.get("reply_parameters")) or {}
    reply_to = reply.get("message_id") or params.get("reply_to_message_id")
    allow = bool(
        reply.get("allow_sending_without_reply")
        or str(params.get("allow_sending_without_reply", "")).lower() == "true"
    )
    return send(
        sb,
        bot,
        params["chat_id"],
        params.get("text", ""),
        reply_to=int(reply_to) if reply_to else None,
        allow_without_reply=allow,
    )


async def get_updates(sb: Sandbox, bot: Account, params: dict[str, Any]) -> Any:
    bs = bot_state(sb, bot)
    if bs.webhook:
        raise error(
            409,
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
        )
    allowed = maybe_json(params.get("allowed_updates"))
    if isinstance(allowed, list):
        bs.allowed_updates = allowed or None
    offset = int(params.get("offset") or 0)
    if offset > 0:
        bs.queue = [i for i in bs.queue if i["update"]["update_id"] >= offset]
    elif offset < 0:
        bs.queue = bs.queue[offset:]
    limit = max(1, min(100, int(params.get("limit") or 100)))
    timeout = min(float(params.get("timeout") or 0), sb.config.max_long_poll)
    if not bs.queue and timeout > 0:
        bs.new_update.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(bs.new_update.wait(), timeout=timeout)
    return [i["update"] for i in bs.queue[:limit]]


async def set_webhook(sb: Sandbox, bot: Account, params: dict[str, Any]) -> Any:
    url = params.get("url", "")
    if not url:
        return await delete_webhook(sb, bot, params)
    secret = params.get("secret_token")
    if secret is not None and not SECRET_RE.match(secret):
        raise error(400, "Bad Request: secret token contains unallowed characters")
    if not url.startswith(("http://", "https://")):
        raise error(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
    bs = bot_state(sb, bot)
    allowed = maybe_json(params.get("allowed_updates"))
    if isinstance(allowed, list):
        bs.allowed_updates = allowed or None
    if str(params.get("drop_pending_updates", "")).lower() == "true":
        _cancel(bs)
        bs.queue.clear()
    _cancel(bs)
    bs.webhook = {
        "url": url,
        "secret_token": secret,
        "max_connections": int(params.get("max_connections") or 40),
    }
    for item in list(bs.queue):
        _deliver(sb, bot, bs, item)
    return True, "Webhook was set"


def _cancel(bs: BotState) -> None:
    for item in bs.queue:
        delivery = item.get("delivery")
        if delivery is not None and delivery.status == "pending":
            delivery.status = "cancelled"
        item["delivery"] = None


async def delete_webhook(sb: Sandbox, bot: Account, params: dict[str, Any]) -> Any:
    bs = bot_state(sb, bot)
    existed = bs.webhook is not None
    _cancel(bs)
    bs.webhook = None
    if str(params.get("drop_pending_updates", "")).lower() == "true":
        bs.queue.clear()
    return True, "Webhook was deleted" if existed else "Webhook is already deleted"


async def get_webhook_info(sb: Sandbox, bot: Account, params: dict[str, Any]) -> Any:
    bs = bot_state(sb, bot)
    info: dict[str, Any] = {
        "url": (bs.webhook or {}).get("url", ""),
        "has_custom_certificate": False,
        "pending_update_count": len(bs.queue),
    }
    if bs.webhook:
        info["max_connections"] = bs.webhook["max_connections"]
        info["ip_address"] = "127.0.0.1"
        failures = [
            d.attempts[-1]
            for d in sb.deliveries.items
            if d.platform == "telegram"
            and d.account == bot.id
            and d.attempts
            and not 200 <= d.attempts[-1].get("status_code", 0) < 300
        ]
        if failures:
            last = failures[-1]
            info["last_error_date"] = int(sb.now())
            code = last.get("status_code")
            info["last_error_message"] = (
                f"Wrong response from the webhook: {code}" if code else "Connection refused"
            )
    if bs.allowed_updates:
        info["allowed_updates"] = bs.allowed_updates
    return info


async def get_chat(sb: Sandbox, bot: Account, params: dict[str, Any]) -> Any:
    chat_id, group, peer = _resolve_chat(sb, bot, params.get("chat_id", ""))
    if chat_id is None:
        raise error(400, "Bad Request: chat not found")
    base = chat_obj(sb, chat_id)
    return {
        **base,
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    }


async def log_out(sb: Sandbox, bot: Account, params: dict[str, Any]) -> Any:
    return True


METHODS = {
    "getme": get_me,
    "sendmessage": send_message,
    "getupdates": get_updates,
    "setwebhook": set_webhook,
    "deletewebhook": delete_webhook,
    "getwebhookinfo": get_webhook_info,
    "getchat": get_chat,
    "logout": log_out,
    "close": log_out,
}


async def dispatch(request: Request) -> JSONResponse:
    sb: Sandbox = request.app.state.sandbox
    token = request.path_params["token"]
    method = request.path_params["method"]
    try:
        bot = sb.world.by_token(token, "telegram")
        if bot is None:
            raise error(401, "Unauthorized")
        handler = METHODS.get(method.lower())
        if handler is None:
            raise error(404, "Not Found")
        delay = sb.faults.take("timeout", "telegram", method)
        if delay is not None:
            await asyncio.sleep(float(delay.params.get("delay", 5)))
        broken = sb.faults.take("server_error", "telegram", method)
        if broken is not None:
            raise error(int(broken.params.get("status", 502)), "Bad Gateway")
        limited = sb.faults.take("rate_limit", "telegram", method)
        if limited is not None:
            retry_after = int(limited.params.get("reset_in", limited.params.get("retry_after", 5)))
            raise error(
                429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after
            )
        params = await read_params(request)
        result = await handler(sb, bot, params)
        body: dict[str, Any] = {"ok": True, "result": result}
        if isinstance(result, tuple):
            body = {"ok": True, "result": result[0], "description": result[1]}
        return JSONResponse(body)
    except PlatformError as exc:
        return exc.response()
    except (ValueError, TypeError) as exc:
        return error(400, f"Bad Request: invalid parameter ({exc})").response()


def router() -> Router:
    return Router(routes=[Route("/bot{token}/{method}", dispatch, methods=["GET", "POST"])])
