"""The demo: a small campaign on the embedded default, the sandbox standing in for X and
Facebook, on an accelerated clock; then the barometer.

It lives in `app/` because it wires everything together: the sandbox (the platforms), the
app (webhooks), the bots, the engine and the NLU.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime
from typing import Any

from pydantic import SecretStr
from rich.console import Console
from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from core.settings import Settings

# Monday 2 March 2026, 08:30 in Paris: the wave is that Monday, the replies run into Wednesday.
DEMO_START = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
SCALE = 1500.0  # virtual seconds per real second: a day in about a minute
CODE = "demo-reseaux-sociaux"
# Structure agents' profiles, drawn with the seed: mostly decent, some poor, some silent.
PROFILE_MIX = (
    "exemplary", "exemplary", "exemplary", "average", "average", "average", "average",
    "curt", "slow", "silent", "private", "redirect", "ack_then_answer", "familiar",
    "dismissive", "careless", "auto_reply",
)  # fmt: skip
SECRETS = {"x": "demo-consumer-secret", "meta": "demo-app-secret", "verify": "demo-verify-token",
           "telegram": "demo-telegram-secret"}  # fmt: skip


def demo_settings(settings: Settings, urls: dict[str, str], tokens: dict[str, str]) -> Settings:
    """The user's settings, with the platforms replaced by the sandbox (demo secrets only)."""
    return settings.model_copy(update={
        "x_api_base_url": urls["x_api"], "meta_graph_base_url": urls["graph_api"],
        "telegram_api_base_url": urls["telegram_base_url"], "x_consumer_key": "demo-consumer-key",
        "x_consumer_secret": SecretStr(SECRETS["x"]), "meta_app_secret": SecretStr(SECRETS["meta"]),
        "meta_verify_token": SecretStr(SECRETS["verify"]),
        "telegram_webhook_secret": SecretStr(SECRETS["telegram"]),
        "persona_credentials": {k: SecretStr(v) for k, v in tokens.items()},
    })  # fmt: skip


def _campaign_document(codes: list[str], seed: int, tests: int) -> dict[str, Any]:
    day = DEMO_START.date().isoformat()
    return {"campaign": {
        "code": CODE, "name": "Démonstration — X et Facebook", "edition": DEMO_START.year,
        "seed": seed, "waiting_window_hours": 30, "quiet_period_hours": 6, "max_turns": 2,
        "off_hours_share": 0.15,
        "send_windows": [{"days": ["mon"], "start": "09:00", "end": "18:00"},
                         {"days": ["mon"], "start": "18:00", "end": "20:00"}],
        "channels": {"twitter": {"mode": "automatic", "tests_per_structure": tests},
                     "facebook": {"mode": "automatic", "tests_per_structure": tests}},
        "waves": [{"number": 1, "name": "Vague de démonstration", "starts_on": day, "ends_on": day}],
        "structures": {"codes": codes},
    }}  # fmt: skip


def build_world(session: Any, sb: Any, structures: list[Any], seed: int) -> dict[str, str]:
    """Give the sandbox our personas and structures (same ids), scripted agents and knowledge.

    Returns the personas' tokens by credentials reference.
    """
    from core.models import Channel, Persona, Scenario

    rng = random.Random(seed)
    tokens: dict[str, str] = {}
    for persona in session.scalars(select(Persona).options(selectinload(Persona.accounts))):
        for account in persona.accounts:
            if account.channel == Channel.TWITTER:
                token = f"x-{account.external_id}"
                sb.account(platform="x", owner="persona", id=account.external_id,
                           username=account.address.lstrip("@"), first_name=persona.first_name,
                           last_name=persona.last_name, civility=persona.civility, token=token)  # fmt: skip
                tokens[account.credentials] = f"{token}:demo-token-secret"
            elif account.channel == Channel.FACEBOOK:
                token = f"fb-{account.external_id}"
                sb.account(platform="facebook", owner="persona", id=account.external_id,
                           name=account.address, token=token)  # fmt: skip
                tokens[account.credentials] = token
    profiles = {}
    for structure in structures:
        profile = rng.choice(PROFILE_MIX)
        profiles[structure.code] = profile
        accounts = {a.channel: a for a in structure.accounts}
        contact = {"phone": accounts[Channel.PHONE].address} if Channel.PHONE in accounts else {}
        if Channel.TWITTER in accounts:
            x = accounts[Channel.TWITTER]
            sb.account(platform="x", owner="structure", id=x.external_id, username=x.address.lstrip("@"),
                       name=structure.name, profile=profile, options={"contact": contact})  # fmt: skip
        if Channel.FACEBOOK in accounts:
            page = accounts[Channel.FACEBOOK].address
            sb.account(platform="facebook", owner="structure", id=page, name=structure.name,
                       profile=profile, opted_in=structure.webhooks_opt_in, subscribed=structure.webhooks_opt_in,
                       token=f"fb-page-{page}", options={"contact": contact})  # fmt: skip
            sb.post(page, f"Retrouvez toute l'actualité de {structure.name} sur notre page.")
    sb.knowledge([
        {"id": s.slug, "kind": s.kind.value, "question": s.question,
         "expected": [{"id": e["id"], "label": e["label"]} for e in s.expected], "reference": s.reference}
        for s in session.scalars(select(Scenario).where(Scenario.active.is_(True)))
    ], replace=True)  # fmt: skip
    return tokens


