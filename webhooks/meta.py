"""Meta webhooks: Messenger, Page feed comments, Instagram, WhatsApp Cloud API (batched)."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from core.inbound import DeliveryUpdate, InboundMessage, MessageKind
from core.models import Channel
from webhooks.asgi import Inbound, Reply
from webhooks.edge import (
    Malformed,
    check_signature,
    event_digest,
    meta_signature,
    parse_json,
    read_body,
    refuse,
    require_header,
    require_secret,
    split_or_refuse,
)
from webhooks.inbox import Action, EventContext, PlatformTables, RawEvent, acknowledge

PLATFORM = "meta"
SIGNATURE_HEADER = "x-hub-signature-256"

# `object` of the delivery -> prefix of its event types and channel of its DMs.
OBJECTS: dict[str, tuple[str, str | None]] = {
    "page": ("messenger", Channel.MESSENGER),
    "instagram": ("instagram", Channel.INSTAGRAM),
    "whatsapp_business_account": ("whatsapp", None),
}
# Kinds of messaging[] items that carry no text from anyone: receipts, taps, handovers.
MESSAGING_IGNORED = (
    "delivery", "read", "reaction", "postback", "optin", "referral", "account_linking",
    "pass_thread_control", "take_thread_control", "request_thread_control",
    "policy_enforcement", "app_roles", "game_play", "message_reactions",
)  # fmt: skip


def _time(value: Any) -> datetime | None:
    """Meta stamps seconds or milliseconds, as numbers or strings."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return datetime.fromtimestamp(number / 1000 if number > 1e11 else number, UTC)


# --- splitting a delivery into keyed events -------------------------------------------------


def _messaging_event(prefix: str, list_name: str, item: dict[str, Any]) -> tuple[str, str]:
    message = item.get("message")
    if isinstance(message, dict) and message.get("mid"):
        if list_name == "standby":
            kind = "standby"
        else:
            kind = "echo" if message.get("is_echo") else "message"
        return f"{prefix}.{kind}", f"mid:{message['mid']}"
    edit = item.get("message_edit")
    if isinstance(edit, dict) and edit.get("mid"):
        return f"{prefix}.message_edit", f"edit:{edit['mid']}:{edit.get('num_edit', 0)}"
    kind = next((k for k in MESSAGING_IGNORED if k in item), "unknown")
    return f"{prefix}.{kind}", f"{prefix}.{kind}:{event_digest(item)}"


