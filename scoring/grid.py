"""Grading grids as data: loading, validation with plain-French errors, lookup by channel."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from scoring.hours import HOLIDAY_SETS, BusinessCalendar
from scoring.labels import CHANNEL_GRIDS, CHANNELS, SCENARIO_KINDS

__all__ = [
    "CRITERION_KINDS",
    "DEFAULT_GRID",
    "GRIDS_DIR",
    "NO_REPLY_RULES",
    "Criterion",
    "Determinant",
    "Grid",
    "GridError",
    "available_grids",
    "grid_for_channel",
    "load_grid",
    "load_grid_file",
    "parse_grid",
]

DEFAULT_GRID = "social-2026.1"
GRIDS_DIR = Path(__file__).parent / "grids"

# kind -> what its value is and who provides it.
CRITERION_KINDS: dict[str, str] = {
    "reachable": "issue de l'envoi (mesurée)",
    "delay": "délai de première réponse en heures ouvrées (mesuré, barème par tranches)",
    "boolean": "oui / non / sans objet",
    "fraction": "part des éléments attendus, entre 0 et 1",
    "banded": "nombre relevé par l'auditeur (par exemple des sonneries), barème par tranches",
}
MEASURED_KINDS = frozenset({"reachable", "delay"})

# What a determinant becomes when the structure never replied (RUBRIC, scores rule 4).
NO_REPLY_RULES: dict[str, str] = {
    "keep": "noté normalement",
    "fail": "chaque critère compte comme non satisfait (0)",
    "not_applicable": "sans objet",
}

_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}


class GridError(ValueError):
    """A grid file is missing or wrong; the message says what to fix, in French."""


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    label: str
    kind: str
    weight: float = 1.0
    # For "delay" and "banded": ((upper limit, score), ...) and the score beyond the last limit.
    bands: tuple[tuple[float, float], ...] = ()
    otherwise: float = 0.0
    unit: str = ""

    @property
    def measured(self) -> bool:
        return self.kind in MEASURED_KINDS

    def band_score(self, value: float) -> float:
        for limit, score in self.bands:
            if value <= limit:
                return score
        return self.otherwise


@dataclass(frozen=True, slots=True)
class Determinant:
    id: str
    label: str
    weight: float
    criteria: tuple[Criterion, ...]
    on_no_reply: str = "fail"
    applies_to: frozenset[str] | None = None  # scenario kinds; None means every kind


@dataclass(frozen=True, slots=True)
class Grid:
    id: str
    label: str
    channels: tuple[str, ...]
    scenario_kinds: tuple[str, ...]
    determinants: tuple[Determinant, ...]
    calendar: BusinessCalendar = field(default_factory=BusinessCalendar)
    description: str = ""
    criteria: Mapping[str, Criterion] = field(init=False, repr=False, compare=False)
    determinant_of: Mapping[str, str] = field(init=False, repr=False, compare=False)
    # The scoring hot path walks these precompiled tuples instead of the dataclasses.
    plan: tuple = field(init=False, repr=False, compare=False)
    known_ids: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "plan", _compile(self.determinants))
        object.__setattr__(
            self, "known_ids", frozenset(c.id for d in self.determinants for c in d.criteria)
        )
        object.__setattr__(
            self, "criteria", {c.id: c for d in self.determinants for c in d.criteria}
        )
        object.__setattr__(
            self, "determinant_of", {c.id: d.id for d in self.determinants for c in d.criteria}
        )

    @property
    def determinant_ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.determinants)

    @property
    def graded_criteria(self) -> tuple[str, ...]:
        """Criteria a grader (NLU or auditor) provides: all but the measured ones."""
        return tuple(c.id for d in self.determinants for c in d.criteria if not c.measured)

    @property
    def delay_criterion(self) -> Criterion | None:
        return next((c for c in self.criteria.values() if c.kind == "delay"), None)


# Codes used by the compiled plan (scoring.exchange reads them).
KIND_CODES = {"boolean": 0, "fraction": 1, "reachable": 2, "delay": 3, "banded": 4}
RULE_CODES = {"keep": 0, "fail": 1, "not_applicable": 2}


def _compile(determinants: tuple[Determinant, ...]) -> tuple:
    """(id, weight, rule, applies_to, has_reachable, criteria, boolean ids).

    criteria is ((id, weight, kind code, Criterion), ...); boolean ids is the tuple of
    criterion ids when they are all boolean with equal weights (the common case, scored
    by counting), else None.
    """
    plan = []
    for d in determinants:
        uniform = all(c.kind == "boolean" for c in d.criteria) and (
            len({c.weight for c in d.criteria}) == 1
        )
        plan.append(
            (
                d.id,
                d.weight,
                RULE_CODES[d.on_no_reply],
                d.applies_to,
                any(c.kind == "reachable" for c in d.criteria),
                tuple((c.id, c.weight, KIND_CODES[c.kind], c) for c in d.criteria),
                tuple(c.id for c in d.criteria) if uniform else None,
            )
        )
    return tuple(plan)


# --------------------------------------------------------------------------- loading


def available_grids() -> list[str]:
    """Ids of the grids shipped in scoring/grids/, sorted."""
    return sorted(p.stem for p in GRIDS_DIR.glob("*.yaml"))


def load_grid(grid_id: str = DEFAULT_GRID) -> Grid:
    """The shipped grid `grid_id`, validated (cached: one Grid object per id)."""
    if not isinstance(grid_id, str) or "/" in grid_id or grid_id.startswith("."):
        raise GridError(f"« {grid_id} » n'est pas un identifiant de grille valable.")
    return _load_grid(grid_id)


@lru_cache(maxsize=32)
def _load_grid(grid_id: str) -> Grid:
    path = GRIDS_DIR / f"{grid_id}.yaml"
    if not path.is_file():
        known = ", ".join(available_grids()) or "aucune"
        raise GridError(f"La grille « {grid_id} » n'existe pas. Grilles disponibles : {known}.")
    return load_grid_file(path)


def load_grid_file(path: str | Path) -> Grid:
    """Load and validate a grid from a YAML file (a coordinator's copy, for instance)."""
    import yaml  # only the first load of a grid pays for the YAML parser

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GridError(
            f"Impossible de lire le fichier de grille {path} : {exc.strerror}."
        ) from exc
    except yaml.YAMLError as exc:
        raise GridError(f"Le fichier de grille {path} n'est pas un YAML valable : {exc}") from exc
    grid = parse_grid(data, source=path.name)
    if grid.id != path.stem:
        raise GridError(
            f"Le fichier {path.name} déclare l'identifiant « {grid.id} » : le nom du fichier "
            f"et l'identifiant doivent être identiques ({grid.id}.yaml)."
        )
    return grid


def grid_for_channel(channel: str) -> str:
    """Id of the grid that scores `channel` by default."""
    try:
        return CHANNEL_GRIDS[channel]
    except (KeyError, TypeError):
        raise GridError(
            f"Canal inconnu : « {channel} ». Canaux possibles : {', '.join(CHANNELS)}."
        ) from None


# --------------------------------------------------------------------------- validation


def parse_grid(data: Any, *, source: str = "grille") -> Grid:
    """Build a Grid from its YAML mapping, or raise GridError explaining the first problem."""
    where = f"Grille {source}"
    if not isinstance(data, Mapping):
        raise GridError(
            f"{where} : le fichier doit décrire un dictionnaire (clés id, determinants…)."
        )
    grid_id = _text(data, "id", where)
    where = f"Grille « {grid_id} »"
    label = _text(data, "label", where)
    channels = _id_list(data, "channels", where, allowed=CHANNELS, what="canal")
    kinds = _id_list(data, "scenario_kinds", where, allowed=SCENARIO_KINDS, what="type de scénario")
    calendar = _calendar(data.get("calendar", {}), where)
    raw_dets = data.get("determinants")
    if not isinstance(raw_dets, list) or not raw_dets:
        raise GridError(f"{where} : la liste « determinants » est absente ou vide.")

    determinants: list[Determinant] = []
    owner: dict[str, str] = {}
    for index, raw in enumerate(raw_dets, start=1):
        det = _determinant(raw, index, where, kinds)
        if any(d.id == det.id for d in determinants):
            raise GridError(f"{where} : le déterminant « {det.id} » est déclaré deux fois.")
        for crit in det.criteria:
            if crit.id in owner:
                if owner[crit.id] == det.id:
                    raise GridError(
                        f"{where} : le critère « {crit.id} » est déclaré deux fois dans "
                        f"le déterminant « {det.id} »."
                    )
                raise GridError(
                    f"{where} : le critère « {crit.id} » figure dans deux déterminants "
                    f"(« {owner[crit.id]} » et « {det.id} ») ; un critère appartient à un "
                    "seul déterminant."
                )
            owner[crit.id] = det.id
        determinants.append(det)

    reachables = [cid for cid, c in _all(determinants) if c.kind == "reachable"]
    if len(reachables) != 1:
        raise GridError(
            f"{where} : il faut exactement un critère de type « reachable » (la question a pu "
            f"être remise), la grille en a {len(reachables)}."
        )
    delays = [cid for cid, c in _all(determinants) if c.kind == "delay"]
    if len(delays) > 1:
        raise GridError(
            f"{where} : un seul critère de délai est possible, la grille en a "
            f"{len(delays)} ({', '.join(delays)})."
        )
    return Grid(
        id=grid_id,
        label=label,
        description=str(data.get("description", "")).strip(),
        channels=channels,
        scenario_kinds=kinds,
        determinants=tuple(determinants),
        calendar=calendar,
    )


def _all(determinants: list[Determinant]):
    return ((c.id, c) for d in determinants for c in d.criteria)


def _determinant(raw: Any, index: int, where: str, kinds: tuple[str, ...]) -> Determinant:
    if not isinstance(raw, Mapping):
        raise GridError(f"{where} : le déterminant n°{index} doit être un dictionnaire.")
    det_id = _text(raw, "id", f"{where}, déterminant n°{index}")
    here = f"{where}, déterminant « {det_id} »"
    weight = _weight(raw, here)
    rule = raw.get("on_no_reply", "fail")
    if rule not in NO_REPLY_RULES:
        raise GridError(
            f"{here} : « on_no_reply » vaut « {rule} » ; valeurs possibles : "
            f"{', '.join(NO_REPLY_RULES)}."
        )
    applies_to = None
    if raw.get("applies_to") is not None:
        applies_to = frozenset(
            _id_list(raw, "applies_to", here, allowed=kinds, what="type de scénario")
        )
    raw_crits = raw.get("criteria")
    if not isinstance(raw_crits, list) or not raw_crits:
        raise GridError(f"{here} : il n'a aucun critère (liste « criteria » absente ou vide).")
    criteria = tuple(_criterion(c, i, here) for i, c in enumerate(raw_crits, start=1))
    return Determinant(
        id=det_id,
        label=_text(raw, "label", here),
        weight=weight,
        criteria=criteria,
        on_no_reply=rule,
        applies_to=applies_to,
    )


def _criterion(raw: Any, index: int, where: str) -> Criterion:
    if not isinstance(raw, Mapping):
        raise GridError(f"{where} : le critère n°{index} doit être un dictionnaire.")
    crit_id = _text(raw, "id", f"{where}, critère n°{index}")
    here = f"{where}, critère « {crit_id} »"
    kind = raw.get("kind", "boolean")
    if kind not in CRITERION_KINDS:
        raise GridError(
            f"{here} : type « {kind} » inconnu ; types possibles : {', '.join(CRITERION_KINDS)}."
        )
    bands: tuple[tuple[float, float], ...] = ()
    otherwise = 0.0
    if kind in ("delay", "banded"):
        bands, otherwise = _bands(raw, here)
    elif "bands" in raw:
        raise GridError(f"{here} : un critère de type « {kind} » n'a pas de tranches (« bands »).")
    return Criterion(
        id=crit_id,
        label=_text(raw, "label", here),
        kind=kind,
        weight=_weight(raw, here),
        bands=bands,
        otherwise=otherwise,
        unit=str(raw.get("unit", "heures ouvrées" if kind == "delay" else "")),
    )


def _bands(raw: Mapping, here: str) -> tuple[tuple[tuple[float, float], ...], float]:
    rows = raw.get("bands")
    if not isinstance(rows, list) or not rows:
        raise GridError(f"{here} : il faut une liste de tranches « bands » (up_to, score).")
    bands: list[tuple[float, float]] = []
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping) or "up_to" not in row or "score" not in row:
            raise GridError(f"{here} : la tranche n°{n} doit donner « up_to » et « score ».")
        limit = _number(row["up_to"], f"{here}, tranche n°{n}, « up_to »")
        score = _score(row["score"], f"{here}, tranche n°{n}, « score »")
        if limit < 0:
            raise GridError(f"{here} : la limite de la tranche n°{n} ({limit}) est négative.")
        if bands and limit <= bands[-1][0]:
            raise GridError(
                f"{here} : les limites des tranches doivent croître ; la tranche n°{n} "
                f"({limit}) ne dépasse pas la précédente ({bands[-1][0]})."
            )
        if bands and score > bands[-1][1]:
            raise GridError(
                f"{here} : une tranche plus lente ne peut pas mieux noter ; la tranche n°{n} "
                f"donne {score} après {bands[-1][1]}."
            )
        bands.append((limit, score))
    otherwise = _score(raw.get("otherwise", 0), f"{here}, « otherwise »")
    if otherwise > bands[-1][1]:
        raise GridError(
            f"{here} : le score au-delà de la dernière tranche ({otherwise}) dépasse celui "
            f"de la dernière tranche ({bands[-1][1]})."
        )
    return tuple(bands), otherwise


