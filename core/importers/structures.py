"""`vigie import structures FILE.csv`: the panel, one structure per line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy.orm import Session

from core.importers.base import (
    ImportReport,
    Problem,
    duplicates,
    french_errors,
    read_csv,
    upsert_with_accounts,
)
from core.models import SOCIAL_CHANNELS, Category, Channel, Structure, StructureAccount

REQUIRED = ("code", "name", "category")
OPTIONAL = ("population", "departement", "certifications", "webhooks_opt_in")
CHANNEL_COLUMNS = tuple(channel.value for channel in Channel)
COLUMNS = REQUIRED + OPTIONAL + CHANNEL_COLUMNS
TRUE = {"oui", "o", "yes", "y", "true", "vrai", "1", "x"}
FALSE = {"non", "n", "no", "false", "faux", "0", ""}


class StructureRow(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    code: str = Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1, max_length=200)
    category: Category
    population: int | None = Field(default=None, ge=0)
    departement: str | None = Field(
        default=None, pattern=r"^(0[1-9]|[1-8][0-9]|9[0-5]|2[AB]|97[1-6])$"
    )
    certifications: list[str] = []
    webhooks_opt_in: bool = False
    accounts: dict[Channel, tuple[str, str | None]] = {}

    @field_validator("population", "departement", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if value == "" else value

    @field_validator("certifications", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split("|") if part.strip()]
        return value

    @field_validator("webhooks_opt_in", mode="before")
    @classmethod
    def _yes_no(cls, value: Any) -> Any:
        if isinstance(value, str):
            lowered = value.strip().lower()
            if lowered in TRUE:
                return True
            if lowered in FALSE:
                return False
            raise ValueError(f"« {value} » n'est ni oui ni non")
        return value


def _account(value: str) -> tuple[str, str | None]:
    """`@handle` or `@handle|platform-id`."""
    address, _, external_id = value.partition("|")
    return address.strip(), external_id.strip() or None


def parse(path: Path) -> tuple[list[StructureRow], list[Problem]]:
    records, problems = read_csv(path, required=REQUIRED, known=COLUMNS)
    rows: list[tuple[str, StructureRow]] = []
    for location, record in records:
        values: dict[str, Any] = {k: v for k, v in record.items() if k in REQUIRED + OPTIONAL}
        values["accounts"] = {
            Channel(name): _account(record[name])
            for name in CHANNEL_COLUMNS
            if record.get(name, "").strip()
        }
        try:
            rows.append((location, StructureRow(**values)))
        except ValidationError as exc:
            problems += french_errors(exc, location)
    problems += duplicates(((loc, row.code) for loc, row in rows), "code")
    # two structures behind one social account would share their replies
    problems += duplicates(
        ((loc, f"{channel.value} {address}") for loc, row in rows
         for channel, (address, _) in row.accounts.items() if channel in SOCIAL_CHANNELS),
        "compte",
    )  # fmt: skip
    if not rows and not problems:
        problems.append(Problem(str(path), "aucune structure dans le fichier"))
    return [row for _, row in rows], problems


def apply(session: Session, rows: list[StructureRow], report: ImportReport) -> None:
    upsert_with_accounts(
        session, model=Structure, account_model=StructureAccount,
        account_fields=("address", "external_id"), report=report,
        items=[(row.model_dump(exclude={"accounts"}),
                {channel: {"address": address, "external_id": external_id}
                 for channel, (address, external_id) in row.accounts.items()})
               for row in rows],
    )  # fmt: skip
