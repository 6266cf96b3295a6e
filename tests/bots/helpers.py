"""Rows for bots tests: a persona and a structure on one channel, and an exchange."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.models import ChannelMode, Direction, Exchange, Message, PersonaAccount
from tests import factories


def setup_exchange(
    session: Session,
    *,
    channel: str,
    persona_address: str,
    persona_id: str | None,
    credentials: str,
    structure_address: str,
    structure_id: str | None = None,
    mode: ChannelMode = ChannelMode.AUTOMATIC,
    question: str = "Bonjour, comment renouveler ma carte d'identité ?",
    opted_in: bool = False,
    **fields: Any,
) -> Exchange:
    structure = factories.structure(
        session,
        accounts={
            channel: (structure_address, structure_id) if structure_id else structure_address
        },
        webhooks_opt_in=opted_in,
    )
    persona = factories.persona(session)
    session.add(PersonaAccount(persona_id=persona.id, channel=channel, address=persona_address,
                               external_id=persona_id, credentials=credentials))  # fmt: skip
    campaign = factories.campaign(session, channels={channel: mode.value})
    exchange = factories.exchange(
        session, channel=channel, structure_row=structure, persona_row=persona,
        campaign_row=campaign, mode=mode, question_text=question, **fields,
    )  # fmt: skip
    session.commit()
    return exchange


def messages(
    session: Session, exchange: Exchange, direction: Direction | None = None
) -> list[Message]:
    query = select(Message).where(Message.exchange_id == exchange.id).order_by(Message.id)
    if direction is not None:
        query = query.where(Message.direction == direction)
    return list(session.scalars(query))


def count(session: Session, model: type, *where: Any) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0