def _calendar(raw: Any, where: str) -> BusinessCalendar:
    here = f"{where}, calendrier"
    if not isinstance(raw, Mapping):
        raise GridError(f"{here} : « calendar » doit être un dictionnaire.")
    tz = raw.get("timezone", "Europe/Paris")
    days = raw.get("weekdays", ["monday", "tuesday", "wednesday", "thursday", "friday"])
    if not isinstance(days, list) or not days or any(d not in _WEEKDAYS for d in days):
        raise GridError(
            f"{here} : « weekdays » doit lister des jours parmi {', '.join(_WEEKDAYS)}."
        )
    opening = _clock(raw.get("opening", "09:00"), f"{here}, « opening »")
    closing = _clock(raw.get("closing", "18:00"), f"{here}, « closing »")
    if closing <= opening:
        raise GridError(
            f"{here} : l'heure de fermeture ({closing:%H:%M}) doit suivre l'heure "
            f"d'ouverture ({opening:%H:%M})."
        )
    holidays = raw.get("holidays", "fr-metropole")
    if holidays not in HOLIDAY_SETS:
        raise GridError(
            f"{here} : jeux de jours fériés « {holidays} » inconnu ; possibles : "
            f"{', '.join(HOLIDAY_SETS)}."
        )
    try:
        return BusinessCalendar(
            timezone=str(tz),
            weekdays=frozenset(_WEEKDAYS[d] for d in days),
            opening=opening,
            closing=closing,
            holidays=holidays,
        )
    except (ValueError, KeyError) as exc:  # zoneinfo raises for unknown zones
        raise GridError(f"{here} : fuseau horaire « {tz} » inconnu.") from exc


