"""After the 200: stored events are normalised, recorded and attached; failures retried, then dead."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from app.main import create_app
from core.models import Direction, Exchange, ExchangeStatus, InboxEvent, InboxStatus, Message
from core.settings import Settings
from tests.webhooks.conftest import SENT_AT, Poster, World
from tests.webhooks.wire import fixture, signed
from webhooks import process_event, process_pending


def _messages(factory: sessionmaker[Session]) -> list[Message]:
    with factory() as session:
        return list(session.scalars(select(Message).order_by(Message.id)))


def _exchange(factory: sessionmaker[Session], exchange_id: int) -> Exchange:
    with factory() as session:
        return session.get(Exchange, exchange_id)


def test_x_reply_attaches_and_answers(post: Poster, factory, world: World) -> None:  # noqa: ANN001
    exchange = world.exchange("twitter", "1500000000000001000")
    post("x", "tweet_create_events__reply")
    assert process_pending(factory) == {"processed": 1}
    (message,) = _messages(factory)
    assert (message.exchange_id, message.direction, message.author_name) == (
        exchange.id,
        Direction.INBOUND,
        "MairieStAubin",
    )
    assert message.text.startswith("@claire_martin Bonjour Claire")
    assert _exchange(factory, exchange.id).status == ExchangeStatus.ANSWERED


def test_x_out_of_order_deliveries_attach(post: Poster, factory, world: World) -> None:  # noqa: ANN001
    """The reply-to-reply, then the reply, then the persona's own question tweet."""
    exchange = world.exchange("twitter", None, status=ExchangeStatus.SENDING, sent_at=None)
    for name in ("tweet_create_events__reply_to_reply", "tweet_create_events__reply"):
        post("x", name)
        process_pending(factory)
    assert all(m.exchange_id is None for m in _messages(factory))
    with factory() as session:  # bots/ records the posted question's id
        row = session.get(Exchange, exchange.id)
        row.thread_key, row.status, row.sent_at = (
            "1500000000000001000",
            ExchangeStatus.SENT,
            SENT_AT,
        )
        session.commit()
    post("x", "tweet_create_events__own_question")
    process_pending(factory)
    by_id = {m.external_id: m for m in _messages(factory)}
    assert {m.exchange_id for m in by_id.values()} == {exchange.id}
    assert by_id["1500000000000001000"].direction == Direction.OUTBOUND
    assert _exchange(factory, exchange.id).status == ExchangeStatus.ANSWERED


def test_x_own_question_is_outbound(post: Poster, factory, world: World) -> None:  # noqa: ANN001
    exchange = world.exchange("twitter", "1500000000000001000")
    post("x", "tweet_create_events__own_question")
    process_pending(factory)
    (message,) = _messages(factory)
    assert message.direction == Direction.OUTBOUND and message.exchange_id == exchange.id
    assert _exchange(factory, exchange.id).status == ExchangeStatus.SENT


def test_x_third_party_reply_stays_orphan(post: Poster, factory, world: World) -> None:  # noqa: ANN001
    exchange = world.exchange("twitter", "1500000000000001000")
    post("x", "tweet_create_events__third_party")
    process_pending(factory)
    assert _messages(factory)[0].exchange_id is None
    assert _exchange(factory, exchange.id).status == ExchangeStatus.SENT


def test_x_retweet_is_ignored(post: Poster, factory, world: World) -> None:  # noqa: ANN001
    post("x", "tweet_create_events__retweet")
    assert process_pending(factory) == {"ignored": 1}
    assert _messages(factory) == []


def test_x_dm_attaches_by_participant_pair(post: Poster, factory, world: World) -> None:  # noqa: ANN001
    exchange = world.exchange("twitter", "1500000000000000001-1500000000000000777")
    post("x", "direct_message_events__from_structure")
    process_pending(factory)
    (message,) = _messages(factory)
    assert (message.exchange_id, message.direction, message.is_private) == (
        exchange.id,
        Direction.INBOUND,
        True,
    )


def test_x_tweet_delete_keeps_the_reply(post: Poster, factory, world: World) -> None:  # noqa: ANN001
    world.exchange("twitter", "1500000000000001000")
    post("x", "tweet_create_events__reply")
    post("x", "tweet_delete_events__reply_deleted")
    assert process_pending(factory) == {"processed": 2}
    assert len(_messages(factory)) == 1


