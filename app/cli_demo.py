"""`vigie demo`: the whole product on the embedded default (SQLite, in-process work, sandbox)."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(help="Démonstration complète sur le mode embarqué.")
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
IMPORTS = (
    ("structures", "structures.csv"),
    ("scenarios", "scenarios.yaml"),
    ("personas", "personas.yaml"),
    ("campaign", "campaign.yaml"),
    ("grades", "grades-humains.csv"),
)


@app.callback(invoke_without_command=True)
def demo(
    host: str = typer.Option("127.0.0.1", "--host", help="Adresse d'écoute de l'API."),
    port: int = typer.Option(8000, "--port", help="Port de l'API."),
    serve: bool = typer.Option(True, "--serve/--no-serve", help="Servir l'API à la fin."),
    campaign: bool = typer.Option(True, "--campaign/--no-campaign",
                                  help="Jouer une petite campagne simulée avec le bac à sable."),
    structures: int = typer.Option(30, "--structures", help="Structures de la campagne simulée."),
    seed: int = typer.Option(2026, "--seed", help="Graine du tirage (reproductible)."),
) -> None:  # fmt: skip
    """Créer la base, charger les exemples, jouer une campagne simulée, puis servir l'API."""
    from app.cli_common import console, errors
    from core.db import session_scope
    from core.importers import run_import
    from core.listing import LISTINGS
    from core.migrate import upgrade
    from core.settings import get_settings

    settings = get_settings()
    console.rule("[bold]Vigie — démonstration")
    from sqlalchemy.engine import make_url

    console.print(
        f"Base de données : {make_url(settings.database_url).render_as_string(hide_password=True)}"
    )
    upgrade(settings.database_url)
    for kind, name in IMPORTS:
        with session_scope(settings.database_url) as session:
            report = run_import(session, kind, EXAMPLES / name, actor="demo")
            if not report.ok:
                session.rollback()
        if not report.ok:
            for problem in report.problems:
                errors.print(f"• {problem}")
            raise typer.Exit(1)
        console.print(f"  {name:<22} {report.summary()}")
    with session_scope(settings.database_url) as session:
        counts = {kind: len(rows(session)) for kind, rows in LISTINGS.items()}
    console.print(
        f"Chargé : {counts['structures']} structures, {counts['scenarios']} scénarios, "
        f"{counts['personas']} personas, {counts['campaigns']} campagne(s)."
    )
    if campaign:
        from app.demo import run_demo

        server = run_demo(
            settings, structures=structures, seed=seed, console=console, host=host, port=port
        )
        console.print(
            f"API : http://{host}:{port}/healthz — documentation : http://{host}:{port}/docs"
        )
        if serve:
            console.print("Les données restent en place ; Ctrl+C pour arrêter.")
            server.wait()
        else:
            server.stop()
        return
    if serve:
        import uvicorn

        console.print(
            f"API : http://{host}:{port}/healthz — documentation : http://{host}:{port}/docs"
        )
        uvicorn.run("app.asgi:app", host=host, port=port, log_level="info")
