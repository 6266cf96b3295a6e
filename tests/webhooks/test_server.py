"""Reliability over real HTTP: a uvicorn server in a subprocess on a SQLite file database."""

from __future__ import annotations

import os
import random
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from core.db import make_engine
from core.models import Exchange, ExchangeStatus, InboxEvent, InboxStatus, Message
from tests import factories
from tests.webhooks.conftest import PERSONA_ACCOUNTS, SENT_AT, STRUCTURE_ACCOUNTS
from tests.webhooks.server import start_server, stop_server
from tests.webhooks.wire import body_for, fixture, headers_for, signed


@pytest.fixture
def factory(sqlite_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(sqlite_url)
    yield sessionmaker(engine, expire_on_commit=False)
    engine.dispose()


@pytest.fixture
def server(sqlite_url: str, free_port: int) -> Iterator[str]:
    process = start_server(sqlite_url, free_port, webhook_max_body_bytes="1048576")
    yield f"http://127.0.0.1:{free_port}"
    stop_server(process)


def _wait(predicate: Any, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def _count(factory: sessionmaker[Session], *where: Any) -> int:
    with factory() as session:
        return session.scalar(select(func.count()).select_from(InboxEvent).where(*where))


def test_same_event_50_times_is_stored_once(server: str, factory: sessionmaker[Session]) -> None:
    body, headers = signed("meta", fixture("meta", "messenger__echo"))
    with httpx.Client(base_url=server) as client, ThreadPoolExecutor(8) as pool:
        codes = list(
            pool.map(
                lambda _: client.post("/webhooks/meta", content=body, headers=headers).status_code,
                range(50),
            )
        )
    assert codes == [200] * 50
    with factory() as session:
        (event,) = session.scalars(select(InboxEvent)).all()
    assert event.deliveries == 50
    assert _wait(lambda: _count(factory, InboxEvent.status == InboxStatus.PROCESSED) == 1)
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(Message)) == 1


def test_1000_entries_in_one_batch_are_all_stored(
    server: str, factory: sessionmaker[Session]
) -> None:
    entries = [
        {"id": "100000000000042", "time": 1772447400000, "messaging": [{
            "sender": {"id": f"70000000000{n:05d}"}, "recipient": {"id": "100000000000042"},
            "timestamp": 1772447400000 + n, "message": {"mid": f"m_lot_{n:04d}", "text": f"Question n° {n}"}}]}
        for n in range(1000)
    ]  # fmt: skip
    body, headers = signed("meta", {"object": "page", "entry": entries})
    response = httpx.post(f"{server}/webhooks/meta", content=body, headers=headers, timeout=30)
    assert response.status_code == 200 and response.json()["nouveaux"] == 1000
    assert _count(factory) == 1000  # committed before the 200


def test_out_of_order_deliveries_attach(server: str, factory: sessionmaker[Session]) -> None:
    with factory() as session:
        structure = factories.structure(session, accounts=STRUCTURE_ACCOUNTS)
        persona = factories.persona(session, accounts=PERSONA_ACCOUNTS)
        exchange = factories.exchange(session, channel="twitter", status=ExchangeStatus.SENT, sent_at=SENT_AT,
                                      thread_key="1500000000000001000", structure_row=structure, persona_row=persona)  # fmt: skip
        session.commit()
    with httpx.Client(base_url=server) as client:
        for name in ("tweet_create_events__reply_to_reply", "tweet_create_events__reply"):
            body, headers = signed("x", fixture("x", name))
            assert client.post("/webhooks/x", content=body, headers=headers).status_code == 200

    def attached() -> bool:
        with factory() as session:
            ids = session.scalars(select(Message.exchange_id)).all()
        return len(ids) == 2 and set(ids) == {exchange.id}

    assert _wait(attached)
    with factory() as session:
        assert session.get(Exchange, exchange.id).status == ExchangeStatus.ANSWERED


def test_oversize_is_413_declared_and_streamed(sqlite_url: str, free_port: int) -> None:
    process = start_server(sqlite_url, free_port, webhook_max_body_bytes="4096")
    try:
        body = body_for("meta", {"object": "page", "entry": [], "padding": "é" * 10_000})
        headers = headers_for("meta", body)
        url = f"http://127.0.0.1:{free_port}/webhooks/meta"
        assert httpx.post(url, content=body, headers=headers).status_code == 413
        chunked = httpx.post(
            url,
            content=iter([body[i : i + 1000] for i in range(0, len(body), 1000)]),
            headers=headers,
        )
        assert chunked.status_code == 413
    finally:
        stop_server(process)


NASTY = [
    b"", b"{", b"null", b"[]", b"\"texte\"", b"\xff\xfe\x00", b"[" * 50_000, b'{"object": "page", "entry": [null]}',
    b'{"object": 1, "entry": []}', b'{"for_user_id": {"a": 1}}', b'{"update_id": 1e400}', b"1" * 5000,
    b'{"object":"page","entry":[{"messaging":[{"message":{"mid":["a"]}}]}]}',
    b'{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":[]}]}]}',
    b'{"for_user_id":"1","direct_message_events":[{"id":"1","message_create":[]}]}',
]  # fmt: skip


def test_malformed_bodies_never_yield_a_500(server: str, factory: sessionmaker[Session]) -> None:
    rng = random.Random(5)
    bodies = NASTY + [
        bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300))) for _ in range(30)
    ]
    codes: set[int] = set()
    with httpx.Client(base_url=server) as client:
        for platform in ("x", "meta", "telegram"):
            for body in bodies:
                response = client.post(
                    f"/webhooks/{platform}", content=body, headers=headers_for(platform, body)
                )
                codes.add(response.status_code)
                assert response.status_code < 500, (platform, body[:80], response.text)
    assert 400 in codes
    # what was accepted (valid JSON of a tolerable shape) is stored, and processing never crashes the server
    assert httpx.get(f"{server}/healthz").status_code == 200


