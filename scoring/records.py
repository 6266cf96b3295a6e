"""The `vigie score exchanges` contract as a pure function: one input record → one output record."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from scoring.exchange import ScoreInputError, score_parts
from scoring.grid import Grid, grid_for_channel, load_grid
from scoring.labels import CHANNEL_GRIDS as _CHANNEL_GRIDS

__all__ = ["parse_moment", "score_record"]

_fromisoformat = datetime.fromisoformat
_EMPTY: dict = {}
_grids: dict[str, Grid] = {}  # grids already loaded, without the lru_cache call per line


def parse_moment(value: Any, field_name: str) -> datetime:
    """An ISO 8601 timestamp with its offset, or ScoreInputError in French."""
    if not isinstance(value, str):
        raise ScoreInputError(
            f"« {field_name} » doit être une date ISO 8601 (texte), pas {value!r}."
        )
    try:
        moment = _fromisoformat(value)
    except ValueError:
        raise ScoreInputError(
            f"« {field_name} » n'est pas une date ISO 8601 valable : « {value} »."
        ) from None
    if moment.tzinfo is None:
        raise ScoreInputError(
            f"« {field_name} » ({value}) n'indique pas son fuseau horaire "
            "(ajoutez un décalage, par exemple +01:00 ou Z)."
        )
    return moment


def score_record(record: Any, *, grid_id: str | None = None) -> dict[str, Any]:
    """Score one `vigie score exchanges` input record and return its output record.

    The grid is `grid_id` when given, else the record's own `grid` (a re-score keeps its
    grid version), else the channel's default grid. `channel` and `structure` are passed
    through so that the output can feed `vigie score panel` directly.
    Raises ScoreInputError (or GridError) with a French message.
    """
    if record.__class__ is not dict and not isinstance(record, Mapping):
        raise ScoreInputError("La ligne n'est pas un objet JSON ({…}).")
    if "id" not in record:
        raise ScoreInputError("L'identifiant de l'échange (« id ») manque.")
    channel = record.get("channel")
    if not isinstance(channel, str):
        raise ScoreInputError("Le canal (« channel ») manque ou n'est pas un texte.")
    own_grid = record.get("grid")
    if own_grid is not None and not isinstance(own_grid, str):
        raise ScoreInputError("« grid » doit être l'identifiant d'une grille (texte).")
    wanted = grid_id or own_grid or _CHANNEL_GRIDS.get(channel) or grid_for_channel(channel)
    grid = _grids.get(wanted)
    if grid is None:
        grid = _grids[wanted] = load_grid(wanted)

    kind = record.get("scenario_kind")
    if not isinstance(kind, str):
        raise ScoreInputError("Le type de scénario (« scenario_kind ») manque.")
    reachable = record.get("reachable")
    if reachable is not True and reachable is not False:
        raise ScoreInputError("« reachable » doit valoir true ou false.")

    sent_at = record.get("sent_at")
    if sent_at is not None:
        try:
            sent_at = _fromisoformat(sent_at)
        except (TypeError, ValueError):
            sent_at = parse_moment(sent_at, "sent_at")  # raises the French explanation
        if sent_at.tzinfo is None:
            parse_moment(record["sent_at"], "sent_at")
    replies = record.get("replies")
    if replies.__class__ is not list:
        raise ScoreInputError('« replies » doit être une liste (éventuellement vide) de {"at": …}.')
    try:
        reply_times = [_fromisoformat(reply["at"]) for reply in replies]
    except (TypeError, KeyError, ValueError):
        # Slow path only to say which reply is wrong.
        for n, reply in enumerate(replies):
            if reply.__class__ is not dict or "at" not in reply:
                raise ScoreInputError(
                    f"La réponse n°{n + 1} doit être un objet avec « at »."
                ) from None
            parse_moment(reply["at"], f"replies[{n}].at")
        raise
    # Naive reply times are refused with a French message when the delay is computed.

    criteria = record.get("criteria", _EMPTY)
    if criteria.__class__ is not dict:
        raise ScoreInputError("« criteria » doit être un objet (identifiant du critère → valeur).")
    if criteria and next(iter(criteria.values())).__class__ is dict:
        # The grader's own output ({"value": …, "confidence": …}) is accepted as is.
        criteria = {k: (v.get("value") if v.__class__ is dict else v) for k, v in criteria.items()}

    delay, determinants, score = score_parts(
        grid, kind, reachable, sent_at, reply_times, criteria, channel, True
    )
    out = {
        "id": record["id"],
        "grid": grid.id,
        "first_reply_delay": delay,
        "determinants": determinants,
        "score": score,
        "channel": channel,
    }
    if "structure" in record:
        out["structure"] = record["structure"]
    return out
