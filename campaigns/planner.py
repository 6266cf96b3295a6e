"""The campaign planner: pure functions from plain values to a reproducible test plan.

One planned test per (wave, structure, channel, n). Send times are drawn inside the send
windows (a share of them in evening/weekend windows when configured, never on a public
holiday), scenarios are balanced over themes and valid for the structure's category and
the channel, and personas rotate so that no structure sees the same persona twice in a
wave. The same inputs and seed always give the same plan.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from scoring import french_holidays

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
BUSINESS = (time(9), time(18))


@dataclass(frozen=True)
class Window:
    days: tuple[str, ...]
    start: time
    end: time

    @property
    def off_hours(self) -> bool:
        """Evening or weekend: outside Monday–Friday 09:00–18:00."""
        weekend = any(d in ("sat", "sun") for d in self.days)
        return weekend or self.start >= BUSINESS[1] or self.end <= BUSINESS[0]


@dataclass(frozen=True)
class WaveSpec:
    id: int
    number: int
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class ChannelSpec:
    channel: str
    mode: str
    tests_per_structure: int


@dataclass(frozen=True)
class StructureSpec:
    id: int
    code: str
    category: str
    channels: frozenset[str]  # channels the structure has an account on


@dataclass(frozen=True)
class ScenarioSpec:
    id: int
    slug: str
    theme: str
    categories: frozenset[str]  # empty: every category
    channels: frozenset[str]  # empty: every channel

    def fits(self, category: str, channel: str) -> bool:
        return (not self.categories or category in self.categories) and (
            not self.channels or channel in self.channels
        )


@dataclass(frozen=True)
class PersonaSpec:
    id: int
    code: str
    channels: frozenset[str]


@dataclass(frozen=True)
class PlannedTest:
    slot: str  # stable key of the test in the plan: w<wave>:<structure>:<channel>:<n>
    wave_id: int
    structure_id: int
    channel: str
    mode: str
    scenario_id: int
    persona_id: int
    planned_at: datetime  # aware, UTC


@dataclass
class Plan:
    tests: list[PlannedTest]
    warnings: list[str]  # French, for the coordinator


def windows_from(raw: Iterable[Mapping[str, object]]) -> list[Window]:
    return [
        Window(
            tuple(w["days"]), time.fromisoformat(str(w["start"])), time.fromisoformat(str(w["end"]))
        )  # type: ignore[arg-type]
        for w in raw
    ]


def _slots(wave: WaveSpec, windows: Sequence[Window], tz: ZoneInfo) -> tuple[list, list]:
    """Every (day, window) of the wave, split into business and off-hours ones."""
    holidays: dict[date, str] = {}
    for year in range(wave.starts_on.year, wave.ends_on.year + 1):
        holidays.update(french_holidays(year))
    business, off = [], []
    day = wave.starts_on
    while day <= wave.ends_on:
        if day not in holidays:
            for window in windows:
                if DAYS[day.weekday()] in window.days:
                    (off if window.off_hours else business).append((day, window))
        day += timedelta(days=1)
    return business, off


def _moment(rng: random.Random, day: date, window: Window, tz: ZoneInfo) -> datetime:
    start = datetime.combine(day, window.start, tz)
    end = datetime.combine(day, window.end, tz)
    span = int((end - start).total_seconds() // 60)
    local = start + timedelta(minutes=rng.randrange(max(span, 1)))
    return local.astimezone(UTC)


def plan_campaign(
    *,
    code: str,
    seed: int,
    waves: Sequence[WaveSpec],
    channels: Sequence[ChannelSpec],
    windows: Sequence[Window],
    off_hours_share: float,
    structures: Sequence[StructureSpec],
    scenarios: Sequence[ScenarioSpec],
    personas: Sequence[PersonaSpec],
    timezone: str = "Europe/Paris",
    kept: Mapping[str, PlannedTest] | None = None,
) -> Plan:
    """The whole plan of a campaign (see the module docstring).

    `kept` are tests already under way (by slot): they stay as they are, and the draw
    around them counts them, so that re-planning never repeats their persona or scenario.
    """
    kept = kept or {}
    # the same inputs in any order give the same plan
    scenarios = sorted(scenarios, key=lambda s: (s.slug, s.id))
    personas = sorted(personas, key=lambda p: (p.code, p.id))
    rng = random.Random(f"{code}:{seed}")
    tz = ZoneInfo(timezone)
    tests: list[PlannedTest] = []
    warnings: list[str] = []
    theme_use: Counter[str] = Counter()
    scenario_use: Counter[int] = Counter()
    persona_use: Counter[int] = Counter()
    ordered_structures = sorted(structures, key=lambda s: s.code)
    themes = {s.id: s.theme for s in scenarios}
    for done in kept.values():
        theme_use[themes.get(done.scenario_id, "")] += 1
        scenario_use[done.scenario_id] += 1
        persona_use[done.persona_id] += 1
    for wave in sorted(waves, key=lambda w: w.number):
        business, off = _slots(wave, windows, tz)
        if not business and not off:
            warnings.append(f"Vague {wave.number} : aucune plage d'envoi ne tombe dans ses dates.")
            continue
        seen_personas: dict[int, set[int]] = defaultdict(set)
        seen_scenarios: dict[int, set[int]] = defaultdict(set)
        for done in kept.values():  # before any draw, so that no draw can repeat them
            if done.wave_id == wave.id:
                seen_personas[done.structure_id].add(done.persona_id)
                seen_scenarios[done.structure_id].add(done.scenario_id)
        for structure in ordered_structures:
            for spec in sorted(channels, key=lambda c: c.channel):
                if spec.mode != "manual" and spec.channel not in structure.channels:
                    continue  # no account on that channel: nothing to test there
                for n in range(1, spec.tests_per_structure + 1):
                    slot = f"w{wave.number}:{structure.code}:{spec.channel}:{n}"
                    if slot in kept:
                        continue  # under way: counted above
                    valid = [s for s in scenarios if s.fits(structure.category, spec.channel)]
                    if not valid:
                        warnings.append(
                            f"{structure.code} ({spec.channel}) : aucun scénario ne convient à sa "
                            "catégorie et à ce canal."
                        )
                        break
                    fresh = [s for s in valid if s.id not in seen_scenarios[structure.id]] or valid
                    scenario = min(fresh, key=lambda s: (theme_use[s.theme], scenario_use[s.id],
                                                         rng.random()))  # fmt: skip
                    able = [
                        p for p in personas if spec.mode == "manual" or spec.channel in p.channels
                    ]
                    if not able:
                        warnings.append(f"Aucun persona n'a de compte {spec.channel}.")
                        break
                    unseen = [p for p in able if p.id not in seen_personas[structure.id]]
                    if not unseen:
                        warnings.append(
                            f"{structure.code} : plus de personas inédits dans la vague "
                            f"{wave.number} ({spec.channel}) ; un persona est réutilisé."
                        )
                        unseen = able
                    persona = min(unseen, key=lambda p: (persona_use[p.id], rng.random()))
                    pool = (
                        off
                        if off and (not business or rng.random() < off_hours_share)
                        else business
                    )
                    day, window = pool[rng.randrange(len(pool))]
                    tests.append(PlannedTest(
                        slot=slot, wave_id=wave.id, structure_id=structure.id,
                        channel=spec.channel, mode=spec.mode, scenario_id=scenario.id,
                        persona_id=persona.id, planned_at=_moment(rng, day, window, tz),
                    ))  # fmt: skip
                    theme_use[scenario.theme] += 1
                    scenario_use[scenario.id] += 1
                    persona_use[persona.id] += 1
                    seen_personas[structure.id].add(persona.id)
                    seen_scenarios[structure.id].add(scenario.id)
    return Plan(tests=tests, warnings=list(dict.fromkeys(warnings)))