def _change_events(obj: str, prefix: str, change: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    field = change.get("field")
    value = change.get("value")
    if not isinstance(value, dict):
        raise Malformed("change without a value object")
    if obj == "page" and field == "feed":
        item = value.get("item")
        if item != "comment":
            yield f"facebook.feed.{item}", f"feed:{event_digest(value)}", value
            return
        verb = value.get("verb")
        key = f"comment:{value['comment_id']}:{verb}"
        if verb == "edited":  # each edit is a distinct event
            key += f":{event_digest(value.get('message'))[:16]}"
        yield "facebook.comment", key, value
    elif obj == "instagram" and field == "comments":
        yield "instagram.comment", f"igcomment:{value['id']}", value
    elif obj == "instagram" and field == "messages" and isinstance(value.get("message"), dict):
        event_type, key = _messaging_event(prefix, "messaging", value)
        yield event_type, key, value
    elif obj == "whatsapp_business_account" and field == "messages":
        context = {"metadata": value.get("metadata") or {}, "contacts": value.get("contacts") or []}
        for message in value.get("messages") or []:
            yield "whatsapp.message", f"wamid:{message['id']}", {**context, "message": message}
        for status in value.get("statuses") or []:
            yield (
                "whatsapp.status",
                f"status:{status['id']}:{status.get('status')}",
                {**context, "status": status},
            )
        if not value.get("messages") and not value.get("statuses"):
            yield "whatsapp.messages_other", f"wa:{event_digest(value)}", value
    else:
        yield f"{prefix}.{field}", f"{prefix}.{field}:{event_digest(value)}", value


def split(payload: dict[str, Any]) -> list[RawEvent]:
    """One event per messaging item, comment, WhatsApp message or status, in every entry."""
    obj = payload.get("object")
    entries = payload.get("entry")
    if not isinstance(obj, str) or not isinstance(entries, list):
        raise Malformed("object or entry[] missing")
    prefix = OBJECTS.get(obj, (obj, None))[0]
    events: list[RawEvent] = []
    try:
        for entry in entries:
            if not isinstance(entry, dict):
                raise Malformed("entry is not an object")
            head = {
                "object": obj,
                "entry_id": str(entry.get("id", "")),
                "entry_time": entry.get("time"),
            }
            for list_name in ("messaging", "standby"):
                for item in entry.get(list_name) or []:
                    if not isinstance(item, dict):
                        raise Malformed(f"{list_name} item is not an object")
                    event_type, key = _messaging_event(prefix, list_name, item)
                    events.append(RawEvent(key, event_type, {**head, "item": item}))
            for change in entry.get("changes") or []:
                if not isinstance(change, dict):
                    raise Malformed("change is not an object")
                for event_type, key, value in _change_events(obj, prefix, change):
                    events.append(
                        RawEvent(
                            key, event_type, {**head, "field": change.get("field"), "value": value}
                        )
                    )
    except (KeyError, TypeError, AttributeError) as exc:
        raise Malformed(f"event without its id: {exc!r}") from exc
    return events


# --- normalising stored events -------------------------------------------------------------


def _dm_channel(payload: dict[str, Any]) -> str:
    return OBJECTS[payload["object"]][1] or Channel.MESSENGER


def messaging_message(payload: dict[str, Any], ctx: EventContext) -> list[Action]:
    """A Messenger or Instagram DM; an echo is the Page's (the structure's) own message."""
    item = payload.get("item") or payload["value"]
    message = item["message"]
    sender = str(item["sender"]["id"])
    recipient = str(item["recipient"]["id"])
    echo = bool(message.get("is_echo"))
    page, user = (sender, recipient) if echo else (recipient, sender)
    return [
        InboundMessage(
            platform=_dm_channel(payload),
            external_id=str(message["mid"]),
            thread_key=f"{page}:{user}",
            in_reply_to=(message.get("reply_to") or {}).get("mid"),
            author_id=sender,
            recipient_id=payload.get("entry_id") or page,
            text=message.get("text") or "",
            platform_time=_time(item.get("timestamp")),
            received_at=ctx.received_at,
            inbox_event_id=ctx.inbox_event_id,
            is_private=True,
            is_echo=echo,
        )
    ]


def messaging_edit(payload: dict[str, Any], ctx: EventContext) -> list[Action]:
    item = payload.get("item") or payload["value"]
    edit = item["message_edit"]
    sender = str((item.get("sender") or {}).get("id", "")) or None
    return [
        InboundMessage(
            platform=_dm_channel(payload),
            external_id=str(edit["mid"]),
            author_id=sender,
            recipient_id=payload.get("entry_id"),
            text=edit.get("text") or "",
            platform_time=_time(item.get("timestamp")),
            received_at=ctx.received_at,
            inbox_event_id=ctx.inbox_event_id,
            is_private=True,
            kind=MessageKind.EDIT,
        )
    ]


COMMENT_KINDS: dict[str | None, MessageKind] = {
    "add": MessageKind.MESSAGE,
    "edited": MessageKind.EDIT,
    "remove": MessageKind.DELETE,
}


def page_comment(payload: dict[str, Any], ctx: EventContext) -> list[Action]:
    """A comment on a Page's post; its thread is the top-level comment it belongs to."""
    value = payload["value"]
    kind = COMMENT_KINDS.get(value.get("verb"))
    if kind is None:  # hide/unhide and other moderation verbs say nothing new
        return []
    comment_id = str(value["comment_id"])
    parent = value.get("parent_id")
    top_level = parent is None or parent == value.get("post_id")
    author = value.get("from") or {}
    return [
        InboundMessage(
            platform=Channel.FACEBOOK,
            external_id=comment_id,
            thread_key=comment_id if top_level else str(parent),
            in_reply_to=str(parent) if parent else None,
            author_id=str(author["id"]) if author.get("id") else None,
            author_name=author.get("name"),
            recipient_id=payload["entry_id"],
            text=value.get("message") or "",
            platform_time=_time(value.get("created_time")),
            received_at=ctx.received_at,
            inbox_event_id=ctx.inbox_event_id,
            is_echo=str(author.get("id")) == payload["entry_id"],
            kind=kind,
        )
    ]


def instagram_comment(payload: dict[str, Any], ctx: EventContext) -> list[Action]:
    value = payload["value"]
    comment_id = str(value["id"])
    parent = value.get("parent_id")
    author = value.get("from") or {}
    return [
        InboundMessage(
            platform=Channel.INSTAGRAM,
            external_id=comment_id,
            thread_key=str(parent) if parent else comment_id,
            in_reply_to=str(parent) if parent else (value.get("media") or {}).get("id"),
            author_id=str(author["id"]) if author.get("id") else None,
            author_name=author.get("username"),
            recipient_id=payload["entry_id"],
            text=value.get("text") or "",
            platform_time=_time(value.get("timestamp") or payload.get("entry_time")),
            received_at=ctx.received_at,
            inbox_event_id=ctx.inbox_event_id,
            is_echo=str(author.get("id")) == payload["entry_id"],
        )
    ]


# WhatsApp message type -> where its words are; other types (reactions, system notices)
# carry no reply and are ignored.
WHATSAPP_TEXT: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "text": lambda m: (m.get("text") or {}).get("body"),
    "button": lambda m: (m.get("button") or {}).get("text"),
    "interactive": lambda m: (
        ((m.get("interactive") or {}).get("button_reply") or {}).get("title")
        or ((m.get("interactive") or {}).get("list_reply") or {}).get("title")
    ),
    "image": lambda m: (m.get("image") or {}).get("caption") or "",
    "document": lambda m: (m.get("document") or {}).get("caption") or "",
    "video": lambda m: (m.get("video") or {}).get("caption") or "",
    "audio": lambda m: "",
}


