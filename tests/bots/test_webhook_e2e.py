"""Done when: for each platform, a question sent through the real SDK is answered by a
sandbox agent, the reply comes back through our webhook (the app under uvicorn, the
sandbox delivering to it) and is attached to its exchange."""

from __future__ import annotations

from bots import Outcome, send_exchange, send_followup
from bots.telegram import set_webhook
from core.models import Direction, ExchangeStatus
from tests.bots.conftest import reload, wait_until
from tests.bots.helpers import messages, setup_exchange

S = ExchangeStatus


def _answered(session, exchange):
    def check():
        row = reload(session, exchange)
        return row if row.status == S.ANSWERED else None

    return check


def test_x_reply_arrives_by_webhook(session, sb, tokens, settings, channels, app_server):
    hook = sb.webhook("x", app_server.url + "/webhooks/x", consumer_secret="consumersecret")
    assert hook["valid"], hook  # the CRC handshake with our app succeeded
    persona = sb.account(platform="x", owner="persona", username="claire_m", first_name="Claire")
    sb.account(platform="x", owner="structure", username="MairieTest", profile="exemplary")
    tokens["x:claire"] = persona["token"] + ":secret"
    exchange = setup_exchange(session, channel="twitter", persona_address="@claire_m",
                              persona_id=persona["id"], credentials="x:claire",
                              structure_address="@MairieTest")  # fmt: skip
    assert send_exchange(session, exchange, settings, channels=channels).outcome is Outcome.SENT
    exchange = wait_until(_answered(session, exchange))
    [reply] = messages(session, exchange, Direction.INBOUND)
    assert reply.inbox_event_id is not None  # it came through the webhook inbox
    assert reply.in_reply_to == exchange.thread_key


def test_facebook_reply_arrives_by_webhook_for_an_opted_in_page(
    session, sb, tokens, settings, channels, app_server
):
    hook = sb.webhook("meta", app_server.url + "/webhooks/meta", app_secret="appsecret",
                      verify_token="verify-token")  # fmt: skip
    assert hook["verified"], hook
    persona = sb.account(platform="facebook", owner="persona", name="Claire Martin")
    structure = sb.account(platform="facebook", owner="structure", name="Mairie de Test",
                           profile="exemplary", subscribed=True)  # fmt: skip
    post = sb.post(structure["id"], "Horaires d'été de la mairie.")
    tokens["facebook:claire"] = persona["token"]
    exchange = setup_exchange(
        session, channel="facebook", persona_address=persona["id"], persona_id=persona["id"],
        credentials="facebook:claire", structure_address=structure["id"],
        structure_id=structure["id"], opted_in=True, thread_refs={"post_id": post["id"]},
    )  # fmt: skip
    assert send_exchange(session, exchange, settings, channels=channels).outcome is Outcome.SENT
    exchange = wait_until(_answered(session, exchange))
    replies = messages(session, exchange, Direction.INBOUND)
    assert replies and all(r.inbox_event_id is not None for r in replies)


def test_telegram_reply_arrives_by_webhook(session, sb, tokens, settings, channels, app_server):
    bot = sb.account(platform="telegram", kind="bot", owner="persona", username="claire_bot")
    structure = sb.account(platform="telegram", kind="user", owner="structure",
                           username="mairie_test", profile="exemplary")  # fmt: skip
    chat = sb.chat(type="supergroup", title="Mairie", members=[bot["id"], structure["id"]],
                   owner=structure["id"])  # fmt: skip
    tokens["telegram:claire"] = bot["token"]
    assert set_webhook(settings, bot["token"], f"{app_server.url}/webhooks/telegram/{bot['id']}")
    exchange = setup_exchange(
        session, channel="telegram", persona_address="@claire_bot", persona_id=bot["id"],
        credentials="telegram:claire", structure_address=str(chat["id"]),
        structure_id=structure["id"],
    )  # fmt: skip
    assert send_exchange(session, exchange, settings, channels=channels).outcome is Outcome.SENT
    exchange = wait_until(_answered(session, exchange))
    [reply] = messages(session, exchange, Direction.INBOUND)
    assert reply.inbox_event_id is not None and reply.author_id == structure["id"]


def test_whatsapp_reply_arrives_by_webhook(session, sb, tokens, settings, channels, app_server):
    sb.webhook("meta", app_server.url + "/webhooks/meta", app_secret="appsecret",
               verify_token="verify-token")  # fmt: skip
    business = sb.account(platform="whatsapp", kind="business", owner="persona", name="Claire")
    user = sb.account(platform="whatsapp", kind="user", owner="structure", name="Mairie",
                      profile="exemplary")  # fmt: skip
    tokens["whatsapp:claire"] = business["token"]
    # The Cloud API allows free text only within 24 h of the other side's last message.
    sb.human(user["id"], "Bonjour, la mairie vous répond sur WhatsApp.", to=business["id"])
    exchange = setup_exchange(
        session, channel="whatsapp", persona_address=business["id"], persona_id=business["id"],
        credentials="whatsapp:claire", structure_address=user["id"], structure_id=user["id"],
    )  # fmt: skip
    outcome = send_exchange(session, exchange, settings, channels=channels)
    assert outcome.outcome is Outcome.SENT and outcome.external_id.startswith("wamid.")
    exchange = reload(session, exchange)
    assert exchange.thread_key == f"{business['id']}:{user['id']}"
    exchange = wait_until(_answered(session, exchange))
    replies = [r for r in messages(session, exchange, Direction.INBOUND) if r.inbox_event_id]
    assert replies


