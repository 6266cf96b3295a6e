"""The domain model on SQLite and PostgreSQL: constraints, time zones, the current-grade view."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from core.exchanges import TransitionError, move
from core.grades import current_values, record_automatic, record_human
from core.models import (
    Exchange,
    ExchangeStatus,
    InboxEvent,
    Message,
    Role,
    Structure,
    User,
)
from tests import factories


def test_datetimes_come_back_aware_and_equal(session):
    paris = timezone(timedelta(hours=1))
    planned = datetime(2026, 3, 2, 10, 0, tzinfo=paris)
    row = factories.exchange(session, planned_at=planned)
    session.commit()
    session.expire_all()
    stored = session.get(Exchange, row.id)
    assert stored.planned_at == planned
    assert stored.planned_at.tzinfo is not None


def test_naive_datetimes_are_refused(session):
    with pytest.raises(Exception, match="naive"):
        factories.exchange(session, planned_at=datetime(2026, 3, 2, 10, 0))


def test_message_ids_are_unique_per_platform(session):
    exchange = factories.exchange(session)
    common = {"direction": "inbound", "text": "Bonjour", "exchange_id": exchange.id}
    session.add(Message(platform="twitter", external_id="42", **common))
    session.add(Message(platform="telegram", external_id="42", **common))
    session.commit()
    session.add(Message(platform="twitter", external_id="42", **common))
    with pytest.raises(IntegrityError):
        session.commit()


def test_inbox_event_keys_are_unique_per_platform(session):
    session.add(InboxEvent(platform="meta", event_key="mid.1", payload="{}"))
    session.commit()
    session.add(InboxEvent(platform="meta", event_key="mid.1", payload="{}"))
    with pytest.raises(IntegrityError):
        session.commit()


def test_structure_users_must_be_bound_to_a_structure(session):
    session.add(User(email="agent@exemple.fr", name="Agent", role=Role.STRUCTURE))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()
    structure = factories.structure(session)
    session.add(User(email="agent@exemple.fr", name="Agent", role=Role.STRUCTURE,
                     structure_id=structure.id))  # fmt: skip
    session.add(User(email="coord@exemple.fr", name="Coord", role=Role.COORDINATOR))
    session.commit()
    assert (
        session.scalar(select(User).where(User.role == Role.STRUCTURE)).structure_id == structure.id
    )


def test_unknown_enum_values_are_refused_by_the_database(session):
    with pytest.raises(IntegrityError):
        session.execute(
            text("INSERT INTO structures (code, name, category, certifications, webhooks_opt_in,"
                 " created_at, updated_at) VALUES ('x', 'X', 'galaxie', '[]', false, :t, :t)"),
            {"t": datetime.now(UTC)},
        )  # fmt: skip
        session.commit()


def test_status_machine_refuses_illegal_moves_and_stamps_times(session):
    exchange = factories.exchange(session)
    sent = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    move(exchange, ExchangeStatus.SENT, at=sent)
    assert exchange.sent_at == sent
    with pytest.raises(TransitionError):
        move(exchange, ExchangeStatus.PLANNED)
    move(exchange, ExchangeStatus.ANSWERED)
    move(exchange, ExchangeStatus.CLOSED, at=sent + timedelta(days=1))
    assert exchange.closed_at == sent + timedelta(days=1)
    with pytest.raises(TransitionError):
        move(exchange, ExchangeStatus.ANSWERED)


def test_grades_are_append_only_and_humans_win(session):
    exchange = factories.exchange(session)
    graded = {"grader": "test 1.0", "criteria": {
        "salutation": {"value": True, "confidence": 0.9, "evidence": [], "reason": "Bonjour."},
        "complete": {"value": 0.5, "present": ["rdv"], "confidence": 0.7, "evidence": []},
    }}  # fmt: skip
    record_automatic(session, exchange_id=exchange.id, graded=graded, grid_version="social-2026.1")
    session.commit()
    record_human(session, exchange_id=exchange.id, criterion="salutation", value=False,
                 grid_version="social-2026.1", author_id=None, reason="Pas de salutation.")  # fmt: skip
    # a later automatic regrade does not override the human correction
    record_automatic(session, exchange_id=exchange.id, graded=graded, grid_version="social-2026.1")
    session.commit()
    assert current_values(session, [exchange.id])[exchange.id] == {
        "salutation": False,
        "complete": 0.5,
    }
    view = dict(session.execute(
        text("SELECT criterion, origin FROM current_grades WHERE exchange_id = :e"), {"e": exchange.id}
    ).all())  # fmt: skip
    assert view == {"salutation": "human", "complete": "automatic"}
    assert session.scalar(text("SELECT count(*) FROM grades")) == 5


def test_structure_accounts_cascade(session):
    structure = factories.structure(session, accounts={"twitter": "@VilleFict", "telegram": "-100"})
    session.commit()
    session.delete(session.get(Structure, structure.id))
    session.commit()
    assert session.scalar(text("SELECT count(*) FROM structure_accounts")) == 0
