"""After sending: scripted follow-ups, closing, grading and scoring of exchanges.

Each job takes a session and `now` (the engine's clock, possibly accelerated), does its
work for every due exchange and flushes; the caller commits. Jobs are idempotent: running
one twice in a row does nothing the second time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.exchanges import move
from core.grades import record_automatic
from core.models import (
    Campaign,
    DeliveryStatus,
    Direction,
    Exchange,
    ExchangeStatus,
    Message,
    Persona,
    Scenario,
    Structure,
    StructureAccount,
)
from core.scores import rescore
from core.templates import render

log = logging.getLogger(__name__)
S = ExchangeStatus
# Reply intents that call for the persona's scripted follow-up (RUBRIC: reply intent).
FOLLOWUP_INTENTS = ("request_info", "redirect_private", "acknowledgement", "redirect_other")


class Grader(Protocol):
    def intent(self, text: str) -> tuple[str, float]: ...
    def grade_many(self, exchanges: Any) -> Any: ...


def _messages(session: Session, exchange_ids: list[int]) -> dict[int, list[Message]]:
    found: dict[int, list[Message]] = {i: [] for i in exchange_ids}
    if exchange_ids:
        query = select(Message).where(Message.exchange_id.in_(exchange_ids))
        for message in session.scalars(query):
            found[message.exchange_id].append(message)
    for rows in found.values():
        rows.sort(key=lambda m: (m.platform_time or m.received_at, m.id))
    return found


def label_intents(session: Session, grader: Grader, exchange_ids: list[int]) -> int:
    """Give every structure message its reply intent (once)."""
    query = select(Message).where(
        Message.exchange_id.in_(exchange_ids), Message.direction == Direction.INBOUND,
        Message.intent.is_(None),
    )  # fmt: skip
    count = 0
    for message in session.scalars(query):
        message.intent = grader.intent(message.text)[0]
        count += 1
    session.flush()
    return count


def followups_due(
    session: Session,
    *,
    grader: Grader,
    send: Callable[[Exchange, str, str | None], Any],
    now: datetime,
) -> int:
    """Play the scenario's scripted follow-up where the structure's last message calls for it.

    `send(exchange, text, reply_to_external_id)` sends through the channel's bot and returns
    None when it did not try (rate limit): the follow-up is then played at a later cycle.
    """
    open_rows = list(session.scalars(select(Exchange).where(Exchange.status == S.ANSWERED)))
    if not open_rows:
        return 0
    ids = [e.id for e in open_rows]
    label_intents(session, grader, ids)
    messages = _messages(session, ids)
    campaigns = {c.id: c for c in session.scalars(select(Campaign))}
    sent = 0
    for exchange in open_rows:
        if exchange.next_attempt_at is not None and exchange.next_attempt_at > now:
            continue  # a follow-up failed for a passing reason: retried at its time
        # our messages count once the platform has them: a failed attempt is tried again
        thread = [m for m in messages[exchange.id]
                  if m.direction == Direction.INBOUND or m.delivery_status == DeliveryStatus.SENT]  # fmt: skip
        if not thread or thread[-1].direction != Direction.INBOUND:
            continue  # nothing new from the structure since our last message
        last = thread[-1]
        if (exchange.turns or 0) >= campaigns[exchange.campaign_id].max_turns:
            continue
        scenario = session.get(Scenario, exchange.scenario_id)
        template = (scenario.followups or {}).get(last.intent or "")
        if last.intent not in FOLLOWUP_INTENTS or not template:
            continue
        persona = session.get(Persona, exchange.persona_id)
        structure = session.get(Structure, exchange.structure_id)
        text = render(template, {
            "persona": {"civility": persona.civility, "first_name": persona.first_name,
                        "last_name": persona.last_name},
            "structure": {"name": structure.name, "departement": structure.departement},
        })  # fmt: skip
        try:
            if send(exchange, text, last.external_id) is not None:
                sent += 1
        except Exception:  # one broken thread must not hold back the others; it is logged
            log.exception("exchange %s: follow-up failed unexpectedly", exchange.id)
            session.rollback()
    return sent


def close_due(session: Session, *, now: datetime) -> dict[str, int]:
    """Close what waited long enough.

    No reply: the waiting window ran out. Answered: a quiet period passed after the last
    message, and, when the structure has only acknowledged or asked for details so far
    (reply intents, labelled by the follow-up job), the waiting window ran out too, so that
    an answer announced by a holding reply still counts (`followup_kept`).
    """
    counts = {"closed_no_reply": 0, "closed": 0}
    campaigns = {c.id: c for c in session.scalars(select(Campaign))}
    rows = list(session.scalars(select(Exchange).where(Exchange.status.in_((S.SENT, S.ANSWERED)))))
    intents: dict[int, list[str | None]] = {}
    answered_ids = [e.id for e in rows if e.status == S.ANSWERED]
    if answered_ids:
        query = select(Message.exchange_id, Message.intent).where(
            Message.exchange_id.in_(answered_ids), Message.direction == Direction.INBOUND)  # fmt: skip
        for exchange_id, intent in session.execute(query):
            intents.setdefault(exchange_id, []).append(intent)
    for exchange in rows:
        campaign = campaigns[exchange.campaign_id]
        waited = exchange.sent_at is not None and (
            now - exchange.sent_at >= timedelta(hours=campaign.waiting_window_hours))  # fmt: skip
        if exchange.status == S.SENT:
            if waited:
                move(exchange, S.CLOSED_NO_REPLY, at=now)
                counts["closed_no_reply"] += 1
            continue
        last = exchange.last_activity_at or exchange.first_reply_at or exchange.sent_at
        quiet = last is not None and now - last >= timedelta(hours=campaign.quiet_period_hours)
        seen = intents.get(exchange.id, [])
        substantive = not seen or any(i in (None, "answer") for i in seen)
        if quiet and (substantive or waited):
            move(exchange, S.CLOSED, at=now)
            counts["closed"] += 1
    session.flush()
    return counts


def nlu_input(exchange: Exchange, scenario: Scenario, persona: Persona, structure: Structure,
              handle: str | None, messages: list[Message]) -> dict[str, Any]:  # fmt: skip
    """The `vigie nlu grade` input line of an exchange (ARCHITECTURE.md contract)."""
    question = next((m for m in messages if m.direction == Direction.OUTBOUND), None)
    return {
        "id": str(exchange.id),
        "channel": exchange.channel.value,
        "structure": {"name": structure.name, "category": structure.category.value, "handle": handle},
        "persona": {"first_name": persona.first_name, "last_name": persona.last_name,
                    "civility": persona.civility},
        "scenario": {"id": scenario.slug, "kind": scenario.kind.value, "question": scenario.question,
                     "expected": scenario.expected, "reference": scenario.reference},
        "question": {"text": question.text if question else (exchange.question_text or ""),
                     "sent_at": (exchange.sent_at or exchange.planned_at).isoformat()},
        "replies": [  # until the exchange closed: a late reply is kept but not graded
            {"text": m.text, "at": (m.platform_time or m.received_at).isoformat()}
            for m in messages if m.direction == Direction.INBOUND
            and (exchange.closed_at is None or (m.platform_time or m.received_at) <= exchange.closed_at)
        ],
    }  # fmt: skip


def grade_closed(session: Session, *, grader: Grader, now: datetime, limit: int = 500) -> int:
    """Grade closed exchanges with the NLU, store the grades, and score them."""
    rows = list(session.scalars(
        select(Exchange)
        .where(Exchange.status.in_((S.CLOSED, S.CLOSED_NO_REPLY, S.UNREACHABLE)),
               Exchange.graded_at.is_(None))
        .limit(limit)
    ))  # fmt: skip
    if not rows:
        return 0
    campaigns = {c.id: c for c in session.scalars(select(Campaign))}
    to_grade = [e for e in rows if e.status != S.UNREACHABLE]
    messages = _messages(session, [e.id for e in to_grade])
    scenarios = {s.id: s for s in session.scalars(select(Scenario))}
    personas = {p.id: p for p in session.scalars(select(Persona))}
    structures = {s.id: s for s in session.scalars(select(Structure))}
    handles = {
        (a.structure_id, a.channel): a.address for a in session.scalars(select(StructureAccount))
    }
    lines = [
        nlu_input(e, scenarios[e.scenario_id], personas[e.persona_id], structures[e.structure_id],
                  handles.get((e.structure_id, e.channel)), messages[e.id])
        for e in to_grade
    ]  # fmt: skip
    by_id: Mapping[str, Exchange] = {str(e.id): e for e in to_grade}
    failed: set[int] = set()
    for graded in grader.grade_many(lines):
        exchange = by_id[graded["id"]]
        if "error" in graded:
            log.warning("exchange %s could not be graded: %s", exchange.id, graded["error"])
            exchange.last_error = graded["error"]
            failed.add(exchange.id)
            continue
        record_automatic(session, exchange_id=exchange.id, graded=graded,
                         grid_version=campaigns[exchange.campaign_id].grid_version, at=now)  # fmt: skip
    for exchange in rows:
        if exchange.id not in failed:
            exchange.graded_at = now
    session.flush()
    rescore(session, [e for e in rows if e.graded_at is not None])
    return len(rows)
