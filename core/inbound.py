"""The one inbound-message type past the edge, and how inbound messages join their exchange.

Webhooks (`webhooks/`) and pollers (`bots/`) turn platform payloads into `InboundMessage`
values and call `record_inbound`; nothing here knows a payload's shape.

`platform` is the channel value (`core.models.Channel`): twitter, facebook, messenger,
instagram, whatsapp, telegram. Correlation keys, written identically by `bots/` when it sends
(`Exchange.thread_key`, and `Message.external_id` / `thread_key` / `in_reply_to` of the
messages it stores):

| platform (what)       | Message.external_id        | thread_key                         | in_reply_to                  |
|-----------------------|----------------------------|------------------------------------|------------------------------|
| twitter (tweet)       | tweet id                   | question tweet id (= conversation) | parent tweet id              |
| twitter (DM)          | DM event id                | "{lo}-{hi}" (see `dm_pair_key`)    | -                            |
| facebook (comment)    | comment id                 | question (top-level) comment id    | parent comment or post id    |
| instagram (comment)   | comment id                 | question (top-level) comment id    | parent comment or media id   |
| messenger             | mid                        | "{page_id}:{psid}"                 | reply_to.mid                 |
| instagram (DM)        | mid                        | "{ig_account_id}:{igsid}"          | reply_to.mid                 |
| whatsapp              | wamid                      | "{phone_number_id}:{wa_id}"        | context.id                   |
| telegram              | "{chat_id}:{message_id}"   | "{chat_id}"                        | "{chat_id}:{reply message}"  |

(`dm_pair_key`: the two user ids in numeric order, which is X's own dm_conversation_id.)

An exchange is found, in order: by the parent chain (`in_reply_to` names a stored message of
an exchange, or the exchange's `thread_key`); by `thread_key` (several exchanges may share a
pair thread: the latest one sent before the message wins); for assisted channels whose
thread key is not known yet, by the persona's own question (same structure account, same
text) which then binds the exchange's thread key. A message matching nothing is kept as an
orphan (`exchange_id` NULL); when its parent or question arrives later it is adopted, so
out-of-order deliveries end up attached.

Direction: the persona's messages are never taken for a structure's reply. An author that
is a persona account (any persona's `external_id` or handle, or the exchange's
`thread_refs["persona_user_id"]`) is outbound; a structure account is inbound; otherwise the
subscription owner (`recipient_id`) and `is_echo` decide (see `decide_direction`). A public
message by a third party is never attached to an exchange.

An auditor may confirm an assisted send before the platform's copy of it arrives (a
structure that opted in to Meta webhooks echoes the persona's messages too): the copy then
takes over the confirmed row (its `manual:` id becomes the platform's id, with the
platform's time), one message, one row, and replies to it attach through that id.

For senders (`bots/`): after posting, set `Exchange.thread_key` (and `sent_at`, status
sent) and store the question as an outbound `Message` with the platform's id, then call
`adopt_orphans(session, exchange_id)`: a reply that arrived before the thread key was
written is attached then.

`record_inbound` flushes; the caller commits (one place that commits).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import func, literal, or_, select, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.exchanges import move
from core.models import (
    AuditLog,
    Channel,
    DeliveryStatus,
    Direction,
    Exchange,
    ExchangeStatus,
    Message,
    PersonaAccount,
    Source,
    StructureAccount,
)
from core.outbound import MANUAL_PREFIX

__all__ = [
    "AttachError",
    "DeliveryUpdate",
    "InboundMessage",
    "MessageKind",
    "Outcome",
    "RecordResult",
    "adopt_orphans",
    "attach_orphan",
    "decide_direction",
    "dm_pair_key",
    "record_delivery_status",
    "record_inbound",
]

log = logging.getLogger(__name__)


class MessageKind(StrEnum):
    MESSAGE = "message"
    EDIT = "edit"
    DELETE = "delete"


class Outcome(StrEnum):
    ATTACHED = "attached"
    ORPHAN = "orphan"
    DUPLICATE = "duplicate"
    UPDATED = "updated"  # an edit changed a stored message's text
    DELETED = "deleted"  # the platform deleted a stored message; the row is kept as evidence
    IGNORED = "ignored"


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """A message seen on a platform, in the one shape the rest of the code speaks."""

    platform: str  # a Channel value
    external_id: str
    text: str
    received_at: datetime
    thread_key: str | None = None
    in_reply_to: str | None = None
    author_id: str | None = None
    author_name: str | None = None  # display name, or handle (X screen_name, Telegram username)
    recipient_id: str | None = None  # the subscribed account: for_user_id, page, number, bot
    platform_time: datetime | None = None
    inbox_event_id: int | None = None
    is_private: bool = False  # a one-to-one conversation (DM, Messenger, WhatsApp, private chat)
    is_echo: bool = False  # sent by the subscribed account itself (Messenger echo, own tweet)
    kind: MessageKind = MessageKind.MESSAGE
    source: Source = Source.AUTOMATIC

    @property
    def at(self) -> datetime:
        return self.platform_time or self.received_at


@dataclass(frozen=True, slots=True)
class DeliveryUpdate:
    """A platform's delivery report on a message we sent (WhatsApp statuses)."""

    platform: str
    external_id: str
    status: str  # the platform's word: sent, delivered, read, failed
    error: str | None = None


