"""Fault injection: what can go wrong on the platform side, switched on per test."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# kind -> parameters it reads (documentation and validation in one place).
FAULT_KINDS: dict[str, tuple[str, ...]] = {
    "duplicate": ("copies",),  # each webhook delivery sent `copies` times
    "retry": ("schedule",),  # override the redelivery schedule (virtual seconds)
    "reorder": ("window",),  # hold deliveries `window` virtual seconds, release shuffled
    "batch": ("size", "window"),  # Meta: merge entries into one POST (<= 1000)
    "rate_limit": ("endpoint", "reset_in"),  # API calls answer 429 (count = N calls)
    "timeout": ("endpoint", "delay"),  # API calls answer after `delay` real seconds
    "server_error": ("endpoint", "status"),  # API calls answer 5xx
    "dm_closed": ("account",),  # the account refuses private messages
    "comments_disabled": ("post",),  # the post refuses comments
    "unknown_account": ("account",),  # the account no longer exists
    "blocked": ("account",),  # Telegram: the user blocked the bot; Messenger: unavailable
}


@dataclass
class Fault:
    id: int
    kind: str
    platform: str | None = None  # x | meta | telegram | None (all)
    endpoint: str | None = None  # endpoint name (see each platform module) or None (all)
    count: int | None = None  # remaining uses; None = until removed
    params: dict[str, Any] = field(default_factory=dict)

    def public(self) -> dict[str, Any]:
        return asdict(self)

    def matches(self, platform: str | None, endpoint: str | None) -> bool:
        if self.count is not None and self.count <= 0:
            return False
        if self.platform and platform and self.platform != platform:
            return False
        return not (self.endpoint and endpoint and self.endpoint not in (endpoint, "*"))


class Faults:
    def __init__(self) -> None:
        self.items: list[Fault] = []
        self._next = 1

    def add(self, spec: dict[str, Any]) -> Fault:
        kind = spec.get("kind")
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; known: {sorted(FAULT_KINDS)}")
        params = {
            k: v for k, v in spec.items() if k not in ("kind", "platform", "endpoint", "count")
        }
        fault = Fault(
            self._next, kind, spec.get("platform"), spec.get("endpoint"), spec.get("count"), params
        )
        self._next += 1
        self.items.append(fault)
        return fault

    def find(
        self, kind: str, platform: str | None = None, endpoint: str | None = None
    ) -> Fault | None:
        for fault in self.items:
            if fault.kind == kind and fault.matches(platform, endpoint):
                return fault
        return None

    def take(
        self, kind: str, platform: str | None = None, endpoint: str | None = None
    ) -> Fault | None:
        """Like find, but consumes one use of a counted fault."""
        fault = self.find(kind, platform, endpoint)
        if fault is not None and fault.count is not None:
            fault.count -= 1
        return fault

    def clear(self) -> None:
        self.items.clear()
