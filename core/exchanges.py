"""The exchange status machine: the one place that changes `Exchange.status`."""

from __future__ import annotations

from datetime import datetime

from core.db import utcnow
from core.models import Exchange, ExchangeStatus

S = ExchangeStatus

# status -> statuses it may move to. Closed, unreachable and failed are final; a late reply
# after closing is still stored (see core.inbound) but does not reopen the exchange.
TRANSITIONS: dict[ExchangeStatus, frozenset[ExchangeStatus]] = {
    S.PLANNED: frozenset({S.SENDING, S.SENT, S.UNREACHABLE, S.FAILED}),
    S.SENDING: frozenset({S.SENT, S.PLANNED, S.UNREACHABLE, S.FAILED}),
    S.SENT: frozenset({S.ANSWERED, S.CLOSED_NO_REPLY, S.UNREACHABLE, S.FAILED}),
    S.ANSWERED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
    # a reply sent in time but received late (a poll, an inbox retry) reopens nothing: the
    # exchange is closed as answered, and graded again
    S.CLOSED_NO_REPLY: frozenset({S.CLOSED}),
    S.UNREACHABLE: frozenset(),
    S.FAILED: frozenset({S.PLANNED}),  # an operator may re-plan a failed test
}
FINAL = frozenset({S.CLOSED, S.CLOSED_NO_REPLY, S.UNREACHABLE, S.FAILED})
OPEN = frozenset({S.SENT, S.ANSWERED})


class TransitionError(ValueError):
    """An exchange was asked to move to a status its current status does not allow."""


def move(exchange: Exchange, status: ExchangeStatus, *, at: datetime | None = None) -> None:
    """Move `exchange` to `status`, stamping the matching time; refuse illegal moves."""
    current = ExchangeStatus(exchange.status)
    if status == current:
        return
    if status not in TRANSITIONS[current]:
        raise TransitionError(
            f"exchange {exchange.id}: {current.value} -> {status.value} is not allowed"
        )
    at = at or utcnow()
    exchange.status = status
    if status == S.SENT and exchange.sent_at is None:
        exchange.sent_at = at
    if status in FINAL:
        exchange.closed_at = at
    exchange.last_activity_at = at
