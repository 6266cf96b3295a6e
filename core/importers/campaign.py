"""`vigie import campaign FILE.yaml`: a campaign, its waves, channels and send windows."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core.importers.base import ImportReport, Problem, french_errors
from core.models import Campaign, CampaignChannel, Category, Channel, ChannelMode, Exchange, Wave

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class WindowIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    days: list[str] = Field(min_length=1)
    start: time
    end: time

    @field_validator("days")
    @classmethod
    def _days(cls, value: list[str]) -> list[str]:
        bad = [d for d in value if d not in DAYS]
        if bad:
            raise ValueError(
                f"jour(s) inconnu(s) : {', '.join(bad)} (possibles : {', '.join(DAYS)})"
            )
        return value

    @model_validator(mode="after")
    def _ordered(self) -> WindowIn:
        if self.end <= self.start:
            raise ValueError("la fin de la plage d'envoi doit être après son début")
        return self


class WaveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    number: int = Field(ge=1)
    name: str = Field(min_length=1)
    starts_on: date
    ends_on: date

    @model_validator(mode="after")
    def _ordered(self) -> WaveIn:
        if self.ends_on < self.starts_on:
            raise ValueError("la vague se termine avant de commencer")
        return self


class ChannelIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    mode: ChannelMode
    tests_per_structure: int = Field(default=1, ge=1, le=50)


class StructureFilter(BaseModel):
    model_config = ConfigDict(extra="forbid")
    categories: list[Category] = []
    codes: list[str] = []


class CampaignIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    code: str = Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    edition: int = Field(ge=2000, le=2100)
    grid_version: str = "social-2026.1"
    seed: int = 0
    waiting_window_hours: float = Field(default=120, gt=0)
    quiet_period_hours: float = Field(default=24, gt=0)
    max_turns: int = Field(default=2, ge=0, le=10)
    off_hours_share: float = Field(default=0.0, ge=0, le=1)
    send_windows: list[WindowIn] = Field(
        default_factory=lambda: [WindowIn(days=list(DAYS[:5]), start=time(9), end=time(18))]
    )
    channel_weights: dict[Channel, float] = {}
    channels: dict[Channel, ChannelIn] = Field(min_length=1)
    waves: list[WaveIn] = Field(min_length=1)
    structures: StructureFilter = StructureFilter()

    @field_validator("grid_version")
    @classmethod
    def _known_grid(cls, value: str) -> str:
        from scoring import available_grids

        grids = available_grids()
        if value not in grids:
            raise ValueError(f"grille inconnue « {value} » (disponibles : {', '.join(grids)})")
        return value

    @field_validator("channel_weights")
    @classmethod
    def _positive(cls, value: dict[Channel, float]) -> dict[Channel, float]:
        if any(weight <= 0 for weight in value.values()):
            raise ValueError("les poids des canaux doivent être strictement positifs")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> CampaignIn:
        numbers = [w.number for w in self.waves]
        if len(numbers) != len(set(numbers)):
            raise ValueError("deux vagues portent le même numéro")
        extra = set(self.channel_weights) - set(self.channels)
        if extra:
            raise ValueError(
                "poids donné(s) à des canaux absents de la campagne : "
                + ", ".join(sorted(c.value for c in extra))
            )
        return self


def parse(document: Any) -> tuple[list[CampaignIn], list[Problem]]:
    if not isinstance(document, dict) or not isinstance(document.get("campaign"), dict):
        return [], [Problem("racine", "le fichier doit contenir une rubrique « campaign: »")]
    try:
        return [CampaignIn.model_validate(document["campaign"])], []
    except ValidationError as exc:
        return [], french_errors(exc, "campaign")


def apply(session: Session, items: list[CampaignIn], report: ImportReport) -> None:
    for item in items:
        row = session.scalar(
            select(Campaign)
            .where(Campaign.code == item.code)
            .options(selectinload(Campaign.waves), selectinload(Campaign.channels))
        )
        fields = {
            "code": item.code, "name": item.name, "edition": item.edition,
            "grid_version": item.grid_version, "seed": item.seed,
            "waiting_window_hours": item.waiting_window_hours,
            "quiet_period_hours": item.quiet_period_hours, "max_turns": item.max_turns,
            "off_hours_share": item.off_hours_share,
            "send_windows": [w.model_dump(mode="json") for w in item.send_windows],
            "channel_weights": {c.value: w for c, w in item.channel_weights.items()},
            "structure_filter": item.structures.model_dump(mode="json"),
        }  # fmt: skip
        if row is None:
            row = Campaign(**fields)
            session.add(row)
            report.created += 1
            waves: dict[int, Wave] = {}
            channels: dict[Channel, CampaignChannel] = {}
            changed = True
        else:
            waves = {w.number: w for w in row.waves}
            channels = {Channel(c.channel): c for c in row.channels}
            changed = any(getattr(row, k) != v for k, v in fields.items())
            for key, value in fields.items():
                setattr(row, key, value)
        for wave in item.waves:
            current = waves.get(wave.number)
            if current is None:
                row.waves.append(Wave(**wave.model_dump()))
                changed = True
            elif any(getattr(current, k) != v for k, v in wave.model_dump().items()):
                for key, value in wave.model_dump().items():
                    setattr(current, key, value)
                changed = True
        for number, current in waves.items():
            if number not in {w.number for w in item.waves}:
                if session.scalar(
                    select(Exchange.id).where(Exchange.wave_id == current.id).limit(1)
                ):
                    report.problems.append(Problem(
                        f"campaign.waves (vague {number})",
                        "cette vague a déjà des tests : elle ne peut pas être supprimée",
                    ))  # fmt: skip
                    continue
                row.waves.remove(current)
                changed = True
        for channel, spec in item.channels.items():
            current_channel = channels.get(channel)
            if current_channel is None:
                row.channels.append(CampaignChannel(channel=channel, **spec.model_dump()))
                changed = True
            elif (current_channel.mode, current_channel.tests_per_structure) != (
                spec.mode,
                spec.tests_per_structure,
            ):
                current_channel.mode, current_channel.tests_per_structure = (
                    spec.mode, spec.tests_per_structure
                )  # fmt: skip
                changed = True
        for channel, current_channel in channels.items():
            if channel not in item.channels:
                row.channels.remove(current_channel)
                changed = True
        if report.created == 0:
            report.updated += changed
            report.unchanged += not changed