@dataclass(frozen=True, slots=True)
class RecordResult:
    outcome: Outcome
    message_id: int | None = None
    exchange_id: int | None = None
    direction: Direction | None = None
    answered: bool = False  # the exchange moved sent -> answered
    adopted: tuple[int, ...] = field(default_factory=tuple)  # orphans attached along the way


# Which side usually owns the subscribed account (`recipient_id`) when it is not a known
# account: X and Telegram webhooks are set on persona accounts and bots; Meta webhooks on
# the Pages and Instagram accounts of structures that opted in. WhatsApp can be either.
SUBSCRIBER_SIDE: dict[str, str | None] = {
    Channel.TWITTER: "persona",
    Channel.TELEGRAM: "persona",
    Channel.FACEBOOK: "structure",
    Channel.MESSENGER: "structure",
    Channel.INSTAGRAM: "structure",
    Channel.WHATSAPP: None,
}

# A Facebook Page has one id for its feed and its Messenger inbox.
CHANNEL_FAMILY: dict[str, tuple[str, ...]] = {
    Channel.FACEBOOK: (Channel.FACEBOOK, Channel.MESSENGER),
    Channel.MESSENGER: (Channel.MESSENGER, Channel.FACEBOOK),
}

# Clocks differ between platforms and our servers: a reply stamped slightly before the
# question's recorded send time is still a reply.
CLOCK_SKEW = timedelta(minutes=5)
LIVE = (ExchangeStatus.SENDING, ExchangeStatus.SENT, ExchangeStatus.ANSWERED,
        ExchangeStatus.CLOSED, ExchangeStatus.CLOSED_NO_REPLY)  # fmt: skip
AWAITING_QUESTION = (ExchangeStatus.SENDING, ExchangeStatus.SENT)


def dm_pair_key(a: str, b: str) -> str:
    """The thread key of a one-to-one X DM conversation (X's own dm_conversation_id)."""
    lo, hi = sorted((a, b), key=lambda v: (len(v), v))  # numeric order for digit strings
    return f"{lo}-{hi}"


def _token(value: str | None) -> str | None:
    if not value:
        return None
    return value.strip().lstrip("@").lower() or None


def _tokens(*values: str | None) -> set[str]:
    return {t for t in (_token(v) for v in values) if t}


def decide_direction(
    *,
    author: set[str],
    recipient: set[str],
    is_echo: bool,
    is_private: bool,
    platform: str,
    persona: set[str],
    structure: set[str],
) -> Direction | None:
    """Who wrote it, from what is known; None when only the exchange can tell (pure)."""
    if author & persona:
        return Direction.OUTBOUND
    if author & structure:
        return Direction.INBOUND
    if recipient & persona:
        side = "persona"
    elif recipient & structure:
        side = "structure"
    else:
        side = SUBSCRIBER_SIDE.get(platform)
    if side is None:
        return None
    if is_echo:  # the subscribed account wrote it
        return Direction.OUTBOUND if side == "persona" else Direction.INBOUND
    if side == "structure":
        # Written to the structure by someone who is not the structure: the persona, or a
        # citizen; never a reply.
        return Direction.OUTBOUND
    # Written to the persona: in a one-to-one conversation only the structure can do that.
    return Direction.INBOUND if is_private else None


