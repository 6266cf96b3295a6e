"""Processing after the acknowledgement: normalise each stored event, record its messages."""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from core.db import utcnow
from core.inbound import DeliveryUpdate, InboundMessage, record_delivery_status, record_inbound
from core.models import InboxEvent, InboxStatus
from webhooks import meta, telegram, x
from webhooks.inbox import EventContext, PlatformTables

log = logging.getLogger("webhooks")

# inbox platform -> its dispatch table. Adding a platform is one line.
PLATFORMS: dict[str, PlatformTables] = {
    x.PLATFORM: x.TABLES,
    meta.PLATFORM: meta.TABLES,
    telegram.PLATFORM: telegram.TABLES,
}

# What each normalised value does to the database.
APPLIERS: dict[type, Callable[[Session, Any], Any]] = {
    InboundMessage: record_inbound,
    DeliveryUpdate: record_delivery_status,
}

RETRYABLE = (InboxStatus.RECEIVED, InboxStatus.FAILED)


class UnknownPlatform(LookupError):
    pass


def _run(session: Session, event: InboxEvent) -> InboxStatus:
    """Normalise and apply one event; the status it ends in."""
    tables = PLATFORMS.get(event.platform)
    if tables is None:
        raise UnknownPlatform(f"no platform {event.platform!r}")
    normalise = tables.normalisers.get(event.event_type)
    if normalise is None:
        if event.event_type not in tables.ignored:
            log.warning("inbox event %s: unknown type %r ignored", event.id, event.event_type)
        return InboxStatus.IGNORED
    context = EventContext(event.id, event.event_key, event.received_at)
    actions = normalise(json.loads(event.payload), context)
    for action in actions:
        APPLIERS[type(action)](session, action)
    return InboxStatus.PROCESSED if actions else InboxStatus.IGNORED


def _max_attempts(value: int | None) -> int:
    if value is not None:
        return value
    from core.settings import get_settings

    return get_settings().inbox_max_attempts


def _claim(session: Session, ids: list[int]) -> list[InboxEvent]:
    """Count an attempt on each waiting event, committed before any processing.

    A crash while processing still counts, so a poison event cannot loop forever. One
    UPDATE for the whole chunk keeps write transactions few (SQLite has one writer).
    """
    session.execute(
        update(InboxEvent)
        .where(InboxEvent.id.in_(ids), InboxEvent.status.in_(RETRYABLE))
        .values(attempts=InboxEvent.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return list(
        session.scalars(
            select(InboxEvent)
            .where(InboxEvent.id.in_(ids), InboxEvent.status.in_(RETRYABLE))
            .order_by(InboxEvent.id)
            .execution_options(populate_existing=True)
        )
    )


def _process_claimed(session: Session, event: InboxEvent, max_attempts: int) -> InboxStatus:
    if event.attempts > max_attempts:
        return _fail(session, event, event.last_error or "attempts exhausted", max_attempts)
    try:
        status = _run(session, event)
        event.status = status
        event.processed_at = utcnow()
        event.last_error = None
        session.commit()
    except Exception as exc:  # any failure is retried, then dead-lettered
        session.rollback()
        return _fail(session, event, f"{type(exc).__name__}: {exc}", max_attempts)
    return status


def process_event(
    session_factory: sessionmaker[Session], event_id: int, *, max_attempts: int | None = None
) -> InboxStatus | None:
    """Process one inbox event (an attempt is counted); its resulting status."""
    limit = _max_attempts(max_attempts)
    with session_factory() as session:
        event = session.get(InboxEvent, event_id)
        if event is None:
            return None
        if event.status not in RETRYABLE:
            return InboxStatus(event.status)
        claimed = _claim(session, [event_id])
        if not claimed:  # another worker finished it meanwhile
            return InboxStatus(session.get(InboxEvent, event_id).status)
        return _process_claimed(session, claimed[0], limit)


def _fail(session: Session, event: InboxEvent, error: str, max_attempts: int) -> InboxStatus:
    status = InboxStatus.DEAD if event.attempts >= max_attempts else InboxStatus.FAILED
    session.execute(
        update(InboxEvent)
        .where(InboxEvent.id == event.id)
        .values(status=status, last_error=error[:2000])
        .execution_options(synchronize_session=False)
    )
    session.commit()
    log.warning(
        "inbox event %s (%s %s) failed, attempt %d/%d -> %s: %s",
        event.id, event.platform, event.event_type, event.attempts, max_attempts, status.value,
        error,
    )  # fmt: skip
    return status


def process_pending(
    session_factory: sessionmaker[Session],
    limit: int = 100,
    *,
    max_attempts: int | None = None,
    retry_failed: bool = True,
    chunk: int = 50,
) -> dict[str, int]:
    """Process up to `limit` waiting events, oldest first; counts by resulting status.

    Several processors (the app's worker, Celery) may run at once: an event taken by two
    is recorded once anyway (messages are unique per platform and external id).
    """
    statuses = RETRYABLE if retry_failed else (InboxStatus.RECEIVED,)
    maximum = _max_attempts(max_attempts)
    counts: Counter[str] = Counter()
    with session_factory() as session:
        ids = list(
            session.scalars(
                select(InboxEvent.id)
                .where(InboxEvent.status.in_(statuses))
                .order_by(InboxEvent.id)
                .limit(limit)
            )
        )
        for start in range(0, len(ids), chunk):
            for event in _claim(session, ids[start : start + chunk]):
                counts[_process_claimed(session, event, maximum).value] += 1
    return dict(counts)
