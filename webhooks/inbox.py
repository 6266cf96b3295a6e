"""The durable inbox: events are committed here before the platform gets its 200."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import multiprocessing
import os
import queue
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import FastAPI
from sqlalchemy import Connection, Engine, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from core.db import engine_for, utcnow
from core.inbound import DeliveryUpdate, InboundMessage
from core.models import InboxEvent, InboxStatus
from webhooks.asgi import Inbound, Reply
from webhooks.edge import bounded_key, refuse

log = logging.getLogger("webhooks")


@dataclass(frozen=True, slots=True)
class RawEvent:
    """One event cut out of a delivery, with the key that makes redeliveries collapse."""

    key: str
    event_type: str
    payload: Any  # JSON-serialisable; a str is stored verbatim


@dataclass(frozen=True, slots=True)
class EventContext:
    inbox_event_id: int
    event_key: str
    received_at: datetime


Action = InboundMessage | DeliveryUpdate
Normaliser = Callable[[dict[str, Any], EventContext], list[Action]]


@dataclass(frozen=True, slots=True)
class PlatformTables:
    """A platform's dispatch table (event type -> normaliser) and its explicitly ignored types."""

    normalisers: Mapping[str, Normaliser]
    ignored: frozenset[str]

    def initial_status(self, event_type: str) -> InboxStatus:
        if event_type in self.normalisers:
            return InboxStatus.RECEIVED
        if event_type not in self.ignored:
            log.warning("unknown event type %r: stored as ignored", event_type)
        return InboxStatus.IGNORED


@dataclass(frozen=True, slots=True)
class Stored:
    events: int
    new: int
    duplicates: int
    to_process: int


_INSERTS: dict[str, Callable[..., Any]] = {"sqlite": sqlite_insert, "postgresql": pg_insert}
_UPSERTS: dict[str, Any] = {}


def _upsert(dialect: str) -> Any:
    """The inbox's INSERT … ON CONFLICT … RETURNING for `dialect`, built once: building it
    (its `excluded` alias above all) cost more Python than executing it."""
    statement = _UPSERTS.get(dialect)
    if statement is None:
        insert = _INSERTS[dialect](InboxEvent)
        # ON CONFLICT keeps the first copy and only counts the redelivery, on both databases.
        statement = insert.on_conflict_do_update(
            index_elements=["platform", "event_key"],
            set_={"deliveries": InboxEvent.deliveries + insert.excluded.deliveries},
        ).returning(
            InboxEvent.platform, InboxEvent.event_key, InboxEvent.deliveries, InboxEvent.status
        )
        _UPSERTS[dialect] = statement
    return statement


_TABLE = InboxEvent.__tablename__
# PostgreSQL: the batch's rows travel as one JSON document (one C-level `json.dumps`, parsed
# by the server), so the statement's text is the same whatever the batch size. A multi-row
# VALUES changes with each size, and psycopg parses again every long query it has not
# cached: profiled, a third of the writer thread's time, holding the GIL.
_PG_UPSERT = text(
    f"INSERT INTO {_TABLE} (platform, event_key, event_type, payload, status, attempts, "
    "received_at, deliveries) "
    "SELECT platform, event_key, event_type, payload, status, 0, "
    "CAST(:received_at AS timestamptz), deliveries "
    "FROM json_to_recordset(CAST(:rows AS json)) AS r(platform varchar, event_key varchar, "
    "event_type varchar, payload text, status varchar, deliveries integer) "
    "ON CONFLICT (platform, event_key) DO UPDATE "
    f"SET deliveries = {_TABLE}.deliveries + excluded.deliveries "
    "RETURNING platform, event_key, deliveries, status"
)


def _execute_upsert(connection: Connection, rows: list[dict[str, Any]]) -> Any:
    """Insert `rows` (ON CONFLICT counts the redelivery); the rows' key, deliveries, status."""
    if connection.dialect.name == "postgresql":  # every row: attempts 0, the same received_at
        document = json.dumps(
            [{"platform": r["platform"], "event_key": r["event_key"],
              "event_type": r["event_type"], "payload": r["payload"],
              "status": str(r["status"]), "deliveries": r["deliveries"]} for r in rows],
            ensure_ascii=False, separators=(",", ":"),
        )  # fmt: skip
        return connection.execute(
            _PG_UPSERT, {"rows": document, "received_at": rows[0]["received_at"]}
        )
    return connection.execute(_upsert(connection.dialect.name), rows)


