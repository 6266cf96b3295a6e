"""The inbox writer thread: group commit, one wake-up per commit, a dead connection replaced."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from core.db import make_engine
from core.models import InboxEvent, InboxStatus
from webhooks.inbox import Delivery, InboxWriter, PlatformTables, RawEvent, Stored

TABLES = PlatformTables(normalisers={"t": lambda p, c: []}, ignored=frozenset({"skip"}))


def _delivery(*keys: str, kind: str = "t") -> Delivery:
    return Delivery("test", [RawEvent(k, kind, {"k": k}) for k in keys], TABLES)


async def _store_together(writer: InboxWriter, deliveries: list[Delivery]) -> list[Stored]:
    return list(await asyncio.gather(*(writer.store(d) for d in deliveries)))


def test_writer_commits_concurrent_deliveries_and_wakes_once_per_commit(db_url: str) -> None:
    engine = make_engine(db_url)
    woken: list[int] = []
    writer = InboxWriter(engine, on_commit=woken.append)
    try:
        first, again, ignored = asyncio.run(
            _store_together(
                writer, [_delivery("a", "b"), _delivery("b"), _delivery("z", kind="skip")]
            )
        )
        # the same key in two requests of one batch is new for exactly one of them
        assert first.new + again.new == 2 and first.duplicates + again.duplicates == 1
        assert (ignored.new, ignored.to_process) == (1, 0)
        assert sum(woken) == 2  # a and b, to process; z is stored as ignored
        # the connection kept between batches dies (database restart): replaced, not a 503
        writer._connection.invalidate()  # noqa: SLF001
        (later,) = asyncio.run(_store_together(writer, [_delivery("c")]))
        assert later.new == 1
    finally:
        writer.stop()
    with engine.connect() as connection:
        rows = dict(connection.execute(select(InboxEvent.event_key, InboxEvent.status)).all())
    engine.dispose()
    assert rows == {"a": InboxStatus.RECEIVED, "b": InboxStatus.RECEIVED,
                    "c": InboxStatus.RECEIVED, "z": InboxStatus.IGNORED}  # fmt: skip
