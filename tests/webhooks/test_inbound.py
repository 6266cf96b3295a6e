"""core.inbound: idempotent storage, direction, correlation, orphans, exchange updates.

Runs on SQLite and, under the `postgres` marker, on PostgreSQL (the `session` fixture).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.inbound import (
    AttachError,
    DeliveryUpdate,
    InboundMessage,
    MessageKind,
    Outcome,
    adopt_orphans,
    attach_orphan,
    decide_direction,
    dm_pair_key,
    record_delivery_status,
    record_inbound,
)
from core.models import AuditLog, DeliveryStatus, Direction, Exchange, ExchangeStatus, Message
from tests import factories
from tests.webhooks.conftest import PERSONA_ACCOUNTS, QUESTION, SENT_AT, STRUCTURE_ACCOUNTS

T0 = SENT_AT + timedelta(hours=1)
PERSONA_X, STRUCTURE_X = PERSONA_ACCOUNTS["twitter"][1], STRUCTURE_ACCOUNTS["twitter"][1]


@pytest.fixture
def parties(session: Session) -> tuple[Any, Any]:
    structure = factories.structure(session, accounts=STRUCTURE_ACCOUNTS)
    persona = factories.persona(session, accounts=PERSONA_ACCOUNTS)
    return structure, persona


def _exchange(
    session: Session, parties: tuple[Any, Any], channel: str, key: str | None, **fields: Any
) -> Exchange:
    fields.setdefault("status", ExchangeStatus.SENT)
    fields.setdefault("sent_at", SENT_AT)
    fields.setdefault("question_text", QUESTION)
    return factories.exchange(
        session,
        channel=channel,
        thread_key=key,
        structure_row=parties[0],
        persona_row=parties[1],
        **fields,
    )


def _msg(**fields: Any) -> InboundMessage:
    values: dict[str, Any] = {
        "platform": "twitter", "external_id": "r1", "text": "Bonjour, sur rendez-vous.",
        "received_at": T0, "platform_time": T0, "author_id": STRUCTURE_X, "recipient_id": PERSONA_X,
    }  # fmt: skip
    values.update(fields)
    return InboundMessage(**values)


def test_reply_by_in_reply_to_attaches_and_answers(session: Session, parties: Any) -> None:
    exchange = _exchange(session, parties, "twitter", "q1")
    result = record_inbound(session, _msg(in_reply_to="q1"))
    assert (result.outcome, result.exchange_id, result.direction, result.answered) == (
        Outcome.ATTACHED, exchange.id, Direction.INBOUND, True,
    )  # fmt: skip
    assert exchange.status == ExchangeStatus.ANSWERED
    assert exchange.first_reply_at == T0 and exchange.last_activity_at == T0
    stored = session.get(Message, result.message_id)
    assert stored.thread_key == "q1" and stored.exchange_id == exchange.id


def test_same_message_twice_is_stored_once(session: Session, parties: Any) -> None:
    _exchange(session, parties, "twitter", "q1")
    first = record_inbound(session, _msg(in_reply_to="q1"))
    second = record_inbound(session, _msg(in_reply_to="q1", text="autre texte"))
    assert second.outcome == Outcome.DUPLICATE and second.message_id == first.message_id
    assert len(session.scalars(select(Message)).all()) == 1


def test_persona_own_message_is_never_a_reply(session: Session, parties: Any) -> None:
    exchange = _exchange(session, parties, "twitter", "q1")
    result = record_inbound(
        session, _msg(external_id="q1", author_id=PERSONA_X, is_echo=True, thread_key="q1")
    )
    assert result.direction == Direction.OUTBOUND and result.exchange_id == exchange.id
    assert exchange.status == ExchangeStatus.SENT and exchange.first_reply_at is None


def test_persona_matched_by_handle_only(session: Session, parties: Any) -> None:
    exchange = _exchange(session, parties, "twitter", "q1")
    result = record_inbound(
        session,
        _msg(author_id="999", author_name="Claire_Martin", in_reply_to="q1", recipient_id=None),
    )
    assert result.direction == Direction.OUTBOUND
    assert exchange.status == ExchangeStatus.SENT


def test_persona_of_the_exchange_by_thread_refs(session: Session, parties: Any) -> None:
    exchange = _exchange(session, parties, "messenger", "P:U", thread_refs={"persona_user_id": "U"})
    result = record_inbound(session, _msg(platform="messenger", external_id="m1", thread_key="P:U",
                                          author_id="U", recipient_id="P", is_private=True, is_echo=True))  # fmt: skip
    assert result.direction == Direction.OUTBOUND and result.exchange_id == exchange.id


def test_unmatched_message_is_kept_as_orphan(session: Session, parties: Any) -> None:
    result = record_inbound(session, _msg(in_reply_to="inconnu"))
    assert result.outcome == Outcome.ORPHAN and result.exchange_id is None
    assert session.get(Message, result.message_id).exchange_id is None


def test_out_of_order_reply_chain_is_adopted(session: Session, parties: Any) -> None:
    """reply-to-reply arrives first, then the reply, then the persona's question."""
    exchange = _exchange(
        session, parties, "twitter", None, status=ExchangeStatus.SENDING, sent_at=None
    )
    grandchild = record_inbound(
        session, _msg(external_id="r2", in_reply_to="r1", platform_time=T0 + timedelta(minutes=5))
    )
    child = record_inbound(session, _msg(external_id="r1", in_reply_to="q1"))
    assert grandchild.outcome == child.outcome == Outcome.ORPHAN
    exchange.thread_key = "q1"  # what bots/ does once the question is posted
    exchange.status = ExchangeStatus.SENT
    exchange.sent_at = SENT_AT
    adopted = adopt_orphans(session, exchange.id)
    assert set(adopted) == {child.message_id, grandchild.message_id}
    assert exchange.status == ExchangeStatus.ANSWERED
    assert exchange.first_reply_at == T0 and exchange.last_activity_at == T0 + timedelta(minutes=5)