@dataclass(frozen=True, slots=True)
class Delivery:
    """The events of one request, for one platform."""

    platform: str
    events: list[RawEvent]
    tables: PlatformTables


def store_deliveries(bind: Engine | Connection, deliveries: list[Delivery]) -> list[Stored]:
    """Insert the events of several deliveries in ONE committed transaction (group commit).

    `bind`: an engine, or a connection the caller keeps between batches (no pool checkout,
    with its ping, per batch).

    Each event is inserted once; a redelivery (in this batch or later) only adds to
    `deliveries`. Returns, per delivery, how many of its events were new.
    """
    counts: dict[tuple[str, str], int] = {}
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    keys_of: list[list[tuple[str, str]]] = []
    now = utcnow()
    for delivery in deliveries:
        keys: list[tuple[str, str]] = []
        for event in delivery.events:
            key = (delivery.platform, bounded_key(event.key))
            counts[key] = counts.get(key, 0) + 1
            if key not in rows:
                rows[key] = {
                    "platform": delivery.platform,
                    "event_key": key[1],
                    "event_type": event.event_type[:80],
                    "payload": event.payload if isinstance(event.payload, str) else json.dumps(
                        event.payload, ensure_ascii=False, separators=(",", ":")
                    ),
                    "status": delivery.tables.initial_status(event.event_type),
                    "attempts": 0,
                    "received_at": now,
                }  # fmt: skip
            if key not in keys:
                keys.append(key)
        keys_of.append(keys)
    returned: dict[tuple[str, str], Any] = {}
    if rows:
        for key, row in rows.items():
            row["deliveries"] = counts[key]
        # Sorted: concurrent batches (several server processes) lock the keys they share in
        # the same order, so they wait for each other instead of deadlocking.
        ordered = [rows[key] for key in sorted(rows)]
        if isinstance(bind, Connection):
            with bind.begin():
                for row in _execute_upsert(bind, ordered):
                    returned[(row.platform, row.event_key)] = row
        else:
            with bind.begin() as connection:
                for row in _execute_upsert(connection, ordered):
                    returned[(row.platform, row.event_key)] = row
    results = []
    claimed: set[tuple[str, str]] = set()  # an event new in this batch is new for one delivery
    for keys in keys_of:
        new = [k for k in keys if returned[k].deliveries == counts[k] and k not in claimed]
        claimed.update(new)
        to_process = sum(1 for k in new if returned[k].status == InboxStatus.RECEIVED)
        results.append(Stored(len(keys), len(new), len(keys) - len(new), to_process))
    return results


def store_events(
    engine: Engine, *, platform: str, events: Iterable[RawEvent], tables: PlatformTables
) -> Stored:
    """Insert one delivery's events once each, in one committed transaction."""
    return store_deliveries(engine, [Delivery(platform, list(events), tables)])[0]


@dataclass(slots=True)
class _Job:
    delivery: Delivery
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[Stored]


def _settle(outcomes: list[tuple[asyncio.Future[Stored], Stored | BaseException]]) -> None:
    for future, result in outcomes:
        if future.done():  # the client went away while we were committing
            continue
        if isinstance(result, BaseException):
            future.set_exception(result)
        else:
            future.set_result(result)


