"""Virtual clock: platform timestamps and agent delays run on it."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta


def parse_iso(value: str) -> datetime:
    """Parse an ISO 8601 string; naive values are taken as UTC."""
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class VirtualClock:
    """now() = anchor + (real elapsed) * scale; scale 0 freezes time."""

    def __init__(self, start: datetime | None = None, scale: float = 1.0) -> None:
        self.set(start, scale)

    def set(self, now: datetime | None = None, scale: float | None = None) -> None:
        current = now or (self.now() if hasattr(self, "_anchor") else datetime.now(UTC))
        self._anchor = current.astimezone(UTC)
        self._real = time.monotonic()
        if scale is not None:
            self.scale = float(scale)

    def now(self) -> datetime:
        elapsed = (time.monotonic() - self._real) * self.scale
        return self._anchor + timedelta(seconds=elapsed)

    def timestamp(self) -> float:
        return self.now().timestamp()

    def advance(self, seconds: float) -> None:
        self.set(self.now() + timedelta(seconds=seconds))

    def real_seconds_until(self, virtual_ts: float) -> float:
        """Real seconds to wait until virtual_ts (inf when the clock is frozen)."""
        delta = virtual_ts - self.timestamp()
        if delta <= 0:
            return 0.0
        return delta / self.scale if self.scale > 0 else float("inf")

    def describe(self) -> dict:
        return {"now": iso(self.now()), "scale": self.scale}


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def x_v2_time(moment: datetime) -> str:
    """X API v2: 2026-03-02T09:00:00.000Z."""
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def x_v1_time(moment: datetime) -> str:
    """X v1.1 / Account Activity: Wed Oct 10 20:19:24 +0000 2018 (locale-proof)."""
    m = moment.astimezone(UTC)
    return f"{_DAYS[m.weekday()]} {_MONTHS[m.month - 1]} {m:%d %H:%M:%S} +0000 {m.year}"


def graph_time(moment: datetime) -> str:
    """Graph API: 2026-03-02T09:00:00+0000."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")