def test_question_arriving_after_its_reply_adopts_it(session: Session, parties: Any) -> None:
    exchange = _exchange(session, parties, "twitter", "q1")
    reply = record_inbound(session, _msg(external_id="r2", in_reply_to="r1"))
    assert reply.outcome == Outcome.ORPHAN
    parent = record_inbound(
        session, _msg(external_id="r1", in_reply_to="q1", platform_time=T0 - timedelta(minutes=1))
    )
    assert parent.adopted == (reply.message_id,)
    assert session.get(Message, reply.message_id).exchange_id == exchange.id
    assert exchange.first_reply_at == T0 - timedelta(minutes=1)


def test_third_party_public_reply_is_not_attached(session: Session, parties: Any) -> None:
    exchange = _exchange(session, parties, "twitter", "q1")
    result = record_inbound(session, _msg(author_id="555", author_name="voisin", in_reply_to="q1"))
    assert result.outcome == Outcome.ORPHAN
    assert exchange.status == ExchangeStatus.SENT


def test_pair_thread_picks_the_exchange_sent_before_the_message(
    session: Session, parties: Any
) -> None:
    key = dm_pair_key(PERSONA_X, STRUCTURE_X)
    older = _exchange(
        session,
        parties,
        "twitter",
        key,
        sent_at=SENT_AT - timedelta(days=60),
        status=ExchangeStatus.CLOSED_NO_REPLY,
    )
    current = _exchange(session, parties, "twitter", key)
    later = _exchange(session, parties, "twitter", key, sent_at=SENT_AT + timedelta(days=60))
    result = record_inbound(session, _msg(thread_key=key, is_private=True))
    assert result.exchange_id == current.id
    assert {older.status, later.status} == {ExchangeStatus.CLOSED_NO_REPLY, ExchangeStatus.SENT}


def test_pair_thread_message_before_any_question_is_orphan(session: Session, parties: Any) -> None:
    key = dm_pair_key(PERSONA_X, STRUCTURE_X)
    _exchange(session, parties, "twitter", key)
    result = record_inbound(
        session, _msg(thread_key=key, is_private=True, platform_time=SENT_AT - timedelta(days=2))
    )
    assert result.outcome == Outcome.ORPHAN


def test_late_reply_after_closing_is_stored_without_reopening(
    session: Session, parties: Any
) -> None:
    exchange = _exchange(session, parties, "twitter", "q1", status=ExchangeStatus.CLOSED_NO_REPLY)
    result = record_inbound(session, _msg(in_reply_to="q1"))
    assert result.outcome == Outcome.ATTACHED and not result.answered
    assert exchange.status == ExchangeStatus.CLOSED_NO_REPLY


