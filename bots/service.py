"""Send an exchange's turns and poll for replies: the database side of the channels.

The one rule: never send twice. Each platform call is preceded by a committed intent
(an outbound `Message` with `delivery_status=pending` and the key `pending:<exchange>:
<turn>`); a pending intent found on the next attempt means the previous one may have
reached the platform, so the channel is asked to find the message first (`find_sent`).
Where the platform cannot be searched (Telegram) the exchange waits for an operator
(an auditor task of kind `verify`) instead of risking a second message.

Per platform: X searches the persona's recent tweets (or DM events with the structure)
for the exact text; Facebook reads the comments of the post (or the Messenger
conversation); WhatsApp and Telegram cannot list sent messages: operator review.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bots import assisted
from bots.base import (
    AccountRef,
    Channel,
    ChannelError,
    ConfigurationError,
    ExchangeContext,
    NotSearchable,
    PermanentError,
    PollScope,
    PollThread,
    SendResult,
    TransientError,
    backoff,
)
from bots.credentials import MissingCredentials
from bots.cursors import CursorStore, DbCursorStore, FileCursorStore
from core.db import utcnow
from core.exchanges import move
from core.models import (
    ChannelMode,
    DeliveryStatus,
    Direction,
    Exchange,
    ExchangeStatus,
    Message,
    Persona,
    PersonaAccount,
    Scenario,
    Structure,
    StructureAccount,
)
from core.outbound import find_intent, mark_not_sent, mark_sent, record_intent, sent_turns
from core.templates import render

log = logging.getLogger(__name__)

S = ExchangeStatus
DEFAULT_MAX_ATTEMPTS = 8
# How far before the intent a reconciliation looks: clocks differ between us and them.
RECONCILE_MARGIN = timedelta(minutes=10)
# How long a worker owns a send it started; longer than any platform call can take.
SEND_LEASE = timedelta(minutes=2)


class Outcome(StrEnum):
    SENT = "sent"  # the platform has the message (now or reconciled)
    RETRY_AT = "retry_at"  # transient failure: try again at `retry_at`
    UNREACHABLE = "unreachable"  # permanent failure: the exchange is unreachable
    FAILED = "failed"  # our side is broken, or too many attempts: the exchange failed
    ASSIGNED = "assigned"  # an auditor sends it by hand (assisted or manual mode)
    REVIEW = "review"  # may have been sent, cannot be checked: an operator decides


@dataclass(frozen=True)
class SendOutcome:
    outcome: Outcome
    retry_at: datetime | None = None
    reason: str | None = None
    external_id: str | None = None


Clock = Callable[[], datetime]


def _max_attempts(settings: Any) -> int:
    return int(getattr(settings, "bot_max_attempts", DEFAULT_MAX_ATTEMPTS))


# -- building values from rows -------------------------------------------------------------


def _persona_account(session: Session, exchange: Exchange) -> PersonaAccount | None:
    return session.scalar(select(PersonaAccount).where(
        PersonaAccount.persona_id == exchange.persona_id, PersonaAccount.channel == exchange.channel))  # fmt: skip


def _structure_account(session: Session, exchange: Exchange) -> StructureAccount | None:
    return session.scalar(select(StructureAccount).where(
        StructureAccount.structure_id == exchange.structure_id,
        StructureAccount.channel == exchange.channel))  # fmt: skip


def _ref(row: PersonaAccount | StructureAccount) -> AccountRef:
    return AccountRef(
        address=row.address,
        external_id=row.external_id,
        credentials=getattr(row, "credentials", None),
    )


def build_context(session: Session, exchange: Exchange, *, turn: int) -> ExchangeContext:
    """The channel's view of one turn of `exchange`; raises ChannelError when unusable."""
    target = _structure_account(session, exchange)
    if target is None:
        raise PermanentError(f"La structure n'a pas de compte sur le canal {exchange.channel}.")
    persona = _persona_account(session, exchange)
    if persona is None:
        raise ConfigurationError(f"Le persona n'a pas de compte sur le canal {exchange.channel}.")
    structure = session.get(Structure, exchange.structure_id)
    return ExchangeContext(
        exchange_id=exchange.id,
        channel=str(exchange.channel),
        turn=turn,
        persona=_ref(persona),
        target=_ref(target),
        thread_key=exchange.thread_key,
        thread_refs=dict(exchange.thread_refs or {}),
        opted_in=bool(structure and structure.webhooks_opt_in),
        sent_at=exchange.sent_at,
    )


