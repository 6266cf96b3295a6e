"""Assisted and manual captures reach the same state as automatic ones."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bots import MemoryCursorStore, Outcome, poll_all, send_exchange
from core.db import utcnow
from core.inbound import Outcome as RecordOutcome
from core.manual import CaptureError, capture_reply, confirm_send, record_send
from core.models import (
    AuditLog,
    AuditorTask,
    ChannelMode,
    DeliveryStatus,
    Direction,
    ExchangeStatus,
    Role,
    Source,
    TaskStatus,
    User,
)
from tests.bots.conftest import reload
from tests.bots.helpers import messages, setup_exchange

S = ExchangeStatus


@pytest.fixture
def auditor(session):
    user = User(email="auditrice@vigie.example.fr", name="Anne Auditrice", role=Role.COORDINATOR)
    session.add(user)
    session.commit()
    return user


def _assisted(session, channel="messenger", mode=ChannelMode.ASSISTED, address="mairie.test"):
    return setup_exchange(session, channel=channel, persona_address="claire.martin", persona_id=None,
                          credentials=None, structure_address=address, mode=mode,
                          planned_at=utcnow() + timedelta(hours=2))  # fmt: skip


def _shape(session, exchange):
    """What grading and scoring read: status, times set, and the messages' sides."""
    exchange = reload(session, exchange)
    rows = messages(session, exchange)
    return {
        "status": exchange.status,
        "sent_at": exchange.sent_at is not None,
        "first_reply_at": exchange.first_reply_at is not None,
        "messages": [(m.direction, m.delivery_status) for m in rows],
    }


def test_assisted_send_creates_one_task_with_text_target_link_and_due_time(session, settings):
    exchange = _assisted(session)
    first = send_exchange(session, exchange, settings)
    second = send_exchange(session, reload(session, exchange), settings)
    assert first.outcome is second.outcome is Outcome.ASSIGNED
    [task] = session.scalars(
        select(AuditorTask).where(AuditorTask.exchange_id == exchange.id)
    ).all()
    assert task.kind == "send" and task.status == TaskStatus.OPEN
    assert task.text == "Bonjour, comment renouveler ma carte d'identité ?"
    assert task.target == "mairie.test" and task.link == "https://m.me/mairie.test"
    assert task.due_at == reload(session, exchange).planned_at
    exchange = reload(session, exchange)
    assert exchange.status == S.SENDING and exchange.next_attempt_at is None
    [intent] = messages(session, exchange)
    assert intent.delivery_status == DeliveryStatus.PENDING and intent.source == Source.ASSISTED


def test_confirm_then_paste_reaches_the_automatic_state(session, settings, auditor):
    exchange = _assisted(session)
    send_exchange(session, exchange, settings)
    task = session.scalar(select(AuditorTask).where(AuditorTask.exchange_id == exchange.id))
    sent_at = utcnow() - timedelta(hours=3)
    confirm_send(session, task.id, sent_at, auditor)
    session.commit()
    exchange = reload(session, exchange)
    assert exchange.status == S.SENT and exchange.sent_at == sent_at
    assert (
        reload(session, task).status == TaskStatus.DONE
        and reload(session, task).done_by == auditor.id
    )

    replied_at = sent_at + timedelta(minutes=95)
    result = capture_reply(session, exchange.id, "Bonjour Madame, sur rendez-vous en mairie.",
                           replied_at, auditor)  # fmt: skip
    session.commit()
    assert result.outcome is RecordOutcome.ATTACHED and result.answered
    exchange = reload(session, exchange)
    assert exchange.status == S.ANSWERED and exchange.first_reply_at == replied_at
    [question, reply] = messages(session, exchange)
    assert question.source == Source.ASSISTED and question.platform_time == sent_at
    assert reply.direction == Direction.INBOUND and reply.source == Source.MANUAL
    assert _shape(session, exchange) == {
        "status": S.ANSWERED, "sent_at": True, "first_reply_at": True,
        "messages": [(Direction.OUTBOUND, DeliveryStatus.SENT), (Direction.INBOUND, DeliveryStatus.SENT)],
    }  # fmt: skip
    actions = set(session.scalars(select(AuditLog.action)))
    assert {"exchange.send_confirmed", "exchange.reply_captured"} <= actions