def test_assisted_question_binds_the_thread_then_echo_attaches(
    session: Session, parties: Any
) -> None:
    page = STRUCTURE_ACCOUNTS["messenger"][1]
    exchange = _exchange(session, parties, "messenger", None, mode="assisted")
    question = record_inbound(session, _msg(
        platform="messenger", external_id="m_q", text="Bonjour,  comment renouveler ma carte d'identité ?",
        thread_key=f"{page}:PSID1", author_id="PSID1", recipient_id=page, is_private=True,
        platform_time=SENT_AT,
    ))  # fmt: skip
    assert question.direction == Direction.OUTBOUND and question.exchange_id == exchange.id
    assert exchange.thread_key == f"{page}:PSID1"
    echo = record_inbound(session, _msg(
        platform="messenger", external_id="m_r", thread_key=f"{page}:PSID1", author_id=page,
        recipient_id=page, is_private=True, is_echo=True,
    ))  # fmt: skip
    assert (echo.direction, echo.exchange_id, echo.answered) == (
        Direction.INBOUND,
        exchange.id,
        True,
    )


def test_copy_of_a_confirmed_question_takes_its_row_and_adopts_the_early_reply(
    session: Session, parties: Any
) -> None:
    """The auditor confirmed by hand; the Page's reply came first (an orphan: the thread
    was unknown); the platform's copy of the question then takes the confirmed row over,
    binds the thread and brings the reply in."""
    from core.models import Message

    page = STRUCTURE_ACCOUNTS["messenger"][1]
    exchange = _exchange(session, parties, "messenger", None, mode="assisted")
    typed = Message(exchange_id=exchange.id, direction=Direction.OUTBOUND, platform="messenger",
                    external_id=f"manual:{exchange.id}:0", text=QUESTION, platform_time=SENT_AT)  # fmt: skip
    session.add(typed)
    session.flush()
    reply = record_inbound(session, _msg(
        platform="messenger", external_id="m_r", thread_key=f"{page}:PSID1", author_id=page,
        recipient_id=page, is_private=True, is_echo=True,
    ))  # fmt: skip
    assert reply.exchange_id is None  # orphan for now
    copy = record_inbound(session, _msg(
        platform="messenger", external_id="m_q", text=QUESTION, thread_key=f"{page}:PSID1",
        author_id="PSID1", recipient_id=page, is_private=True, platform_time=SENT_AT,
    ))  # fmt: skip
    assert copy.message_id == typed.id and typed.external_id == "m_q"
    assert copy.adopted == (reply.message_id,)
    assert exchange.status == ExchangeStatus.ANSWERED


def test_whatsapp_to_persona_number_is_a_reply(session: Session, parties: Any) -> None:
    number, structure_wa = PERSONA_ACCOUNTS["whatsapp"][1], STRUCTURE_ACCOUNTS["whatsapp"][1]
    exchange = _exchange(session, parties, "whatsapp", f"{number}:{structure_wa}")
    result = record_inbound(session, _msg(platform="whatsapp", external_id="wamid.1", thread_key=f"{number}:{structure_wa}",
                                          author_id="33999", recipient_id=number, is_private=True))  # fmt: skip
    assert result.direction == Direction.INBOUND and result.exchange_id == exchange.id


def test_edit_updates_text_and_keeps_history(session: Session, parties: Any) -> None:
    _exchange(session, parties, "twitter", "q1")
    original = record_inbound(session, _msg(in_reply_to="q1"))
    edited = record_inbound(
        session, _msg(kind=MessageKind.EDIT, text="Bonjour, sur rendez-vous, en ligne.")
    )
    assert edited.outcome == Outcome.UPDATED and edited.message_id == original.message_id
    assert session.get(Message, original.message_id).text == "Bonjour, sur rendez-vous, en ligne."
    log = session.scalars(select(AuditLog).where(AuditLog.action == "message.edited")).one()
    assert log.details["previous_text"] == "Bonjour, sur rendez-vous."


def test_edit_of_unknown_message_is_recorded_as_new(session: Session, parties: Any) -> None:
    _exchange(session, parties, "twitter", "q1")
    result = record_inbound(session, _msg(kind=MessageKind.EDIT, in_reply_to="q1"))
    assert result.outcome == Outcome.ATTACHED


