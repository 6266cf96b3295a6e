"""`vigie inbox`: see, replay and count the webhook events of the durable inbox."""

from __future__ import annotations

import json
from typing import Annotated

import typer

app = typer.Typer(help="Boîte de réception des webhooks.", no_args_is_help=True)

STATUS_LABELS = {
    "received": "reçu",
    "processed": "traité",
    "ignored": "ignoré",
    "failed": "en échec",
    "dead": "abandonné",
}


def _factory():  # noqa: ANN202 - heavy imports stay inside commands
    from core.db import session_factory
    from core.settings import get_settings

    return session_factory(get_settings().database_url)


@app.command("list")
def list_events(
    status: Annotated[
        str | None,
        typer.Option("--status", help="Statut : received, processed, ignored, failed, dead."),
    ] = None,
    platform: Annotated[
        str | None, typer.Option("--platform", help="Plateforme : x, meta, telegram.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="Nombre maximal d'événements.")] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="Une ligne JSON par événement.")] = False,
) -> None:
    """Lister les événements reçus, les plus récents d'abord."""
    from sqlalchemy import select

    from core.models import InboxEvent, InboxStatus

    if status is not None and status not in {s.value for s in InboxStatus}:
        raise typer.BadParameter(
            f"statut inconnu « {status} » (attendu : {', '.join(s.value for s in InboxStatus)})",
            param_hint="--status",
        )
    query = select(InboxEvent).order_by(InboxEvent.id.desc()).limit(limit)
    if status:
        query = query.where(InboxEvent.status == status)
    if platform:
        query = query.where(InboxEvent.platform == platform)
    with _factory()() as session:
        events = session.scalars(query).all()
    if as_json:
        for e in events:
            typer.echo(json.dumps({
                "id": e.id, "platform": e.platform, "key": e.event_key,
                "event_type": e.event_type, "status": str(e.status.value),
                "received_at": e.received_at.isoformat(), "attempts": e.attempts,
                "deliveries": e.deliveries, "last_error": e.last_error,
                "processed_at": e.processed_at.isoformat() if e.processed_at else None,
            }, ensure_ascii=False))  # fmt: skip
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Événements de la boîte de réception ({len(events)})")
    for column in (
        "N°",
        "Plateforme",
        "Type",
        "Clé",
        "Statut",
        "Reçu le",
        "Essais",
        "Livraisons",
        "Dernière erreur",
    ):
        table.add_column(column)
    for e in events:
        table.add_row(
            str(e.id), e.platform, e.event_type, e.event_key,
            STATUS_LABELS.get(e.status.value, e.status.value),
            e.received_at.strftime("%d/%m/%Y %H:%M:%S"), str(e.attempts), str(e.deliveries),
            (e.last_error or "")[:60],
        )  # fmt: skip
    Console().print(table)
    if not events:
        typer.echo("Aucun événement.")


@app.command()
def replay(
    event_id: Annotated[int | None, typer.Argument(help="Numéro de l'événement à rejouer.")] = None,
    failed: Annotated[
        bool, typer.Option("--failed", help="Rejouer tous les événements en échec ou abandonnés.")
    ] = False,
) -> None:
    """Remettre des événements en traitement et les traiter aussitôt."""
    from sqlalchemy import select, update

    from core.models import AuditLog, InboxEvent, InboxStatus
    from core.settings import get_settings
    from webhooks import process_event

    if (event_id is None) == (not failed):
        typer.echo("Indiquez un numéro d'événement ou --failed (l'un ou l'autre).", err=True)
        raise typer.Exit(2)
    factory = _factory()
    with factory() as session:
        if failed:
            ids = list(session.scalars(
                select(InboxEvent.id).where(InboxEvent.status.in_((InboxStatus.FAILED, InboxStatus.DEAD)))
                .order_by(InboxEvent.id)
            ))  # fmt: skip
        else:
            if session.get(InboxEvent, event_id) is None:
                typer.echo(f"Événement {event_id} introuvable.", err=True)
                raise typer.Exit(1)
            ids = [event_id]
        if ids:
            session.execute(
                update(InboxEvent).where(InboxEvent.id.in_(ids))
                .values(status=InboxStatus.RECEIVED, attempts=0, last_error=None, processed_at=None)
            )  # fmt: skip
            session.add(AuditLog(actor="cli", action="inbox.replay", entity="inbox_event",
                                 entity_id=",".join(map(str, ids))[:80], details={"ids": ids}))  # fmt: skip
            session.commit()
    if not ids:
        typer.echo("Aucun événement en échec à rejouer.")
        return
    max_attempts = get_settings().inbox_max_attempts
    results: dict[str, int] = {}
    for one in ids:
        status = process_event(factory, one, max_attempts=max_attempts)
        label = STATUS_LABELS.get(status.value, status.value) if status else "déjà pris"
        results[label] = results.get(label, 0) + 1
        if event_id is not None:
            typer.echo(f"Événement {one} rejoué : {label}.")
    if failed:
        summary = ", ".join(f"{n} {label}" for label, n in sorted(results.items()))
        typer.echo(f"{len(ids)} événement(s) rejoué(s) : {summary}.")


@app.command()
def stats(
    as_json: Annotated[bool, typer.Option("--json", help="Un document JSON.")] = False,
) -> None:
    """Compter les événements par plateforme et par statut, doublons compris."""
    from sqlalchemy import func, select

    from core.models import InboxEvent

    with _factory()() as session:
        rows = session.execute(
            select(InboxEvent.platform, InboxEvent.status, func.count(), func.sum(InboxEvent.deliveries))
            .group_by(InboxEvent.platform, InboxEvent.status)
        ).all()  # fmt: skip
        ignored = session.execute(
            select(InboxEvent.platform, InboxEvent.event_type, func.count())
            .where(InboxEvent.status == "ignored")
            .group_by(InboxEvent.platform, InboxEvent.event_type)
        ).all()  # fmt: skip
    document: dict[str, dict[str, int]] = {}
    deliveries = 0
    for platform, status, count, delivered in rows:
        document.setdefault(platform, {})[
            str(status.value if hasattr(status, "value") else status)
        ] = count
        deliveries += int(delivered or 0)
    total = sum(sum(v.values()) for v in document.values())
    if as_json:
        typer.echo(json.dumps({
            "events": total, "deliveries": deliveries, "duplicates": deliveries - total,
            "by_platform": document,
            "ignored_by_type": {f"{p}:{t}": n for p, t, n in ignored},
        }, ensure_ascii=False))  # fmt: skip
        return
    typer.echo(
        f"Événements : {total} ; livraisons : {deliveries} ; doublons écartés : {deliveries - total}."
    )
    for platform in sorted(document):
        parts = ", ".join(
            f"{STATUS_LABELS.get(s, s)} {n}" for s, n in sorted(document[platform].items())
        )
        typer.echo(f"  {platform} : {parts}")
    if ignored:
        typer.echo("Ignorés par type :")
        for platform, event_type, n in sorted(ignored):
            typer.echo(f"  {platform} {event_type} : {n}")
