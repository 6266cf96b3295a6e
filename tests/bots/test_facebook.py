"""Facebook comments and Messenger through facebook-sdk against the sandbox's Graph API."""

from __future__ import annotations

import pytest

from bots import MemoryCursorStore, Outcome, poll_all, send_exchange, send_followup
from core.models import DeliveryStatus, Direction, ExchangeStatus
from tests.bots.conftest import later, reload
from tests.bots.helpers import messages, setup_exchange
from tests.bots.test_x import Crash, CrashAfterSend

S = ExchangeStatus


@pytest.fixture
def accounts(sb, tokens):
    persona = sb.account(platform="facebook", owner="persona", name="Claire Martin")
    structure = sb.account(platform="facebook", owner="structure", name="Mairie de Test",
                           profile="exemplary")  # fmt: skip
    post = sb.post(structure["id"], "Nouveaux horaires de l'accueil de la mairie.")
    tokens["facebook:claire"] = persona["token"]
    return persona, structure, post


def _exchange(session, accounts, **fields):
    persona, structure, post = accounts
    return setup_exchange(
        session, channel="facebook", persona_address=persona["id"], persona_id=persona["id"],
        credentials="facebook:claire", structure_address=structure["id"],
        thread_refs={"post_id": post["id"]}, **fields,
    )  # fmt: skip


def test_comment_is_answered_and_the_reply_is_polled(session, sb, accounts, settings, channels):
    exchange = _exchange(session, accounts)
    outcome = send_exchange(session, exchange, settings, channels=channels)
    assert outcome.outcome is Outcome.SENT
    exchange = reload(session, exchange)
    assert exchange.thread_key == outcome.external_id
    assert exchange.thread_refs["post_id"] == accounts[2]["id"]
    sb.wait_idle()

    report = poll_all(session, settings, channels=channels, cursors=MemoryCursorStore())
    assert report.received["facebook"] >= 1
    exchange = reload(session, exchange)
    assert exchange.status == S.ANSWERED
    replies = messages(session, exchange, Direction.INBOUND)
    assert replies and all(r.author_id == accounts[1]["id"] for r in replies)
    assert replies[0].in_reply_to == exchange.thread_key


def test_followup_is_a_reply_to_the_question_comment(session, sb, accounts, settings, channels):
    exchange = _exchange(session, accounts)
    send_exchange(session, exchange, settings, channels=channels)
    exchange = reload(session, exchange)
    outcome = send_followup(session, exchange, "Merci ! Faut-il un rendez-vous ?", settings,
                            channels=channels)  # fmt: skip
    assert outcome.outcome is Outcome.SENT
    [record] = [m for m in sb.messages(platform="facebook") if m["id"] == outcome.external_id]
    assert record["thread"] == exchange.thread_key


def test_comments_disabled_make_the_exchange_unreachable(session, sb, accounts, settings, channels):
    sb.fault("comments_disabled", post=accounts[2]["id"])
    exchange = _exchange(session, accounts)
    outcome = send_exchange(session, exchange, settings, channels=channels)
    assert outcome.outcome is Outcome.UNREACHABLE
    exchange = reload(session, exchange)
    assert exchange.status == S.UNREACHABLE and "Comments are disabled" in exchange.last_error


def test_page_throttling_is_retried_after_the_announced_time(
    session, sb, accounts, settings, channels
):
    sb.fault("rate_limit", platform="meta", endpoint="comments", count=1, code=32)
    exchange = _exchange(session, accounts)
    outcome = send_exchange(session, exchange, settings, channels=channels)
    assert outcome.outcome is Outcome.RETRY_AT
    exchange = reload(session, exchange)
    # x-business-use-case-usage announced 5 minutes to regain access.
    assert (exchange.next_attempt_at - exchange.last_activity_at).total_seconds() >= 300
    assert send_exchange(session, exchange, settings, channels=channels).outcome is Outcome.SENT


def test_no_duplicate_comment_after_a_crash(session, sb, accounts, settings, channels):
    exchange = _exchange(session, accounts)
    crashing = {**channels, "facebook": CrashAfterSend(channels["facebook"])}
    with pytest.raises(Crash):
        send_exchange(session, exchange, settings, channels=crashing)
    session.rollback()
    outcome = send_exchange(session, reload(session, exchange), settings, later(minutes=3),
                            channels=channels)  # fmt: skip
    assert outcome.outcome is Outcome.SENT
    mine = [m for m in sb.messages(platform="facebook", sender=accounts[0]["id"])]
    assert [m["id"] for m in mine] == [outcome.external_id]
    [message] = messages(session, reload(session, exchange))
    assert message.delivery_status == DeliveryStatus.SENT


@pytest.fixture
def messenger_accounts(sb, tokens):
    page = sb.account(platform="facebook", owner="persona", name="Claire Martin")
    user = sb.account(platform="messenger", owner="structure", name="Mairie de Test",
                      profile="exemplary")  # fmt: skip
    tokens["facebook:claire"] = page["token"]
    return page, user


def _messenger_exchange(session, accounts):
    page, user = accounts
    return setup_exchange(
        session, channel="messenger", persona_address=page["id"], persona_id=page["id"],
        credentials="facebook:claire", structure_address=user["id"], structure_id=user["id"],
        opted_in=True, status=S.SENT,
    )  # fmt: skip


def test_messenger_followup_inside_the_24_hour_window(
    session, sb, messenger_accounts, settings, channels
):
    page, user = messenger_accounts
    sb.human(
        user["id"], "Pouvez-vous nous préciser votre demande en message privé ?", to=page["id"]
    )
    exchange = _messenger_exchange(session, messenger_accounts)
    outcome = send_followup(session, exchange, "J'habite la commune, ma carte expire bientôt.",
                            settings, channels=channels)  # fmt: skip
    assert outcome.outcome is Outcome.SENT
    exchange = reload(session, exchange)
    assert exchange.thread_key == f"{page['id']}:{user['id']}"
    [record] = [m for m in sb.messages(platform="messenger") if m["id"] == outcome.external_id]
    assert record["sender"] == page["id"] and record["recipient"] == user["id"]


def test_messenger_followup_outside_the_window_is_refused(
    session, sb, messenger_accounts, settings, channels
):
    exchange = _messenger_exchange(session, messenger_accounts)
    outcome = send_followup(
        session, exchange, "Bonjour, une précision ?", settings, channels=channels
    )
    assert outcome.outcome is Outcome.UNREACHABLE and "24 h" in outcome.reason
    exchange = reload(session, exchange)
    assert exchange.status == S.SENT  # a refused follow-up does not close the exchange
    assert sb.messages(platform="messenger") == []
