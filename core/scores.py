"""Scores from the database: current grades → `scoring` → stored exchange scores, barometers."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

import scoring
from core.db import utcnow
from core.grades import current_values
from core.models import (
    Campaign,
    Direction,
    Exchange,
    ExchangeScore,
    ExchangeStatus,
    Message,
    PanelReport,
    Scenario,
    Structure,
)

log = logging.getLogger(__name__)
SCORABLE = (ExchangeStatus.CLOSED, ExchangeStatus.CLOSED_NO_REPLY, ExchangeStatus.UNREACHABLE)


def _reply_times(session: Session, exchange_ids: list[int]) -> dict[int, list[Any]]:
    times: dict[int, list[Any]] = defaultdict(list)
    rows = session.execute(
        select(Message.exchange_id, Message.platform_time, Message.received_at).where(
            Message.exchange_id.in_(exchange_ids), Message.direction == Direction.INBOUND
        )
    )
    for exchange_id, platform_time, received_at in rows:
        times[exchange_id].append(platform_time or received_at)
    return times


def rescore(session: Session, exchanges: Iterable[Exchange]) -> list[ExchangeScore]:
    """(Re)compute and store the score of each exchange under its campaign's grid version.

    A human-audited channel scores on its own grid (`scoring.grid_for_channel`).
    """
    rows = [e for e in exchanges if e.status in SCORABLE]
    if not rows:
        return []
    ids = [e.id for e in rows]
    values = current_values(session, ids)
    times = _reply_times(session, ids)
    campaigns = {c.id: c for c in session.scalars(select(Campaign).where(
        Campaign.id.in_({e.campaign_id for e in rows})))}  # fmt: skip
    kinds = dict(session.execute(
        select(Exchange.id, Exchange.scenario_id).where(Exchange.id.in_(ids))).all())  # fmt: skip
    scenario_kinds = dict(session.execute(
        select(Scenario.id, Scenario.kind).where(Scenario.id.in_(set(kinds.values())))).all())  # fmt: skip
    existing = {
        (s.exchange_id, s.grid_version): s
        for s in session.scalars(select(ExchangeScore).where(ExchangeScore.exchange_id.in_(ids)))
    }
    stored = []
    for exchange in rows:
        grid_id = grid_id_for(campaigns[exchange.campaign_id].grid_version, exchange.channel.value)
        grid = scoring.load_grid(grid_id)
        # RUBRIC: the exchange is what the structure sent until it was closed; a late reply
        # is kept (evidence) but scores nothing
        limit = exchange.closed_at
        reply_times = sorted(t for t in times.get(exchange.id, []) if limit is None or t <= limit)
        first = exchange.first_reply_at
        if not reply_times and first is not None and (limit is None or first <= limit):
            reply_times = [first]
        criteria = {k: v for k, v in values.get(exchange.id, {}).items() if k in grid.known_ids
                    and not grid.criteria[k].measured}  # fmt: skip
        try:
            result = scoring.score_exchange(
                grid,
                scenario_kind=scenario_kinds[kinds[exchange.id]].value,
                reachable=exchange.status != ExchangeStatus.UNREACHABLE,
                sent_at=exchange.sent_at,
                reply_times=reply_times,
                criteria=criteria,
            )
        except scoring.ScoreInputError as exc:
            # one bad stored value must not stop the scoring of the others
            log.error("exchange %s cannot be scored: %s", exchange.id, exc)
            exchange.last_error = str(exc)
            continue
        document = result.as_dict()
        row = existing.get((exchange.id, grid_id))
        if row is None:
            row = ExchangeScore(exchange_id=exchange.id, grid_version=grid_id)
            session.add(row)
        row.score = document["score"]
        row.determinants = document["determinants"]
        row.first_reply_delay = document["first_reply_delay"]
        row.computed_at = utcnow()
        stored.append(row)
    session.flush()
    return stored


def grid_id_for(campaign_grid: str, channel: str) -> str:
    """The campaign's grid for social channels; each human-audited channel keeps its own."""
    default = scoring.grid_for_channel(channel)
    return campaign_grid if default == scoring.DEFAULT_GRID else default


def scored_exchanges(session: Session, campaign_id: int) -> list[dict[str, Any]]:
    """The campaign's scored exchanges in the shape `scoring.score_panel` reads."""
    rows = session.execute(
        select(Exchange, ExchangeScore)
        .join(ExchangeScore, ExchangeScore.exchange_id == Exchange.id)
        .where(Exchange.campaign_id == campaign_id)
        .options(selectinload(Exchange.structure))
    ).all()
    return [
        {
            "id": exchange.id,
            "channel": exchange.channel.value,
            "grid": score.grid_version,
            "score": score.score,
            "determinants": score.determinants,
            "first_reply_delay": score.first_reply_delay,
            "structure": _structure(exchange.structure),
        }
        for exchange, score in rows
    ]


def _structure(structure: Structure) -> dict[str, Any]:
    return {"id": structure.code, "name": structure.name,
            "category": structure.category.value, "certified": structure.certified}  # fmt: skip


def barometer(session: Session, campaign: Campaign, *, previous: dict[str, Any] | None = None,
              store: bool = True) -> dict[str, Any]:  # fmt: skip
    """The panel document of a campaign (and keep it, dated, when `store`)."""
    exchanges = scored_exchanges(session, campaign.id)
    configured = {k: float(v) for k, v in (campaign.channel_weights or {}).items()}
    # a channel the campaign gave no weight to (e.g. human-audited e-mail) weighs 1, the default
    weights = {e["channel"]: configured.get(e["channel"], 1.0) for e in exchanges}
    document = scoring.score_panel(exchanges, channel_weights=weights or None, previous=previous)
    if store:
        session.add(PanelReport(campaign_id=campaign.id, grid_version=campaign.grid_version,
                                document=document))  # fmt: skip
        session.flush()
    return document
