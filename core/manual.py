"""Assisted and manual captures: what a person sent or received, stored like the rest.

An auditor confirms a prepared send (`confirm_send`), records a message sent outside
any task (`record_send`: e-mail, phone, a counter visit), or pastes a reply with its
time (`capture_reply`). The rows and status changes are the ones automatic capture
produces, so grading, review and scoring see no difference but `Message.source`.
Services flush; the caller commits.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db import utcnow
from core.exchanges import move
from core.inbound import InboundMessage, RecordResult, record_inbound
from core.models import (
    AuditLog,
    AuditorTask,
    ChannelMode,
    Direction,
    Exchange,
    ExchangeStatus,
    Message,
    PersonaAccount,
    Source,
    StructureAccount,
    TaskStatus,
    User,
)
from core.outbound import (
    MANUAL_PREFIX,
    PENDING_PREFIX,
    mark_not_sent,
    mark_sent,
    record_intent,
    sent_turns,
)

S = ExchangeStatus
SEND_KINDS = ("send", "followup", "verify")


class CaptureError(ValueError):
    """A capture the data does not allow; the message is French and shown to the auditor."""


def _aware(moment: datetime, what: str) -> datetime:
    if moment.tzinfo is None:
        raise CaptureError(f"L'heure {what} doit préciser son fuseau horaire.")
    return moment


def _source(exchange: Exchange) -> Source:
    return Source.MANUAL if ChannelMode(exchange.mode) == ChannelMode.MANUAL else Source.ASSISTED


def _pending(session: Session, exchange: Exchange) -> list[Message]:
    """The exchange's outbound intents not yet confirmed, oldest turn first."""
    rows = session.scalars(select(Message).where(
        Message.exchange_id == exchange.id, Message.direction == Direction.OUTBOUND,
        Message.external_id.startswith(PENDING_PREFIX))).all()  # fmt: skip
    return sorted(rows, key=lambda m: int(m.external_id.rsplit(":", 1)[-1]))


