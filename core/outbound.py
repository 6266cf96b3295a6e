"""Send intents: the outbound message row written, and committed, before a platform call.

The row's `external_id` is a deterministic key (`pending:<exchange>:<turn>`) until the
platform answers with its own id, so a crash between the platform call and the commit
leaves a `pending` row behind: the next attempt sees it and reconciles instead of
sending twice. Which turns went out is kept in `Exchange.thread_refs["outbound"]`
(turn -> platform id), since a message row does not carry its turn once sent.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import DeliveryStatus, Direction, Exchange, Message, Source

PENDING_PREFIX = "pending:"
# What a person confirmed without the platform's id; the platform's copy, when a webhook
# brings it, takes that row over (`core.inbound`).
MANUAL_PREFIX = "manual:"


def intent_key(exchange_id: int, turn: int) -> str:
    """The idempotency key of turn `turn` of an exchange."""
    return f"{PENDING_PREFIX}{exchange_id}:{turn}"


def find_intent(session: Session, *, exchange: Exchange, turn: int) -> Message | None:
    """The intent row of a turn not yet confirmed by the platform, if any."""
    return session.scalar(
        select(Message).where(
            Message.exchange_id == exchange.id,
            Message.external_id == intent_key(exchange.id, turn),
        )
    )


def record_intent(
    session: Session,
    *,
    exchange: Exchange,
    turn: int,
    text: str,
    platform: str,
    at: datetime,
    reply_to: str | None = None,
    source: Source = Source.AUTOMATIC,
) -> Message:
    """The pending outbound row of a turn (the existing one when retrying)."""
    row = find_intent(session, exchange=exchange, turn=turn)
    if row is None:
        row = Message(
            exchange_id=exchange.id,
            direction=Direction.OUTBOUND,
            platform=platform,
            external_id=intent_key(exchange.id, turn),
            thread_key=exchange.thread_key,
            in_reply_to=reply_to,
            text=text,
            received_at=at,
            source=source,
        )
        session.add(row)
    row.text = text
    row.received_at = at  # when this attempt was decided (the reconciliation window)
    row.delivery_status = DeliveryStatus.PENDING
    session.flush()
    return row


def sent_turns(exchange: Exchange) -> dict[str, Any]:
    """turn (as a string) -> platform id of every turn the platform confirmed."""
    return dict((exchange.thread_refs or {}).get("outbound") or {})


def mark_sent(
    session: Session,
    *,
    exchange: Exchange,
    message: Message,
    turn: int,
    external_id: str,
    platform_time: datetime,
    thread_key: str | None,
    thread_refs: dict[str, Any] | None = None,
    author_id: str | None = None,
    source: Source | None = None,
) -> Message:
    """Record the platform's answer on the intent row and the exchange.

    When a webhook stored the same message first (an echo of our own send can beat the
    platform's answer), that row is kept and the intent row goes: one message, one row.
    """
    echo = session.scalar(select(Message).where(
        Message.platform == message.platform, Message.external_id == external_id,
        Message.id != message.id))  # fmt: skip
    if echo is not None:
        text = message.text
        session.delete(message)
        session.flush()
        message = echo
        message.exchange_id = exchange.id
        message.direction = Direction.OUTBOUND
        message.text = message.text or text
        platform_time = message.platform_time or platform_time
    message.external_id = external_id
    message.delivery_status = DeliveryStatus.SENT
    message.platform_time = platform_time
    message.author_id = author_id or message.author_id
    if source is not None:
        message.source = source
    if thread_key and not exchange.thread_key:
        exchange.thread_key = thread_key
    message.thread_key = message.thread_key or exchange.thread_key or thread_key
    refs = dict(exchange.thread_refs or {})
    refs.update(thread_refs or {})
    refs["outbound"] = {**sent_turns(exchange), str(turn): external_id}
    exchange.thread_refs = refs  # a new dict: JSON columns do not track in-place changes
    exchange.turns = max(exchange.turns or 0, turn)
    session.flush()
    return message


def mark_not_sent(message: Message) -> None:
    """The platform refused the call: nothing went out (the row stays for the next attempt)."""
    message.delivery_status = DeliveryStatus.FAILED