def _known_tokens(session: Session, platform: str, tokens: set[str]) -> tuple[set[str], set[str]]:
    """Which of `tokens` are persona accounts, and which structure accounts (one query)."""
    if not tokens:
        return set(), set()
    family = CHANNEL_FAMILY.get(platform, (platform,))
    handles = tokens | {f"@{t}" for t in tokens}
    sides = [
        select(literal(side).label("side"), model.external_id, model.address).where(
            model.channel.in_(family),
            or_(model.external_id.in_(tokens), func.lower(model.address).in_(handles)),
        )
        for side, model in (("persona", PersonaAccount), ("structure", StructureAccount))
    ]
    found: dict[str, set[str]] = {"persona": set(), "structure": set()}
    for side, external_id, address in session.execute(union_all(*sides)):
        found[side] |= _tokens(external_id, address) & tokens
    return found["persona"], found["structure"]


def _party_tokens(session: Session, exchange: Exchange) -> tuple[set[str], set[str]]:
    """The persona's and the structure's account tokens for this exchange's channel."""
    family = CHANNEL_FAMILY.get(exchange.channel, (exchange.channel,))
    persona = _tokens(exchange.thread_refs.get("persona_user_id"))
    structure = _tokens(exchange.thread_refs.get("structure_user_id"))
    for external_id, address in session.execute(
        select(PersonaAccount.external_id, PersonaAccount.address).where(
            PersonaAccount.persona_id == exchange.persona_id, PersonaAccount.channel.in_(family)
        )
    ):
        persona |= _tokens(external_id, address)
    for external_id, address in session.execute(
        select(StructureAccount.external_id, StructureAccount.address).where(
            StructureAccount.structure_id == exchange.structure_id,
            StructureAccount.channel.in_(family),
        )
    ):
        structure |= _tokens(external_id, address)
    return persona, structure


def _best(exchanges: Iterable[Exchange], at: datetime, *, strict_time: bool) -> Exchange | None:
    """The exchange a message at `at` belongs to: the latest one sent before it."""
    live = [e for e in exchanges if e.status in LIVE]
    before = [e for e in live if e.sent_at is None or e.sent_at <= at + CLOCK_SKEW]
    pool = before if (before or strict_time) else live
    if not pool:
        return None
    return max(pool, key=lambda e: (e.sent_at or e.planned_at, e.id))


def _by_thread_key(session: Session, platform: str, key: str) -> list[Exchange]:
    return list(
        session.scalars(
            select(Exchange).where(Exchange.channel == platform, Exchange.thread_key == key)
        )
    )


