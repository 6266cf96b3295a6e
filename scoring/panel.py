"""Structure, category, certified and panel scores from scored exchanges (RUBRIC rule 5).

Aggregation streams: one small accumulator per (structure, channel), never the exchanges
themselves, so a national panel (millions of exchanges) fits in a few hundred megabytes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from scoring.exchange import ScoreInputError
from scoring.labels import CATEGORIES, CATEGORY_LABELS, CHANNELS, DETERMINANTS

__all__ = ["PanelBuilder", "PanelInputError", "parse_channel_weights", "score_panel"]

_CHANNEL_SET = frozenset(CHANNELS)
_CATEGORY_SET = frozenset(CATEGORIES)


class PanelInputError(ScoreInputError):
    """A scored exchange or a panel option is unusable; the message says why, in French."""


def score_panel(
    exchanges: Iterable[Mapping[str, Any]],
    *,
    channel_weights: Mapping[str, float] | None = None,
    previous: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """One panel document from scored exchanges; raises PanelInputError on a bad exchange."""
    builder = PanelBuilder()
    for index, exchange in enumerate(exchanges):
        try:
            builder.add(exchange)
        except PanelInputError as exc:
            raise PanelInputError(f"Échange n°{index + 1} : {exc}") from None
    return builder.document(channel_weights=channel_weights, previous=previous)


def parse_channel_weights(text: str) -> dict[str, float]:
    """Parse `twitter=2,facebook=1` into {channel: weight}; PanelInputError in French."""
    weights: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        channel, sep, raw = part.partition("=")
        channel = channel.strip()
        try:
            weight = float(raw) if sep else math.nan
        except ValueError:
            weight = math.nan
        if not math.isfinite(weight):
            raise PanelInputError(
                f"Poids de canal illisible : « {part} » (forme attendue : twitter=2,facebook=1)."
            )
        weights[channel] = weight
    _check_weights(weights)
    return weights


def _check_weights(weights: Mapping[str, float]) -> None:
    if not weights:
        raise PanelInputError("Aucun poids de canal n'est donné.")
    for channel, weight in weights.items():
        if channel not in _CHANNEL_SET:
            raise PanelInputError(
                f"Canal inconnu dans les poids : « {channel} » ; canaux possibles : "
                f"{', '.join(CHANNELS)}."
            )
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not weight > 0:
            raise PanelInputError(
                f"Le poids du canal « {channel} » doit être un nombre strictement positif "
                f"(il vaut {weight!r})."
            )


class PanelBuilder:
    """Accumulates scored exchanges one at a time; `document()` gives the panel document."""

    def __init__(self) -> None:
        self._det_index: dict[str, int] = {d: i for i, d in enumerate(DETERMINANTS)}
        # structure key -> [id, name, category, certified, {channel: accumulator}]
        self._structures: dict[str, list] = {}
        self._grids: set[str] = set()
        self.exchanges = 0

    def add(self, exchange: Mapping[str, Any]) -> None:
        """Add one scored exchange (a `vigie score exchanges` output line with `structure`)."""
        if not isinstance(exchange, Mapping):
            raise PanelInputError("La ligne n'est pas un objet JSON ({…}).")
        if "error" in exchange:
            raise PanelInputError(f"échange non noté ({exchange['error']}).")
        channel = exchange.get("channel")
        if channel not in _CHANNEL_SET:
            raise PanelInputError(
                f"Canal « {channel} » absent ou inconnu ; canaux possibles : {', '.join(CHANNELS)}."
            )
        score = exchange.get("score")
        if score.__class__ not in (float, int) or not 0 <= score <= 100:
            raise PanelInputError(
                f"Le score doit être un nombre entre 0 et 100 (il vaut {score!r})."
            )
        dets = exchange.get("determinants")
        if not isinstance(dets, Mapping):
            raise PanelInputError("« determinants » manque ou n'est pas un objet.")
        key, info = self._structure(exchange.get("structure"))
        grid = exchange.get("grid")
        if isinstance(grid, str):
            self._grids.add(grid)

        det_index = self._det_index
        slots = []
        for det_id, value in dets.items():
            if value is None:
                continue
            if value.__class__ not in (float, int) or not 0 <= value <= 100:
                raise PanelInputError(
                    f"Le déterminant « {det_id} » doit valoir un nombre entre 0 et 100 ou null "
                    f"(il vaut {value!r})."
                )
            index = det_index.get(det_id)
            if index is None:
                index = det_index[det_id] = len(det_index)
            slots.append((index, value))

        channels = info[4]
        acc = channels.get(channel)
        if acc is None:
            acc = channels[channel] = [0, 0.0] + [0.0, 0] * len(det_index)
        elif len(acc) < 2 + 2 * len(det_index):
            acc.extend([0.0, 0] * (len(det_index) - (len(acc) - 2) // 2))
        acc[0] += 1
        acc[1] += score
        for index, value in slots:
            acc[2 + 2 * index] += value
            acc[3 + 2 * index] += 1
        self.exchanges += 1
        if key not in self._structures:
            self._structures[key] = info

    def _structure(self, raw: Any) -> tuple[str, list]:
        if not isinstance(raw, Mapping):
            raise PanelInputError(
                '« structure » manque : il faut {"id", "name", "category", "certified"}.'
            )
        sid = raw.get("id")
        if sid is None or isinstance(sid, bool) or not isinstance(sid, str | int):
            raise PanelInputError("L'identifiant de la structure (« structure.id ») manque.")
        key = str(sid)
        known = self._structures.get(key)
        name, category, certified = raw.get("name"), raw.get("category"), raw.get("certified")
        if known is not None:
            if (known[1], known[2], known[3]) != (name, category, certified):
                raise PanelInputError(
                    f"La structure « {key} » est décrite autrement que sur une ligne précédente "
                    "(nom, catégorie ou certification différents)."
                )
            return key, known
        if not isinstance(name, str) or not name:
            raise PanelInputError(f"Le nom de la structure « {key} » manque.")
        if category not in _CATEGORY_SET:
            raise PanelInputError(
                f"Catégorie « {category} » inconnue pour la structure « {key} » ; catégories "
                f"possibles : {', '.join(CATEGORIES)}."
            )
        if certified is not True and certified is not False:
            raise PanelInputError(
                f"« certified » doit valoir true ou false pour la structure « {key} »."
            )
        return key, [sid, name, category, certified, {}]

    # ----------------------------------------------------------------------- document

    def document(
        self,
        *,
        channel_weights: Mapping[str, float] | None = None,
        previous: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The panel document: structures, categories, certified, panel, each with counts."""
        if channel_weights is not None:
            _check_weights(channel_weights)
            missing = sorted(
                {c for info in self._structures.values() for c in info[4]} - set(channel_weights)
            )
            if missing:
                raise PanelInputError(
                    f"Les poids de canaux ne couvrent pas : {', '.join(missing)} (donnez un "
                    "poids à chaque canal audité)."
                )
        det_ids = list(self._det_index)
        structures = [
            self._structure_result(info, det_ids, channel_weights)
            for _, info in sorted(self._structures.items())
        ]

        by_category: dict[str, list] = {}
        for s in structures:
            by_category.setdefault(s["category"], []).append(s)
        categories = {}
        for cat in CATEGORIES:
            members = by_category.get(cat)
            if not members:
                continue
            group = {"label": CATEGORY_LABELS[cat]} | _group(members, det_ids)
            group["best"] = _best(members)
            categories[cat] = group

        doc: dict[str, Any] = {
            "grids": sorted(self._grids),
            "channel_weights": None if channel_weights is None else dict(channel_weights),
            "panel": _group(structures, det_ids),
            "categories": categories,
            "certified": {
                "certified": _group([s for s in structures if s["certified"]], det_ids),
                "non_certified": _group([s for s in structures if not s["certified"]], det_ids),
            },
            "structures": {str(s["id"]): s for s in structures},
        }
        if previous is not None:
            _add_evolution(doc, previous)
        return _rounded(doc)

    def _structure_result(
        self, info: list, det_ids: list[str], weights: Mapping[str, float] | None
    ) -> dict[str, Any]:
        sid, name, category, certified, channels = info
        per_channel = {}
        for channel in CHANNELS:  # a stable, documented order
            acc = channels.get(channel)
            if acc is None:
                continue
            n = acc[0]
            dets = {}
            for i, det_id in enumerate(det_ids):
                slot = 2 + 2 * i
                count = acc[slot + 1] if slot + 1 < len(acc) else 0
                dets[det_id] = acc[slot] / count if count else None
            per_channel[channel] = {"count": n, "score": acc[1] / n, "determinants": dets}

        def weight(channel: str) -> float:
            return 1.0 if weights is None else float(weights[channel])

        total_w = sum(weight(c) for c in per_channel)
        score = sum(weight(c) * r["score"] for c, r in per_channel.items()) / total_w
        dets = {}
        for det_id in det_ids:
            pairs = [
                (weight(c), r["determinants"][det_id])
                for c, r in per_channel.items()
                if r["determinants"][det_id] is not None
            ]
            w = sum(p[0] for p in pairs)
            dets[det_id] = sum(p[0] * p[1] for p in pairs) / w if pairs else None
        return {
            "id": sid,
            "name": name,
            "category": category,
            "certified": certified,
            "count": sum(r["count"] for r in per_channel.values()),
            "score": score,
            "determinants": dets,
            "channels": per_channel,
        }


