"""X (Twitter) webhooks: CRC challenge, signed events (tweets and DMs of subscribed personas)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from core.inbound import InboundMessage, MessageKind, dm_pair_key
from core.models import Channel
from webhooks.asgi import Inbound, Reply
from webhooks.edge import (
    Malformed,
    check_signature,
    event_digest,
    parse_json,
    read_body,
    refuse,
    require_header,
    require_secret,
    split_or_refuse,
    x_signature,
)
from webhooks.inbox import Action, EventContext, PlatformTables, RawEvent, acknowledge

PLATFORM = "x"
SIGNATURE_HEADER = "x-twitter-webhooks-signature"

# Keys of the delivery that describe it rather than carry events.
ENVELOPE_KEYS = frozenset({"for_user_id", "users", "apps", "user_has_blocked", "source"})


def _time_from_ms(value: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(value) / 1000, UTC)
    except (TypeError, ValueError):
        return None


def _tweet_time(item: dict[str, Any]) -> datetime | None:
    try:
        return datetime.strptime(item["created_at"], "%a %b %d %H:%M:%S %z %Y").astimezone(UTC)
    except (KeyError, TypeError, ValueError):
        return _time_from_ms(item.get("timestamp_ms"))


def tweet(payload: dict[str, Any], ctx: EventContext) -> list[Action]:
    """A post, reply, mention or quote; retweets say nothing and are not messages."""
    item = payload["event"]
    if "retweeted_status" in item:
        return []
    user = item.get("user") or {}
    tweet_id = str(item["id_str"])
    parent = item.get("in_reply_to_status_id_str")
    text = (item.get("extended_tweet") or {}).get("full_text") or item.get("text") or ""
    return [
        InboundMessage(
            platform=Channel.TWITTER,
            external_id=tweet_id,
            # A root tweet opens its own conversation; a reply's conversation is its parent's.
            thread_key=None if parent else tweet_id,
            in_reply_to=parent,
            author_id=user.get("id_str"),
            author_name=user.get("screen_name"),
            recipient_id=payload["for_user_id"],
            text=text,
            platform_time=_tweet_time(item),
            received_at=ctx.received_at,
            inbox_event_id=ctx.inbox_event_id,
            is_echo=user.get("id_str") == payload["for_user_id"],
        )
    ]


def direct_message(payload: dict[str, Any], ctx: EventContext) -> list[Action]:
    item = payload["event"]
    if item.get("type") != "message_create":
        return []
    create = item["message_create"]
    sender = str(create["sender_id"])
    recipient = str(create["target"]["recipient_id"])
    user = (payload.get("users") or {}).get(sender) or {}
    return [
        InboundMessage(
            platform=Channel.TWITTER,
            external_id=str(item["id"]),
            thread_key=dm_pair_key(sender, recipient),
            author_id=sender,
            author_name=user.get("screen_name"),
            recipient_id=payload["for_user_id"],
            text=(create.get("message_data") or {}).get("text") or "",
            platform_time=_time_from_ms(item.get("created_timestamp")),
            received_at=ctx.received_at,
            inbox_event_id=ctx.inbox_event_id,
            is_private=True,
            is_echo=sender == payload["for_user_id"],
        )
    ]


def tweet_delete(payload: dict[str, Any], ctx: EventContext) -> list[Action]:
    status = payload["event"]["status"]
    return [
        InboundMessage(
            platform=Channel.TWITTER,
            external_id=str(status["id"]),
            author_id=str(status.get("user_id") or "") or None,
            recipient_id=payload["for_user_id"],
            text="",
            platform_time=_time_from_ms(payload["event"].get("timestamp_ms")),
            received_at=ctx.received_at,
            inbox_event_id=ctx.inbox_event_id,
            kind=MessageKind.DELETE,
        )
    ]


# delivery list -> (event type, how to key one item, normaliser)
KEYS: dict[str, tuple[str, Any]] = {
    "tweet_create_events": ("tweet_create", lambda item: f"tweet:{item['id_str']}"),
    "direct_message_events": ("direct_message", lambda item: f"dm:{item['id']}"),
    "tweet_delete_events": ("tweet_delete", lambda item: f"tweet_delete:{item['status']['id']}"),
}
TABLES = PlatformTables(
    normalisers={
        "tweet_create": tweet,
        "direct_message": direct_message,
        "tweet_delete": tweet_delete,
    },
    ignored=frozenset(
        {
            "favorite_events",
            "follow_events",
            "unfollow_events",
            "block_events",
            "unblock_events",
            "mute_events",
            "unmute_events",
            "user_event",
            "direct_message_indicate_typing_events",
            "direct_message_mark_read_events",
        }
    ),  # fmt: skip
)


def split(payload: dict[str, Any]) -> list[RawEvent]:
    """One event per item of every event list of the delivery."""
    for_user_id = payload.get("for_user_id")
    if not isinstance(for_user_id, str | int) or isinstance(for_user_id, bool):
        raise Malformed("for_user_id missing")
    users = payload.get("users") if isinstance(payload.get("users"), dict) else {}
    events: list[RawEvent] = []
    for name, items in payload.items():
        if name in ENVELOPE_KEYS:
            continue
        if not isinstance(items, list):
            items = [items]  # e.g. user_event is an object
        event_type, key_of = KEYS.get(name, (name, None))
        for item in items:
            if not isinstance(item, dict):
                raise Malformed(f"{name} item is not an object")
            try:
                key = key_of(item) if key_of else f"{name}:{event_digest(item)}"
            except (KeyError, TypeError) as exc:
                raise Malformed(f"{name} item without id") from exc
            envelope: dict[str, Any] = {
                "for_user_id": str(for_user_id),
                "type": name,
                "event": item,
            }
            if name == "direct_message_events":
                ids = {str((item.get("message_create") or {}).get("sender_id"))}
                envelope["users"] = {k: v for k, v in users.items() if k in ids}
            events.append(RawEvent(key, event_type, envelope))
    return events


async def crc_challenge(request: Inbound) -> Reply:
    """Réponse au défi CRC de X."""
    secret = require_secret(request.app.state.settings.x_consumer_secret, PLATFORM)
    crc_token = request.query().get("crc_token")
    if not crc_token:
        refuse(400, "Paramètre « crc_token » manquant.", "x CRC without crc_token")
    return Reply(json.dumps({"response_token": x_signature(secret, crc_token.encode())}).encode())


async def receive(request: Inbound) -> Reply:
    """Événements signés de X (tweets et messages privés)."""
    settings = request.app.state.settings
    secret = require_secret(settings.x_consumer_secret, PLATFORM)
    signature = require_header(request, SIGNATURE_HEADER, PLATFORM)
    body = await read_body(request, settings.webhook_max_body_bytes, PLATFORM)
    check_signature(x_signature(secret, body), signature, PLATFORM)
    payload = parse_json(body, PLATFORM)
    events = split_or_refuse(split, payload, PLATFORM)
    return await acknowledge(request, platform=PLATFORM, events=events, tables=TABLES)
