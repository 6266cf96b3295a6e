"""Planning in the database: specs from rows, and applying a plan without touching sent tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from campaigns.planner import (
    ChannelSpec,
    PersonaSpec,
    Plan,
    PlannedTest,
    ScenarioSpec,
    StructureSpec,
    WaveSpec,
    plan_campaign,
    windows_from,
)
from core.models import (
    AuditorTask,
    Campaign,
    Channel,
    ChannelMode,
    Exchange,
    ExchangeStatus,
    Message,
    Persona,
    Scenario,
    Structure,
    StructureAccount,
)
from core.templates import render


def load_campaign(session: Session, campaign_id: int) -> Campaign | None:
    return session.scalar(
        select(Campaign)
        .where(Campaign.id == campaign_id)
        .options(selectinload(Campaign.waves), selectinload(Campaign.channels))
    )


def compute_plan(session: Session, campaign: Campaign, *, timezone: str) -> Plan:
    """The plan of `campaign` from the current panel, scenarios and personas (no writes).

    Tests past `planned` are kept, and the draw of the others takes them into account.
    """
    wanted = campaign.structure_filter or {}
    query = select(Structure).options(selectinload(Structure.accounts))
    if wanted.get("categories"):
        query = query.where(Structure.category.in_(wanted["categories"]))
    if wanted.get("codes"):
        query = query.where(Structure.code.in_(wanted["codes"]))
    structures = [
        StructureSpec(
            s.id, s.code, s.category.value, frozenset(a.channel.value for a in s.accounts)
        )
        for s in session.scalars(query)
    ]
    latest: dict[str, Scenario] = {}
    for scenario in session.scalars(select(Scenario).where(Scenario.active.is_(True))):
        if scenario.slug not in latest or scenario.version > latest[scenario.slug].version:
            latest[scenario.slug] = scenario
    scenarios = [
        ScenarioSpec(s.id, s.slug, s.theme, frozenset(s.categories), frozenset(s.channels))
        for s in latest.values()
    ]
    personas = [
        PersonaSpec(p.id, p.code, frozenset(a.channel.value for a in p.accounts))
        for p in session.scalars(select(Persona).options(selectinload(Persona.accounts)))
    ]
    kept = {
        e.external_ref: PlannedTest(
            slot=e.external_ref,
            wave_id=e.wave_id,
            structure_id=e.structure_id,
            channel=e.channel.value,
            mode=e.mode.value,
            scenario_id=e.scenario_id,
            persona_id=e.persona_id,
            planned_at=e.planned_at,
        )  # fmt: skip
        for e in session.scalars(
            select(Exchange).where(
                Exchange.campaign_id == campaign.id, Exchange.status != ExchangeStatus.PLANNED
            )
        )  # fmt: skip
        if e.external_ref
    }
    return plan_campaign(
        kept=kept,
        code=campaign.code,
        seed=campaign.seed,
        waves=[WaveSpec(w.id, w.number, w.starts_on, w.ends_on) for w in campaign.waves],
        channels=[
            ChannelSpec(c.channel.value, c.mode.value, c.tests_per_structure)
            for c in campaign.channels
        ],  # fmt: skip
        windows=windows_from(campaign.send_windows),
        off_hours_share=campaign.off_hours_share,
        structures=structures,
        scenarios=scenarios,
        personas=personas,
        timezone=timezone,
    )


def _question(
    scenario: Scenario, persona: Persona, structure: Structure, handle: str | None
) -> str:
    return render(scenario.question, {
        "persona": {"civility": persona.civility, "first_name": persona.first_name,
                    "last_name": persona.last_name},
        "structure": {"name": structure.name, "handle": handle,
                      "departement": structure.departement},
    })  # fmt: skip


def apply_plan(session: Session, campaign: Campaign, plan: Plan) -> dict[str, int]:
    """Write `plan`: create missing tests, update planned ones, never touch sent ones.

    Planned tests whose slot left the plan are deleted; tests past `planned` stay as they are.
    """
    existing = {
        e.external_ref: e
        for e in session.scalars(select(Exchange).where(Exchange.campaign_id == campaign.id))
        if e.external_ref
    }
    scenarios = {s.id: s for s in session.scalars(select(Scenario))}
    personas = {p.id: p for p in session.scalars(select(Persona))}
    structures = {s.id: s for s in session.scalars(select(Structure))}
    handles = {
        (a.structure_id, a.channel.value): a.address
        for a in session.scalars(select(StructureAccount))
    }
    counts = {"created": 0, "updated": 0, "kept": 0, "removed": 0}
    slots = set()
    for test in plan.tests:
        slots.add(test.slot)
        values: dict[str, Any] = {
            "wave_id": test.wave_id, "structure_id": test.structure_id,
            "channel": Channel(test.channel), "mode": ChannelMode(test.mode),
            "scenario_id": test.scenario_id, "persona_id": test.persona_id,
            "planned_at": test.planned_at,
            "question_text": _question(scenarios[test.scenario_id], personas[test.persona_id],
                                       structures[test.structure_id],
                                       handles.get((test.structure_id, test.channel))),
        }  # fmt: skip
        row = existing.get(test.slot)
        if row is None:
            session.add(Exchange(campaign_id=campaign.id, external_ref=test.slot, **values))
            counts["created"] += 1
        elif row.status != ExchangeStatus.PLANNED:
            continue  # under way since the plan was computed: left as it is
        else:
            if any(getattr(row, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(row, key, value)
                counts["updated"] += 1
    counts["kept"] = sum(1 for row in existing.values() if row.status != ExchangeStatus.PLANNED)
    for slot, row in existing.items():
        if slot not in slots and row.status == ExchangeStatus.PLANNED and slot.startswith("w"):
            # a planned test may keep a send record from an attempt that was rolled back
            session.execute(delete(Message).where(Message.exchange_id == row.id))
            session.execute(delete(AuditorTask).where(AuditorTask.exchange_id == row.id))
            session.delete(row)
            counts["removed"] += 1
    session.flush()
    return counts