def _mean_scores(rows: list[dict], det_ids: list[str]) -> dict[str, Any]:
    scores = [r["score"] for r in rows]
    dets = {}
    for det_id in det_ids:
        values = [r["determinants"][det_id] for r in rows if r["determinants"][det_id] is not None]
        dets[det_id] = sum(values) / len(values) if values else None
    return {
        "count": len(rows),
        "score": sum(scores) / len(scores) if scores else None,
        "determinants": dets,
    }


def _group(structures: list[dict], det_ids: list[str]) -> dict[str, Any]:
    """Mean of the structure scores (global and per channel), with counts."""
    group = _mean_scores(structures, det_ids)
    group["exchanges"] = sum(s["count"] for s in structures)
    channels = {}
    for channel in CHANNELS:
        rows = [s["channels"][channel] for s in structures if channel in s["channels"]]
        if rows:
            channels[channel] = _mean_scores(rows, det_ids)
    group["channels"] = channels
    return group


def _best(members: list[dict]) -> dict[str, Any]:
    """Highest global score; ties go to the structure with more exchanges, then the lower id."""
    top = min(members, key=lambda s: (-s["score"], -s["count"], str(s["id"])))
    return {"id": top["id"], "name": top["name"], "score": top["score"], "count": top["count"]}


def _diff(current: Mapping[str, Any], before: Any) -> dict[str, Any] | None:
    if not isinstance(before, Mapping):
        return None
    prev_score = before.get("score")
    prev_dets = before.get("determinants") or {}
    score = current.get("score")
    return {
        "previous_score": prev_score,
        "score": None if score is None or not _is_number(prev_score) else score - prev_score,
        "determinants": {
            d: (None if v is None or not _is_number(prev_dets.get(d)) else v - prev_dets[d])
            for d, v in current["determinants"].items()
        },
    }


