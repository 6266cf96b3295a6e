"""`vigie import grades FILE.csv`: human auditors' grades of e-mail, mail, website and phone tests.

One test per line. Each line creates (or updates, by campaign + test reference) a manual
exchange, appends the auditor's values as human grades when they changed, and the test is
then scored by the channel's own grid, through the same path as the automatic grades.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import scoring
from core.grades import current_grades, record_human
from core.importers.base import ImportReport, Problem, duplicates, read_csv
from core.models import (
    Campaign,
    Channel,
    ChannelMode,
    Exchange,
    ExchangeStatus,
    Origin,
    Persona,
    Scenario,
    Structure,
    User,
    Wave,
)
from core.scores import rescore

HUMAN_CHANNELS = ("email", "mail", "website", "phone")
FIXED = ("campaign", "test", "structure", "channel", "wave", "scenario", "persona",
         "sent_at", "reachable", "reply_at", "auditor")  # fmt: skip
REQUIRED = (
    "campaign",
    "test",
    "structure",
    "channel",
    "scenario",
    "persona",
    "sent_at",
    "reachable",
)
YES = {"oui", "o", "vrai", "true", "1", "x"}
NO = {"non", "n", "faux", "false", "0"}
NOT_APPLICABLE = {"", "na", "n/a", "sans objet", "so", "-"}


@dataclass
class GradeRow:
    location: str
    campaign: str
    test: str
    structure: str
    channel: str
    wave: int | None
    scenario: str
    persona: str
    sent_at: datetime
    reachable: bool
    reply_at: datetime | None
    auditor: str | None
    grid_id: str
    values: dict[str, Any] = field(default_factory=dict)


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text.strip())
    if moment.tzinfo is None:
        raise ValueError
    return moment


def _value(kind: str, raw: str) -> Any:
    text = raw.strip().lower().replace(",", ".")
    if text in NOT_APPLICABLE:
        return None
    if kind == "boolean":
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError("attendu : oui, non ou vide (sans objet)")
    number = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    if kind == "fraction" and not 0 <= number <= 1:
        raise ValueError("attendu : une fraction entre 0 et 1 (ou un pourcentage)")
    if number < 0:
        raise ValueError("attendu : un nombre positif")
    return number


def _parse_line(location: str, record: dict[str, str]) -> tuple[GradeRow | None, list[Problem]]:
    problems = []

    def bad(column: str, message: str) -> None:
        problems.append(Problem(f"{location}, colonne {column}", message))

    for column in REQUIRED:
        if not (record.get(column) or "").strip():
            bad(column, "valeur obligatoire manquante")
    channel = (record.get("channel") or "").strip()
    if channel and channel not in HUMAN_CHANNELS:
        bad("channel", f"canal « {channel} » non audité par une personne (possibles : "
                       f"{', '.join(HUMAN_CHANNELS)})")  # fmt: skip
    moments: dict[str, datetime | None] = {"sent_at": None, "reply_at": None}
    for column in moments:
        raw = (record.get(column) or "").strip()
        if raw:
            try:
                moments[column] = _moment(raw)
            except ValueError:
                bad(column, f"« {raw} » n'est pas une date-heure ISO 8601 avec fuseau "
                            "(ex. 2026-03-02T10:00:00+01:00)")  # fmt: skip
    reachable_raw = (record.get("reachable") or "").strip().lower()
    if reachable_raw and reachable_raw not in YES | NO:
        bad("reachable", "attendu : oui ou non")
    wave_raw = (record.get("wave") or "").strip()
    if wave_raw and not wave_raw.isdigit():
        bad("wave", "attendu : le numéro de la vague")
    if moments["sent_at"] and moments["reply_at"] and moments["reply_at"] < moments["sent_at"]:
        bad("reply_at", "la réponse est datée d'avant l'envoi")
    if channel not in HUMAN_CHANNELS:
        return None, problems
    grid = scoring.load_grid(scoring.grid_for_channel(channel))
    values = {}
    for criterion in grid.graded_criteria:
        raw = record.get(criterion)
        if raw is None:
            continue
        try:
            values[criterion] = _value(grid.criteria[criterion].kind, raw)
        except ValueError as exc:
            bad(criterion, str(exc) if str(exc) else f"valeur illisible « {raw} »")
    unknown = [c for c, v in record.items() if c not in FIXED and c not in grid.known_ids and v]
    if unknown:
        bad(", ".join(unknown), f"critère(s) inconnu(s) de la grille {grid.id}")
    if problems:
        return None, problems
    return GradeRow(
        location=location, campaign=record["campaign"].strip(), test=record["test"].strip(),
        structure=record["structure"].strip(), channel=channel,
        wave=int(wave_raw) if wave_raw else None, scenario=record["scenario"].strip(),
        persona=record["persona"].strip(), sent_at=moments["sent_at"],  # type: ignore[arg-type]
        reachable=reachable_raw in YES, reply_at=moments["reply_at"],
        auditor=(record.get("auditor") or "").strip() or None, grid_id=grid.id, values=values,
    ), []  # fmt: skip


def parse(path: Path) -> tuple[list[GradeRow], list[Problem]]:
    records, problems = read_csv(path, required=REQUIRED)
    rows = []
    for location, record in records:
        row, line_problems = _parse_line(location, record)
        problems += line_problems
        if row:
            rows.append(row)
    problems += duplicates(((r.location, f"{r.campaign}/{r.test}") for r in rows), "test")
    if not rows and not problems:
        problems.append(Problem(str(path), "aucune note dans le fichier"))
    return rows, problems


def _lookup(session: Session, rows: list[GradeRow]) -> tuple[dict[str, dict], list[Problem]]:
    """Resolve natural keys to rows; every unknown one is a located problem."""

    def by(model: Any, column: Any, keys: set[str]) -> dict[str, Any]:
        return {
            getattr(r, column.key): r
            for r in session.scalars(select(model).where(column.in_(keys)))
        }

    found = {
        "campaign": by(Campaign, Campaign.code, {r.campaign for r in rows}),
        "structure": by(Structure, Structure.code, {r.structure for r in rows}),
        "persona": by(Persona, Persona.code, {r.persona for r in rows}),
        "auditor": by(User, User.email, {r.auditor for r in rows if r.auditor}),
    }
    scenarios: dict[str, Scenario] = {}
    for scenario in session.scalars(
        select(Scenario).where(Scenario.slug.in_({r.scenario for r in rows}))
    ):
        if scenario.slug not in scenarios or scenario.version > scenarios[scenario.slug].version:
            scenarios[scenario.slug] = scenario
    found["scenario"] = scenarios
    labels = {"campaign": "campagne", "structure": "structure", "persona": "persona",
              "scenario": "scénario", "auditor": "auditeur"}  # fmt: skip
    problems = [
        Problem(f"{r.location}, colonne {key}", f"{labels[key]} « {getattr(r, key)} » inconnu(e)")
        for r in rows for key in labels
        if getattr(r, key) and getattr(r, key) not in found[key]
    ]  # fmt: skip
    return found, problems


def apply(session: Session, rows: list[GradeRow], report: ImportReport) -> None:
    found, problems = _lookup(session, rows)
    if problems:
        report.problems += problems
        return
    waves = {(w.campaign_id, w.number): w for w in session.scalars(select(Wave))}
    touched = []
    for row in rows:
        campaign = found["campaign"][row.campaign]
        wave = waves.get((campaign.id, row.wave)) if row.wave else None
        if row.wave and wave is None:
            report.problems.append(Problem(f"{row.location}, colonne wave",
                                           f"la campagne n'a pas de vague {row.wave}"))  # fmt: skip
            continue
        exchange = session.scalar(select(Exchange).where(
            Exchange.campaign_id == campaign.id, Exchange.external_ref == row.test))  # fmt: skip
        status = (ExchangeStatus.UNREACHABLE if not row.reachable
                  else ExchangeStatus.CLOSED if row.reply_at else ExchangeStatus.CLOSED_NO_REPLY)  # fmt: skip
        fields = {
            "structure_id": found["structure"][row.structure].id,
            "persona_id": found["persona"][row.persona].id,
            "scenario_id": found["scenario"][row.scenario].id,
            "channel": Channel(row.channel), "mode": ChannelMode.MANUAL, "status": status,
            "wave_id": wave.id if wave else None, "planned_at": row.sent_at,
            "sent_at": row.sent_at, "first_reply_at": row.reply_at,
            "closed_at": row.reply_at or row.sent_at, "graded_at": row.reply_at or row.sent_at,
        }  # fmt: skip
        if exchange is not None and exchange.mode != ChannelMode.MANUAL:
            report.problems.append(Problem(
                f"{row.location}, colonne test",
                f"« {row.test} » est un test {exchange.mode.value} de la campagne : seules les "
                "notes de tests manuels s'importent",
            ))  # fmt: skip
            continue
        created = exchange is None
        if created:
            exchange = Exchange(campaign_id=campaign.id, external_ref=row.test, **fields)
            session.add(exchange)
            session.flush()
            changed = True
        else:
            changed = any(getattr(exchange, k) != v for k, v in fields.items())
            for key, value in fields.items():
                setattr(exchange, key, value)
        current = current_grades(session, [exchange.id])[exchange.id]
        author = found["auditor"].get(row.auditor) if row.auditor else None
        for criterion, value in row.values.items():
            grade = current.get(criterion)
            if grade is not None and grade.origin == Origin.HUMAN and grade.value == value:
                continue
            record_human(session, exchange_id=exchange.id, criterion=criterion, value=value,
                         grid_version=row.grid_id, author_id=author.id if author else None,
                         reason="Note de l'auditeur (import)")  # fmt: skip
            changed = True
        report.created += created
        report.updated += changed and not created
        report.unchanged += not changed
        touched.append(exchange)
    if not report.problems:
        session.flush()
        rescore(session, touched)
