"""`vigie import personas FILE.yaml`: the mystery citizens and their accounts."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.orm import Session

from core.importers.base import (
    ImportReport,
    Problem,
    duplicates,
    french_errors,
    upsert_with_accounts,
)
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
    upsert_with_accounts(
        session, model=Persona, account_model=PersonaAccount,
        account_fields=("address", "external_id", "credentials"), report=report,
        items=[(item.model_dump(exclude={"accounts"}),
                {channel: account.model_dump() for channel, account in item.accounts.items()})
               for item in items],
    )  # fmt: skip
