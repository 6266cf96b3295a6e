"""`vigie import personas FILE.yaml`: the mystery citizens and their accounts."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core.importers.base import ImportReport, Problem, duplicates, french_errors
from core.models import Channel, Persona, PersonaAccount


class AccountIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    address: str = Field(min_length=1)
    external_id: str | None = None
    credentials: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.:-]+$")


class PersonaIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    code: str = Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$")
    civility: str = Field(pattern=r"^(Madame|Monsieur)$")
    first_name: str = Field(min_length=1)
    last_name: str = Field(min_length=1)
    accounts: dict[Channel, AccountIn] = {}


def parse(document: Any) -> tuple[list[PersonaIn], list[Problem]]:
    if not isinstance(document, dict) or not isinstance(document.get("personas"), list):
        return [], [Problem("racine", "le fichier doit contenir une liste « personas: »")]
    items, problems = [], []
    for index, raw in enumerate(document["personas"]):
        where = f"personas[{index}]"
        try:
            items.append((where, PersonaIn.model_validate(raw)))
        except ValidationError as exc:
            problems += french_errors(exc, where)
    problems += duplicates(((w, p.code) for w, p in items), "code")
    if not items and not problems:
        problems.append(Problem("personas", "aucun persona dans le fichier"))
    return [p for _, p in items], problems


def apply(session: Session, items: list[PersonaIn], report: ImportReport) -> None:
    existing = {
        p.code: p
        for p in session.scalars(
            select(Persona)
            .where(Persona.code.in_([i.code for i in items]))
            .options(selectinload(Persona.accounts))
        )
    }
    for item in items:
        fields = item.model_dump(exclude={"accounts"})
        wanted = {c: a.model_dump() for c, a in item.accounts.items()}
        row = existing.get(item.code)
        if row is None:
            row = Persona(**fields)
            session.add(row)
            report.created += 1
            current: dict[Channel, PersonaAccount] = {}
        else:
            current = {Channel(a.channel): a for a in row.accounts}
            before = {c: {"address": a.address, "external_id": a.external_id,
                          "credentials": a.credentials} for c, a in current.items()}  # fmt: skip
            changed = any(getattr(row, k) != v for k, v in fields.items()) or before != wanted
            for key, value in fields.items():
                setattr(row, key, value)
            report.updated += changed
            report.unchanged += not changed
        for channel, account in list(current.items()):
            if channel not in wanted:
                row.accounts.remove(account)
        for channel, values in wanted.items():
            if channel in current:
                for key, value in values.items():
                    setattr(current[channel], key, value)
            else:
                row.accounts.append(PersonaAccount(channel=channel, **values))
