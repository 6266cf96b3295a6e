"""X through tweepy against the sandbox: question, reply by polling, faults, no double send."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from bots import DbCursorStore, MemoryCursorStore, Outcome, poll_all, send_exchange, send_followup
from core.db import utcnow
from core.models import DeliveryStatus, Direction, ExchangeStatus
from tests.bots.conftest import later, reload
from tests.bots.helpers import messages, setup_exchange

S = ExchangeStatus


@pytest.fixture
def accounts(sb, tokens):
    persona = sb.account(platform="x", owner="persona", username="claire_m",
                         first_name="Claire", last_name="Martin")  # fmt: skip
    structure = sb.account(platform="x", owner="structure", username="MairieTest",
                           name="Mairie de Test", profile="exemplary")  # fmt: skip
    tokens["x:claire"] = persona["token"] + ":secret"
    return persona, structure


def _exchange(session, accounts, **fields):
    persona, structure = accounts
    return setup_exchange(
        session, channel="twitter", persona_address="@claire_m", persona_id=None,
        credentials="x:claire", structure_address="@MairieTest", **fields,
    )  # fmt: skip


def _tweets(sb, persona):
    return [
        m
        for m in sb.messages(platform="x", sender=persona["id"])
        if m["kind"] in ("tweet", "reply")
    ]


def test_mention_is_answered_and_the_reply_comes_back_by_polling(
    session, sb, accounts, settings, channels
):
    exchange = _exchange(session, accounts)
    outcome = send_exchange(session, exchange, settings, channels=channels)
    assert outcome.outcome is Outcome.SENT
    exchange = reload(session, exchange)
    assert exchange.status == S.SENT and exchange.sent_at is not None
    assert exchange.thread_key == outcome.external_id
    [question] = messages(session, exchange)
    assert (
        question.text.startswith("@MairieTest ") and question.delivery_status == DeliveryStatus.SENT
    )
    sb.wait_idle()

    report = poll_all(session, settings, channels=channels)  # cursors in the database
    assert report.received["twitter"] == 1 and not report.errors
    assert DbCursorStore(session).load("twitter")  # where the next poll starts
    exchange = reload(session, exchange)
    assert exchange.status == S.ANSWERED
    [reply] = messages(session, exchange, Direction.INBOUND)
    assert reply.text.startswith("@claire_m") and reply.in_reply_to == exchange.thread_key
    assert exchange.first_reply_at == reply.platform_time


def test_polling_twice_stores_each_reply_once(session, sb, accounts, settings, channels):
    exchange = _exchange(session, accounts)
    send_exchange(session, exchange, settings, channels=channels)
    sb.wait_idle()
    store = MemoryCursorStore()
    poll_all(session, settings, channels=channels, cursors=store)
    poll_all(session, settings, channels=channels, cursors=MemoryCursorStore())  # cursor lost
    assert len(messages(session, reload(session, exchange), Direction.INBOUND)) == 1
    assert store.load("twitter")["mentions"]


def test_dm_question(session, sb, accounts, settings, channels):
    exchange = _exchange(session, accounts, thread_refs={"via": "dm"})
    assert send_exchange(session, exchange, settings, channels=channels).outcome is Outcome.SENT
    exchange = reload(session, exchange)
    persona, structure = accounts
    low, high = sorted((persona["id"], structure["id"]), key=int)
    assert exchange.thread_key == f"{low}-{high}"
    sb.wait_idle()
    poll_all(session, settings, channels=channels, cursors=MemoryCursorStore())
    exchange = reload(session, exchange)
    assert exchange.status == S.ANSWERED
    assert all(m.is_private for m in messages(session, exchange, Direction.INBOUND))


def test_followup_is_a_reply_in_the_thread(session, sb, accounts, settings, channels):
    exchange = _exchange(session, accounts)
    send_exchange(session, exchange, settings, channels=channels)
    exchange = reload(session, exchange)
    outcome = send_followup(session, exchange, "Merci, et faut-il prendre rendez-vous ?", settings,
                            channels=channels)  # fmt: skip
    assert outcome.outcome is Outcome.SENT
    followup = [m for m in _tweets(sb, accounts[0]) if m["id"] == outcome.external_id][0]
    assert followup["reply_to"] == exchange.thread_key
    exchange = reload(session, exchange)
    assert exchange.turns == 1 and exchange.thread_refs["outbound"]["1"] == outcome.external_id


def test_rate_limit_returns_the_reset_time_without_sleeping(
    session, sb, accounts, settings, channels
):
    sb.fault("rate_limit", platform="x", endpoint="create_tweet", count=1, reset_in=120)
    exchange = _exchange(session, accounts)
    before = utcnow()
    outcome = send_exchange(session, exchange, settings, channels=channels)
    assert outcome.outcome is Outcome.RETRY_AT
    assert before + timedelta(seconds=100) < outcome.retry_at < before + timedelta(seconds=160)
    assert (utcnow() - before).total_seconds() < 5  # it did not wait for the window
    exchange = reload(session, exchange)
    assert exchange.status == S.PLANNED and exchange.attempts == 1
    assert exchange.next_attempt_at == outcome.retry_at and "429" in exchange.last_error
    assert _tweets(sb, accounts[0]) == []

    # Within the window the channel refuses locally: the fault (count=1) is not even reached.
    again = send_exchange(session, reload(session, exchange), settings, channels=channels)
    assert again.outcome is Outcome.RETRY_AT and "fenêtre" in again.reason
    channels["twitter"].now = lambda: time.time() + 200  # the window has reset
    assert send_exchange(session, exchange, settings, channels=channels).outcome is Outcome.SENT
    assert reload(session, exchange).attempts == 3 and len(_tweets(sb, accounts[0])) == 1


def test_server_error_backs_off_exponentially(session, sb, accounts, settings, channels):
    sb.fault("server_error", platform="x", endpoint="create_tweet", count=2, status=503)
    exchange = _exchange(session, accounts)
    first = send_exchange(session, exchange, settings, channels=channels)
    second = send_exchange(session, reload(session, exchange), settings, channels=channels)
    assert first.outcome is second.outcome is Outcome.RETRY_AT
    now = utcnow()
    assert timedelta(seconds=40) < first.retry_at - now < timedelta(seconds=80)
    assert timedelta(seconds=90) < second.retry_at - now < timedelta(seconds=150)
    assert (
        send_exchange(session, reload(session, exchange), settings, channels=channels).outcome
        is Outcome.SENT
    )


def test_closed_dms_make_the_exchange_unreachable(session, sb, accounts, settings, channels):
    sb.fault("dm_closed", account=accounts[1]["id"])
    exchange = _exchange(session, accounts, thread_refs={"via": "dm"})
    outcome = send_exchange(session, exchange, settings, channels=channels)
    assert outcome.outcome is Outcome.UNREACHABLE
    exchange = reload(session, exchange)
    assert exchange.status == S.UNREACHABLE and exchange.closed_at is not None
    assert "You cannot send messages to this user" in exchange.last_error
    [intent] = messages(session, exchange)
    assert intent.delivery_status == DeliveryStatus.FAILED


def test_unknown_account_makes_the_exchange_unreachable(session, sb, accounts, settings, channels):
    sb.fault("unknown_account", account=accounts[1]["id"])
    exchange = _exchange(session, accounts, thread_refs={"via": "dm"})
    outcome = send_exchange(session, exchange, settings, channels=channels)
    assert outcome.outcome is Outcome.UNREACHABLE
    assert reload(session, exchange).status == S.UNREACHABLE


class Crash(Exception):
    """The process dies after the platform accepted the message, before the commit."""


class CrashAfterSend:
    def __init__(self, channel):
        self.channel = channel
        self.name = channel.name

    def compose(self, ctx, text):
        return self.channel.compose(ctx, text)

    def send(self, ctx, text, *, reply_to=None):
        self.channel.send(ctx, text, reply_to=reply_to)
        raise Crash


@pytest.mark.parametrize("via", ["mention", "dm"])
def test_no_duplicate_after_a_crash_between_the_platform_call_and_the_commit(
    session, sb, accounts, settings, channels, via
):
    exchange = _exchange(session, accounts, thread_refs={"via": via})
    crashing = {**channels, "twitter": CrashAfterSend(channels["twitter"])}
    with pytest.raises(Crash):
        send_exchange(session, exchange, settings, channels=crashing)
    session.rollback()
    exchange = reload(session, exchange)
    assert exchange.status == S.SENDING  # the intent was committed before the call
    [intent] = messages(session, exchange)
    assert intent.delivery_status == DeliveryStatus.PENDING
    assert intent.external_id == f"pending:{exchange.id}:0"
    # Right away, the worker that crashed may still be in flight: nobody touches it.
    wait = send_exchange(session, exchange, settings, channels=channels)
    assert wait.outcome is Outcome.RETRY_AT and wait.retry_at == exchange.next_attempt_at

    outcome = send_exchange(session, exchange, settings, later(minutes=3), channels=channels)
    assert outcome.outcome is Outcome.SENT
    sent = [m for m in sb.messages(platform="x", sender=accounts[0]["id"])]
    assert len(sent) == 1 and sent[0]["id"] == outcome.external_id
    exchange = reload(session, exchange)
    assert exchange.status == S.SENT and exchange.attempts == 1
    [message] = messages(session, exchange)
    assert message.external_id == outcome.external_id


def test_timeout_after_sending_is_reconciled_not_resent(session, sb, accounts, settings, channels):
    settings_fast = settings
    channel = channels["twitter"]
    sb.fault("timeout", platform="x", endpoint="create_tweet", count=1, delay=1.5)
    exchange = _exchange(session, accounts)
    from bots.http import session_for

    original = channel.client

    def short_timeout_client(account):
        client = original(account)
        client.session = session_for(
            "https://api.twitter.com/", settings_fast.x_api_base_url, timeout=0.5
        )
        return client

    channel.client = short_timeout_client
    outcome = send_exchange(session, exchange, settings, channels=channels)
    assert outcome.outcome is Outcome.RETRY_AT
    exchange = reload(session, exchange)
    assert exchange.status == S.SENDING  # it may have gone out: keep the intent pending
    channel.client = original
    time.sleep(1.2)  # the sandbox finishes handling the abandoned request
    outcome = send_exchange(session, exchange, settings, later(minutes=3), channels=channels)
    assert outcome.outcome is Outcome.SENT
    [tweet] = _tweets(sb, accounts[0])  # found on the platform, not posted again
    assert tweet["id"] == outcome.external_id


def test_snowflake_time_reads_the_creation_time_of_x_ids():
    from datetime import UTC, datetime

    from bots.x import TWITTER_EPOCH_MS, snowflake_time

    created = datetime(2026, 3, 2, 9, 30, 15, 250000, tzinfo=UTC)
    ms = int(created.timestamp() * 1000) - TWITTER_EPOCH_MS
    assert snowflake_time(str(ms << 22 | 0b1011_0000_1111)) == created
    assert (
        snowflake_time("42") is None
        and snowflake_time(None) is None
        and snowflake_time("x") is None
    )
