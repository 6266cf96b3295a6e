"""`vigie db …`: create and migrate the database."""

from __future__ import annotations

import typer

app = typer.Typer(help="Base de données : création et migrations.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(
    revision: str = typer.Argument("head", help="Révision cible (par défaut : la dernière)."),
) -> None:
    """Créer ou mettre à jour le schéma de la base de données."""
    from app.cli_common import console
    from core.migrate import current
    from core.migrate import upgrade as run
    from core.settings import get_settings

    url = get_settings().database_url
    run(url, revision)
    console.print(f"Base de données à jour (révision {current(url)}).")


@app.command("current")
def show_current() -> None:
    """Afficher la révision du schéma."""
    from app.cli_common import console
    from core.migrate import current
    from core.settings import get_settings

    revision = current(get_settings().database_url)
    console.print(f"Révision : {revision or 'aucune (base vide)'}")