def test_messenger_question_then_echo(post: Poster, factory, world: World) -> None:  # noqa: ANN001
    """Assisted Messenger: the auditor's question binds the thread; the Page's echo answers."""
    exchange = world.exchange("messenger", None, mode="assisted")
    post("meta", "messenger__question")
    post("meta", "messenger__echo")
    process_pending(factory)
    question, reply = _messages(factory)
    assert (question.direction, reply.direction) == (Direction.OUTBOUND, Direction.INBOUND)
    assert question.exchange_id == reply.exchange_id == exchange.id
    row = _exchange(factory, exchange.id)
    assert row.thread_key == "100000000000042:7000000000000000101"
    assert row.status == ExchangeStatus.ANSWERED


def test_messenger_standby_and_edit(post: Poster, factory, world: World) -> None:  # noqa: ANN001
    world.exchange("messenger", "100000000000042:7000000000000000101")
    for name in ("messenger__echo", "messenger__standby", "messenger__message_edit"):
        post("meta", name)
    assert process_pending(factory) == {"processed": 3}
    texts = {m.external_id: m.text for m in _messages(factory)}
    assert texts["m_AbCdReply001"].startswith(
        "Bonjour Madame, il faut prendre rendez-vous en ligne"
    )
    assert "m_AbCdStandby01" in texts


def test_page_comment_reply_by_parent_chain_edit_and_remove(
    post: Poster, factory, world: World
) -> None:  # noqa: ANN001
    exchange = world.exchange("facebook", "900000000000001_800000000000001")
    for name in ("feed__comment_add", "feed__comment_edited", "feed__comment_remove"):
        post("meta", name)
    assert process_pending(factory) == {"processed": 3}
    (message,) = _messages(factory)
    assert (message.exchange_id, message.direction) == (exchange.id, Direction.INBOUND)
    assert message.text.startswith("Bonjour Claire")
    assert _exchange(factory, exchange.id).status == ExchangeStatus.ANSWERED


def test_instagram_comment_and_dm(post: Poster, factory, world: World) -> None:  # noqa: ANN001
    comment_exchange = world.exchange("instagram", "17900000000000001")
    dm_exchange = world.exchange("instagram", "17841400000000042:1790000000000101")
    post("meta", "instagram__comment")
    post("meta", "instagram__message")
    process_pending(factory)
    by_id = {m.external_id: m for m in _messages(factory)}
    assert by_id["17900000000000002"].exchange_id == comment_exchange.id
    assert by_id["aWdfZAG1faXRlbTox"].exchange_id == dm_exchange.id
    assert {m.direction for m in by_id.values()} == {Direction.INBOUND}


def test_whatsapp_message_reaction_and_status(post: Poster, factory, world: World) -> None:  # noqa: ANN001
    exchange = world.exchange("whatsapp", "106540352242922:33380000000")
    for name in ("whatsapp__message", "whatsapp__reaction", "whatsapp__status"):
        post("meta", name)
    assert process_pending(factory) == {"processed": 3, "ignored": 1}
    (message,) = _messages(factory)
    assert (message.exchange_id, message.direction, message.author_name) == (
        exchange.id, Direction.INBOUND, "Mairie de Saint-Aubin",
    )  # fmt: skip


def test_telegram_reply_and_edit(post: Poster, factory, world: World) -> None:  # noqa: ANN001
    exchange = world.exchange("telegram", "7000000777")
    post("telegram", "message__reply")
    post("telegram", "edited_message__correction")
    process_pending(factory)
    (message,) = _messages(factory)
    assert message.external_id == "7000000777:42" and message.in_reply_to == "7000000777:41"
    assert message.exchange_id == exchange.id and message.text.endswith("en ligne ou en mairie.")


def test_telegram_group_reply_by_reply_to_message(post: Poster, factory, world: World) -> None:  # noqa: ANN001
    exchange = world.exchange("telegram", "-1001234567890")
    with factory() as session:  # the persona bot's question, as bots/ stores it
        session.add(Message(exchange_id=exchange.id, direction=Direction.OUTBOUND, platform="telegram",
                            external_id="-1001234567890:511", thread_key="-1001234567890", text="Bonjour ?"))  # fmt: skip
        session.commit()
    post("telegram", "message__group_reply")
    process_pending(factory)
    reply = _messages(factory)[1]
    assert (reply.exchange_id, reply.direction) == (exchange.id, Direction.INBOUND)


