"""Factories for database rows (fakes over mocks): small, explicit, keyword-only."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from core.db import utcnow  # noqa: F401  (re-exported for tests)
from core.models import (
    Campaign,
    CampaignChannel,
    Category,
    Channel,
    ChannelMode,
    Exchange,
    ExchangeStatus,
    Persona,
    PersonaAccount,
    Scenario,
    ScenarioKind,
    Structure,
    StructureAccount,
    Wave,
)

_counter = itertools.count(1)


def structure(
    session: Session,
    *,
    name: str | None = None,
    category: Category = Category.VILLE_MOINS_20000,
    accounts: dict[str, str | tuple[str, str]] | None = None,
    certifications: list[str] | None = None,
    webhooks_opt_in: bool = False,
) -> Structure:
    n = next(_counter)
    row = Structure(
        code=f"structure-{n}",
        name=name or f"Mairie de Testville-{n}",
        category=category,
        population=12_000,
        departement="21",
        certifications=certifications or [],
        webhooks_opt_in=webhooks_opt_in,
    )
    for channel, value in (accounts or {}).items():
        address, external_id = value if isinstance(value, tuple) else (value, None)
        row.accounts.append(
            StructureAccount(channel=Channel(channel), address=address, external_id=external_id)
        )
    session.add(row)
    session.flush()
    return row


def persona(
    session: Session,
    *,
    first_name: str = "Claire",
    last_name: str = "Martin",
    civility: str = "Madame",
    accounts: dict[str, str | tuple[str, str]] | None = None,
) -> Persona:
    n = next(_counter)
    row = Persona(
        code=f"persona-{n}", civility=civility, first_name=first_name, last_name=last_name
    )
    for channel, value in (accounts or {}).items():
        address, external_id = value if isinstance(value, tuple) else (value, None)
        row.accounts.append(
            PersonaAccount(channel=Channel(channel), address=address, external_id=external_id)
        )
    session.add(row)
    session.flush()
    return row


def scenario(
    session: Session, *, kind: ScenarioKind = ScenarioKind.INFORMATION, **fields: Any
) -> Scenario:
    n = next(_counter)
    values: dict[str, Any] = {
        "slug": f"cni-renouvellement-{n}",
        "version": 1,
        "title": "Renouveler sa carte d'identité",
        "theme": "etat_civil",
        "kind": kind,
        "question": "Bonjour, comment renouveler ma carte d'identité ?",
        "followups": {"request_info": "J'habite la commune, ma carte expire le mois prochain."},
        "expected": [
            {"id": "rdv", "label": "La demande se dépose en mairie sur rendez-vous"},
            {"id": "gratuit", "label": "Le renouvellement est gratuit"},
        ],
        "reference": [
            "Le dépôt se fait uniquement sur rendez-vous",
            "Le renouvellement est gratuit",
        ],
    }
    values.update(fields)
    row = Scenario(**values)
    session.add(row)
    session.flush()
    return row


def campaign(
    session: Session,
    *,
    channels: dict[str, str] | None = None,
    waves: int = 1,
    **fields: Any,
) -> Campaign:
    n = next(_counter)
    values: dict[str, Any] = {
        "code": f"campagne-{n}",
        "name": f"Campagne test {n}",
        "edition": 2026,
    }
    values.update(fields)
    row = Campaign(**values)
    for number in range(1, waves + 1):
        start = date(2026, 3, 2) + timedelta(days=60 * (number - 1))
        row.waves.append(
            Wave(number=number, name=f"Vague {number}", starts_on=start,
                 ends_on=start + timedelta(days=30))
        )  # fmt: skip
    for channel, mode in (channels or {"twitter": "automatic"}).items():
        row.channels.append(CampaignChannel(channel=Channel(channel), mode=ChannelMode(mode)))
    session.add(row)
    session.flush()
    return row


def exchange(
    session: Session,
    *,
    channel: str = "twitter",
    status: ExchangeStatus = ExchangeStatus.PLANNED,
    planned_at: datetime | None = None,
    structure_row: Structure | None = None,
    persona_row: Persona | None = None,
    scenario_row: Scenario | None = None,
    campaign_row: Campaign | None = None,
    **fields: Any,
) -> Exchange:
    campaign_row = campaign_row or campaign(session, channels={channel: "automatic"})
    row = Exchange(
        campaign_id=campaign_row.id,
        structure_id=(structure_row or structure(session)).id,
        persona_id=(persona_row or persona(session)).id,
        scenario_id=(scenario_row or scenario(session)).id,
        channel=Channel(channel),
        mode=fields.pop("mode", ChannelMode.AUTOMATIC),
        status=status,
        planned_at=planned_at or utcnow(),
        **fields,
    )
    session.add(row)
    session.flush()
    return row
