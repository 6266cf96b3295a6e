"""`vigie telegram …`: register, remove and inspect the persona bots' webhooks."""

from __future__ import annotations

import typer

app = typer.Typer(help="Outils Telegram (webhook des bots personas).", no_args_is_help=True)

WEBHOOK_PATH = "/webhooks/telegram"


def webhook_url(public_base_url: str, token: str) -> str:
    """`…/webhooks/telegram/{bot id}`: update ids are unique per bot only, so each bot
    gets its own path (the bot id is the part of the token before the colon)."""
    bot_id = token.split(":", 1)[0]
    suffix = f"/{bot_id}" if bot_id.isdigit() else ""
    return public_base_url.rstrip("/") + WEBHOOK_PATH + suffix


def _tokens(persona: str | None, token: str | None) -> list[tuple[str, str]]:
    """(label, token) of the bots to act on: --token, one persona, or every Telegram persona."""
    from sqlalchemy import select

    from bots.credentials import MissingCredentials, resolve
    from core.db import session_scope
    from core.models import Channel, Persona, PersonaAccount
    from core.settings import get_settings

    if token:
        return [("--token", token)]
    settings = get_settings()
    query = (select(Persona.code, PersonaAccount.credentials)
             .join(PersonaAccount, PersonaAccount.persona_id == Persona.id)
             .where(PersonaAccount.channel == Channel.TELEGRAM))  # fmt: skip
    if persona:
        query = query.where(Persona.code == persona)
    with session_scope() as session:
        rows = session.execute(query).all()
    if not rows:
        raise typer.BadParameter(
            f"aucun compte Telegram pour le persona « {persona} »." if persona
            else "aucun persona n'a de compte Telegram ; précisez --token."
        )  # fmt: skip
    out = []
    for code, ref in rows:
        try:
            out.append((code, resolve(ref, tokens=None, settings=settings)))
        except MissingCredentials as exc:
            typer.secho(f"{code} : {exc.reason}", fg=typer.colors.RED, err=True)
    if not out:
        raise typer.Exit(1)
    return out


def _fail(label: str, exc: Exception) -> None:
    reason = getattr(exc, "reason", str(exc))
    typer.secho(f"{label} : échec — {reason}", fg=typer.colors.RED, err=True)


@app.command("set-webhook")
def set_webhook_command(
    url: str = typer.Option(
        None, help="URL publique du webhook (défaut : public_base_url + /webhooks/telegram/<bot>)."
    ),
    persona: str = typer.Option(
        None, help="Code du persona (défaut : tous les personas Telegram)."
    ),
    token: str = typer.Option(None, help="Jeton d'un bot, au lieu des identifiants configurés."),
    drop_pending: bool = typer.Option(
        False, "--drop-pending", help="Abandonner les mises à jour en attente."
    ),
) -> None:
    """Enregistrer le webhook des bots, avec le jeton secret configuré."""
    from bots.base import ChannelError
    from bots.telegram import check_secret, set_webhook
    from core.settings import get_settings

    settings = get_settings()
    problem = check_secret(settings.telegram_webhook_secret.get_secret_value())
    if problem:
        typer.secho(f"Webhook non enregistré : {problem}.", fg=typer.colors.RED, err=True)
        raise typer.Exit(1)
    failed = False
    for label, secret in _tokens(persona, token):
        target = url or webhook_url(settings.public_base_url, secret)
        try:
            set_webhook(settings, secret, target, drop_pending=drop_pending)
        except ChannelError as exc:
            _fail(label, exc)
            failed = True
            continue
        typer.echo(f"{label} : webhook enregistré vers {target}")
    raise typer.Exit(1 if failed else 0)


@app.command("delete-webhook")
def delete_webhook_command(
    persona: str = typer.Option(
        None, help="Code du persona (défaut : tous les personas Telegram)."
    ),
    token: str = typer.Option(None, help="Jeton d'un bot, au lieu des identifiants configurés."),
    drop_pending: bool = typer.Option(
        False, "--drop-pending", help="Abandonner les mises à jour en attente."
    ),
) -> None:
    """Supprimer le webhook des bots (pour revenir à getUpdates)."""
    from bots.base import ChannelError
    from bots.telegram import delete_webhook
    from core.settings import get_settings

    settings = get_settings()
    failed = False
    for label, secret in _tokens(persona, token):
        try:
            delete_webhook(settings, secret, drop_pending=drop_pending)
        except ChannelError as exc:
            _fail(label, exc)
            failed = True
            continue
        typer.echo(f"{label} : webhook supprimé")
    raise typer.Exit(1 if failed else 0)


@app.command("info")
def info_command(
    persona: str = typer.Option(
        None, help="Code du persona (défaut : tous les personas Telegram)."
    ),
    token: str = typer.Option(None, help="Jeton d'un bot, au lieu des identifiants configurés."),
) -> None:
    """Afficher l'état du webhook de chaque bot."""
    from bots.base import ChannelError
    from bots.telegram import webhook_info
    from core.settings import get_settings

    settings = get_settings()
    failed = False
    for label, secret in _tokens(persona, token):
        try:
            info = webhook_info(settings, secret)
        except ChannelError as exc:
            _fail(label, exc)
            failed = True
            continue
        url = info["url"] or "(aucun : getUpdates)"
        typer.echo(f"{label} : bot @{info['username']} ({info['bot_id']})")
        typer.echo(f"  webhook : {url}")
        typer.echo(f"  mises à jour en attente : {info['pending_update_count']}")
        if info["last_error_message"]:
            typer.echo(f"  dernière erreur : {info['last_error_message']}")
    raise typer.Exit(1 if failed else 0)
