"""Grades: append-only rows, the current value of each criterion, and exchange scoring inputs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db import utcnow
from core.models import Grade, Origin


def record_automatic(
    session: Session,
    *,
    exchange_id: int,
    graded: Mapping[str, Any],
    grid_version: str,
    at: datetime | None = None,
) -> list[Grade]:
    """Store one `vigie nlu grade` output line as automatic grades (one row per criterion)."""
    at = at or utcnow()
    rows = [
        Grade(
            exchange_id=exchange_id,
            criterion=criterion,
            value=result.get("value"),
            present=result.get("present"),
            confidence=result.get("confidence"),
            evidence=result.get("evidence") or [],
            reason=result.get("reason"),
            origin=Origin.AUTOMATIC,
            grader=graded.get("grader"),
            grid_version=grid_version,
            created_at=at,
        )
        for criterion, result in graded["criteria"].items()
    ]
    session.add_all(rows)
    return rows


def record_human(
    session: Session,
    *,
    exchange_id: int,
    criterion: str,
    value: bool | float | None,
    grid_version: str,
    author_id: int | None,
    reason: str | None = None,
    present: list[str] | None = None,
    at: datetime | None = None,
) -> Grade:
    """A reviewer's or an auditor's value; it replaces the automatic one in the current view."""
    row = Grade(
        exchange_id=exchange_id, criterion=criterion, value=value, present=present,
        confidence=1.0, evidence=[], reason=reason, origin=Origin.HUMAN, author_id=author_id,
        grid_version=grid_version, created_at=at or utcnow(),
    )  # fmt: skip
    session.add(row)
    return row


def _rank(grade: Grade) -> tuple[int, datetime, int]:
    # same order as the `current_grades` view: human first, then the latest
    return (grade.origin == Origin.HUMAN, grade.created_at, grade.id or 0)


def current_grades(session: Session, exchange_ids: Iterable[int]) -> dict[int, dict[str, Grade]]:
    """exchange id -> criterion -> its current grade."""
    ids = list(exchange_ids)
    current: dict[int, dict[str, Grade]] = {i: {} for i in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for grade in session.scalars(select(Grade).where(Grade.exchange_id.in_(chunk))):
            best = current[grade.exchange_id].get(grade.criterion)
            if best is None or _rank(grade) > _rank(best):
                current[grade.exchange_id][grade.criterion] = grade
    return current


def current_values(session: Session, exchange_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """exchange id -> criterion -> current plain value (what `scoring` takes)."""
    return {
        exchange_id: {criterion: grade.value for criterion, grade in grades.items()}
        for exchange_id, grades in current_grades(session, exchange_ids).items()
    }
