"""All-or-nothing, idempotent importers: each re-import updates rows by their natural key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from core.importers import campaign, grades, personas, scenarios, structures
from core.importers.base import ImportReport, Problem, load_yaml
from core.models import AuditLog

# kind -> (parse, apply, reads CSV rather than YAML)
IMPORTERS: dict[
    str, tuple[Callable[[Any], tuple[list[Any], list[Problem]]], Callable[..., None], bool]
] = {
    "structures": (structures.parse, structures.apply, True),
    "scenarios": (scenarios.parse, scenarios.apply, False),
    "personas": (personas.parse, personas.apply, False),
    "campaign": (campaign.parse, campaign.apply, False),
    "grades": (grades.parse, grades.apply, True),
}


def run_import(session: Session, kind: str, path: Path, *, actor: str = "cli") -> ImportReport:
    """Validate the whole file, then write it in the session's transaction, or write nothing.

    The caller commits when the report is ok; on problems the session is rolled back here.
    """
    parse, apply, is_csv = IMPORTERS[kind]
    report = ImportReport(kind=kind)
    if is_csv:
        items, problems = parse(path)
    else:
        document, problems = load_yaml(path)
        items, more = parse(document) if not problems else ([], [])
        problems += more
    report.problems += problems
    if report.problems:
        return report
    apply(session, items, report)
    if report.problems:
        session.rollback()
        report.created = report.updated = report.unchanged = 0
        return report
    session.add(AuditLog(actor=actor, action=f"import.{kind}", entity=kind, details={
        "file": path.name, "created": report.created, "updated": report.updated,
        "unchanged": report.unchanged,
    }))  # fmt: skip
    session.flush()
    return report


__all__ = ["IMPORTERS", "ImportReport", "Problem", "run_import"]