def _normalised_text(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip().casefold()


def _correlate(
    session: Session, message: InboundMessage, direction: Direction | None
) -> tuple[Exchange | None, str | None, bool]:
    """The exchange, the thread key to store on the message, and whether the key was just bound."""
    if message.in_reply_to:
        parent = session.scalar(
            select(Message).where(
                Message.platform == message.platform, Message.external_id == message.in_reply_to
            )
        )
        if parent is not None and parent.exchange_id is not None:
            exchange = session.get(Exchange, parent.exchange_id)
            return exchange, message.thread_key or parent.thread_key, False
        exchange = _best(
            _by_thread_key(session, message.platform, message.in_reply_to), message.at,
            strict_time=False,
        )  # fmt: skip
        if exchange is not None:
            return exchange, message.thread_key or exchange.thread_key, False
    if message.thread_key:
        exchange = _best(
            _by_thread_key(session, message.platform, message.thread_key), message.at,
            strict_time=True,
        )  # fmt: skip
        if exchange is not None:
            return exchange, message.thread_key, False
    if direction is Direction.OUTBOUND and message.thread_key and message.recipient_id:
        exchange = _bind_question(session, message)
        if exchange is not None:
            return exchange, message.thread_key, True
    return None, message.thread_key, False


def _bind_question(session: Session, message: InboundMessage) -> Exchange | None:
    """An assisted exchange whose question the persona just sent: learn its thread key."""
    family = CHANNEL_FAMILY.get(message.platform, (message.platform,))
    structure_ids = select(StructureAccount.structure_id).where(
        StructureAccount.channel.in_(family), StructureAccount.external_id == message.recipient_id
    )
    candidates = session.scalars(
        select(Exchange).where(
            Exchange.channel == message.platform,
            Exchange.thread_key.is_(None),
            Exchange.status.in_(AWAITING_QUESTION),
            Exchange.structure_id.in_(structure_ids),
        )
    ).all()
    wanted = _normalised_text(message.text)
    matches = [e for e in candidates if wanted and _normalised_text(e.question_text) == wanted]
    exchange = _best(matches, message.at, strict_time=False)
    if exchange is not None:
        exchange.thread_key = message.thread_key
        log.info("exchange %s bound to thread %s by its question", exchange.id, message.thread_key)
    return exchange


Parties = tuple[set[str], set[str]]  # the exchange's persona and structure account tokens


def _settle(
    session: Session,
    exchange: Exchange | None,
    *,
    author: set[str],
    base: Direction | None,
    is_private: bool,
) -> tuple[Direction, Exchange | None, Parties]:
    """Final direction with the exchange's parties known; third parties are not attached."""
    if exchange is None:
        return base or Direction.INBOUND, None, (set(), set())
    parties = persona, structure = _party_tokens(session, exchange)
    if author & persona:
        return Direction.OUTBOUND, exchange, parties
    if author & structure:
        return Direction.INBOUND, exchange, parties
    if base is not None:
        return base, exchange, parties
    if is_private or not structure:
        return Direction.INBOUND, exchange, parties
    log.info("message by %s is not from the exchange's parties: kept as orphan", sorted(author))
    return Direction.INBOUND, None, parties


def _apply(exchange: Exchange, message: Message) -> bool:
    """Update the exchange's times and status for a newly attached message."""
    at = message.platform_time or message.received_at
    answered = False
    if message.direction is Direction.INBOUND:
        if exchange.first_reply_at is None or at < exchange.first_reply_at:
            exchange.first_reply_at = at
        if exchange.status == ExchangeStatus.SENT:
            previous = exchange.last_activity_at
            move(exchange, ExchangeStatus.ANSWERED, at=at)
            exchange.last_activity_at = previous  # recomputed below, never moved backwards
            answered = True
        elif (exchange.status == ExchangeStatus.CLOSED_NO_REPLY and exchange.closed_at is not None
              and at <= exchange.closed_at):  # fmt: skip
            # sent before the waiting window ran out, known only now: it was answered in
            # time, so it closes as answered and is graded again with this reply
            previous = exchange.last_activity_at
            move(exchange, ExchangeStatus.CLOSED, at=exchange.closed_at)
            exchange.last_activity_at = previous
            exchange.graded_at = None
            answered = True
    if exchange.last_activity_at is None or at > exchange.last_activity_at:
        exchange.last_activity_at = at
    return answered


def record_inbound(session: Session, message: InboundMessage) -> RecordResult:
    """Store `message` once, attach it to its exchange or keep it as an orphan; flushes only."""
    if message.kind is MessageKind.EDIT:
        existing = _find(session, message.platform, message.external_id)
        if existing is not None:
            return _record_edit(session, existing, message)
    elif message.kind is MessageKind.DELETE:
        return _record_delete(session, message)
    else:
        existing = _find(session, message.platform, message.external_id)
        if existing is not None:
            return _duplicate(existing)

    author = _tokens(message.author_id, message.author_name)
    # Reads first, writes last: SQLite has one writer, so the write lock is held briefly.
    with session.no_autoflush:
        persona, structure = _known_tokens(
            session, message.platform, author | _tokens(message.recipient_id)
        )
        base = decide_direction(
            author=author,
            recipient=_tokens(message.recipient_id),
            is_echo=message.is_echo,
            is_private=message.is_private,
            platform=message.platform,
            persona=persona,
            structure=structure,
        )
        exchange, thread_key, bound = _correlate(session, message, base)
        direction, exchange, parties = _settle(
            session, exchange, author=author, base=base, is_private=message.is_private
        )
        children = (
            _orphans_replying_to(session, message.platform, [message.external_id])
            if exchange is not None
            else []
        )
        confirmed = (
            _confirmed_by_hand(session, exchange, message.text)
            if exchange is not None and direction == Direction.OUTBOUND
            else None
        )
    if confirmed is not None:
        result = _take_over(session, confirmed, message, thread_key, parties, children)
        if bound:  # replies that arrived before the copy bound the thread
            adopted = result.adopted + adopt_orphans(session, result.exchange_id)
            return RecordResult(result.outcome, result.message_id, result.exchange_id,
                                result.direction, result.answered, adopted)  # fmt: skip
        return result
    row = Message(
        exchange_id=exchange.id if exchange is not None else None,
        direction=direction,
        platform=message.platform,
        external_id=message.external_id,
        thread_key=thread_key,
        in_reply_to=message.in_reply_to,
        author_id=message.author_id,
        author_name=message.author_name,
        text=message.text,
        platform_time=message.platform_time,
        received_at=message.received_at,
        source=message.source,
        is_private=message.is_private,
        inbox_event_id=message.inbox_event_id,
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:  # another worker stored it between our check and our insert
        existing = _find(session, message.platform, message.external_id)
        if existing is None:
            raise
        return _duplicate(existing)
    if exchange is None:
        return RecordResult(Outcome.ORPHAN, row.id, None, direction)
    answered = _apply(exchange, row)
    adopted = _adopt_children(session, exchange, [row], parties=parties, first=children)
    if bound:  # messages of this thread that arrived before the question was known
        adopted += adopt_orphans(session, exchange.id)
    return RecordResult(Outcome.ATTACHED, row.id, exchange.id, direction, answered, adopted)


def _confirmed_by_hand(session: Session, exchange: Exchange, text: str) -> Message | None:
    """The exchange's persona message confirmed by hand with this text, if any."""
    wanted = _normalised_text(text)
    rows = session.scalars(
        select(Message)
        .where(
            Message.exchange_id == exchange.id,
            Message.direction == Direction.OUTBOUND,
            Message.external_id.startswith(MANUAL_PREFIX),
        )
        .order_by(Message.id)
    )
    return next((row for row in rows if _normalised_text(row.text) == wanted), None)


def _take_over(
    session: Session,
    row: Message,
    message: InboundMessage,
    thread_key: str | None,
    parties: Parties | None,
    children: list[Message],
) -> RecordResult:
    """The platform's copy of a message confirmed by hand: the row gets its id and time."""
    session.add(AuditLog.entry(
        None, "message.platform_copy", "message", row.id,
        manual_id=row.external_id, external_id=message.external_id,
        typed_time=row.platform_time.isoformat() if row.platform_time else None,
        inbox_event_id=message.inbox_event_id,
    ))  # fmt: skip
    exchange = session.get(Exchange, row.exchange_id)
    turns = dict((exchange.thread_refs or {}).get("outbound") or {})
    for turn, sent_id in turns.items():
        if sent_id == row.external_id:
            turns[turn] = message.external_id
            if turn == "0" and message.platform_time is not None:
                exchange.sent_at = message.platform_time  # the platform's clock, not a typed time
    exchange.thread_refs = {**(exchange.thread_refs or {}), "outbound": turns}
    exchange.thread_key = exchange.thread_key or thread_key
    row.external_id = message.external_id
    row.platform_time = message.platform_time or row.platform_time
    row.thread_key = row.thread_key or thread_key
    row.in_reply_to = row.in_reply_to or message.in_reply_to
    row.author_id = row.author_id or message.author_id
    row.author_name = row.author_name or message.author_name
    row.inbox_event_id = message.inbox_event_id
    session.flush()
    adopted = _adopt_children(session, exchange, [row], parties=parties, first=children)
    return RecordResult(
        Outcome.UPDATED, row.id, row.exchange_id, Direction.OUTBOUND, False, adopted
    )


def _find(session: Session, platform: str, external_id: str) -> Message | None:
    return session.scalar(
        select(Message).where(Message.platform == platform, Message.external_id == external_id)
    )


def _duplicate(existing: Message) -> RecordResult:
    return RecordResult(
        Outcome.DUPLICATE, existing.id, existing.exchange_id, Direction(existing.direction)
    )


def _record_edit(session: Session, existing: Message, message: InboundMessage) -> RecordResult:
    if existing.text != message.text:
        # The row keeps the current text (what a reader sees); the audit log keeps history.
        session.add(AuditLog.entry(None, "message.edited", "message", existing.id,
                                   previous_text=existing.text,
                                   inbox_event_id=message.inbox_event_id))  # fmt: skip
        existing.text = message.text
        session.flush()
        outcome = Outcome.UPDATED
    else:
        outcome = Outcome.DUPLICATE
    return RecordResult(outcome, existing.id, existing.exchange_id, Direction(existing.direction))


def _record_delete(session: Session, message: InboundMessage) -> RecordResult:
    existing = _find(session, message.platform, message.external_id)
    if existing is None:
        return RecordResult(Outcome.IGNORED)
    # What the structure said stays evidence even when it deletes it later.
    session.add(AuditLog.entry(None, "message.deleted", "message", existing.id,
                               at=message.at.isoformat(), inbox_event_id=message.inbox_event_id))  # fmt: skip
    session.flush()
    return RecordResult(
        Outcome.DELETED, existing.id, existing.exchange_id, Direction(existing.direction)
    )


def _orphans_replying_to(session: Session, platform: str, parents: list[str]) -> list[Message]:
    return list(
        session.scalars(
            select(Message).where(
                Message.platform == platform,
                Message.exchange_id.is_(None),
                Message.in_reply_to.in_(parents),
            )
        )
    )


def _adopt_children(
    session: Session,
    exchange: Exchange,
    parents: list[Message],
    *,
    parties: Parties | None = None,
    first: list[Message] | None = None,
) -> tuple[int, ...]:
    """Attach orphans that reply to `parents`, and their own replies, to `exchange`."""
    persona, structure = parties or _party_tokens(session, exchange)
    adopted: list[int] = []
    orphans = (
        first
        if first is not None
        else _orphans_replying_to(session, exchange.channel, [p.external_id for p in parents])
    )
    while orphans:
        frontier = []
        for orphan in orphans:
            if _adopt(orphan, exchange, persona, structure):
                adopted.append(orphan.id)
                frontier.append(orphan.external_id)
        orphans = _orphans_replying_to(session, exchange.channel, frontier) if frontier else []
    if adopted:
        session.flush()
    return tuple(adopted)


def _adopt(orphan: Message, exchange: Exchange, persona: set[str], structure: set[str]) -> bool:
    author = _tokens(orphan.author_id, orphan.author_name)
    if author & persona:
        orphan.direction = Direction.OUTBOUND
    elif (
        orphan.direction == Direction.INBOUND
        and not orphan.is_private
        and structure
        and not author & structure
    ):
        return False  # a third party's public message
    orphan.exchange_id = exchange.id
    orphan.thread_key = orphan.thread_key or exchange.thread_key
    _apply(exchange, orphan)
    return True


def adopt_orphans(session: Session, exchange_id: int) -> tuple[int, ...]:
    """Attach orphans of the exchange's thread (call after setting `Exchange.thread_key`)."""
    exchange = session.get(Exchange, exchange_id)
    if exchange is None or not exchange.thread_key:
        return ()
    persona, structure = _party_tokens(session, exchange)
    orphans = session.scalars(
        select(Message).where(
            Message.platform == exchange.channel,
            Message.exchange_id.is_(None),
            or_(
                Message.thread_key == exchange.thread_key,
                Message.in_reply_to == exchange.thread_key,
            ),
        )
    ).all()
    adopted = []
    for orphan in orphans:
        at = orphan.platform_time or orphan.received_at
        if exchange.sent_at is not None and at < exchange.sent_at - CLOCK_SKEW:
            continue  # said before the question: not part of this test
        if _adopt(orphan, exchange, persona, structure):
            adopted.append(orphan)
    return tuple(m.id for m in adopted) + _adopt_children(session, exchange, adopted)


class AttachError(ValueError):
    """A message cannot be attached to the exchange a person chose (message in French)."""


def attach_orphan(session: Session, message_id: int, exchange_id: int) -> RecordResult:
    """A person attaches an orphan message to an exchange; its replies follow it."""
    message = session.get(Message, message_id)
    if message is None:
        raise AttachError(f"Message {message_id} introuvable.")
    exchange = session.get(Exchange, exchange_id)
    if exchange is None:
        raise AttachError(f"Échange {exchange_id} introuvable.")
    if message.exchange_id is not None and message.exchange_id != exchange_id:
        raise AttachError(
            f"Le message {message_id} est déjà rattaché à l'échange {message.exchange_id}."
        )
    if message.platform != exchange.channel:
        raise AttachError(
            f"Le message {message_id} ({message.platform}) ne vient pas du canal "
            f"de l'échange ({exchange.channel})."
        )
    if message.exchange_id == exchange_id:
        return _duplicate(message)
    persona, _structure = _party_tokens(session, exchange)
    if _tokens(message.author_id, message.author_name) & persona:
        message.direction = Direction.OUTBOUND
    message.exchange_id = exchange.id
    message.thread_key = message.thread_key or exchange.thread_key
    answered = _apply(exchange, message)
    adopted = _adopt_children(session, exchange, [message])
    return RecordResult(
        Outcome.ATTACHED, message.id, exchange.id, Direction(message.direction), answered, adopted
    )


def record_delivery_status(session: Session, update: DeliveryUpdate) -> bool:
    """Mark one of our sent messages delivered or failed; False when we do not know it."""
    message = _find(session, update.platform, update.external_id)
    if message is None:
        return False
    message.delivery_status = (
        DeliveryStatus.FAILED if update.status == "failed" else DeliveryStatus.SENT
    )
    session.flush()
    return True
