"""Plain-value listings of the reference data, for the CLI and the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from core.models import CATEGORY_LABELS, Campaign, Category, Exchange, Persona, Scenario, Structure

MODE_LABELS = {"automatic": "automatique", "assisted": "assisté", "manual": "manuel"}
KIND_LABELS = {"information": "information", "complaint": "réclamation"}


def structures(session: Session) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(Structure).options(selectinload(Structure.accounts)).order_by(Structure.name)
    )
    return [
        {
            "code": s.code,
            "name": s.name,
            "category": s.category.value,
            "category_label": CATEGORY_LABELS[Category(s.category)],
            "population": s.population,
            "departement": s.departement,
            "certifications": s.certifications,
            "certified": s.certified,
            "webhooks_opt_in": s.webhooks_opt_in,
            "channels": sorted(a.channel.value for a in s.accounts),
            "accounts": {a.channel.value: a.address for a in s.accounts},
        }  # fmt: skip
        for s in rows
    ]


def scenarios(session: Session) -> list[dict[str, Any]]:
    rows = session.scalars(select(Scenario).order_by(Scenario.slug, Scenario.version))
    return [
        {
            "slug": s.slug,
            "version": s.version,
            "title": s.title,
            "theme": s.theme,
            "kind": s.kind.value,
            "kind_label": KIND_LABELS[s.kind.value],
            "active": s.active,
            "expected_count": len(s.expected),
            "categories": s.categories,
            "channels": s.channels,
        }  # fmt: skip
        for s in rows
    ]


def personas(session: Session) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(Persona).options(selectinload(Persona.accounts)).order_by(Persona.code)
    )
    return [
        {
            "code": p.code,
            "civility": p.civility,
            "first_name": p.first_name,
            "last_name": p.last_name,
            "channels": sorted(a.channel.value for a in p.accounts),
        }  # fmt: skip
        for p in rows
    ]


def campaigns(session: Session) -> list[dict[str, Any]]:
    counts = dict(
        session.execute(
            select(Exchange.campaign_id, func.count()).group_by(Exchange.campaign_id)
        ).all()
    )
    rows = session.scalars(
        select(Campaign)
        .options(selectinload(Campaign.waves), selectinload(Campaign.channels))
        .order_by(Campaign.id)
    )
    return [
        {
            "id": c.id,
            "code": c.code,
            "name": c.name,
            "edition": c.edition,
            "grid_version": c.grid_version,
            "waves": [f"{w.name} ({w.starts_on:%d/%m/%Y}–{w.ends_on:%d/%m/%Y})" for w in c.waves],
            "channels": [
                f"{ch.channel.value} ({MODE_LABELS[ch.mode.value]} × {ch.tests_per_structure})"
                for ch in sorted(c.channels, key=lambda ch: ch.channel.value)
            ],
            "exchanges": counts.get(c.id, 0),
        }  # fmt: skip
        for c in rows
    ]


LISTINGS: dict[str, Callable[[Session], list[dict[str, Any]]]] = {
    "structures": structures,
    "scenarios": scenarios,
    "personas": personas,
    "campaigns": campaigns,
}