class InboxWriter:
    """One thread commits the deliveries of all concurrent requests together.

    Under load, a single commit (one transaction, one multi-row INSERT) acknowledges many
    requests at once; no request gets its 200 before its own events are committed. Each
    commit then costs the event loop one call (all the batch's futures at once), and wakes
    the processing once, through `on_commit(events to process)`.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        max_batch: int = 256,
        on_commit: Callable[[int], None] | None = None,
    ) -> None:
        self._engine = engine
        self._max_batch = max_batch
        self._on_commit = on_commit
        self._connection: Connection | None = None
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="inbox-writer", daemon=True)
        self._thread.start()

    async def store(self, delivery: Delivery) -> Stored:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Stored] = loop.create_future()
        self._queue.put(_Job(delivery, loop, future))
        return await future

    def stop(self, timeout: float = 5.0) -> None:
        self._queue.put(None)
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                self._disconnect()
                return
            jobs = [job]
            while len(jobs) < self._max_batch:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._queue.put(None)  # stop after this batch
                    break
                jobs.append(more)
            self._commit(jobs)

    def _store(self, deliveries: list[Delivery]) -> list[Stored]:
        # One connection kept between batches: a checkout per batch cost its pre-ping round
        # trip and a good part of the thread's time. A connection found dead (the database
        # restarted) is replaced once, as the pool's pre-ping would have done.
        if self._connection is None:
            self._connection = self._engine.connect()
        try:
            return store_deliveries(self._connection, deliveries)
        except DBAPIError as exc:
            self._disconnect()
            if not exc.connection_invalidated:
                raise
        self._connection = self._engine.connect()
        return store_deliveries(self._connection, deliveries)

    def _disconnect(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None

    def _commit(self, jobs: list[_Job]) -> None:
        try:
            results: list[Stored | BaseException] = list(self._store([j.delivery for j in jobs]))
        except Exception as exc:  # every waiting request gets the error (then a 503)
            results = [exc] * len(jobs)
        to_process = sum(r.to_process for r in results if isinstance(r, Stored))
        if to_process and self._on_commit is not None:
            try:  # committed: the worker may start at once
                self._on_commit(to_process)
            except Exception:  # the worker's own sweep picks the events up
                log.exception("could not wake the inbox worker")
        by_loop: dict[asyncio.AbstractEventLoop, list[Any]] = {}
        for one, result in zip(jobs, results, strict=True):
            by_loop.setdefault(one.loop, []).append((one.future, result))
        for loop, outcomes in by_loop.items():
            with contextlib.suppress(RuntimeError):  # that loop is closed: nobody waits
                loop.call_soon_threadsafe(_settle, outcomes)


_writer_lock = threading.Lock()


def writer_for(app: FastAPI) -> InboxWriter:
    """The app's inbox writer thread, started on first use."""
    writer = getattr(app.state, "inbox_writer", None)
    if writer is not None:
        return writer
    with _writer_lock:
        writer = getattr(app.state, "inbox_writer", None)
        if writer is None:
            writer = InboxWriter(
                engine_for(app.state.settings.database_url),
                on_commit=lambda _count: schedule_processing(app),
            )
            app.state.inbox_writer = writer
    return writer


ACK = '{"statut":"reçu","evenements":%d,"nouveaux":%d,"doublons":%d}'


async def acknowledge(
    request: Inbound,
    *,
    platform: str,
    events: list[RawEvent],
    tables: PlatformTables,
) -> Reply:
    """Commit the events, answer 200; the writer wakes the worker, processing happens there."""
    try:
        stored = await writer_for(request.app).store(Delivery(platform, events, tables))
    except SQLAlchemyError:
        log.exception("%s delivery could not be stored; the platform will retry", platform)
        refuse(503, "Stockage momentanément indisponible, réessayez.", "%s storage error", platform)
    log.info(
        "%s delivery: %d events, %d new, %d duplicates",
        platform, stored.events, stored.new, stored.duplicates,
    )  # fmt: skip
    return Reply((ACK % (stored.events, stored.new, stored.duplicates)).encode())


class _PipeWake:
    """Wake-ups and the stop signal across processes, through one pipe; never blocks the sender.

    `multiprocessing.Event.set()` waits until the sleeping process acknowledges, which
    would stall a request whenever the worker is not scheduled; one byte in a non-blocking
    pipe costs nothing, and a full pipe already means "wake up". Closing the pipe means
    "stop" (the child sees the end of file), so no semaphore outlives a killed server.
    """

    def __init__(self, context: Any) -> None:
        self._reader, self._writer = context.Pipe(duplex=False)
        os.set_blocking(self._writer.fileno(), False)
        self._closed = False

    def set(self) -> None:
        with contextlib.suppress(OSError):  # BlockingIOError: a wake-up is already pending
            self._writer.send_bytes(b"w")

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._writer.close()

    def wait(self, timeout: float) -> bool:
        return self._closed or self._reader.poll(timeout)

    def clear(self) -> None:
        try:
            while self._reader.poll(0):
                self._reader.recv_bytes()
        except (EOFError, OSError):  # the server closed its end: stop
            self._closed = True

    def is_set(self) -> bool:
        """Whether the server asked to stop: checked between batches, so that a stop is
        seen in the middle of a backlog, not after it."""
        if not self._closed:
            try:
                if self._reader.poll(0):
                    self.clear()
            except (EOFError, OSError):
                self._closed = True
        return self._closed

    def __getstate__(self) -> dict[str, Any]:  # the child only needs the reading end
        return {"_reader": self._reader, "_closed": False}


