"""The dispatcher: sends due questions through their channel's bot, within rate limits."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import bots
from core.models import Direction, Exchange, Message

log = logging.getLogger(__name__)

# channel -> (messages, window) a persona account may send. Platform limits are higher
# (X: 100 posts / 15 min per user; Telegram: 20 / min per group); audits stay well below
# them so that a persona never looks like a spam bot. Per-platform 429s are handled by
# the bots, which return a retry time read from the response headers.
ACCOUNT_LIMITS: dict[str, tuple[int, timedelta]] = {
    "twitter": (20, timedelta(minutes=15)),
    "facebook": (10, timedelta(minutes=15)),
    "messenger": (20, timedelta(minutes=15)),
    "whatsapp": (20, timedelta(minutes=15)),
    "telegram": (15, timedelta(minutes=1)),
}


@dataclass
class DispatchReport:
    outcomes: dict[str, int] = field(default_factory=dict)
    throttled: int = 0

    def count(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1


def _recent_sends(session: Session, exchange: Exchange, since: datetime) -> int:
    return session.scalar(
        select(func.count())
        .select_from(Message)
        .join(Exchange, Exchange.id == Message.exchange_id)
        .where(Exchange.persona_id == exchange.persona_id, Exchange.channel == exchange.channel,
               Message.direction == Direction.OUTBOUND,
               # the platform's time, on the same clock as `now` (an accelerated one included)
               func.coalesce(Message.platform_time, Message.received_at) >= since)
    ) or 0  # fmt: skip


def throttled(
    session: Session, exchange: Exchange, now: datetime,
    limits: Mapping[str, tuple[int, timedelta]] = ACCOUNT_LIMITS,
) -> timedelta | None:  # fmt: skip
    """How long to wait before the persona may send again on this channel, or None."""
    limit = limits.get(exchange.channel.value)
    if limit and _recent_sends(session, exchange, now - limit[1]) >= limit[0]:
        return limit[1] / limit[0]
    return None


def dispatch_due(
    session: Session,
    settings: Any,
    *,
    now: datetime,
    clock: Any = None,
    channels: Mapping[str, Any] | None = None,
    limits: Mapping[str, tuple[int, timedelta]] = ACCOUNT_LIMITS,
    batch: int = 100,
) -> DispatchReport:
    """Send every due question once (the bots commit around each platform call)."""
    report = DispatchReport()
    for exchange in bots.due_exchanges(session, now, limit=batch):
        wait = throttled(session, exchange, now, limits)
        if wait is not None:
            exchange.next_attempt_at = now + wait
            session.commit()
            report.throttled += 1
            continue
        try:
            outcome = bots.send_exchange(session, exchange, settings, clock or (lambda: now),
                                         channels=channels)  # fmt: skip
        except Exception:  # one broken test must not hold back the others; it is logged
            log.exception("exchange %s: send failed unexpectedly", exchange.id)
            session.rollback()
            report.count("error")
            continue
        report.count(outcome.outcome.value)
        if outcome.outcome.value in ("failed", "review"):
            log.warning("exchange %s: %s (%s)", exchange.id, outcome.outcome, outcome.reason)
    return report