def question_text(session: Session, exchange: Exchange) -> str:
    """The question as planned, or rendered from the scenario when the planner left none."""
    if exchange.question_text:
        return exchange.question_text
    scenario = session.get(Scenario, exchange.scenario_id)
    persona = session.get(Persona, exchange.persona_id)
    structure = session.get(Structure, exchange.structure_id)
    account = _structure_account(session, exchange)
    values = {
        "persona": {"civility": persona.civility, "first_name": persona.first_name,
                    "last_name": persona.last_name} if persona else {},
        "structure": {"name": structure.name if structure else None,
                      "handle": account.address if account else None,
                      "departement": structure.departement if structure else None},
    }  # fmt: skip
    return render(scenario.question if scenario else "", values)


# -- sending -------------------------------------------------------------------------------


def send_exchange(
    session: Session,
    exchange: Exchange,
    settings: Any,
    clock: Clock = utcnow,
    *,
    channels: Mapping[str, Channel] | None = None,
    rng: random.Random | None = None,
) -> SendOutcome:
    """Send the question of `exchange` (planned, or sending after a failure or a crash).

    Commits `session`: once for the intent, before the platform call, and once after.
    Safe to call again for any status: a sent exchange is reported sent, never resent.
    """
    status = S(exchange.status)
    if status in (S.SENT, S.ANSWERED, S.CLOSED, S.CLOSED_NO_REPLY):
        return SendOutcome(Outcome.SENT, external_id=sent_turns(exchange).get("0"))
    if status == S.UNREACHABLE:
        return SendOutcome(Outcome.UNREACHABLE, reason=exchange.last_error)
    if status == S.FAILED:
        return SendOutcome(Outcome.FAILED, reason=exchange.last_error)
    text = question_text(session, exchange)
    return _send_turn(session, exchange, settings, clock, turn=0, text=text, reply_to=None,
                      channels=channels, rng=rng)  # fmt: skip


def send_followup(
    session: Session,
    exchange: Exchange,
    text: str,
    settings: Any,
    clock: Clock = utcnow,
    *,
    reply_to: str | None = None,
    channels: Mapping[str, Channel] | None = None,
    rng: random.Random | None = None,
) -> SendOutcome:
    """Send a scripted follow-up in the exchange's thread (reply to `reply_to` when given).

    The turn is the first one not yet confirmed, so calling again after a failure or a
    crash retries (or reconciles) the same follow-up rather than adding another.
    """
    if S(exchange.status) not in (S.SENT, S.ANSWERED):
        return SendOutcome(Outcome.FAILED, reason="L'échange n'est pas ouvert : pas de relance.")
    turn = (exchange.turns or 0) + 1
    return _send_turn(session, exchange, settings, clock, turn=turn, text=text,
                      reply_to=reply_to, channels=channels, rng=rng)  # fmt: skip


def _channel_for(
    name: str, settings: Any, channels: Mapping[str, Channel] | None
) -> Channel | None:
    if channels is not None and name in channels:
        return channels[name]
    from bots import get_channel

    try:
        return get_channel(name, settings)
    except LookupError:
        return None


