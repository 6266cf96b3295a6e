"""`vigie import …`: all-or-nothing imports of the panel, scenarios, personas, campaigns, grades."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(help="Importer des données (tout ou rien, ré-importable).", no_args_is_help=True)

FILE = typer.Argument(..., exists=False, dir_okay=False, help="Fichier à importer.")


def _run(kind: str, path: Path) -> None:
    from app.cli_common import console, database_session, errors
    from core.importers import run_import

    with database_session() as session:
        report = run_import(session, kind, path)
        if not report.ok:
            session.rollback()
    if report.ok:
        console.print(report.summary())
        return
    for problem in report.problems:
        errors.print(f"[red]•[/] {problem}")
    errors.print(f"[bold red]{report.summary()}[/]")
    raise typer.Exit(1)


@app.command("structures")
def structures(path: Path = FILE) -> None:
    """Importer le panel de structures (CSV)."""
    _run("structures", path)


@app.command("scenarios")
def scenarios(path: Path = FILE) -> None:
    """Importer des scénarios (YAML)."""
    _run("scenarios", path)


@app.command("personas")
def personas(path: Path = FILE) -> None:
    """Importer des personas (YAML)."""
    _run("personas", path)


@app.command("campaign")
def campaign(path: Path = FILE) -> None:
    """Importer une campagne, ses vagues et ses canaux (YAML)."""
    _run("campaign", path)


@app.command("grades")
def grades(path: Path = FILE) -> None:
    """Importer les notes des auditeurs (e-mail, courrier, site, téléphone) (CSV)."""
    _run("grades", path)
