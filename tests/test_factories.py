from sqlalchemy import select

from core.models import Exchange, ExchangeStatus
from tests import factories


def test_exchange_factory_builds_a_complete_row(session):
    row = factories.exchange(session, channel="telegram")
    session.commit()
    stored = session.scalars(select(Exchange)).one()
    assert stored.id == row.id
    assert stored.status == ExchangeStatus.PLANNED
    assert stored.planned_at.tzinfo is not None
