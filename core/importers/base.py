"""What every importer shares: problems located in the file, French messages, all-or-nothing."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

# pydantic error type -> French message (the context of the error fills the braces).
PYDANTIC_FR: dict[str, str] = {
    "missing": "champ obligatoire manquant",
    "string_too_short": "ne doit pas être vide",
    "string_type": "doit être un texte",
    "int_parsing": "doit être un nombre entier",
    "int_type": "doit être un nombre entier",
    "float_parsing": "doit être un nombre",
    "float_type": "doit être un nombre",
    "bool_parsing": "doit valoir oui ou non",
    "bool_type": "doit valoir oui ou non",
    "date_from_datetime_parsing": "doit être une date AAAA-MM-JJ",
    "date_parsing": "doit être une date AAAA-MM-JJ",
    "date_type": "doit être une date AAAA-MM-JJ",
    "time_parsing": "doit être une heure HH:MM",
    "enum": "valeur inconnue « {input} » (valeurs possibles : {expected})",
    "literal_error": "valeur inconnue « {input} » (valeurs possibles : {expected})",
    "greater_than": "doit être supérieur à {gt}",
    "greater_than_equal": "doit être supérieur ou égal à {ge}",
    "less_than_equal": "doit être inférieur ou égal à {le}",
    "list_type": "doit être une liste",
    "dict_type": "doit être un dictionnaire (clé : valeur)",
    "model_type": "doit être un dictionnaire (clé : valeur)",
    "extra_forbidden": "champ inconnu",
    "too_short": "doit contenir au moins {min_length} élément(s)",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, at a line (CSV) or a YAML path."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location} : {self.message}"


@dataclass
class ImportReport:
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.problems:
            return f"Import {self.kind} refusé : {len(self.problems)} problème(s), rien n'a été importé."
        return (
            f"Import {self.kind} réussi : {self.created} créé(s), {self.updated} mis à jour, "
            f"{self.unchanged} inchangé(s)."
        )


def french_errors(error: ValidationError, prefix: str) -> list[Problem]:
    """Turn a pydantic error into located French problems."""
    problems = []
    for item in error.errors():
        path = ".".join(str(part) for part in item["loc"])
        location = f"{prefix}.{path}" if prefix and path else prefix or path
        template = PYDANTIC_FR.get(item["type"])
        ctx = {**item.get("ctx", {}), "input": item.get("input")}
        if template is None:
            # our own validators raise ValueError with a French message
            message = str(item.get("ctx", {}).get("error") or item["msg"])
            message = message.removeprefix("Value error, ")
        else:
            message = template.format(**ctx)
        problems.append(Problem(location, message))
    return problems


def load_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """Read a YAML file; a syntax error becomes a problem with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(str(path), "fichier introuvable")]
    except UnicodeDecodeError:
        return None, [Problem(str(path), "le fichier n'est pas encodé en UTF-8")]
    try:
        return yaml.safe_load(text), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"ligne {mark.line + 1}" if mark else str(path)
        return None, [Problem(where, f"YAML illisible ({getattr(exc, 'problem', exc)})")]


def duplicates(keys: Iterable[tuple[str, str]], what: str) -> list[Problem]:
    """Problems for natural keys that appear twice; `keys` are (location, key)."""
    seen: dict[str, str] = {}
    problems = []
    for location, key in keys:
        if key in seen:
            problems.append(Problem(location, f"{what} « {key} » en double (déjà à {seen[key]})"))
        else:
            seen[key] = location
    return problems


def read_csv(
    path: Path, *, required: Iterable[str], known: Iterable[str] | None = None
) -> tuple[list[tuple[str, dict[str, str]]], list[Problem]]:
    """Rows of a CSV (`,`, `;` or tab, UTF-8 with or without BOM) as (location, record).

    A missing required column stops there; every other problem is collected with its line.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return [], [Problem(str(path), "fichier introuvable")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [Problem(str(path), "le fichier n'est pas encodé en UTF-8")]
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [name for name in required if name not in header]
    if missing:
        return [], [
            Problem("ligne 1", f"colonne(s) obligatoire(s) absente(s) : {', '.join(missing)}")
        ]
    problems = []
    if known is not None and (unknown := [name for name in header if name not in set(known)]):
        problems.append(Problem("ligne 1", f"colonne(s) inconnue(s) : {', '.join(unknown)}"))
    rows = []
    try:
        for record in reader:
            location = f"ligne {reader.line_num}"
            if None in record:
                problems.append(Problem(location, "trop de valeurs pour les colonnes de l'en-tête"))
            elif any((value or "").strip() for value in record.values()):
                rows.append((location, {k: v or "" for k, v in record.items()}))
    except csv.Error as exc:
        problems.append(Problem(f"ligne {reader.line_num}", f"CSV illisible ({exc})"))
    return rows, problems


def upsert_with_accounts(
    session: Session,
    *,
    model: Any,
    account_model: Any,
    account_fields: tuple[str, ...],
    items: list[tuple[dict[str, Any], dict[Any, dict[str, Any]]]],
    report: ImportReport,
) -> None:
    """Create or update rows by `code`, with one account per channel (structures, personas).

    `items` are (column values, channel -> account values); an account missing from the
    file is removed, so the file stays the truth for the accounts it lists.
    """
    codes = [fields["code"] for fields, _ in items]
    existing = {
        row.code: row
        for row in session.scalars(
            select(model).where(model.code.in_(codes)).options(selectinload(model.accounts))
        )
    }
    for fields, wanted in items:
        row = existing.get(fields["code"])
        current: dict[Any, Any] = {}
        if row is None:
            row = model(**fields)
            session.add(row)
            report.created += 1
        else:
            current = {a.channel: a for a in row.accounts}
            before = {c: {k: getattr(a, k) for k in account_fields} for c, a in current.items()}
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
                row.accounts.append(account_model(channel=channel, **values))