def _clock(value: Any, here: str) -> time:
    try:
        hours, minutes = str(value).split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise GridError(f"{here} : « {value} » n'est pas une heure au format HH:MM.") from None


def _text(raw: Mapping, key: str, here: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise GridError(f"{here} : la clé « {key} » (texte non vide) est absente.")
    return value.strip()


def _id_list(
    raw: Mapping, key: str, here: str, *, allowed: tuple[str, ...], what: str
) -> tuple[str, ...]:
    values = raw.get(key)
    if not isinstance(values, list) or not values:
        raise GridError(f"{here} : la liste « {key} » est absente ou vide.")
    for value in values:
        if value not in allowed:
            raise GridError(
                f"{here} : {what} « {value} » inconnu dans « {key} » ; possibles : "
                f"{', '.join(allowed)}."
            )
    if len(set(values)) != len(values):
        raise GridError(f"{here} : la liste « {key} » contient un doublon.")
    return tuple(values)


def _number(value: Any, here: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise GridError(f"{here} : « {value} » n'est pas un nombre.")
    return float(value)


def _weight(raw: Mapping, here: str) -> float:
    weight = _number(raw.get("weight", 1), f"{here}, « weight »")
    if weight <= 0:
        raise GridError(
            f"{here} : le poids doit être strictement positif (il vaut {weight:g}) ; pour "
            "ne pas compter un élément, retirez-le de la grille."
        )
    return weight


def _score(value: Any, here: str) -> float:
    score = _number(value, here)
    if not 0 <= score <= 100:
        raise GridError(f"{here} : un score doit être compris entre 0 et 100 (il vaut {score:g}).")
    return score
