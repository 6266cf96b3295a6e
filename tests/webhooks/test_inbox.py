"""Deliveries become keyed inbox events: one per event, redeliveries counted, types classified."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.db import make_engine
from core.models import InboxEvent
from tests.webhooks.conftest import Poster
from tests.webhooks.wire import fixture
from webhooks.inbox import PlatformTables, RawEvent, store_events


def _events(factory: sessionmaker[Session]) -> list[InboxEvent]:
    with factory() as session:
        return list(session.scalars(select(InboxEvent).order_by(InboxEvent.id)))


@pytest.mark.parametrize(
    ("platform", "name", "keys", "types", "statuses"),
    [
        ("x", "tweet_create_events__reply", ["tweet:1500000000000001001"], ["tweet_create"], ["received"]),
        ("x", "direct_message_events__from_structure", ["dm:1772450000000000001"], ["direct_message"], ["received"]),
        ("x", "tweet_delete_events__reply_deleted", ["tweet_delete:1500000000000001001"], ["tweet_delete"], ["received"]),
        ("x", "favorite_events__like", None, ["favorite_events"], ["ignored"]),
        ("x", "unknown_events__future", None, ["bookmark_events"], ["ignored"]),
        ("meta", "messenger__question", ["mid:m_AbCdQuestion001"], ["messenger.message"], ["received"]),
        ("meta", "messenger__echo", ["mid:m_AbCdReply001"], ["messenger.echo"], ["received"]),
        ("meta", "messenger__standby", ["mid:m_AbCdStandby01"], ["messenger.standby"], ["received"]),
        ("meta", "messenger__message_edit", ["edit:m_AbCdReply001:1"], ["messenger.message_edit"], ["received"]),
        ("meta", "messenger__read", None, ["messenger.read"], ["ignored"]),
        ("meta", "feed__comment_add", ["comment:900000000000001_800000000000002:add"], ["facebook.comment"], ["received"]),
        ("meta", "feed__comment_remove", ["comment:900000000000001_800000000000002:remove"], ["facebook.comment"], ["received"]),
        ("meta", "feed__status", None, ["facebook.feed.status"], ["ignored"]),
        ("meta", "instagram__comment", ["igcomment:17900000000000002"], ["instagram.comment"], ["received"]),
        ("meta", "instagram__message", ["mid:aWdfZAG1faXRlbTox"], ["instagram.echo"], ["received"]),
        ("meta", "whatsapp__message", ["wamid:wamid.HBgLMzMzODAwMDAwMDAVAgASGBQzRUIwQzE2"], ["whatsapp.message"], ["received"]),
        ("meta", "whatsapp__status", ["status:wamid.HBgLQuestion:delivered", "status:wamid.HBgLQuestion:read"],
         ["whatsapp.status", "whatsapp.status"], ["received", "received"]),
        ("meta", "object__unknown", None, ["user.email"], ["ignored"]),
        ("telegram", "message__reply", ["update:870001001"], ["message"], ["received"]),
        ("telegram", "edited_message__correction", ["update:870001003"], ["edited_message"], ["received"]),
        ("telegram", "callback_query__tap", ["update:870001004"], ["callback_query"], ["ignored"]),
        ("telegram", "future_update__unknown", ["update:870001005"], ["future_update"], ["ignored"]),
    ],
)  # fmt: skip
def test_fixture_is_stored_with_its_key_and_type(
    post: Poster, factory: sessionmaker[Session], platform: str, name: str,
    keys: list[str] | None, types: list[str], statuses: list[str],
) -> None:  # fmt: skip
    response = post(platform, name)
    assert response.status_code == 200
    events = _events(factory)
    assert [e.platform for e in events] == [platform] * len(types)
    assert [e.event_type for e in events] == types
    assert [e.status.value for e in events] == statuses
    if keys is not None:
        assert [e.event_key for e in events] == keys


def test_unknown_event_type_is_logged(post: Poster, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING", logger="webhooks"):
        post("x", "unknown_events__future")
    assert "unknown event type 'bookmark_events'" in caplog.text


def test_ignored_type_is_not_logged_as_unknown(
    post: Poster, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("WARNING", logger="webhooks"):
        post("meta", "messenger__read")
    assert "unknown" not in caplog.text


def test_redelivery_is_stored_once_and_counted(
    post: Poster, factory: sessionmaker[Session]
) -> None:
    first = post("meta", "messenger__echo")
    again = [post("meta", "messenger__echo") for _ in range(3)]
    assert first.json()["nouveaux"] == 1
    assert all(r.status_code == 200 and r.json()["doublons"] == 1 for r in again)
    (event,) = _events(factory)
    assert event.deliveries == 4


def test_batch_iterates_every_entry_and_item(post: Poster, factory: sessionmaker[Session]) -> None:
    response = post("meta", "batch__entries")
    assert response.json()["evenements"] == 4
    types = sorted(e.event_type for e in _events(factory))
    assert types == [
        "facebook.comment",
        "messenger.delivery",
        "messenger.echo",
        "messenger.message",
    ]


def test_same_event_twice_in_one_delivery_is_one_row(
    post: Poster, factory: sessionmaker[Session]
) -> None:
    payload = fixture("meta", "messenger__echo")
    payload["entry"] = payload["entry"] * 2
    assert post("meta", payload).json() == {
        "statut": "reçu",
        "evenements": 1,
        "nouveaux": 1,
        "doublons": 0,
    }
    (event,) = _events(factory)
    assert event.deliveries == 2


def test_each_comment_edit_is_a_distinct_event(
    post: Poster, factory: sessionmaker[Session]
) -> None:
    payload = fixture("meta", "feed__comment_edited")
    post("meta", payload)
    payload["entry"][0]["changes"][0]["value"]["message"] = "Deuxième correction."
    post("meta", payload)
    assert len({e.event_key for e in _events(factory)}) == 2


def test_telegram_bot_path_keys_updates_per_bot(client, factory: sessionmaker[Session]) -> None:  # noqa: ANN001
    from tests.webhooks.wire import signed

    body, headers = signed("telegram", fixture("telegram", "message__reply"))
    assert (
        client.post("/webhooks/telegram/7000000001", content=body, headers=headers).status_code
        == 200
    )
    assert (
        client.post("/webhooks/telegram/7000000002", content=body, headers=headers).status_code
        == 200
    )
    assert (
        client.post("/webhooks/telegram/pas-un-bot", content=body, headers=headers).status_code
        == 400
    )
    assert [e.event_key for e in _events(factory)] == [
        "7000000001:update:870001001",
        "7000000002:update:870001001",
    ]


def test_storage_failure_is_503_not_500(post: Poster, client, settings) -> None:  # noqa: ANN001
    from core.db import engine_for

    with engine_for(settings.database_url).begin() as connection:
        connection.exec_driver_sql("DROP TABLE inbox_events")
    response = post("meta", "messenger__echo")
    assert response.status_code == 503
    assert "réessayez" in response.json()["detail"]


def _store(url: str, keys: list[str]) -> Any:
    tables = PlatformTables(normalisers={"t": lambda p, c: []}, ignored=frozenset())
    engine = make_engine(url)
    try:
        return store_events(
            engine,
            platform="test",
            events=[RawEvent(k, "t", {"k": k}) for k in keys],
            tables=tables,
        )
    finally:
        engine.dispose()


def test_store_events_on_conflict_counts_redeliveries(db_url: str) -> None:
    """INSERT … ON CONFLICT on both SQLite and PostgreSQL: new rows, duplicates, counters."""
    first = _store(db_url, ["a", "b", "b"])
    second = _store(db_url, ["b", "c"])
    assert (first.events, first.new, first.duplicates) == (2, 2, 0)
    assert (second.events, second.new, second.duplicates) == (2, 1, 1)
    engine = make_engine(db_url)
    with engine.connect() as connection:
        rows = dict(connection.execute(select(InboxEvent.event_key, InboxEvent.deliveries)).all())
    engine.dispose()
    assert rows == {"a": 1, "b": 3, "c": 1}


def test_store_events_keeps_long_keys_bounded(db_url: str) -> None:
    long_key = "mid:" + "x" * 400
    assert _store(db_url, [long_key, long_key]).new == 1
    assert _store(db_url, [long_key]).duplicates == 1
