"""Telegram through python-telegram-bot against the sandbox: group question, getUpdates,
faults, crash review, and the `vigie telegram` webhook commands."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bots import MemoryCursorStore, Outcome, poll_all, send_exchange, send_followup
from core.models import AuditorTask, DeliveryStatus, Direction, ExchangeStatus, TaskStatus
from tests.bots.conftest import later, reload
from tests.bots.helpers import messages, setup_exchange
from tests.bots.test_x import Crash, CrashAfterSend

S = ExchangeStatus


@pytest.fixture
def accounts(sb, tokens):
    persona = sb.account(platform="telegram", kind="bot", owner="persona", username="claire_bot",
                         first_name="Claire")  # fmt: skip
    structure = sb.account(platform="telegram", kind="user", owner="structure",
                           username="mairie_test", first_name="Mairie", profile="exemplary")  # fmt: skip
    chat = sb.chat(type="supergroup", title="Mairie de Test — questions",
                   members=[persona["id"], structure["id"]], owner=structure["id"])  # fmt: skip
    tokens["telegram:claire"] = persona["token"]
    return persona, structure, chat


def _exchange(session, accounts, **fields):
    # The structure's account: its group chat as the address, its own user id as external id
    # (core.inbound keeps a group message by anyone else as an orphan).
    return setup_exchange(
        session, channel="telegram", persona_address="@claire_bot", persona_id=accounts[0]["id"],
        credentials="telegram:claire", structure_address=str(accounts[2]["id"]),
        structure_id=accounts[1]["id"], **fields,
    )  # fmt: skip


def test_group_question_is_answered_and_polled_with_get_updates(
    session, sb, accounts, settings, channels
):
    exchange = _exchange(session, accounts)
    outcome = send_exchange(session, exchange, settings, channels=channels)
    assert outcome.outcome is Outcome.SENT
    chat_id = str(accounts[2]["id"])
    exchange = reload(session, exchange)
    assert exchange.thread_key == chat_id and outcome.external_id.startswith(chat_id + ":")
    sb.wait_idle()

    cursors = MemoryCursorStore()
    report = poll_all(session, settings, channels=channels, cursors=cursors)
    assert report.received["telegram"] == 1
    exchange = reload(session, exchange)
    assert exchange.status == S.ANSWERED
    [reply] = messages(session, exchange, Direction.INBOUND)
    assert reply.in_reply_to == outcome.external_id and reply.author_id == accounts[1]["id"]
    # The saved offset confirms the update: the next poll gets nothing new.
    assert poll_all(session, settings, channels=channels, cursors=cursors).received["telegram"] == 0


def test_followup_replies_to_the_question(session, sb, accounts, settings, channels):
    exchange = _exchange(session, accounts)
    first = send_exchange(session, exchange, settings, channels=channels)
    outcome = send_followup(session, reload(session, exchange), "Faut-il un rendez-vous ?", settings,
                            channels=channels)  # fmt: skip
    assert outcome.outcome is Outcome.SENT
    [record] = [m for m in sb.messages(platform="telegram") if m["id"] == outcome.external_id]
    assert record["reply_to"] == first.external_id.split(":")[1]


def test_flood_limit_gives_the_retry_time(session, sb, accounts, settings, channels):
    sb.fault("rate_limit", platform="telegram", endpoint="sendMessage", count=1, reset_in=30)
    exchange = _exchange(session, accounts)
    outcome = send_exchange(session, exchange, settings, channels=channels)
    assert outcome.outcome is Outcome.RETRY_AT
    exchange = reload(session, exchange)
    assert (exchange.next_attempt_at - exchange.last_activity_at).total_seconds() >= 30
    assert exchange.status == S.PLANNED
    assert send_exchange(session, exchange, settings, channels=channels).outcome is Outcome.SENT


def test_blocked_bot_makes_the_exchange_unreachable(session, sb, accounts, settings, channels):
    structure = accounts[1]
    sb.fault("blocked", account=structure["id"])
    exchange = setup_exchange(
        session, channel="telegram", persona_address="@claire_bot", persona_id=accounts[0]["id"],
        credentials="telegram:claire", structure_address=structure["id"],
    )  # fmt: skip
    outcome = send_exchange(session, exchange, settings, channels=channels)
    assert outcome.outcome is Outcome.UNREACHABLE
    assert "blocked" in reload(session, exchange).last_error


def test_unknown_chat_makes_the_exchange_unreachable(session, sb, accounts, settings, channels):
    exchange = setup_exchange(
        session, channel="telegram", persona_address="@claire_bot", persona_id=accounts[0]["id"],
        credentials="telegram:claire", structure_address="-100999",
    )  # fmt: skip
    assert (
        send_exchange(session, exchange, settings, channels=channels).outcome is Outcome.UNREACHABLE
    )


def test_a_crash_after_sending_goes_to_review_never_resent(
    session, sb, accounts, settings, channels
):
    exchange = _exchange(session, accounts)
    crashing = {**channels, "telegram": CrashAfterSend(channels["telegram"])}
    with pytest.raises(Crash):
        send_exchange(session, exchange, settings, channels=crashing)
    session.rollback()

    outcome = send_exchange(session, reload(session, exchange), settings, later(minutes=3),
                            channels=channels)  # fmt: skip
    assert outcome.outcome is Outcome.REVIEW
    again = send_exchange(session, reload(session, exchange), settings, later(days=1),
                          channels=channels)  # fmt: skip
    assert again.outcome is Outcome.REVIEW
    sent = sb.messages(platform="telegram", sender=accounts[0]["id"])
    assert len(sent) == 1  # Telegram cannot be searched: never sent a second time
    exchange = reload(session, exchange)
    assert exchange.status == S.SENDING and exchange.next_attempt_at is None
    [task] = session.scalars(
        select(AuditorTask).where(AuditorTask.exchange_id == exchange.id)
    ).all()
    assert task.kind == "verify" and task.status == TaskStatus.OPEN
    [intent] = messages(session, exchange)
    assert intent.delivery_status == DeliveryStatus.PENDING


def test_cli_sets_inspects_and_deletes_the_webhook(sb, accounts, settings, monkeypatch):
    from app.cli import cli
    from core.settings import get_settings

    for key, value in {
        "VIGIE_TELEGRAM_API_BASE_URL": settings.telegram_api_base_url,
        "VIGIE_TELEGRAM_WEBHOOK_SECRET": "s3cret-token_OK",
        "VIGIE_PUBLIC_BASE_URL": "https://vigie.example.fr",
    }.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    runner = CliRunner()
    token = accounts[0]["token"]
    try:
        result = runner.invoke(cli, ["telegram", "set-webhook", "--token", token])
        assert result.exit_code == 0, result.output
        expected = f"https://vigie.example.fr/webhooks/telegram/{accounts[0]['id']}"
        assert expected in result.output
        result = runner.invoke(cli, ["telegram", "info", "--token", token])
        assert result.exit_code == 0 and expected in result.output
        assert "@claire_bot" in result.output
        result = runner.invoke(cli, ["telegram", "delete-webhook", "--token", token])
        assert result.exit_code == 0 and "webhook supprimé" in result.output
        result = runner.invoke(cli, ["telegram", "info", "--token", token])
        assert "(aucun : getUpdates)" in result.output

        monkeypatch.setenv("VIGIE_TELEGRAM_WEBHOOK_SECRET", "")
        get_settings.cache_clear()
        result = runner.invoke(cli, ["telegram", "set-webhook", "--token", token])
        assert result.exit_code == 1 and "sans secret" in result.output
    finally:
        get_settings.cache_clear()


def test_an_operator_confirms_a_reviewed_send_and_the_reply_still_attaches(
    session, sb, accounts, settings, channels
):
    from core.manual import confirm_send

    exchange = _exchange(session, accounts)
    crashing = {**channels, "telegram": CrashAfterSend(channels["telegram"])}
    with pytest.raises(Crash):
        send_exchange(session, exchange, settings, channels=crashing)
    session.rollback()
    send_exchange(session, reload(session, exchange), settings, later(minutes=3), channels=channels)
    task = session.scalar(select(AuditorTask).where(AuditorTask.exchange_id == exchange.id))
    [posted] = sb.messages(platform="telegram", sender=accounts[0]["id"])  # seen on Telegram
    confirm_send(session, task.id, reload(session, exchange).last_activity_at, None,
                 external_id=posted["id"])  # fmt: skip
    session.commit()
    exchange = reload(session, exchange)
    assert exchange.status == S.SENT and exchange.thread_refs["outbound"]["0"] == posted["id"]
    sb.wait_idle()
    poll_all(session, settings, channels=channels, cursors=MemoryCursorStore())
    assert reload(session, exchange).status == S.ANSWERED