def test_delete_keeps_the_row_as_evidence(session: Session, parties: Any) -> None:
    _exchange(session, parties, "twitter", "q1")
    original = record_inbound(session, _msg(in_reply_to="q1"))
    deleted = record_inbound(session, _msg(kind=MessageKind.DELETE, text=""))
    assert deleted.outcome == Outcome.DELETED
    assert session.get(Message, original.message_id).text == "Bonjour, sur rendez-vous."
    assert (
        record_inbound(session, _msg(external_id="jamais-vu", kind=MessageKind.DELETE)).outcome
        == Outcome.IGNORED
    )


def test_attach_orphan_by_a_person(session: Session, parties: Any) -> None:
    exchange = _exchange(session, parties, "twitter", "q1")
    orphan = record_inbound(session, _msg(in_reply_to="perdu"))
    follow = record_inbound(session, _msg(external_id="r2", in_reply_to="r1"))
    result = attach_orphan(session, orphan.message_id, exchange.id)
    assert (
        result.outcome == Outcome.ATTACHED
        and result.answered
        and result.adopted == (follow.message_id,)
    )
    assert attach_orphan(session, orphan.message_id, exchange.id).outcome == Outcome.DUPLICATE


def test_attach_orphan_refusals_are_french(session: Session, parties: Any) -> None:
    twitter = _exchange(session, parties, "twitter", "q1")
    telegram = _exchange(session, parties, "telegram", "7")
    message = record_inbound(session, _msg(in_reply_to="q1"))
    with pytest.raises(AttachError, match="déjà rattaché"):
        attach_orphan(session, message.message_id, telegram.id)
    orphan = record_inbound(session, _msg(external_id="o", in_reply_to="x"))
    with pytest.raises(AttachError, match="canal"):
        attach_orphan(session, orphan.message_id, telegram.id)
    with pytest.raises(AttachError, match="introuvable"):
        attach_orphan(session, 10**6, twitter.id)


def test_delivery_status_marks_failed_sends(session: Session, parties: Any) -> None:
    exchange = _exchange(session, parties, "whatsapp", "n:w")
    session.add(Message(exchange_id=exchange.id, direction=Direction.OUTBOUND, platform="whatsapp",
                        external_id="wamid.Q", text=QUESTION))  # fmt: skip
    session.flush()
    assert record_delivery_status(
        session, DeliveryUpdate("whatsapp", "wamid.Q", "failed", "Message undeliverable")
    )
    assert session.scalars(select(Message)).one().delivery_status == DeliveryStatus.FAILED
    assert not record_delivery_status(session, DeliveryUpdate("whatsapp", "wamid.inconnu", "read"))


@pytest.mark.parametrize(
    ("author", "recipient", "echo", "private", "platform", "expected"),
    [
        ({"p"}, set(), False, False, "twitter", Direction.OUTBOUND),
        ({"s"}, set(), False, False, "twitter", Direction.INBOUND),
        ({"?"}, {"page"}, True, True, "messenger", Direction.INBOUND),  # Page echo
        ({"?"}, {"page"}, False, True, "messenger", Direction.OUTBOUND),  # written to the Page
        (
            {"?"},
            {"?"},
            False,
            True,
            "telegram",
            Direction.INBOUND,
        ),  # private chat with the persona bot
        ({"?"}, {"?"}, False, False, "telegram", None),  # group: only the exchange can tell
        ({"?"}, {"?"}, False, True, "whatsapp", None),  # number owner unknown
        ({"?"}, {"p"}, False, True, "whatsapp", Direction.INBOUND),
        ({"?"}, {"s"}, False, True, "whatsapp", Direction.OUTBOUND),
    ],
)
def test_decide_direction(author, recipient, echo, private, platform, expected) -> None:  # noqa: ANN001
    got = decide_direction(author=author, recipient=recipient, is_echo=echo, is_private=private,
                           platform=platform, persona={"p"}, structure={"s", "page"})  # fmt: skip
    assert got == expected


def test_dm_pair_key_is_symmetric_and_numeric() -> None:
    assert dm_pair_key("9", "10") == dm_pair_key("10", "9") == "9-10"


def test_times_are_aware(session: Session, parties: Any) -> None:
    exchange = _exchange(session, parties, "twitter", "q1")
    record_inbound(
        session, _msg(in_reply_to="q1", platform_time=datetime(2026, 3, 2, 10, 30, tzinfo=UTC))
    )
    session.commit()
    session.expire_all()
    assert session.get(Exchange, exchange.id).first_reply_at.tzinfo is not None
