"""The barometer summary printed at the end of a campaign: panel, channels, categories,
certified versus non-certified, best structure per category, determinants."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Console
from rich.table import Table

from scoring import CATEGORY_LABELS, CHANNEL_LABELS, DETERMINANT_LABELS


def _fmt(value: Any) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",")


def summary_tables(document: Mapping[str, Any]) -> list[Table]:
    """The summary as Rich tables (pure: no printing)."""
    panel = document["panel"]
    tables = []
    head = Table(title="Baromètre : panel", title_justify="left")
    head.add_column("Groupe")
    head.add_column("Structures", justify="right")
    head.add_column("Tests", justify="right")
    head.add_column("Score /100", justify="right")
    head.add_row("Panel", str(panel["count"]), str(panel["exchanges"]), _fmt(panel["score"]))
    for key, label in (("certified", "Structures certifiées"), ("non_certified", "Non certifiées")):
        group = document["certified"][key]
        head.add_row(label, str(group["count"]), str(group["exchanges"]), _fmt(group["score"]))
    tables.append(head)

    channels = Table(title="Par canal", title_justify="left")
    for column in ("Canal", "Structures", "Score /100"):
        channels.add_column(column, justify="left" if column == "Canal" else "right")
    for channel, group in panel["channels"].items():
        channels.add_row(
            CHANNEL_LABELS.get(channel, channel), str(group["count"]), _fmt(group["score"])
        )
    tables.append(channels)

    categories = Table(title="Par catégorie", title_justify="left")
    for column in ("Catégorie", "Structures", "Score /100", "Meilleure structure", "Son score"):
        categories.add_column(column)
    for category, group in document["categories"].items():
        best = group.get("best") or {}
        categories.add_row(CATEGORY_LABELS.get(category, category), str(group["count"]),
                           _fmt(group["score"]), best.get("name", "—"), _fmt(best.get("score")))  # fmt: skip
    tables.append(categories)

    determinants = Table(title="Par déterminant (moyenne du panel)", title_justify="left")
    determinants.add_column("Déterminant")
    determinants.add_column("Score /100", justify="right")
    for determinant, value in panel["determinants"].items():
        determinants.add_row(DETERMINANT_LABELS.get(determinant, determinant), _fmt(value))
    tables.append(determinants)
    return tables


def render_summary(document: Mapping[str, Any], *, console: Console, title: str = "") -> None:
    if title:
        console.rule(f"[bold]{title}")
    if not document["panel"]["count"]:
        console.print("Aucun test noté pour l'instant : le baromètre est vide.")
        return
    for table in summary_tables(document):
        console.print(table)
