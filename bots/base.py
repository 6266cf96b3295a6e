"""The channel contract: what every platform module offers, in plain values.

A channel converts between our values and one platform's wire format; it never touches
the database. `bots.service` does the I/O around it (intent records, retries, status).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True)
class AccountRef:
    """One account on the platform: `address` as stored (@handle, page id, chat id…)."""

    address: str
    external_id: str | None = None
    credentials: str | None = None  # a credentials reference (see bots.credentials)
    name: str | None = None


@dataclass(frozen=True)
class ExchangeContext:
    """What a channel needs to send one turn of one exchange (built from database rows)."""

    exchange_id: int
    channel: str
    turn: int  # 0 = the question, n = the n-th scripted follow-up
    persona: AccountRef
    target: AccountRef
    thread_key: str | None = None
    thread_refs: Mapping[str, Any] = field(default_factory=dict)
    opted_in: bool = False  # the structure installed our app (Meta webhooks, Messenger window)
    sent_at: datetime | None = None  # when the question went out (reconciliation window)


@dataclass(frozen=True)
class SendResult:
    """The platform's references for a message we sent."""

    external_id: str
    thread_key: str | None = None
    thread_refs: Mapping[str, Any] = field(default_factory=dict)
    platform_time: datetime | None = None


class ChannelError(Exception):
    """A platform call failed; `reason` is French and shown to operators."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TransientError(ChannelError):
    """Try again later: rate limit, server error, network trouble.

    `retry_after` is the platform's own answer (seconds) when it gave one (429 + reset
    header); `maybe_sent` is true when the request may have reached the platform (a
    timeout after sending), so the next attempt must reconcile before resending.
    """

    def __init__(
        self, reason: str, *, retry_after: float | None = None, maybe_sent: bool = False
    ) -> None:
        super().__init__(reason)
        self.retry_after = retry_after
        self.maybe_sent = maybe_sent


class PermanentError(ChannelError):
    """The structure cannot be reached this way: account missing, DMs closed, comments off."""


class ConfigurationError(ChannelError):
    """Our side is broken (credentials missing or refused): no retry will help."""


class NotSearchable(ChannelError):
    """The platform offers no way to find a message we may have sent (Telegram)."""


@runtime_checkable
class Channel(Protocol):
    """One platform, seen from the persona's side.

    name
        The `core.models.Channel` value it serves.
    send(ctx, text, *, reply_to=None) -> SendResult
        Post `text` for the exchange turn `ctx` (a public message, comment or DM; a
        follow-up when `reply_to` names the platform id of the message answered).
        Raises TransientError or PermanentError.
    find_sent(ctx, text, *, since) -> SendResult | None
        Look for a message with exactly `text` posted by the persona after `since`: the
        reconciliation after a crash between the platform call and the commit. Raises
        NotSearchable where the platform cannot tell.
    poll(cursor, *, scope) -> (list[InboundMessage], new_cursor)
        Inbound messages since `cursor` (an opaque JSON-able dict, `{}` at first) for the
        accounts and threads in `scope` (a PollScope). Raises TransientError.
    """

    name: str

    def send(
        self, ctx: ExchangeContext, text: str, *, reply_to: str | None = None
    ) -> SendResult: ...

    def find_sent(
        self, ctx: ExchangeContext, text: str, *, since: datetime
    ) -> SendResult | None: ...

    def poll(
        self, cursor: Mapping[str, Any], *, scope: PollScope
    ) -> tuple[list[Any], dict[str, Any]]: ...


@dataclass(frozen=True)
class PollThread:
    """An open exchange whose replies a poller should look for."""

    exchange_id: int
    persona: AccountRef
    target: AccountRef
    thread_key: str | None
    thread_refs: Mapping[str, Any] = field(default_factory=dict)
    sent_at: datetime | None = None
    outbound_ids: tuple[str, ...] = ()  # platform ids of our messages in the thread


@dataclass(frozen=True)
class PollScope:
    """What to poll: the personas' accounts and the open threads, on one channel."""

    accounts: tuple[AccountRef, ...] = ()
    threads: tuple[PollThread, ...] = ()


# Backoff: 1 min, 2, 4, … capped at 6 h, with ±20 % jitter so that a wave of failures
# after an outage does not come back at the same second.
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)


def backoff(
    attempts: int, *, rng: random.Random | None = None, retry_after: float | None = None
) -> timedelta:
    """Delay before the next attempt, `attempts` having failed so far.

    A platform reset time wins (retrying earlier only earns another 429; a little jitter
    spreads the queue behind it); otherwise exponential from BACKOFF_BASE to BACKOFF_CAP.
    """
    rng = rng or random.Random()
    if retry_after is not None:
        return timedelta(seconds=max(retry_after, 0.0) + 1.0) * rng.uniform(1.0, 1.1)
    exponent = min(max(attempts - 1, 0), 20)
    return min(BACKOFF_BASE * (2**exponent), BACKOFF_CAP) * rng.uniform(0.8, 1.2)
