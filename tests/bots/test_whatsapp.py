"""WhatsApp Cloud API through facebook-sdk against the sandbox's Graph API."""

from __future__ import annotations

import pytest

from bots import Outcome, send_exchange, send_followup
from core.models import ExchangeStatus
from tests.bots.conftest import later, reload
from tests.bots.helpers import setup_exchange
from tests.bots.test_x import Crash, CrashAfterSend

S = ExchangeStatus


@pytest.fixture
def accounts(sb, tokens):
    business = sb.account(platform="whatsapp", kind="business", owner="persona", name="Claire")
    user = sb.account(platform="whatsapp", kind="user", owner="structure", name="Mairie",
                      profile="exemplary")  # fmt: skip
    tokens["whatsapp:claire"] = business["token"]
    sb.human(user["id"], "Bonjour, la mairie vous répond sur WhatsApp.", to=business["id"])
    return business, user


def _exchange(session, accounts):
    business, user = accounts
    return setup_exchange(
        session, channel="whatsapp", persona_address=business["id"], persona_id=business["id"],
        credentials="whatsapp:claire", structure_address="+" + user["id"],
    )  # fmt: skip


def test_question_and_followup_through_the_cloud_api(session, sb, accounts, settings, channels):
    business, user = accounts
    exchange = _exchange(session, accounts)
    question = send_exchange(session, exchange, settings, channels=channels)
    assert question.outcome is Outcome.SENT and question.external_id.startswith("wamid.")
    exchange = reload(session, exchange)
    assert exchange.thread_key == f"{business['id']}:{user['id']}"
    followup = send_followup(session, exchange, "Et faut-il un rendez-vous ?", settings,
                             reply_to=question.external_id, channels=channels)  # fmt: skip
    assert followup.outcome is Outcome.SENT
    [record] = [m for m in sb.messages(platform="whatsapp") if m["id"] == followup.external_id]
    assert record["reply_to"] == question.external_id and record["recipient"] == user["id"]


def test_rate_limit_is_transient(session, sb, accounts, settings, channels):
    sb.fault("rate_limit", platform="meta", endpoint="whatsapp_send", count=1)
    exchange = _exchange(session, accounts)
    outcome = send_exchange(session, exchange, settings, channels=channels)
    assert outcome.outcome is Outcome.RETRY_AT and "130429" in outcome.reason
    assert reload(session, exchange).status == S.PLANNED


def test_crash_after_send_goes_to_review(session, sb, accounts, settings, channels):
    exchange = _exchange(session, accounts)
    with pytest.raises(Crash):
        send_exchange(session, exchange, settings,
                      channels={**channels, "whatsapp": CrashAfterSend(channels["whatsapp"])})  # fmt: skip
    session.rollback()
    outcome = send_exchange(session, reload(session, exchange), settings, later(minutes=3),
                            channels=channels)  # fmt: skip
    assert outcome.outcome is Outcome.REVIEW
    sent = [m for m in sb.messages(platform="whatsapp") if m["sender"] == accounts[0]["id"]]
    assert len(sent) == 1