def test_pasting_the_same_reply_twice_stores_it_once(session, settings, auditor):
    exchange = _assisted(session)
    record_send(
        session, exchange.id, "Bonjour, une question ?", utcnow() - timedelta(hours=1), auditor
    )
    at = utcnow() - timedelta(minutes=10)
    capture_reply(session, exchange.id, "Réponse de la mairie.", at, auditor)
    again = capture_reply(session, exchange.id, "Réponse de la mairie.", at, auditor)
    session.commit()
    assert again.outcome is RecordOutcome.DUPLICATE
    assert len(messages(session, reload(session, exchange), Direction.INBOUND)) == 1


@pytest.mark.parametrize(("channel", "address", "link"), [
    ("email", "accueil@mairie.example.fr", "mailto:accueil@mairie.example.fr?body="),
    ("phone", "03 80 00 00 00", "tel:0380000000"),
])  # fmt: skip
def test_manual_channels_work_like_any_other(session, settings, auditor, channel, address, link):
    exchange = _assisted(session, channel=channel, mode=ChannelMode.MANUAL, address=address)
    assert send_exchange(session, exchange, settings).outcome is Outcome.ASSIGNED
    task = session.scalar(select(AuditorTask).where(AuditorTask.exchange_id == exchange.id))
    assert task.link.startswith(link)
    sent_at = utcnow() - timedelta(days=1)
    message = confirm_send(session, task.id, sent_at, auditor)
    assert message.source == Source.MANUAL
    capture_reply(
        session, exchange.id, "Bonjour, voici la réponse.", sent_at + timedelta(hours=5), auditor
    )
    session.commit()
    exchange = reload(session, exchange)
    assert exchange.status == S.ANSWERED
    assert (exchange.first_reply_at - exchange.sent_at) == timedelta(hours=5)


def test_capture_refuses_what_the_data_does_not_allow(session, settings, auditor):
    exchange = _assisted(session)
    send_exchange(session, exchange, settings)
    task = session.scalar(select(AuditorTask).where(AuditorTask.exchange_id == exchange.id))
    with pytest.raises(CaptureError, match="Confirmez d'abord l'envoi"):
        capture_reply(session, exchange.id, "Réponse", utcnow(), auditor)
    with pytest.raises(CaptureError, match="fuseau horaire"):
        confirm_send(session, task.id, utcnow().replace(tzinfo=None), auditor)
    with pytest.raises(CaptureError, match="dans le futur"):
        confirm_send(session, task.id, utcnow() + timedelta(hours=1), auditor)
    sent_at = utcnow() - timedelta(hours=1)
    confirm_send(session, task.id, sent_at, auditor)
    with pytest.raises(CaptureError, match="déjà close"):
        confirm_send(session, task.id, sent_at, auditor)
    with pytest.raises(CaptureError, match="précéder"):
        capture_reply(session, exchange.id, "Réponse", sent_at - timedelta(minutes=1), auditor)


def test_an_automatic_exchange_and_an_assisted_one_end_in_the_same_state(
    session, sb, tokens, settings, channels, auditor
):
    persona = sb.account(platform="x", owner="persona", username="claire_m", first_name="Claire")
    sb.account(platform="x", owner="structure", username="MairieTest", profile="exemplary")
    tokens["x:claire"] = persona["token"] + ":s"
    automatic = setup_exchange(session, channel="twitter", persona_address="@claire_m",
                               persona_id=persona["id"], credentials="x:claire",
                               structure_address="@MairieTest")  # fmt: skip
    send_exchange(session, automatic, settings, channels=channels)
    sb.wait_idle()
    poll_all(session, settings, channels=channels, cursors=MemoryCursorStore())

    assisted = _assisted(session, channel="twitter", address="@MairieTest")
    send_exchange(session, assisted, settings, channels={})  # assisted mode: a task
    task = session.scalar(select(AuditorTask).where(AuditorTask.exchange_id == assisted.id))
    sent_at = utcnow() - timedelta(minutes=30)
    confirm_send(session, task.id, sent_at, auditor)
    capture_reply(session, assisted.id, "Bonjour Claire, sur rendez-vous.", sent_at + timedelta(minutes=20),
                  auditor, source=Source.ASSISTED)  # fmt: skip
    session.commit()
    assert _shape(session, automatic) == _shape(session, assisted)