def _normalised(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip().casefold()


def _seen_on_platform(session: Session, exchange: Exchange, intent: Message) -> Message | None:
    """The persona's message with the intent's text, already stored from the platform."""
    known = set(sent_turns(exchange).values())
    rows = session.scalars(select(Message).where(
        Message.exchange_id == exchange.id, Message.direction == Direction.OUTBOUND,
        Message.id != intent.id, ~Message.external_id.startswith(PENDING_PREFIX),
    ).order_by(Message.id)).all()  # fmt: skip
    wanted = _normalised(intent.text)
    return next((m for m in rows if m.external_id not in known and _normalised(m.text) == wanted),
                None)  # fmt: skip


def _question_sent(exchange: Exchange, sent_at: datetime) -> None:
    """The question is out; a reply that arrived before the confirmation answers it now."""
    move(exchange, S.SENT, at=sent_at)
    exchange.last_error = None
    exchange.next_attempt_at = None
    if exchange.first_reply_at is not None:
        last = exchange.last_activity_at
        move(exchange, S.ANSWERED, at=exchange.first_reply_at)
        exchange.last_activity_at = max(filter(None, [last, exchange.first_reply_at]))


def confirm_send(
    session: Session,
    task_id: int,
    sent_at: datetime,
    user: User | None,
    *,
    external_id: str | None = None,
    text: str | None = None,
) -> Message:
    """The auditor sent the task's message at `sent_at`: the exchange becomes sent.

    `text` records what was actually sent when the auditor had to change it; a
    `verify` task (an automatic send that may have gone out) is confirmed the same way.
    """
    sent_at = _aware(sent_at, "d'envoi")
    task = session.get(AuditorTask, task_id)
    if task is None:
        raise CaptureError(f"Tâche {task_id} introuvable.")
    if task.kind not in SEND_KINDS:
        raise CaptureError(f"La tâche {task_id} n'est pas un envoi à confirmer.")
    if task.status != TaskStatus.OPEN:
        raise CaptureError(f"La tâche {task_id} est déjà close.")
    exchange = session.get(Exchange, task.exchange_id)
    if exchange is None:
        raise CaptureError(f"Échange {task.exchange_id} introuvable.")
    if sent_at > utcnow():
        raise CaptureError("L'heure d'envoi ne peut pas être dans le futur.")
    pending = _pending(session, exchange)
    if pending:
        message = pending[0]
        turn = int(message.external_id.rsplit(":", 1)[-1])
    else:  # no intent recorded (a task made by hand): this is the next turn
        turn = 0 if S(exchange.status) in (S.PLANNED, S.SENDING) else (exchange.turns or 0) + 1
        message = record_intent(session, exchange=exchange, turn=turn, text=task.text,
                                platform=str(exchange.channel), at=sent_at)  # fmt: skip
    if text:
        message.text = text
    source = Source.AUTOMATIC if task.kind == "verify" else _source(exchange)
    seen = None if external_id else _seen_on_platform(session, exchange, message)
    if seen is not None:
        # A webhook already stored the persona's message (an opted-in structure): keep
        # that row, with the platform's id and time, rather than a second copy.
        session.delete(message)
        session.flush()
        message, external_id = seen, seen.external_id
        sent_at = seen.platform_time or sent_at
    manual_id = external_id or f"{MANUAL_PREFIX}{exchange.id}:{turn}"
    mark_sent(session, exchange=exchange, message=message, turn=turn, external_id=manual_id,
              platform_time=sent_at, thread_key=exchange.thread_key, source=source)  # fmt: skip
    if turn == 0:
        _question_sent(exchange, sent_at)
    task.status = TaskStatus.DONE
    task.done_at = utcnow()
    task.done_by = user.id if user else None
    session.add(AuditLog.entry(user, "exchange.send_confirmed", "exchange", exchange.id,
                               task_id=task.id, turn=turn, sent_at=sent_at.isoformat()))  # fmt: skip
    session.flush()
    return message


def release_send(session: Session, task_id: int, user: User | None) -> Exchange:
    """A `verify` task checked: the message did NOT go out, so it may be sent again.

    The pending intent is marked not sent and the exchange is due at once; confirming
    the task instead (`confirm_send`) records that it did go out.
    """
    task = session.get(AuditorTask, task_id)
    if task is None:
        raise CaptureError(f"Tâche {task_id} introuvable.")
    if task.kind != "verify" or task.status != TaskStatus.OPEN:
        raise CaptureError(f"La tâche {task_id} n'est pas une vérification ouverte.")
    exchange = session.get(Exchange, task.exchange_id)
    if exchange is None:
        raise CaptureError(f"Échange {task.exchange_id} introuvable.")
    for message in _pending(session, exchange):
        mark_not_sent(message)
    if S(exchange.status) == S.SENDING:
        move(exchange, S.PLANNED)
    exchange.next_attempt_at = utcnow()
    exchange.last_error = None
    task.status, task.done_at, task.done_by = TaskStatus.DONE, utcnow(), user.id if user else None
    session.add(
        AuditLog.entry(user, "exchange.send_released", "exchange", exchange.id, task_id=task.id)
    )
    session.flush()
    return exchange


def record_send(
    session: Session,
    exchange_id: int,
    text: str,
    sent_at: datetime,
    user: User | None,
) -> Message:
    """A message the auditor sent without a task (any channel: e-mail, phone, mail…)."""
    sent_at = _aware(sent_at, "d'envoi")
    exchange = session.get(Exchange, exchange_id)
    if exchange is None:
        raise CaptureError(f"Échange {exchange_id} introuvable.")
    if S(exchange.status) not in (S.PLANNED, S.SENDING, S.SENT, S.ANSWERED):
        raise CaptureError(f"L'échange {exchange_id} est clos : aucun envoi à enregistrer.")
    question = S(exchange.status) in (S.PLANNED, S.SENDING)
    turn = 0 if question else (exchange.turns or 0) + 1
    message = record_intent(session, exchange=exchange, turn=turn, text=text,
                            platform=str(exchange.channel), at=sent_at)  # fmt: skip
    mark_sent(session, exchange=exchange, message=message, turn=turn,
              external_id=f"{MANUAL_PREFIX}{exchange.id}:{turn}", platform_time=sent_at,
              thread_key=exchange.thread_key, source=_source(exchange))  # fmt: skip
    if question:
        exchange.question_text = exchange.question_text or text
        _question_sent(exchange, sent_at)
    for task in session.scalars(select(AuditorTask).where(
            AuditorTask.exchange_id == exchange.id, AuditorTask.status == TaskStatus.OPEN,
            AuditorTask.kind.in_(SEND_KINDS))):  # fmt: skip
        task.status, task.done_at, task.done_by = (
            TaskStatus.DONE,
            utcnow(),
            user.id if user else None,
        )
    session.add(AuditLog.entry(user, "exchange.send_recorded", "exchange", exchange.id, turn=turn))
    session.flush()
    return message


def capture_reply(
    session: Session,
    exchange_id: int,
    text: str,
    at: datetime,
    user: User | None,
    source: Source = Source.MANUAL,
) -> RecordResult:
    """A structure's reply pasted by an auditor, with its time, attached to the exchange.

    Goes through `core.inbound.record_inbound` like any reply; pasting the same text
    with the same time twice stores it once.
    """
    at = _aware(at, "de la réponse")
    text = text.strip()
    if not text:
        raise CaptureError("La réponse est vide.")
    exchange = session.get(Exchange, exchange_id)
    if exchange is None:
        raise CaptureError(f"Échange {exchange_id} introuvable.")
    if S(exchange.status) in (S.PLANNED, S.SENDING):
        raise CaptureError("Confirmez d'abord l'envoi de la question.")
    if exchange.sent_at is not None and at < exchange.sent_at:
        raise CaptureError("La réponse ne peut pas précéder l'envoi de la question.")
    structure = session.scalar(select(StructureAccount).where(
        StructureAccount.structure_id == exchange.structure_id,
        StructureAccount.channel == exchange.channel))  # fmt: skip
    persona = session.scalar(select(PersonaAccount).where(
        PersonaAccount.persona_id == exchange.persona_id,
        PersonaAccount.channel == exchange.channel))  # fmt: skip
    digest = hashlib.sha256(f"{at.isoformat()}|{text}".encode()).hexdigest()[:16]
    # The parent chain is the most direct correlation: reply to the exchange's question.
    question_id = sent_turns(exchange).get("0")
    result = record_inbound(session, InboundMessage(
        platform=str(exchange.channel),
        external_id=f"{MANUAL_PREFIX}{exchange.id}:{digest}",
        text=text,
        received_at=utcnow(),
        platform_time=at,
        thread_key=exchange.thread_key,
        in_reply_to=question_id,
        # Named sides let core.inbound tell a structure's reply from the persona's words.
        author_id=(structure.external_id or structure.address) if structure else None,
        recipient_id=(persona.external_id or persona.address) if persona else None,
        is_private=True,
        source=source,
    ))  # fmt: skip
    if result.exchange_id != exchange.id:
        raise CaptureError("La réponse n'a pas pu être rattachée à cet échange.")
    session.add(AuditLog.entry(user, "exchange.reply_captured", "exchange", exchange.id,
                               message_id=result.message_id, at=at.isoformat()))  # fmt: skip
    session.flush()
    return result


__all__ = ["CaptureError", "capture_reply", "confirm_send", "record_send", "release_send"]
