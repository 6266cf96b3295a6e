"""Campaign progress: how many tests are planned, sent, answered, closed and graded."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import Exchange, ExchangeStatus, Wave

S = ExchangeStatus
STAGES = ("planned", "sent", "answered", "closed", "graded", "unreachable", "failed", "review")
STAGE_LABELS = {
    "planned": "planifiés", "sent": "envoyés", "answered": "répondus", "closed": "clos",
    "graded": "notés", "unreachable": "injoignables", "failed": "en échec",
    "review": "à vérifier",
}  # fmt: skip


def progress(session: Session, campaign_id: int) -> dict[str, Any]:
    """Counts per wave and channel, cumulative: a closed test was also sent."""
    waves = {
        w.id: w.number for w in session.scalars(select(Wave).where(Wave.campaign_id == campaign_id))
    }
    rows: dict[tuple[int | None, str], dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(STAGES, 0)
    )
    totals = dict.fromkeys(STAGES, 0)
    settled = 0  # graded, failed, or waiting for a person: nothing more happens on its own
    query = select(Exchange.wave_id, Exchange.channel, Exchange.status, Exchange.sent_at,
                   Exchange.first_reply_at, Exchange.graded_at, Exchange.next_attempt_at
                   ).where(Exchange.campaign_id == campaign_id)  # fmt: skip
    for (
        wave_id,
        channel,
        status,
        sent_at,
        first_reply_at,
        graded_at,
        next_attempt,
    ) in session.execute(query):
        stages = ["planned"]
        if status == S.UNREACHABLE:
            stages.append("unreachable")
        elif status == S.FAILED:
            stages.append("failed")
        elif status == S.SENDING and next_attempt is None:
            stages.append("review")  # a send that may have gone out: an operator decides
        else:
            if sent_at is not None or status in (S.SENT, S.ANSWERED, S.CLOSED, S.CLOSED_NO_REPLY):
                stages.append("sent")
            if first_reply_at is not None or status in (S.ANSWERED, S.CLOSED):
                stages.append("answered")
            if status in (S.CLOSED, S.CLOSED_NO_REPLY):
                stages.append("closed")
        if graded_at is not None:
            stages.append("graded")
        settled += graded_at is not None or "failed" in stages or "review" in stages
        row = rows[(waves.get(wave_id), channel.value)]
        for stage in stages:
            row[stage] += 1
            totals[stage] += 1
    return {
        "rows": [
            {"wave": wave, "channel": channel, **counts}
            for (wave, channel), counts in sorted(
                rows.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1])
            )
        ],
        "totals": totals,
        "done": totals["planned"] > 0 and totals["graded"] == totals["planned"],
    }