def _is_number(value: Any) -> bool:
    return value.__class__ in (float, int)


def _add_evolution(doc: dict[str, Any], previous: Mapping[str, Any]) -> None:
    """Each aggregate gets `evolution`: change since the previous edition (null if absent)."""
    if not isinstance(previous, Mapping) or "panel" not in previous:
        raise PanelInputError(
            "Le document de l'édition précédente n'est pas un document de panel "
            "(clé « panel » absente)."
        )

    def section(key: str) -> Mapping:
        value = previous.get(key)
        return value if isinstance(value, Mapping) else {}

    doc["previous_grids"] = previous.get("grids")
    doc["panel"]["evolution"] = _diff(doc["panel"], previous["panel"])
    for cat, group in doc["categories"].items():
        group["evolution"] = _diff(group, section("categories").get(cat))
    for key, group in doc["certified"].items():
        group["evolution"] = _diff(group, section("certified").get(key))
    prev_structures = section("structures")
    for key, s in doc["structures"].items():
        before = prev_structures.get(key)
        s["evolution"] = _diff(s, before)
        prev_channels = before.get("channels") if isinstance(before, Mapping) else None
        for channel, row in s["channels"].items():
            row["evolution"] = _diff(
                row, prev_channels.get(channel) if isinstance(prev_channels, Mapping) else None
            )


def _rounded(value: Any) -> Any:
    """Round every float to 2 decimals for output (counts stay integers)."""
    if value.__class__ is float:
        return round(value, 2)
    if value.__class__ is dict:
        return {k: _rounded(v) for k, v in value.items()}
    if value.__class__ is list:
        return [_rounded(v) for v in value]
    return value
