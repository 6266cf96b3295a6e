"""`vigie serve`: the FastAPI application under uvicorn."""

from __future__ import annotations

import typer

app = typer.Typer(help="Servir l'API web (FastAPI).")


@app.callback(invoke_without_command=True)
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Adresse d'écoute."),
    port: int = typer.Option(8000, "--port", help="Port d'écoute."),
    workers: int = typer.Option(1, "--workers", help="Nombre de processus."),
) -> None:
    """Servir l'API (/healthz, /docs, webhooks)."""
    import uvicorn

    from app.cli_common import console

    console.print(
        f"Vigie écoute sur http://{host}:{port} (documentation : /docs, santé : /healthz)"
    )
    uvicorn.run("app.asgi:app", host=host, port=port, workers=workers, log_level="info")