def _send_turn(
    session: Session,
    exchange: Exchange,
    settings: Any,
    clock: Clock,
    *,
    turn: int,
    text: str,
    reply_to: str | None,
    channels: Mapping[str, Channel] | None,
    rng: random.Random | None,
) -> SendOutcome:
    now = clock()
    channel = None
    if ChannelMode(exchange.mode) == ChannelMode.AUTOMATIC:
        channel = _channel_for(str(exchange.channel), settings, channels)
    if channel is None:
        # Assisted and manual modes, and channels with no API for the citizen's side.
        return _assign(session, exchange, turn=turn, text=text, now=now)
    try:
        ctx = build_context(session, exchange, turn=turn)
        text = channel.compose(ctx, text) if hasattr(channel, "compose") else text
    except PermanentError as exc:
        return _unreachable(session, exchange, None, turn, exc.reason, now)
    except (ConfigurationError, MissingCredentials) as exc:
        return _failed(session, exchange, None, turn, exc.reason, now)

    intent = find_intent(session, exchange=exchange, turn=turn)
    if intent is not None and intent.delivery_status == DeliveryStatus.PENDING:
        if exchange.next_attempt_at is not None and exchange.next_attempt_at > now:
            # Another worker holds the lease (or a retry is scheduled): reconciling now
            # could miss a message still in flight and send it a second time.
            return SendOutcome(Outcome.RETRY_AT, retry_at=exchange.next_attempt_at,
                               reason="Envoi en cours ou déjà programmé.")  # fmt: skip
        # A previous attempt may have reached the platform: look before sending again.
        since = (intent.received_at or now) - RECONCILE_MARGIN
        try:
            found = channel.find_sent(ctx, intent.text, since=since)
        except NotSearchable as exc:
            return _review(session, exchange, intent, turn, exc.reason, now)
        except TransientError as exc:
            return _retry(
                session, exchange, intent, turn, exc, now, settings, rng, keep_pending=True
            )
        except ChannelError as exc:
            return _review(session, exchange, intent, turn, exc.reason, now)
        if found is not None:
            log.info("exchange %s turn %s: found on the platform, not resent", exchange.id, turn)
            return _sent(session, exchange, intent, turn, found, now)
        text = intent.text  # resend exactly what was intended

    claimed = _claim(session, exchange, turn=turn, text=text, reply_to=reply_to, now=now,
                     fresh=intent is None)  # fmt: skip
    if claimed is None:
        retry_at = now + SEND_LEASE
        return SendOutcome(Outcome.RETRY_AT, retry_at=retry_at,
                           reason="Un autre processus envoie déjà ce message.")  # fmt: skip
    intent = claimed

    try:
        result = channel.send(ctx, text, reply_to=reply_to)
    except PermanentError as exc:
        mark_not_sent(intent)
        return _unreachable(session, exchange, intent, turn, exc.reason, now)
    except TransientError as exc:
        return _retry(session, exchange, intent, turn, exc, now, settings, rng,
                      keep_pending=exc.maybe_sent)  # fmt: skip
    except (ConfigurationError, MissingCredentials) as exc:
        mark_not_sent(intent)
        return _failed(session, exchange, intent, turn, exc.reason, now)
    return _sent(session, exchange, intent, turn, result, now)


def _claim(session: Session, exchange: Exchange, *, turn: int, text: str, reply_to: str | None,
           now: datetime, fresh: bool) -> Message | None:  # fmt: skip
    """Record the intent and take the send lease, or None when another worker has it.

    The lease is a compare-and-set on `attempts`: two workers that both decided to send
    cannot both commit. `next_attempt_at` is the lease's end, so an exchange whose worker
    died mid-call becomes due again and is reconciled, not forgotten.
    """
    old = exchange.attempts or 0
    new = (0 if fresh and turn > 0 else old) + 1  # attempts count the current turn's tries
    try:
        intent = record_intent(session, exchange=exchange, turn=turn, text=text,
                               platform=str(exchange.channel), at=now, reply_to=reply_to)  # fmt: skip
        if turn == 0:
            move(exchange, S.SENDING, at=now)
        won = session.execute(
            update(Exchange).where(Exchange.id == exchange.id, Exchange.attempts == old)
            .values(attempts=new, next_attempt_at=now + SEND_LEASE)
            .execution_options(synchronize_session=False)
        ).rowcount  # fmt: skip
    except IntegrityError:  # the other worker inserted the same intent key first
        session.rollback()
        return None
    if won != 1:
        session.rollback()
        return None
    exchange.attempts, exchange.next_attempt_at = new, now + SEND_LEASE
    session.commit()  # the intent is durable before the platform hears of it
    return intent