def whatsapp_message(payload: dict[str, Any], ctx: EventContext) -> list[Action]:
    value = payload["value"]
    message = value["message"]
    text_of = WHATSAPP_TEXT.get(message.get("type", "text"))
    if text_of is None:
        return []
    number_id = str(value["metadata"]["phone_number_id"])
    sender = str(message["from"])
    names = {str(c.get("wa_id")): (c.get("profile") or {}).get("name") for c in value["contacts"]}
    return [
        InboundMessage(
            platform=Channel.WHATSAPP,
            external_id=str(message["id"]),
            thread_key=f"{number_id}:{sender}",
            in_reply_to=(message.get("context") or {}).get("id"),
            author_id=sender,
            author_name=names.get(sender),
            recipient_id=number_id,
            text=text_of(message) or "",
            platform_time=_time(message.get("timestamp")),
            received_at=ctx.received_at,
            inbox_event_id=ctx.inbox_event_id,
            is_private=True,
        )
    ]


def whatsapp_status(payload: dict[str, Any], ctx: EventContext) -> list[Action]:
    status = payload["value"]["status"]
    errors = status.get("errors") or [{}]
    return [
        DeliveryUpdate(
            platform=Channel.WHATSAPP,
            external_id=str(status["id"]),
            status=str(status.get("status")),
            error=errors[0].get("title") or errors[0].get("message"),
        )
    ]


TABLES = PlatformTables(
    normalisers={
        "messenger.message": messaging_message,
        "messenger.echo": messaging_message,
        "messenger.standby": messaging_message,
        "messenger.message_edit": messaging_edit,
        "instagram.message": messaging_message,
        "instagram.echo": messaging_message,
        "instagram.standby": messaging_message,
        "instagram.message_edit": messaging_edit,
        "facebook.comment": page_comment,
        "instagram.comment": instagram_comment,
        "whatsapp.message": whatsapp_message,
        "whatsapp.status": whatsapp_status,
    },
    ignored=frozenset(
        {f"{prefix}.{kind}" for prefix in ("messenger", "instagram") for kind in MESSAGING_IGNORED}
        | {
            f"facebook.feed.{item}"
            for item in (
                "status",
                "post",
                "photo",
                "video",
                "share",
                "reaction",
                "like",
                "event",
                "album",
                "story",
                "cover_photo",
                "profile_photo",
            )
        }
        | {
            "instagram.mentions",
            "instagram.live_comments",
            "instagram.story_insights",
            "whatsapp.account_update",
            "whatsapp.message_template_status_update",
            "whatsapp.phone_number_quality_update",
            "whatsapp.account_review_update",
            "whatsapp.messages_other",
        }
    ),  # fmt: skip
)


async def verify_subscription(request: Inbound) -> Reply:
    """Poignée de main de vérification de Meta (hub.challenge)."""
    expected = require_secret(request.app.state.settings.meta_verify_token, PLATFORM)
    params = request.query()
    mode, token, challenge = (
        params.get("hub.mode"), params.get("hub.verify_token"), params.get("hub.challenge"),
    )  # fmt: skip
    if mode is None or token is None or challenge is None:
        refuse(400, "Paramètres hub.* manquants.", "meta verification without hub parameters")
    if mode != "subscribe" or not hmac.compare_digest(token.encode(), expected):
        refuse(403, "Jeton de vérification invalide.", "meta verification token mismatch")
    return Reply(challenge.encode(), b"text/plain; charset=utf-8")


async def receive(request: Inbound) -> Reply:
    """Événements signés de Meta (Messenger, commentaires, Instagram, WhatsApp)."""
    settings = request.app.state.settings
    secret = require_secret(settings.meta_app_secret, PLATFORM)
    signature = require_header(request, SIGNATURE_HEADER, PLATFORM)
    body = await read_body(request, settings.webhook_max_body_bytes, PLATFORM)
    check_signature(meta_signature(secret, body), signature.lower(), PLATFORM)
    payload = parse_json(body, PLATFORM)
    events = split_or_refuse(split, payload, PLATFORM)
    return await acknowledge(request, platform=PLATFORM, events=events, tables=TABLES)
