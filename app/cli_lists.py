"""Listing commands: `vigie structures list`, `vigie scenarios list`, … (table or `--json`)."""

from __future__ import annotations

from typing import Any

import typer

structures = typer.Typer(help="Structures du panel.", no_args_is_help=True)
scenarios = typer.Typer(help="Scénarios de questions.", no_args_is_help=True)
personas = typer.Typer(help="Personas (citoyens mystères).", no_args_is_help=True)
campaigns = typer.Typer(help="Campagnes d'audit.", no_args_is_help=True)

for _group in (structures, scenarios, personas, campaigns):
    # a callback keeps `list` a sub-command even while it is the only one
    _group.callback()(lambda: None)

JSON = typer.Option(False, "--json", help="Une ligne JSON par élément au lieu d'un tableau.")


def _rows(kind: str) -> list[dict[str, Any]]:
    from app.cli_common import database_session
    from core.listing import LISTINGS

    with database_session() as session:
        return LISTINGS[kind](session)


@structures.command("list")
def list_structures(
    as_json: bool = JSON,
    category: str | None = typer.Option(None, "--category", help="Filtrer par catégorie."),
) -> None:
    """Lister les structures, leurs comptes et certifications."""
    from app.cli_common import print_rows

    rows = [r for r in _rows("structures") if category is None or r["category"] == category]
    print_rows(rows, [("code", "Code"), ("name", "Nom"), ("category_label", "Catégorie"),
                      ("departement", "Dép."), ("certifications", "Certifications"),
                      ("channels", "Canaux"), ("webhooks_opt_in", "Webhooks")],
               as_json=as_json, title="Structures")  # fmt: skip


@scenarios.command("list")
def list_scenarios(as_json: bool = JSON) -> None:
    """Lister les scénarios (dernière version et thème)."""
    from app.cli_common import print_rows

    print_rows(_rows("scenarios"), [("slug", "Scénario"), ("version", "Version"),
                                    ("theme", "Thème"), ("kind_label", "Type"),
                                    ("title", "Titre"), ("expected_count", "Éléments attendus")],
               as_json=as_json, title="Scénarios")  # fmt: skip


@personas.command("list")
def list_personas(as_json: bool = JSON) -> None:
    """Lister les personas et leurs comptes."""
    from app.cli_common import print_rows

    print_rows(_rows("personas"), [("code", "Code"), ("civility", "Civilité"),
                                   ("first_name", "Prénom"), ("last_name", "Nom"),
                                   ("channels", "Canaux")],
               as_json=as_json, title="Personas")  # fmt: skip


@campaigns.command("list")
def list_campaigns(as_json: bool = JSON) -> None:
    """Lister les campagnes, leurs vagues et leurs canaux."""
    from app.cli_common import print_rows

    print_rows(_rows("campaigns"), [("id", "N°"), ("code", "Code"), ("name", "Nom"),
                                    ("edition", "Édition"), ("waves", "Vagues"),
                                    ("channels", "Canaux (mode × tests)"),
                                    ("exchanges", "Tests planifiés")],
               as_json=as_json, title="Campagnes")  # fmt: skip