def _sent(session: Session, exchange: Exchange, intent: Message, turn: int,
          result: SendResult, now: datetime) -> SendOutcome:  # fmt: skip
    at = result.platform_time or now
    persona = _persona_account(session, exchange)
    for attempt in (1, 2):
        mark_sent(session, exchange=exchange, message=intent, turn=turn,
                  external_id=result.external_id, platform_time=at, thread_key=result.thread_key,
                  thread_refs=dict(result.thread_refs),
                  author_id=persona.external_id if persona else None)  # fmt: skip
        if turn == 0:
            move(exchange, S.SENT, at=at)
        exchange.last_activity_at = max(filter(None, [exchange.last_activity_at, at]))
        exchange.next_attempt_at = None
        exchange.last_error = None
        try:
            session.commit()
            break
        except IntegrityError:
            # A webhook stored the echo of this very message between our check and our
            # commit: start again from the database, mark_sent then merges with it.
            session.rollback()
            if attempt == 2:
                raise
            exchange = session.get(Exchange, exchange.id)  # type: ignore[assignment]
            intent = session.get(Message, intent.id)  # type: ignore[assignment]
    return SendOutcome(Outcome.SENT, external_id=result.external_id)


def _retry(session: Session, exchange: Exchange, intent: Message | None, turn: int,
           exc: TransientError, now: datetime, settings: Any, rng: random.Random | None,
           *, keep_pending: bool) -> SendOutcome:  # fmt: skip
    if intent is not None and not keep_pending:
        mark_not_sent(intent)
    if (exchange.attempts or 0) >= _max_attempts(settings):
        reason = f"Abandon après {exchange.attempts} tentatives : {exc.reason}"
        if intent is not None and intent.delivery_status == DeliveryStatus.PENDING:
            # It may be out there: an operator checks rather than the exchange failing blind.
            return _review(session, exchange, intent, turn, reason, now)
        return _failed(session, exchange, intent, turn, reason, now)
    retry_at = now + backoff(exchange.attempts or 1, rng=rng, retry_after=exc.retry_after)
    if turn == 0 and not keep_pending and S(exchange.status) == S.SENDING:
        move(exchange, S.PLANNED, at=now)  # nothing went out: back to planned
    exchange.next_attempt_at = retry_at
    exchange.last_error = exc.reason
    session.commit()
    return SendOutcome(Outcome.RETRY_AT, retry_at=retry_at, reason=exc.reason)


def _unreachable(session: Session, exchange: Exchange, intent: Message | None, turn: int,
                 reason: str, now: datetime) -> SendOutcome:  # fmt: skip
    exchange.last_error = reason
    exchange.next_attempt_at = None
    if turn == 0:
        move(exchange, S.UNREACHABLE, at=now)
    session.commit()
    return SendOutcome(Outcome.UNREACHABLE, reason=reason)


def _failed(session: Session, exchange: Exchange, intent: Message | None, turn: int,
            reason: str, now: datetime) -> SendOutcome:  # fmt: skip
    exchange.last_error = reason
    exchange.next_attempt_at = None
    if turn == 0:
        move(exchange, S.FAILED, at=now)
    session.commit()
    return SendOutcome(Outcome.FAILED, reason=reason)


def _review(session: Session, exchange: Exchange, intent: Message, turn: int,
            reason: str, now: datetime) -> SendOutcome:  # fmt: skip
    message = f"Envoi incertain, à vérifier sur la plateforme avant tout renvoi : {reason}"
    exchange.last_error = message
    exchange.next_attempt_at = None
    assisted.ensure_task(session, exchange, kind="verify", text=intent.text, due_at=now)
    session.commit()
    return SendOutcome(Outcome.REVIEW, reason=message)


def _assign(
    session: Session, exchange: Exchange, *, turn: int, text: str, now: datetime
) -> SendOutcome:
    source = assisted.source_for(exchange)
    record_intent(session, exchange=exchange, turn=turn, text=text,
                  platform=str(exchange.channel), at=now, source=source)  # fmt: skip
    if turn == 0 and S(exchange.status) == S.PLANNED:
        move(exchange, S.SENDING, at=now)
    kind = "send" if turn == 0 else "followup"
    due = max(exchange.planned_at, now) if turn == 0 else now
    assisted.ensure_task(session, exchange, kind=kind, text=text, due_at=due)
    exchange.next_attempt_at = None
    session.commit()
    return SendOutcome(Outcome.ASSIGNED)


