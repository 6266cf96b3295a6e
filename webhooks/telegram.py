"""Telegram Bot API webhook: updates authenticated by the secret token header."""

from __future__ import annotations

import hmac
from datetime import UTC, datetime
from typing import Any

from core.inbound import InboundMessage, MessageKind
from core.models import Channel
from webhooks.asgi import Inbound, Reply
from webhooks.edge import parse_json, read_body, refuse, require_header, require_secret
from webhooks.inbox import Action, EventContext, PlatformTables, RawEvent, acknowledge

PLATFORM = "telegram"
SECRET_HEADER = "x-telegram-bot-api-secret-token"


def _time(value: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (TypeError, ValueError):
        return None


def bot_of(event_key: str) -> str | None:
    """The bot a keyed update was delivered to (`/webhooks/telegram/{bot}`), if known."""
    bot, _, rest = event_key.partition(":update:")
    return bot if rest else None


def _message(kind: MessageKind, field: str) -> Any:
    def normalise(update: dict[str, Any], ctx: EventContext) -> list[Action]:
        message = update[field]
        chat = message["chat"]
        chat_id = str(chat["id"])
        author = message.get("from") or message.get("sender_chat") or {}
        reply = message.get("reply_to_message") or {}
        edited = kind is MessageKind.EDIT and message.get("edit_date")
        return [
            InboundMessage(
                platform=Channel.TELEGRAM,
                # message ids are unique per chat only
                external_id=f"{chat_id}:{message['message_id']}",
                thread_key=chat_id,
                in_reply_to=f"{chat_id}:{reply['message_id']}" if reply.get("message_id") else None,
                author_id=str(author["id"]) if author.get("id") is not None else None,
                author_name=author.get("username")
                or author.get("first_name")
                or author.get("title"),
                text=message.get("text") or message.get("caption") or "",
                platform_time=_time(message.get("edit_date") if edited else message.get("date")),
                received_at=ctx.received_at,
                inbox_event_id=ctx.inbox_event_id,
                recipient_id=bot_of(ctx.event_key),
                is_private=chat.get("type") == "private",
                kind=kind,
            )
        ]

    normalise.__name__ = field
    return normalise


TABLES = PlatformTables(
    normalisers={
        "message": _message(MessageKind.MESSAGE, "message"),
        "edited_message": _message(MessageKind.EDIT, "edited_message"),
        "channel_post": _message(MessageKind.MESSAGE, "channel_post"),
        "edited_channel_post": _message(MessageKind.EDIT, "edited_channel_post"),
        "business_message": _message(MessageKind.MESSAGE, "business_message"),
        "edited_business_message": _message(MessageKind.EDIT, "edited_business_message"),
    },
    ignored=frozenset(
        {
            "callback_query",
            "inline_query",
            "chosen_inline_result",
            "my_chat_member",
            "chat_member",
            "chat_join_request",
            "poll",
            "poll_answer",
            "message_reaction",
            "message_reaction_count",
            "shipping_query",
            "pre_checkout_query",
            "chat_boost",
            "removed_chat_boost",
            "business_connection",
            "deleted_business_messages",
            "purchased_paid_media",
        }
    ),  # fmt: skip
)


def event_type(update: dict[str, Any]) -> str:
    """The update's kind: its one key besides `update_id`."""
    return next((k for k in update if k != "update_id"), "unknown")


async def receive(request: Inbound) -> Reply:
    """Mises à jour Telegram authentifiées par le jeton secret."""
    return await _receive(request, bot=None)


async def receive_for_bot(request: Inbound) -> Reply:
    """Mises à jour d'un bot donné (update_id n'est unique que par bot)."""
    bot = request.path_params["bot"]
    if not bot.isdigit() or len(bot) > 20:
        refuse(400, "Identifiant de bot invalide.", "telegram bad bot id in path")
    return await _receive(request, bot=bot)


async def _receive(request: Inbound, *, bot: str | None) -> Reply:
    settings = request.app.state.settings
    secret = require_secret(settings.telegram_webhook_secret, PLATFORM)
    token = require_header(request, SECRET_HEADER, PLATFORM)
    if not hmac.compare_digest(token, secret):
        refuse(403, "Jeton secret invalide.", "telegram secret token mismatch")
    body = await read_body(request, settings.webhook_max_body_bytes, PLATFORM)
    update = parse_json(body, PLATFORM)
    update_id = update.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        refuse(
            400, "Champ « update_id » manquant ou invalide.", "telegram update without update_id"
        )
    kind = event_type(update)
    if kind in TABLES.normalisers and not isinstance(update.get(kind), dict):
        refuse(400, "Mise à jour Telegram invalide.", "telegram %s is not an object", kind)
    # The raw body is stored verbatim: it is exactly one update.
    key = f"{bot}:update:{update_id}" if bot else f"update:{update_id}"
    try:
        raw: Any = body.decode()
    except UnicodeDecodeError:  # valid JSON in UTF-16/32: keep the parsed update instead
        raw = update
    events = [RawEvent(key, kind, raw)]
    return await acknowledge(request, platform=PLATFORM, events=events, tables=TABLES)
