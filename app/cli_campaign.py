"""`vigie campaign …`: plan, run, follow and score a campaign."""

from __future__ import annotations

import json
import sys
from typing import Any

import typer

app = typer.Typer(help="Planifier, lancer et suivre une campagne.", no_args_is_help=True)
CAMPAIGN = typer.Argument(..., help="Numéro ou code de la campagne.")


def _campaign(session: Any, ref: str) -> Any:
    from sqlalchemy import select

    from app.cli_common import fail
    from campaigns.plans import load_campaign
    from core.models import Campaign

    campaign_id = (
        int(ref)
        if ref.isdigit()
        else session.scalar(select(Campaign.id).where(Campaign.code == ref))
    )
    campaign = load_campaign(session, campaign_id) if campaign_id else None
    if campaign is None:
        raise fail(f"campagne « {ref} » introuvable (voir « vigie campaigns list »).")
    return campaign


@app.command("plan")
def plan(
    ref: str = CAMPAIGN,
    as_json: bool = typer.Option(False, "--json", help="Une ligne JSON par test."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Montrer le plan sans l'enregistrer."),
    limit: int = typer.Option(40, "--limit", help="Lignes du tableau (0 : toutes)."),
) -> None:
    """Tirer le plan des tests (reproductible) et l'enregistrer ; les tests déjà envoyés ne bougent pas."""
    from zoneinfo import ZoneInfo

    from sqlalchemy import select

    from app.cli_common import console, database_session, errors, print_rows
    from campaigns.plans import apply_plan, compute_plan
    from core.models import Persona, Scenario, Structure, Wave
    from core.settings import get_settings

    settings = get_settings()
    with database_session() as session:
        campaign = _campaign(session, ref)
        result = compute_plan(session, campaign, timezone=settings.timezone)
        counts = None if dry_run else apply_plan(session, campaign, result)
        names = {
            "structure": dict(session.execute(select(Structure.id, Structure.code)).all()),
            "persona": dict(session.execute(select(Persona.id, Persona.code)).all()),
            "scenario": dict(session.execute(select(Scenario.id, Scenario.slug)).all()),
            "wave": dict(session.execute(select(Wave.id, Wave.number)).all()),
        }
    tz = ZoneInfo(settings.timezone)
    rows = [
        {"slot": t.slot, "wave": names["wave"][t.wave_id], "structure": names["structure"][t.structure_id],
         "channel": t.channel, "mode": t.mode, "scenario": names["scenario"][t.scenario_id],
         "persona": names["persona"][t.persona_id],
         "planned_at": t.planned_at.astimezone(tz).isoformat(timespec="minutes")}
        for t in result.tests
    ]  # fmt: skip
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        shown = rows if limit == 0 else rows[:limit]
        print_rows(shown, [("wave", "Vague"), ("structure", "Structure"), ("channel", "Canal"),
                           ("mode", "Mode"), ("scenario", "Scénario"), ("persona", "Persona"),
                           ("planned_at", "Envoi prévu")],
                   as_json=False, title=f"Plan de « {campaign.name} »")  # fmt: skip
        if len(rows) > len(shown):
            console.print(f"… et {len(rows) - len(shown)} autres tests (--limit 0 pour tout voir).")
        if counts is not None:
            console.print(f"Plan enregistré : {counts['created']} créé(s), {counts['updated']} modifié(s), "
                          f"{counts['kept']} déjà envoyé(s) conservé(s), {counts['removed']} retiré(s).")  # fmt: skip
    for warning in result.warnings:
        errors.print(f"[yellow]Attention :[/] {warning}")


@app.command("status")
def status(ref: str = CAMPAIGN, as_json: bool = typer.Option(False, "--json")) -> None:
    """Avancement par vague et par canal : planifiés, envoyés, répondus, clos, notés."""
    from app.cli_common import console, database_session, print_rows
    from campaigns.status import STAGE_LABELS, STAGES, progress

    with database_session() as session:
        campaign = _campaign(session, ref)
        state = progress(session, campaign.id)
    if as_json:
        sys.stdout.write(json.dumps(state, ensure_ascii=False) + "\n")
        return
    columns = [("wave", "Vague"), ("channel", "Canal")] + [
        (s, STAGE_LABELS[s].capitalize()) for s in STAGES
    ]
    print_rows(state["rows"], columns, as_json=False, title=f"Avancement de « {campaign.name} »")
    totals = state["totals"]
    if totals["planned"]:
        from rich.progress import BarColumn, Progress, TextColumn

        with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                      console=console, transient=False) as bar:  # fmt: skip
            for stage in ("sent", "closed", "graded"):
                bar.add_task(STAGE_LABELS[stage].capitalize(), total=totals["planned"],
                             completed=totals[stage] + (totals["unreachable"] if stage != "graded" else 0))  # fmt: skip


@app.command("barometer")
def barometer(ref: str = CAMPAIGN, as_json: bool = typer.Option(False, "--json")) -> None:
    """Calculer le baromètre de la campagne (panel, canaux, catégories, certifiées)."""
    from app.cli_common import console, database_session
    from core.scores import barometer as compute
    from reports.summary import render_summary

    with database_session() as session:
        campaign = _campaign(session, ref)
        document = compute(session, campaign)
    if as_json:
        sys.stdout.write(json.dumps(document, ensure_ascii=False) + "\n")
    else:
        render_summary(document, console=console, title=campaign.name)


@app.command("run")
def run(
    once: bool = typer.Option(False, "--once", help="Un seul cycle puis s'arrêter."),
    interval: float = typer.Option(30.0, "--interval", help="Secondes entre deux cycles."),
) -> None:
    """Faire tourner le moteur embarqué (sans Redis) : envois, relevés, relances, clôtures, notes.

    En production, les workers Celery et beat font le même travail (`campaigns.tasks`).
    """
    import time

    import nlu
    from app.cli_common import console
    from campaigns.engine import Engine
    from core.db import session_factory
    from core.settings import get_settings
    from webhooks import process_pending

    settings = get_settings()
    sessions = session_factory(settings.database_url)
    console.print("Chargement de l'analyse automatique des réponses…")
    engine = Engine(sessions, settings, nlu.get_grader(settings.nlu_backend, rasa_url=settings.rasa_url),
                    inbox=lambda: process_pending(sessions))  # fmt: skip
    try:
        while True:
            report = engine.cycle()
            dispatch = report.get("dispatch")
            outcome = report.get("close_and_grade")
            closed, graded = outcome if isinstance(outcome, tuple) else ({}, outcome)
            console.print(f"{report['at']:%d/%m %H:%M} — envois : {getattr(dispatch, 'outcomes', {}) or 'aucun'}, "
                          f"relances : {report.get('follow_up')}, clôtures : {closed}, notés : {graded}")  # fmt: skip
            if once:
                return
            time.sleep(interval)
    except KeyboardInterrupt:
        console.print("Arrêt demandé.")