def run_worker_loop(
    drain: Callable[[bool], int],
    wake: Any,
    stop: Any,
    *,
    sweep_seconds: float,
    alive: Callable[[], bool] = lambda: True,
) -> None:
    """Drain new events when woken (or every second: wake-ups may coalesce); retry failed
    ones once per sweep, so that retries are spread over time."""
    last_sweep = float("-inf")  # the first pass picks up whatever a previous process left
    while not stop.is_set() and alive():
        wake.wait(1.0)
        wake.clear()
        if stop.is_set():
            return
        try:
            if time.monotonic() - last_sweep >= sweep_seconds:
                last_sweep = time.monotonic()
                drain(True)
            while drain(False) and not stop.is_set():
                pass
        except Exception:  # keep the worker alive: the next pass retries
            log.exception("inbox worker pass failed")


def _drain_for(database_url: str, max_attempts: int) -> Callable[[bool], int]:
    from core.db import session_factory
    from webhooks.processing import process_pending

    factory = session_factory(database_url)

    def drain(retry_failed: bool) -> int:
        counts = process_pending(
            factory, limit=200, max_attempts=max_attempts, retry_failed=retry_failed
        )
        return sum(counts.values())

    return drain


def _worker_process_main(
    database_url: str, max_attempts: int, wake: _PipeWake, parent: int, sweep: float
) -> None:
    # Receiving (and acknowledging) comes first; processing uses the CPU that is left.
    os.nice(15)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    run_worker_loop(
        _drain_for(database_url, max_attempts), wake, wake, sweep_seconds=sweep,
        alive=lambda: os.getppid() == parent,  # never outlive a killed server
    )  # fmt: skip


class InboxWorker:
    """Processes the inbox after the acknowledgements, in a child process.

    Processing costs several times what receiving does; in a thread it would share the
    server's GIL and delay the acknowledgements. A child process uses another core, at a
    lower priority, and leaves the event loop alone.
    """

    def __init__(
        self, database_url: str, max_attempts: int, *, sweep_seconds: float = 15.0
    ) -> None:
        context = multiprocessing.get_context("spawn")  # fork is unsafe in a threaded server
        self._wake = _PipeWake(context)
        self._process = context.Process(
            target=_worker_process_main,
            args=(database_url, max_attempts, self._wake, os.getpid(), sweep_seconds),
            name="vigie-inbox-worker", daemon=True,
        )  # fmt: skip

    def start(self) -> None:
        self._process.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the worker to finish, then end it: it is gone when this returns (on a loaded
        machine it may still be starting after `timeout`; a terminated worker's claimed
        events are retried by the next one)."""
        self._wake.close()
        self._process.join(timeout)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(timeout)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()

    def is_alive(self) -> bool:
        return self._process.is_alive()


_worker_lock = threading.Lock()


def worker_for(app: FastAPI) -> InboxWorker | None:
    """The app's inbox worker, started on first use; None when the app turned it off."""
    if not getattr(app.state, "inbox_autoprocess", True):
        return None
    with _worker_lock:
        worker = getattr(app.state, "inbox_worker", None)
        if worker is None:
            settings = app.state.settings
            worker = InboxWorker(settings.database_url, settings.inbox_max_attempts)
            worker.start()
            app.state.inbox_worker = worker
    return worker


def schedule_processing(app: FastAPI) -> None:
    worker = worker_for(app)
    if worker is not None:
        worker.wake()
