"""`vigie import scenarios FILE.yaml`: the library of scripted citizen questions."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.importers.base import ImportReport, Problem, duplicates, french_errors
from core.models import Category, Channel, Exchange, Scenario, ScenarioKind
from core.templates import unknown_placeholders

INTENTS = ("acknowledgement", "request_info", "redirect_private", "redirect_other",
           "refusal", "auto_reply", "answer", "other")  # fmt: skip
SLUG = r"^[a-z0-9][a-z0-9-]*$"


class Expected(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    id: str = Field(min_length=1, pattern=r"^[a-z0-9_-]+$")
    label: str = Field(min_length=1)
    keywords: list[str] = []


class ScenarioIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    slug: str = Field(min_length=1, max_length=80, pattern=SLUG)
    version: int = Field(default=1, ge=1)
    title: str = Field(min_length=1)
    theme: str = Field(min_length=1)
    kind: ScenarioKind
    question: str = Field(min_length=1)
    followups: dict[str, str] = {}
    expected: list[Expected] = Field(min_length=1)
    reference: list[str] = Field(min_length=1)
    categories: list[Category] = []
    channels: list[Channel] = []
    active: bool = True

    @field_validator("question")
    @classmethod
    def _question_placeholders(cls, value: str) -> str:
        if bad := unknown_placeholders(value):
            raise ValueError(f"variable(s) inconnue(s) dans la question : {', '.join(bad)}")
        return value

    @field_validator("followups")
    @classmethod
    def _followups(cls, value: dict[str, str]) -> dict[str, str]:
        for intent, text in value.items():
            if intent not in INTENTS:
                raise ValueError(
                    f"intention inconnue « {intent} » (possibles : {', '.join(INTENTS)})"
                )
            if bad := unknown_placeholders(text):
                raise ValueError(
                    f"variable(s) inconnue(s) dans la relance {intent} : {', '.join(bad)}"
                )
        return value

    @model_validator(mode="after")
    def _unique_elements(self) -> ScenarioIn:
        ids = [e.id for e in self.expected]
        if len(ids) != len(set(ids)):
            raise ValueError("identifiants d'éléments attendus en double")
        return self

    def columns(self) -> dict[str, Any]:
        data = self.model_dump(mode="json")
        data["kind"] = self.kind
        return data


def parse(document: Any) -> tuple[list[ScenarioIn], list[Problem]]:
    if not isinstance(document, dict) or not isinstance(document.get("scenarios"), list):
        return [], [Problem("racine", "le fichier doit contenir une liste « scenarios: »")]
    items, problems = [], []
    for index, raw in enumerate(document["scenarios"]):
        where = f"scenarios[{index}]"
        try:
            items.append((where, ScenarioIn.model_validate(raw)))
        except ValidationError as exc:
            problems += french_errors(exc, where)
    problems += duplicates(((w, f"{s.slug} v{s.version}") for w, s in items), "scénario")
    if not items and not problems:
        problems.append(Problem("scenarios", "aucun scénario dans le fichier"))
    return [s for _, s in items], problems


def apply(session: Session, items: list[ScenarioIn], report: ImportReport) -> None:
    for item in items:
        row = session.scalar(
            select(Scenario).where(Scenario.slug == item.slug, Scenario.version == item.version)
        )
        columns = item.columns()
        if row is None:
            session.add(Scenario(**columns))
            report.created += 1
            continue
        changed = {k for k, v in columns.items() if getattr(row, k) != v}
        if not changed:
            report.unchanged += 1
            continue
        used = session.scalar(select(Exchange.id).where(Exchange.scenario_id == row.id).limit(1))
        if used is not None and changed - {"active"}:
            report.problems.append(Problem(
                f"{item.slug} v{item.version}",
                "cette version est déjà utilisée par des tests : créez une nouvelle version "
                "(version: " + str(item.version + 1) + ") au lieu de la modifier",
            ))  # fmt: skip
            continue
        for key in changed:
            setattr(row, key, columns[key])
        report.updated += 1