@pytest.mark.slow
def test_sigkill_mid_burst_loses_no_acknowledged_event(
    sqlite_url: str, free_port: int, factory: sessionmaker[Session]
) -> None:
    total = 300
    payloads = {
        f"update:{900000 + n}": {"update_id": 900000 + n, "message": {
            "message_id": n, "chat": {"id": 7000000777, "type": "private"}, "date": 1772447400,
            "from": {"id": 7000000777, "is_bot": False, "first_name": "Mairie"}, "text": f"Réponse {n}"}}
        for n in range(total)
    }  # fmt: skip
    acked: set[str] = set()
    lock = threading.Lock()
    process = start_server(sqlite_url, free_port)
    url = f"http://127.0.0.1:{free_port}/webhooks/telegram"

    def send(key: str) -> None:
        body = body_for("telegram", payloads[key])
        try:
            response = httpx.post(
                url, content=body, headers=headers_for("telegram", body), timeout=5
            )
        except httpx.HTTPError:
            return  # the sender will retry it
        if response.status_code == 200:
            with lock:
                acked.add(key)

    def killer() -> None:
        _wait(lambda: len(acked) >= total // 4, 30)
        os.kill(process.pid, signal.SIGKILL)

    thread = threading.Thread(target=killer)
    thread.start()
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(send, payloads))
    thread.join()
    process.wait()
    assert total // 4 <= len(acked) < total, "the kill must land mid-burst"

    process = start_server(sqlite_url, free_port)
    try:
        with factory() as session:
            stored = set(session.scalars(select(InboxEvent.event_key)))
        assert acked <= stored, f"lost {len(acked - stored)} acknowledged events"
        with ThreadPoolExecutor(8) as pool:  # the platform retries what got no 200
            list(pool.map(send, [k for k in payloads if k not in acked]))
        assert acked == set(payloads)
        with factory() as session:
            rows = session.execute(select(InboxEvent.event_key, InboxEvent.status)).all()
        assert len(rows) == total and {k for k, _ in rows} == set(payloads)
        # events acknowledged before the kill but not processed yet are picked up after restart
        assert _wait(
            lambda: _count(factory, InboxEvent.status == InboxStatus.PROCESSED) == total, 60
        )
    finally:
        stop_server(process)
