"""The reviewers' queue and corrections: every correction is kept, the score is recomputed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.grades import current_grades, record_human
from core.models import Campaign, Exchange, Origin
from core.scores import rescore
from scoring import load_grid


def queue(session: Session, *, limit: int = 50) -> list[dict[str, Any]]:
    """Automatic grades still current, lowest confidence first."""
    exchange_ids = list(session.scalars(select(Exchange.id).where(Exchange.graded_at.is_not(None))))
    items = [
        {"exchange_id": exchange_id, "criterion": criterion, "value": grade.value,
         "confidence": grade.confidence, "reason": grade.reason, "evidence": grade.evidence}
        for exchange_id, grades in current_grades(session, exchange_ids).items()
        for criterion, grade in grades.items()
        if grade.origin == Origin.AUTOMATIC
    ]  # fmt: skip
    items.sort(key=lambda item: item["confidence"] if item["confidence"] is not None else 0.0)
    return items[:limit]


class CorrectionError(ValueError):
    """A correction that does not fit the grid (French message)."""


def correct(session: Session, *, exchange_id: int, criterion: str, value: Any, reason: str | None,
            author_id: int | None) -> dict[str, Any]:  # fmt: skip
    """Record a reviewer's value for one criterion and rescore the exchange."""
    exchange = session.get(Exchange, exchange_id)
    if exchange is None:
        raise CorrectionError(f"test {exchange_id} introuvable")
    grid_version = session.scalar(
        select(Campaign.grid_version).where(Campaign.id == exchange.campaign_id)
    )
    grid = load_grid(grid_version)
    if criterion not in grid.criteria or grid.criteria[criterion].measured:
        raise CorrectionError(f"« {criterion} » n'est pas un critère noté de la grille {grid.id}")
    kind = grid.criteria[criterion].kind
    # bool is an int in Python: check types, not equality (1.0 == True)
    if kind == "boolean" and not (value is None or isinstance(value, bool)):
        raise CorrectionError("valeur attendue : vrai, faux ou null (sans objet)")
    if kind == "fraction" and not (
        value is None
        or (isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1)
    ):
        raise CorrectionError("valeur attendue : une fraction entre 0 et 1, ou null")
    record_human(session, exchange_id=exchange.id, criterion=criterion, value=value,
                 grid_version=grid.id, author_id=author_id, reason=reason)  # fmt: skip
    session.flush()
    stored = rescore(session, [exchange])
    return {"exchange_id": exchange.id, "criterion": criterion, "value": value,
            "score": stored[0].score if stored else None}  # fmt: skip