def due_exchanges(session: Session, now: datetime, *, limit: int = 100) -> list[Exchange]:
    """Exchanges whose question should be (re)tried now: planned or sending, due, automatic
    or not. A sending exchange without `next_attempt_at` waits for a person."""
    return list(session.scalars(
        select(Exchange).where(
            or_(
                (Exchange.status == S.PLANNED) & (Exchange.planned_at <= now)
                & or_(Exchange.next_attempt_at.is_(None), Exchange.next_attempt_at <= now),
                (Exchange.status == S.SENDING) & (Exchange.next_attempt_at <= now),
            )
        ).order_by(Exchange.planned_at).limit(limit)
    ))  # fmt: skip


# -- polling -------------------------------------------------------------------------------


@dataclass
class PollReport:
    """What one `poll_all` run did, per channel."""

    received: dict[str, int] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    retry_after: dict[str, float] = field(default_factory=dict)


def poll_scope(session: Session, channel: str) -> PollScope:
    """The personas and open threads of automatic exchanges on `channel`."""
    exchanges = session.scalars(select(Exchange).where(
        Exchange.channel == channel, Exchange.mode == ChannelMode.AUTOMATIC,
        Exchange.status.in_([S.SENT, S.ANSWERED]))).all()  # fmt: skip
    accounts: dict[str, AccountRef] = {}
    threads: list[PollThread] = []
    for exchange in exchanges:
        persona = _persona_account(session, exchange)
        target = _structure_account(session, exchange)
        if persona is None or target is None:
            continue
        ref = _ref(persona)
        accounts.setdefault(ref.credentials or ref.address, ref)
        outbound = session.scalars(select(Message.external_id).where(
            Message.exchange_id == exchange.id, Message.direction == Direction.OUTBOUND,
            Message.delivery_status == DeliveryStatus.SENT)).all()  # fmt: skip
        threads.append(PollThread(
            exchange_id=exchange.id, persona=ref, target=_ref(target),
            thread_key=exchange.thread_key, thread_refs=dict(exchange.thread_refs or {}),
            sent_at=exchange.sent_at, outbound_ids=tuple(outbound)))  # fmt: skip
    return PollScope(accounts=tuple(accounts.values()), threads=tuple(threads))


def poll_all(
    session: Session,
    settings: Any,
    *,
    channels: Mapping[str, Channel] | None = None,
    cursors: CursorStore | None = None,
) -> PollReport:
    """Poll every automatic channel that has open exchanges; store what comes back.

    Each message goes through `core.inbound.record_inbound` (storage and correlation),
    the session is committed per channel, and only then is the cursor saved (and
    committed, with the database store, the default): a crash re-reads a page
    (record_inbound ignores what it already has), it never loses one.
    """
    from bots import CHANNELS
    from core.inbound import record_inbound

    cursors = cursors or DbCursorStore(session, fallback=FileCursorStore.from_settings(settings))
    report = PollReport()
    for name in CHANNELS:
        scope = poll_scope(session, name)
        if not scope.threads:
            continue
        channel = _channel_for(name, settings, channels)
        if channel is None or not hasattr(channel, "poll"):
            continue
        try:
            messages, new_cursor = channel.poll(cursors.load(name), scope=scope)
        except TransientError as exc:
            report.errors[name] = exc.reason
            if exc.retry_after is not None:
                report.retry_after[name] = exc.retry_after
            continue
        except (ChannelError, MissingCredentials) as exc:
            report.errors[name] = exc.reason
            continue
        failed = 0
        for message in messages:
            try:
                with session.begin_nested():
                    record_inbound(session, message)
            except Exception as exc:  # one bad message must not lose the others
                failed += 1
                log.exception("poll %s: message %s not stored", name, message.external_id)
                report.errors[name] = f"{failed} message(s) non enregistré(s) : {exc}"
        session.commit()
        if not failed:  # otherwise the next poll reads the page again
            cursors.save(name, new_cursor)
            session.commit()
        report.received[name] = len(messages) - failed
    return report
