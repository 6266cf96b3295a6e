"""Criterion → determinant → exchange scores (RUBRIC.md, "From criteria to scores" 1–4, 6)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from scoring.grid import Grid

__all__ = [
    "CLOCK_SKEW_TOLERANCE_S",
    "ExchangeScore",
    "ScoreInputError",
    "round_score",
    "score_exchange",
    "score_parts",
]

# A reply stamped up to five minutes before the send time is clock skew between our clock
# and the platform's (a fast auto-reply): it counts as immediate. Earlier is bad data.
CLOCK_SKEW_TOLERANCE_S = 300.0

_BOOLEAN, _FRACTION, _REACHABLE, _DELAY, _BANDED = range(5)
_KEEP, _FAIL, _NOT_APPLICABLE = range(3)


class ScoreInputError(ValueError):
    """An exchange cannot be scored as given; the message says why, in French."""


def round_score(value: float | None) -> float | None:
    """Round a score or an hour count to 2 decimals for output (exact values stay inside).

    round(v * 100) / 100 rounds half to even on the scaled value; it is five times faster
    than round(v, 2), which matters at millions of exchanges.
    """
    return None if value is None else round(value * 100.0) / 100.0


@dataclass(slots=True)
class ExchangeScore:
    """Scores of one exchange, unrounded; `as_dict()` gives the rounded contract fields."""

    grid: str
    first_reply_delay: dict[str, float] | None
    determinants: dict[str, float | None]
    score: float | None

    def as_dict(self) -> dict[str, Any]:
        delay = self.first_reply_delay
        score = self.score
        return {
            "grid": self.grid,
            "first_reply_delay": None
            if delay is None
            else {
                "business_hours": round(delay["business_hours"] * 100.0) / 100.0,
                "calendar_hours": round(delay["calendar_hours"] * 100.0) / 100.0,
            },
            "determinants": {
                k: (None if v is None else round(v * 100.0) / 100.0)
                for k, v in self.determinants.items()
            },
            "score": None if score is None else round(score * 100.0) / 100.0,
        }


def score_exchange(
    grid: Grid,
    *,
    scenario_kind: str,
    reachable: bool,
    sent_at: datetime | None,
    reply_times: Sequence[datetime],
    criteria: Mapping[str, bool | float | None],
    channel: str | None = None,
) -> ExchangeScore:
    """Score one exchange on `grid` (exact values; `.as_dict()` rounds them).

    A criterion missing from `criteria` counts as not applicable (null). Measured criteria
    (`reachable`, `first_reply_delay`) come from the arguments, never from `criteria`.
    """
    delay, determinants, score = score_parts(
        grid, scenario_kind, bool(reachable), sent_at, reply_times, criteria, channel, False
    )
    return ExchangeScore(grid.id, delay, determinants, score)


def score_parts(
    grid: Grid,
    scenario_kind: str,
    reachable: bool,
    sent_at: datetime | None,
    reply_times: Sequence[datetime],
    criteria: Mapping[str, Any],
    channel: str | None,
    rounded: bool,
) -> tuple[dict[str, float] | None, dict[str, float | None], float | None]:
    """(first_reply_delay, determinants, score), rounded for output when `rounded`.

    The hot path of `vigie score exchanges`: positional arguments, precompiled grid plan,
    one determinants dict (rounded in place when asked; the score uses exact values).
    """
    if scenario_kind not in grid.scenario_kinds:
        raise ScoreInputError(
            f"Type de scénario « {scenario_kind} » inconnu ; possibles : "
            f"{', '.join(grid.scenario_kinds)}."
        )
    if channel is not None and channel not in grid.channels:
        raise ScoreInputError(
            f"Le canal « {channel} » n'est pas noté par la grille {grid.id} "
            f"(canaux : {', '.join(grid.channels)})."
        )
    if not grid.known_ids.issuperset(criteria):
        unknown = sorted(set(criteria) - grid.known_ids)
        raise ScoreInputError(
            f"Critère(s) inconnu(s) de la grille {grid.id} : {', '.join(map(str, unknown))}."
        )

    delay = None
    hours = None
    if reachable and reply_times:
        hours, elapsed = _delay(grid, sent_at, reply_times)
        if rounded:
            delay = {
                "business_hours": round(hours * 100.0) / 100.0,
                "calendar_hours": round(elapsed * 100.0) / 100.0,
            }
        else:
            delay = {"business_hours": hours, "calendar_hours": elapsed}

    plan = grid.plan
    determinants: dict[str, float | None] = {}
    if not reachable:
        # RUBRIC rule 4: accessibilité 0, every other determinant not applicable.
        for det_id, _w, _rule, _applies, has_reachable, _crits, _ids in plan:
            determinants[det_id] = 0.0 if has_reachable else None
        return None, determinants, 0.0

    no_reply = not reply_times
    num = den = 0.0
    get = criteria.get
    for det_id, det_weight, rule, applies_to, _has_reachable, crits, bool_ids in plan:
        if applies_to is not None and scenario_kind not in applies_to:
            determinants[det_id] = None
            continue
        if no_reply and rule != _KEEP:
            if rule == _NOT_APPLICABLE:
                determinants[det_id] = None
                continue
            value = 0.0  # _FAIL: every criterion is false, not null
        elif bool_ids is not None:
            yes = answered = 0
            for v in map(get, bool_ids):
                if v is True:
                    yes += 1
                    answered += 1
                elif v is False:
                    answered += 1
                elif v is not None:
                    raise _bad_value(_key_of(criteria, v), v, "true, false ou null")
            if not answered:
                determinants[det_id] = None  # no applicable criterion
                continue
            value = 100.0 * yes / answered
        else:
            c_num = c_den = 0.0
            for crit_id, weight, kind, crit in crits:
                if kind == _BOOLEAN:
                    v = get(crit_id)
                    if v is None:
                        continue
                    if v is True:
                        c_num += 100.0 * weight
                    elif v is not False:
                        raise _bad_value(crit_id, v, "true, false ou null")
                elif kind == _FRACTION:
                    v = get(crit_id)
                    if v is None:
                        continue
                    if v.__class__ not in (float, int) or not 0.0 <= v <= 1.0:
                        raise _bad_value(crit_id, v, "un nombre entre 0 et 1, ou null")
                    c_num += 100.0 * v * weight
                elif kind == _REACHABLE:
                    c_num += 100.0 * weight
                elif kind == _DELAY:
                    c_num += (crit.otherwise if hours is None else crit.band_score(hours)) * weight
                else:  # _BANDED: a count the auditor noted (rings, minutes)
                    v = get(crit_id)
                    if v is None:
                        continue
                    if v.__class__ not in (float, int) or v < 0:
                        raise _bad_value(crit_id, v, "un nombre positif ou nul, ou null")
                    c_num += crit.band_score(v) * weight
                c_den += weight
            if c_den == 0.0:
                determinants[det_id] = None  # no applicable criterion
                continue
            value = c_num / c_den
        determinants[det_id] = round(value * 100.0) / 100.0 if rounded else value
        num += value * det_weight
        den += det_weight
    if not den:
        return delay, determinants, None
    return delay, determinants, round(num / den * 100.0) / 100.0 if rounded else num / den


def _delay(
    grid: Grid, sent_at: datetime | None, reply_times: Sequence[datetime]
) -> tuple[float, float]:
    """(business hours, calendar hours) from the send time to the first reply."""
    if sent_at is None:
        raise ScoreInputError(
            "L'heure d'envoi de la question (sent_at) manque alors qu'il y a des réponses."
        )
    try:
        first = reply_times[0] if len(reply_times) == 1 else min(reply_times)
    except TypeError:
        raise ScoreInputError(
            "Les heures des réponses doivent toutes indiquer leur fuseau horaire."
        ) from None
    tz_sent, tz_first = sent_at.tzinfo, first.tzinfo
    if tz_sent is None or tz_first is None:
        raise ScoreInputError(
            "Les horodatages doivent indiquer leur fuseau horaire (par exemple +01:00 ou Z)."
        )
    # Python subtracts two datetimes sharing one tzinfo object in wall-clock time, which is
    # wrong across a daylight-saving change for a ZoneInfo; fixed offsets are safe.
    if tz_sent is not tz_first or tz_sent.__class__ is timezone:
        elapsed = (first - sent_at).total_seconds()
    else:
        elapsed = first.timestamp() - sent_at.timestamp()
    if elapsed < -CLOCK_SKEW_TOLERANCE_S:
        raise ScoreInputError(
            f"La première réponse ({first.isoformat()}) est antérieure à l'envoi de la "
            f"question ({sent_at.isoformat()})."
        )
    return (
        grid.calendar.seconds(sent_at, first) / 3600.0,
        (elapsed if elapsed > 0.0 else 0.0) / 3600.0,
    )


def _key_of(criteria: Mapping[str, Any], value: Any) -> str:
    return next((k for k, v in criteria.items() if v is value), "?")


def _bad_value(crit_id: str, value: Any, expected: str) -> ScoreInputError:
    return ScoreInputError(f"Le critère « {crit_id} » vaut {value!r} : valeur attendue {expected}.")
