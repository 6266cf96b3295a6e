"""Webhook delivery: a queue of signed POSTs with retries, duplicates, reordering, batches.

Every delivery stays in `Deliverer.items` with its attempts, so tests and the demo can
inspect what was sent and wait until nothing is pending.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from sandbox.faults import Faults

# platform -> redelivery delays in virtual seconds after each failed attempt (bounded).
RETRY_SCHEDULES: dict[str, tuple[float, ...]] = {
    "x": (60, 120, 120),  # enterprise: up to 3 retries over about 5 minutes
    "meta": (15, 60, 300, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 12 * 3600),  # ~36 h
    "telegram": (1, 5, 15, 60, 300, 900, 3600),
}
MAX_BATCH = 1000

Signer = Callable[[bytes], dict[str, str]]
# Called before each attempt; returns an error string when the target cannot receive
# yet (for X: the CRC check failed), None when it may.
Precheck = Callable[[], Awaitable[str | None]]


@dataclass
class Delivery:
    id: int
    platform: str
    url: str
    payload: dict[str, Any]
    serializer: Callable[[Any], bytes]
    signer: Signer
    created_at: float
    next_at: float
    event: str = ""
    account: str | None = None
    copy: int = 0
    status: str = "pending"  # pending | delivered | failed
    attempts: list[dict[str, Any]] = field(default_factory=list)
    batch_key: str | None = None
    rank: int = 0  # order among deliveries released together (reordering)
    precheck: Precheck | None = None
    on_delivered: Callable[[], None] | None = None

    def public(self, iso: Callable[[float], str]) -> dict[str, Any]:
        return {
            "id": self.id,
            "platform": self.platform,
            "url": self.url,
            "event": self.event,
            "account": self.account,
            "copy": self.copy,
            "status": self.status,
            "created_at": iso(self.created_at),
            "next_at": iso(self.next_at) if self.status == "pending" else None,
            "attempts": self.attempts,
            "payload": self.payload,
        }


class Deliverer:
    def __init__(self, faults: Faults, rng: random.Random, timeout: float) -> None:
        self.items: list[Delivery] = []
        self.faults = faults
        self.rng = rng
        self.timeout = timeout
        self._next = 1
        self._held: list[Delivery] = []  # reorder window
        self.in_flight = 0
        self._release_at = 0.0

    def enqueue(
        self,
        *,
        platform: str,
        url: str,
        payload: dict[str, Any],
        serializer: Callable[[Any], bytes],
        signer: Signer,
        now: float,
        event: str = "",
        account: str | None = None,
        batch_key: str | None = None,
        precheck: Precheck | None = None,
        on_delivered: Callable[[], None] | None = None,
    ) -> list[Delivery]:
        batch = self.faults.find("batch", platform) if batch_key else None
        if batch is not None:
            merged = self._merge(batch_key, payload, int(batch.params.get("size", 10)))
            if merged is not None:
                return [merged]
        due = now + (float(batch.params.get("window", 1)) if batch else 0.0)
        duplicate = self.faults.take("duplicate", platform)
        copies = int(duplicate.params.get("copies", 2)) if duplicate else 1
        created = []
        for copy in range(copies):
            delivery = Delivery(
                id=self._next,
                platform=platform,
                url=url,
                payload=payload,
                serializer=serializer,
                signer=signer,
                created_at=now,
                next_at=due,
                event=event,
                account=account,
                copy=copy,
                batch_key=batch_key,
                precheck=precheck,
                on_delivered=on_delivered,
            )
            self._next += 1
            self.items.append(delivery)
            created.append(delivery)
        reorder = self.faults.find("reorder", platform)
        if reorder is not None:
            window = float(reorder.params.get("window", 5))
            for delivery in created:
                self._held.append(delivery)
                delivery.next_at = float("inf")
            if len(self._held) == len(created):  # first of a window: schedule its release
                self._release_at = now + window
        return created

    def _merge(self, batch_key: str, payload: dict[str, Any], size: int) -> Delivery | None:
        for delivery in self.items:
            if (
                delivery.batch_key == batch_key
                and delivery.status == "pending"
                and not delivery.attempts
                and len(delivery.payload["entry"]) < min(size, MAX_BATCH)
            ):
                delivery.payload["entry"].extend(payload["entry"])
                return delivery
        return None

    def release_held(self, now: float) -> None:
        """End of a reorder window: shuffle the held deliveries (never in the same order)."""
        if not self._held or now < self._release_at:
            return
        held = self._held
        self._held = []
        order = list(range(len(held)))
        self.rng.shuffle(order)
        if len(order) > 1 and order == sorted(order):
            order = order[1:] + order[:1]
        for rank, index in enumerate(order):
            held[index].next_at = now
            held[index].rank = rank

    def pending(self) -> list[Delivery]:
        return [d for d in self.items if d.status == "pending"]

    def due(self, now: float) -> list[Delivery]:
        self.release_held(now)
        ready = [d for d in self.items if d.status == "pending" and d.next_at <= now]
        return sorted(ready, key=lambda d: (d.next_at, d.rank, d.id))

    def next_due(self) -> float:
        times = [d.next_at for d in self.items if d.status == "pending"]
        if self._held:
            times.append(self._release_at)
        return min(times, default=float("inf"))

    async def attempt(
        self,
        delivery: Delivery,
        client: httpx.AsyncClient,
        now: Callable[[], float],
        iso: Callable[[float], str],
    ) -> None:
        record: dict[str, Any] = {"at": iso(now())}
        self.in_flight += 1
        try:
            problem = await delivery.precheck() if delivery.precheck else None
            if problem:
                record["error"] = problem
            else:
                body = delivery.serializer(delivery.payload)
                headers = {"Content-Type": "application/json", **delivery.signer(body)}
                response = await client.post(
                    delivery.url, content=body, headers=headers, timeout=self.timeout
                )
                record["status_code"] = response.status_code
        except httpx.HTTPError as exc:
            record["error"] = f"{type(exc).__name__}: {exc}"
        finally:
            self.in_flight -= 1
        delivery.attempts.append(record)
        if 200 <= record.get("status_code", 0) < 300:
            delivery.status = "delivered"
            if delivery.on_delivered:
                delivery.on_delivered()
            return
        override = self.faults.find("retry", delivery.platform)
        schedule = (
            tuple(override.params.get("schedule", ()))
            if override
            else RETRY_SCHEDULES[delivery.platform]
        )
        retries_done = len(delivery.attempts) - 1
        if retries_done >= len(schedule):
            delivery.status = "failed"
            return
        delivery.next_at = now() + float(schedule[retries_done])