def test_unknown_stored_type_is_processed_as_ignored(post: Poster, factory, caplog) -> None:  # noqa: ANN001
    post("telegram", "future_update__unknown")
    with factory() as session:  # e.g. replayed by an operator
        session.execute(InboxEvent.__table__.update().values(status="received"))
        session.commit()
    with caplog.at_level("WARNING", logger="webhooks"):
        assert process_pending(factory) == {"ignored": 1}
    assert "unknown type 'future_update'" in caplog.text


def _poison(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        event = InboxEvent(platform="telegram", event_key="update:1", event_type="message",
                           payload='{"update_id": 1, "message": {"pas": "de chat"}}')  # fmt: skip
        session.add(event)
        session.commit()
        return event.id


def test_failing_event_is_retried_then_dead(factory) -> None:  # noqa: ANN001
    event_id = _poison(factory)
    statuses = [process_event(factory, event_id, max_attempts=3) for _ in range(4)]
    assert statuses == [InboxStatus.FAILED, InboxStatus.FAILED, InboxStatus.DEAD, InboxStatus.DEAD]
    with factory() as session:
        event = session.get(InboxEvent, event_id)
        assert event.attempts == 3 and "KeyError" in event.last_error


def test_process_pending_can_leave_failures_for_the_sweep(factory) -> None:  # noqa: ANN001
    event_id = _poison(factory)
    process_event(factory, event_id, max_attempts=5)
    assert process_pending(factory, retry_failed=False) == {}
    assert process_pending(factory, retry_failed=True, max_attempts=5) == {"failed": 1}


def test_crash_mid_processing_still_counts_the_attempt(factory) -> None:  # noqa: ANN001
    """A claimed attempt left in `received` (process died) is retried, and bounded."""
    event_id = _poison(factory)
    with factory() as session:
        session.get(InboxEvent, event_id).attempts = 5
        session.commit()
    assert process_event(factory, event_id, max_attempts=5) == InboxStatus.DEAD


def test_app_processes_after_the_response(settings: Settings, world: World, factory) -> None:  # noqa: ANN001
    exchange = world.exchange("telegram", "7000000777")
    app = create_app(settings)
    with TestClient(app) as client:
        body, headers = signed("telegram", fixture("telegram", "message__reply"))
        assert client.post("/webhooks/telegram", content=body, headers=headers).status_code == 200
        deadline = time.monotonic() + 10
        while (
            time.monotonic() < deadline
            and _exchange(factory, exchange.id).status != ExchangeStatus.ANSWERED
        ):
            time.sleep(0.05)
    assert _exchange(factory, exchange.id).status == ExchangeStatus.ANSWERED
    assert not app.state.inbox_worker.is_alive()


@pytest.mark.parametrize("name", ["whatsapp__status_failed"])
def test_whatsapp_failed_status_marks_the_question(
    post: Poster, factory, world: World, name: str
) -> None:  # noqa: ANN001
    exchange = world.exchange("whatsapp", "106540352242922:33380000000")
    with factory() as session:
        session.add(Message(exchange_id=exchange.id, direction=Direction.OUTBOUND, platform="whatsapp",
                            external_id="wamid.HBgLQuestion", text="Bonjour ?"))  # fmt: skip
        session.commit()
    post("meta", name)
    process_pending(factory)
    assert _messages(factory)[0].delivery_status.value == "failed"


def test_messenger_echo_before_the_question_is_adopted(post: Poster, factory, world: World) -> None:  # noqa: ANN001
    """Meta retries out of order: the Page's reply arrives before the auditor's question."""
    exchange = world.exchange("messenger", None, mode="assisted")
    post("meta", "messenger__echo")
    process_pending(factory)
    assert _messages(factory)[0].exchange_id is None
    post("meta", "messenger__question")
    process_pending(factory)
    assert {m.exchange_id for m in _messages(factory)} == {exchange.id}
    assert _exchange(factory, exchange.id).status == ExchangeStatus.ANSWERED