def test_messenger_followup_reply_arrives_by_webhook(
    session, sb, tokens, settings, channels, app_server
):
    sb.webhook("meta", app_server.url + "/webhooks/meta", app_secret="appsecret",
               verify_token="verify-token")  # fmt: skip
    page = sb.account(platform="facebook", owner="persona", name="Claire Martin")
    user = sb.account(platform="messenger", owner="structure", name="Mairie de Test",
                      profile="exemplary")  # fmt: skip
    tokens["facebook:claire"] = page["token"]
    sb.human(user["id"], "Écrivez-nous en privé, nous regardons votre dossier.", to=page["id"])
    exchange = setup_exchange(
        session, channel="messenger", persona_address=page["id"], persona_id=page["id"],
        credentials="facebook:claire", structure_address=user["id"], structure_id=user["id"],
        opted_in=True, status=S.SENT, thread_key=f"{page['id']}:{user['id']}",
    )  # fmt: skip
    outcome = send_followup(session, exchange, "Bonjour, comment renouveler ma carte d'identité ?",
                            settings, channels=channels)  # fmt: skip
    assert outcome.outcome is Outcome.SENT
    exchange = wait_until(_answered(session, exchange))
    assert any(r.inbox_event_id for r in messages(session, exchange, Direction.INBOUND))


def _assisted_messenger_task(session, sb, settings, channels, app_server):
    """An assisted Messenger exchange to an opted-in Page whose webhook reaches the app:
    the persona, the Page, the exchange and the auditor's send task."""
    from sqlalchemy import select

    from core.models import AuditorTask, ChannelMode

    sb.webhook("meta", app_server.url + "/webhooks/meta", app_secret="appsecret",
               verify_token="verify-token")  # fmt: skip
    user = sb.account(platform="messenger", owner="persona", name="Claire Martin")
    page = sb.account(platform="facebook", owner="structure", name="Mairie de Test",
                      profile="exemplary", subscribed=True)  # fmt: skip
    exchange = setup_exchange(
        session, channel="messenger", persona_address=user["id"], persona_id=user["id"],
        credentials=None, structure_address=page["id"], structure_id=page["id"],
        opted_in=True, mode=ChannelMode.ASSISTED,
    )  # fmt: skip
    assert send_exchange(session, exchange, settings, channels=channels).outcome is Outcome.ASSIGNED
    task = session.scalar(select(AuditorTask).where(AuditorTask.exchange_id == exchange.id))
    return user, page, exchange, task


def test_assisted_messenger_with_an_opted_in_page_reaches_the_same_state(
    session, sb, tokens, settings, channels, app_server
):
    """The auditor writes by hand; the opted-in Page's webhook brings both the persona's
    message and the reply; confirming the task merges with what the webhook stored."""
    from core.manual import confirm_send
    from core.models import Source

    user, page, exchange, task = _assisted_messenger_task(
        session, sb, settings, channels, app_server
    )

    sb.human(user["id"], task.text, to=page["id"])  # the auditor sends it by hand
    wait_until(lambda: reload(session, exchange).first_reply_at)  # the reply came by webhook
    confirm_send(session, task.id, reload(session, exchange).first_reply_at, None)
    session.commit()

    exchange = reload(session, exchange)
    assert exchange.status == S.ANSWERED
    [question] = messages(session, exchange, Direction.OUTBOUND)  # merged, not doubled
    assert question.external_id.startswith("m_") and question.source == Source.ASSISTED
    assert exchange.thread_refs["outbound"]["0"] == question.external_id
    assert exchange.sent_at == question.platform_time <= exchange.first_reply_at


def test_assisted_send_confirmed_before_the_webhook_copy_is_one_message(
    session, sb, tokens, settings, channels, app_server
):
    """The auditor confirms first; the opted-in Page's echo of the persona's message then
    takes over the confirmed row (the platform's id and time) instead of a second copy,
    and the structure's reply attaches to the exchange."""
    from sqlalchemy import select

    from core.db import utcnow
    from core.manual import confirm_send
    from core.models import AuditLog

    user, page, exchange, task = _assisted_messenger_task(
        session, sb, settings, channels, app_server
    )
    confirm_send(session, task.id, utcnow(), None)
    session.commit()
    [confirmed] = messages(session, exchange, Direction.OUTBOUND)
    manual_id = confirmed.external_id
    assert manual_id.startswith("manual:")

    sb.human(user["id"], task.text, to=page["id"])  # what the auditor really sent
    exchange = wait_until(_answered(session, exchange))
    session.expire_all()
    [question] = messages(session, exchange, Direction.OUTBOUND)  # taken over, not doubled
    assert question.id == confirmed.id and question.external_id.startswith("m_")
    assert question.inbox_event_id is not None
    assert exchange.thread_refs["outbound"]["0"] == question.external_id
    assert exchange.sent_at == question.platform_time <= exchange.first_reply_at
    assert messages(session, exchange, Direction.INBOUND)
    log = session.scalar(select(AuditLog).where(AuditLog.action == "message.platform_copy"))
    assert (log.details["manual_id"], log.details["external_id"]) == (
        manual_id,
        question.external_id,
    )
