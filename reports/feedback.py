"""A structure's feedback on its social replies: each test, its score and the reasons."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.grades import current_grades
from core.models import Exchange, ExchangeScore, Scenario, Structure
from scoring import CHANNEL_LABELS, DETERMINANT_LABELS, load_grid


def structure_feedback(session: Session, structure: Structure) -> dict[str, Any]:
    """Plain values, French labels: what the structure may read about itself, nothing else."""
    rows = session.execute(
        select(Exchange, ExchangeScore, Scenario)
        .join(ExchangeScore, ExchangeScore.exchange_id == Exchange.id)
        .join(Scenario, Scenario.id == Exchange.scenario_id)
        .where(Exchange.structure_id == structure.id)
        .order_by(Exchange.sent_at)
    ).all()
    grades = current_grades(session, [exchange.id for exchange, _, _ in rows])
    tests = []
    for exchange, score, scenario in rows:
        grid = load_grid(score.grid_version)
        criteria = [
            {"criterion": criterion, "label": grid.criteria[criterion].label,
             "determinant": DETERMINANT_LABELS.get(grid.determinant_of[criterion], ""),
             "value": grade.value, "reason": grade.reason, "origin": grade.origin.value}
            for criterion, grade in sorted(grades[exchange.id].items())
            if criterion in grid.criteria
        ]  # fmt: skip
        tests.append({
            "channel": exchange.channel.value,
            "channel_label": CHANNEL_LABELS.get(exchange.channel.value, exchange.channel.value),
            "subject": scenario.title,
            "question": exchange.question_text,
            "sent_at": exchange.sent_at.isoformat() if exchange.sent_at else None,
            "first_reply_at": exchange.first_reply_at.isoformat() if exchange.first_reply_at else None,
            "score": score.score,
            "determinants": {DETERMINANT_LABELS.get(k, k): v for k, v in score.determinants.items()},
            "first_reply_delay": score.first_reply_delay,
            "criteria": criteria,
        })  # fmt: skip
    scores = [t["score"] for t in tests]
    return {
        "structure": {"code": structure.code, "name": structure.name},
        "tests": tests,
        "count": len(tests),
        "mean_score": round(sum(scores) / len(scores), 2) if scores else None,
    }
