"""`vigie sandbox`: run the platform emulators standalone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

app = typer.Typer(
    help="Émulateurs locaux des plateformes (X, Meta, Telegram).", add_completion=False
)


def banner(base_url: str, config: Any, accounts: list[Any] = ()) -> str:
    """The French start-up text: where the sandbox listens and what to give each SDK."""
    from sandbox import sdk_urls

    urls = sdk_urls(base_url)
    lines = [
        f"Bac à sable Vigie à l'écoute sur {base_url}",
        f"  X API v2          : {urls['x_api']}  (remplace https://api.twitter.com/)",
        f"  Graph API (Meta)  : {urls['graph_api']}  (remplace https://graph.facebook.com/)",
        f"  Telegram Bot API  : base_url = {urls['telegram_base_url']}",
        f"  API de contrôle   : {urls['control']}",
    ]
    if config.webhook_base:
        lines.append(f"  Webhooks livrés à : {config.webhook_base}")
        if not config.x_consumer_secret:
            lines.append(
                "  (aucun secret X : pas de livraison X tant qu'un webhook n'est pas enregistré)"
            )
        if not config.meta_app_secret:
            lines.append(
                "  (aucun secret Meta : pas de livraison Meta tant qu'un webhook n'est pas enregistré)"
            )
    else:
        lines.append(
            "  Aucune adresse de webhook : enregistrez-les via /_sandbox/webhooks ou setWebhook."
        )
    if accounts:
        lines.append("  Comptes persona (jetons à mettre dans les réglages) :")
        for account in accounts:
            handle = f"@{account.username}" if account.username else account.name
            human = (
                account.platform == "messenger"
                or account.kind == "user"
                and account.platform != "x"
            )
            secret = "mode assisté, sans jeton" if human else account.token
            lines.append(f"    {account.platform:<9} {handle} (id {account.id}) : {secret}")
    lines.append(f"  Graine : {config.seed} ; arrêt avec Ctrl+C.")
    return "\n".join(lines)


def load_world_file(path: Path) -> dict[str, Any]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise typer.BadParameter(
            "le fichier de monde doit contenir un objet YAML", param_hint="--config"
        )
    return data


@app.callback(invoke_without_command=True)
def sandbox(
    host: str = typer.Option("127.0.0.1", "--host", help="Adresse d'écoute."),
    port: int = typer.Option(8765, "--port", help="Port d'écoute."),
    webhook_base: str | None = typer.Option(
        None, "--webhook-base", help="URL de base de l'application qui reçoit les webhooks."
    ),
    x_consumer_secret: str | None = typer.Option(
        None, "--x-consumer-secret", help="Secret consommateur X (CRC et signatures)."
    ),
    meta_app_secret: str | None = typer.Option(
        None, "--meta-app-secret", help="Secret d'application Meta (X-Hub-Signature-256)."
    ),
    meta_verify_token: str | None = typer.Option(
        None, "--meta-verify-token", help="Jeton de vérification Meta (hub.verify_token)."
    ),
    seed: int = typer.Option(0, "--seed", help="Graine des agents (réponses reproductibles)."),
    config: Path | None = typer.Option(
        None, "--config", exists=True, dir_okay=False, help="Monde initial (YAML)."
    ),
    clock_scale: float = typer.Option(
        1.0, "--clock-scale", help="Secondes virtuelles par seconde réelle."
    ),
) -> None:
    """Lancer les émulateurs X, Meta et Telegram avec leurs agents scriptés."""
    import uvicorn

    from sandbox import SandboxConfig, create_app

    world = load_world_file(config) if config else None
    settings = SandboxConfig(
        host=host,
        port=port,
        webhook_base=webhook_base,
        x_consumer_secret=x_consumer_secret,
        meta_app_secret=meta_app_secret,
        meta_verify_token=meta_verify_token,
        seed=seed,
        clock_scale=clock_scale,
        world=world,
    )
    try:
        application = create_app(settings)
    except (ValueError, KeyError) as exc:
        typer.echo(f"Monde initial invalide : {exc}", err=True)
        raise typer.Exit(2) from exc
    personas = [
        a for a in application.state.sandbox.world.accounts.values() if a.owner == "persona"
    ]
    typer.echo(banner(f"http://{host}:{port}", settings, personas))
    uvicorn.run(application, host=host, port=port, log_level="warning")
