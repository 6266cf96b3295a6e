"""The campaign engine: one cycle runs every job once. The embedded default loops over it
in-process; in production, Celery beat schedules the same jobs (`campaigns.tasks`)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

import bots
from campaigns.dispatcher import dispatch_due, throttled
from campaigns.lifecycle import close_due, followups_due, grade_closed

log = logging.getLogger(__name__)


@dataclass
class AcceleratedClock:
    """Virtual time: `start` at creation, running `scale` times faster than the wall clock."""

    start: datetime
    scale: float = 1.0
    _origin: float = field(default_factory=time.monotonic)

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=(time.monotonic() - self._origin) * self.scale)


def wall_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Engine:
    """Runs the jobs of every open campaign; `inbox` processes webhook events (given by the
    app layer, since campaigns may not import webhooks)."""

    sessions: sessionmaker[Session]
    settings: Any
    grader: Any
    clock: Callable[[], datetime] = wall_clock
    channels: Mapping[str, Any] | None = None
    inbox: Callable[[], Any] | None = None
    cursors: Any = None
    poll: bool = True

    def dispatch(self) -> Any:
        with self.sessions() as session:
            return dispatch_due(session, self.settings, now=self.clock(), clock=self.clock,
                                channels=self.channels)  # fmt: skip

    def collect(self) -> Any:
        if self.inbox is not None:
            self.inbox()
        if not self.poll:
            return None
        with self.sessions() as session:
            return bots.poll_all(
                session, self.settings, channels=self.channels, cursors=self.cursors
            )

    def follow_up(self) -> int:
        with self.sessions() as session:

            def send(exchange: Any, text: str, reply_to: str | None) -> Any:
                if throttled(session, exchange, self.clock()) is not None:
                    return None  # the persona's quota for now is used: next cycle
                return bots.send_followup(session, exchange, text, self.settings, self.clock,
                                          reply_to=reply_to, channels=self.channels)  # fmt: skip

            count = followups_due(session, grader=self.grader, send=send, now=self.clock())
            session.commit()
            return count

    def close_and_grade(self) -> tuple[dict[str, int], int]:
        with self.sessions() as session:
            now = self.clock()
            closed = close_due(session, now=now)
            session.commit()
            graded = grade_closed(session, grader=self.grader, now=now)
            session.commit()
            return closed, graded

    def cycle(self) -> dict[str, Any]:
        """Every job once, in the order of the data flow."""
        report: dict[str, Any] = {"at": self.clock()}
        for name, job in (("dispatch", self.dispatch), ("collect", self.collect),
                          ("follow_up", self.follow_up), ("close_and_grade", self.close_and_grade)):  # fmt: skip
            try:
                report[name] = job()
            except Exception:  # one failing job must not stop the others; it is logged
                log.exception("engine job %s failed", name)
                report[name] = "error"
        return report