def run_demo(settings: Settings, *, structures: int, seed: int, console: Console, host: str, port: int,
             tests: int = 2, timeout: float = 420.0) -> Any:  # fmt: skip
    """Run the simulated campaign; returns the app server, still serving."""
    import nlu
    from app.server import ThreadedServer
    from bots import MemoryCursorStore, get_channel
    from campaigns.engine import AcceleratedClock, Engine
    from campaigns.plans import apply_plan, compute_plan, load_campaign
    from campaigns.status import progress
    from core.db import session_factory, session_scope
    from core.importers import campaign as campaign_importer
    from core.importers.base import ImportReport
    from core.models import Campaign, Channel, Role, Structure, User
    from core.scores import barometer
    from core.users import create_user
    from reports.summary import render_summary
    from sandbox import SandboxServer

    console.rule("[bold]Campagne simulée")
    console.print("Chargement de l'analyse automatique des réponses (spaCy, modèles)…")
    grader = nlu.get_grader(settings.nlu_backend, rasa_url=settings.rasa_url)
    grader.intent("Bonjour")  # load the models now, before the clock runs

    sandbox = SandboxServer(seed=seed, agent_delay_factor=1.0).start()
    sb = sandbox.client()
    with session_scope(settings.database_url) as session:
        # a previous demo's campaign goes (the database cascades to its tests and scores)
        if session.execute(delete(Campaign).where(Campaign.code == CODE)).rowcount:
            console.print("La campagne de démonstration précédente est remplacée.")
        panel = list(session.scalars(
            select(Structure).options(selectinload(Structure.accounts)).order_by(Structure.code)))  # fmt: skip
        chosen = [
            s
            for s in panel
            if {Channel.TWITTER, Channel.FACEBOOK} <= {a.channel for a in s.accounts}
        ]
        chosen = chosen[:structures]
        tokens = build_world(session, sb, chosen, seed)
        items, problems = campaign_importer.parse(
            _campaign_document([s.code for s in chosen], seed, tests)
        )
        if problems:
            raise RuntimeError(f"demo campaign is invalid: {problems}")
        campaign_importer.apply(session, items, ImportReport(kind="campaign"))
    live = demo_settings(settings, sandbox.urls, tokens)
    app = ThreadedServer(live, host=host, port=port).start()
    sb.webhook("x", f"{app.url}/webhooks/x", consumer_secret=SECRETS["x"])
    sb.webhook(
        "meta",
        f"{app.url}/webhooks/meta",
        app_secret=SECRETS["meta"],
        verify_token=SECRETS["verify"],
    )

    with session_scope(settings.database_url) as session:
        campaign_id = session.scalar(select(Campaign.id).where(Campaign.code == CODE))
        campaign = load_campaign(session, campaign_id)
        counts = apply_plan(
            session, campaign, compute_plan(session, campaign, timezone=settings.timezone)
        )
        if (
            session.scalar(select(User.id).where(User.email == "coordination@demo.vigie.fr"))
            is None
        ):
            _, token = create_user(session, email="coordination@demo.vigie.fr", name="Coordination (démo)",
                                   role=Role.COORDINATOR, actor="demo")  # fmt: skip
        else:
            token = None
    console.print(f"{len(chosen)} structures × 2 canaux (X, Facebook) × {tests} tests : "
                  f"{counts['created']} tests planifiés le lundi {DEMO_START:%d/%m/%Y}, "
                  f"horloge accélérée ×{SCALE:.0f}.")  # fmt: skip

    sb.clock(now=DEMO_START.isoformat(), scale=SCALE)
    clock = AcceleratedClock(DEMO_START, SCALE)
    channels = {name: get_channel(name, live) for name in ("twitter", "facebook")}
    engine = Engine(session_factory(settings.database_url), live, grader, clock=clock,
                    channels=channels, cursors=MemoryCursorStore())  # fmt: skip
    started, last_report, cycle = time.monotonic(), 0.0, 0
    state: dict[str, Any] = {}
    while time.monotonic() - started < timeout:
        engine.poll = cycle % 3 == 0  # webhooks bring most replies; polling reconciles
        engine.cycle()
        cycle += 1
        with session_scope(settings.database_url) as session:
            state = progress(session, campaign_id)
        if time.monotonic() - last_report > 5 or state["done"]:
            t = state["totals"]
            console.print(f"  {clock():%a %d/%m %H:%M} UTC — envoyés {t['sent']}/{t['planned']}, "
                          f"répondus {t['answered']}, clos {t['closed']}, notés {t['graded']}, "
                          f"injoignables {t['unreachable']}, à vérifier {t['review']}")  # fmt: skip
            last_report = time.monotonic()
        if state["done"]:
            break
        time.sleep(0.3)
    sandbox.stop()
    if not state.get("done"):
        console.print("[yellow]La campagne n'est pas terminée dans le temps imparti ; "
                      "le baromètre porte sur les tests déjà notés.[/]")  # fmt: skip
    with session_scope(settings.database_url) as session:
        document = barometer(session, session.get(Campaign, campaign_id))
    render_summary(document, console=console, title="Baromètre de la campagne de démonstration")
    if token:
        console.print(f"Jeton d'accès de la coordination (API /api/…) : {token}")
    return app
