"""A campaign's life on the embedded engine with an in-memory platform: plan, send, reply,
scripted follow-up, close, grade, score; and the rules for no reply and unreachable."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from campaigns.engine import Engine
from campaigns.plans import apply_plan, compute_plan, load_campaign
from campaigns.status import progress
from core.db import make_engine
from core.inbound import InboundMessage, record_inbound
from core.models import (
    Direction,
    Exchange,
    ExchangeScore,
    ExchangeStatus,
    Message,
)
from core.settings import Settings
from scoring import business_hours
from tests import factories
from tests.campaigns.fakes import MemoryChannel, RuleGrader

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def world(db_url, tmp_path):
    engine = make_engine(db_url)
    sessions = sessionmaker(engine, expire_on_commit=False)
    with sessions() as session:
        campaign = factories.campaign(session, channels={"telegram": "automatic"},
                                      waiting_window_hours=48, quiet_period_hours=6, max_turns=1)  # fmt: skip
        campaign.waves[0].starts_on = START.date()
        campaign.waves[0].ends_on = START.date()
        campaign.send_windows = [{"days": ["mon"], "start": "09:00", "end": "12:00"}]
        for n in range(3):
            factories.structure(session, accounts={"telegram": (f"-100{n}", f"-100{n}")})
        for first in ("Claire", "Karim", "Sophie"):
            factories.persona(
                session, first_name=first, accounts={"telegram": (f"{first.lower()}_bot", first)}
            )
        factories.scenario(session, theme="etat_civil",
                           followups={"request_info": "J'habite la commune, merci {persona.first_name}."})  # fmt: skip
        session.commit()
        campaign_id = campaign.id
    clock = Clock()
    channel = MemoryChannel(now=clock)
    settings = Settings(database_url=db_url, data_dir=tmp_path)
    yield {"sessions": sessions, "campaign_id": campaign_id, "clock": clock, "channel": channel,
           "engine": Engine(sessions, settings, RuleGrader(), clock=clock,
                            channels={"telegram": channel}, poll=False)}  # fmt: skip
    engine.dispose()


def _reply(session, exchange, text, at, reply_to):
    structure_chat = exchange.thread_key
    result = record_inbound(session, InboundMessage(
        platform="telegram", external_id=f"{structure_chat}:r{at.timestamp():.0f}", text=text,
        received_at=at, platform_time=at, thread_key=structure_chat, in_reply_to=reply_to,
        author_id=structure_chat, recipient_id="bot"))  # fmt: skip
    session.commit()
    return result


def _plan(world) -> None:
    with world["sessions"]() as session:
        campaign = load_campaign(session, world["campaign_id"])
        apply_plan(session, campaign, compute_plan(session, campaign, timezone="Europe/Paris"))
        session.commit()


def _close_without_reply(world) -> None:
    """Plan, send the first questions, and let their exchanges close unanswered (graded)."""
    _plan(world)
    world["clock"].now = START + timedelta(hours=4)
    world["engine"].cycle()
    world["clock"].now += timedelta(days=3)
    world["engine"].cycle()


def _score(session, exchange_id: int) -> ExchangeScore:
    return session.scalar(select(ExchangeScore).where(ExchangeScore.exchange_id == exchange_id))


def _question(session, exchange_id: int) -> str:
    """The platform id of the question sent for `exchange_id`."""
    return session.scalar(select(Message.external_id).where(
        Message.exchange_id == exchange_id, Message.direction == Direction.OUTBOUND))  # fmt: skip


def test_a_campaign_runs_from_plan_to_scores(world):
    sessions, clock, channel, engine = (
        world["sessions"],
        world["clock"],
        world["channel"],
        world["engine"],
    )
    with sessions() as session:
        campaign = load_campaign(session, world["campaign_id"])
        plan = compute_plan(session, campaign, timezone="Europe/Paris")
        assert apply_plan(session, campaign, plan)["created"] == 3
        session.commit()
    engine.cycle()  # 08:00 UTC = 09:00 Paris: nothing due before the drawn times
    clock.now = START + timedelta(hours=3)
    engine.cycle()
    assert len(channel.sent) == 3
    assert all(text.startswith("Bonjour") for _, text, _ in channel.sent)
    with sessions() as session:
        exchanges = session.scalars(select(Exchange).order_by(Exchange.id)).all()
        assert {e.status for e in exchanges} == {ExchangeStatus.SENT}
        question = {m.exchange_id: m.external_id for m in session.scalars(
            select(Message).where(Message.direction == Direction.OUTBOUND))}  # fmt: skip
        first, second, third = exchanges
        # first: asks for details, then answers after our scripted follow-up
        _reply(session, first, "Bonjour, précisez votre adresse svp.", clock.now + timedelta(minutes=30),
               question[first.id])  # fmt: skip
        # second: answers directly; third: never answers
        _reply(session, second, "Bonjour Karim, c'est sur rendez-vous et gratuit.",
               clock.now + timedelta(hours=1), question[second.id])  # fmt: skip
    clock.now += timedelta(hours=1, minutes=5)
    engine.cycle()
    followups = [(text, reply_to) for ctx, text, reply_to in channel.sent if ctx.turn == 1]
    assert len(followups) == 1 and followups[0][0].startswith("J'habite la commune, merci")
    engine.cycle()  # idempotent: no second follow-up for the same structure message
    assert sum(1 for ctx, _, _ in channel.sent if ctx.turn == 1) == 1
    with sessions() as session:
        first = session.get(Exchange, exchanges[0].id)
        _reply(session, first, "Merci, c'est sur rendez-vous en mairie.", clock.now + timedelta(minutes=20),
               channel.sent[-1][0].thread_key)  # fmt: skip
    clock.now += timedelta(days=3)  # past the quiet period and the waiting window
    engine.cycle()
    with sessions() as session:
        rows = {e.id: e for e in session.scalars(select(Exchange))}
        assert [rows[e.id].status for e in exchanges] == [
            ExchangeStatus.CLOSED,
            ExchangeStatus.CLOSED,
            ExchangeStatus.CLOSED_NO_REPLY,
        ]
        assert all(e.graded_at is not None for e in rows.values())
        scores = {s.exchange_id: s for s in session.scalars(select(ExchangeScore))}
        assert scores[exchanges[2].id].score < scores[exchanges[1].id].score
        assert scores[exchanges[2].id].determinants["reactivite"] == 0
        answered = rows[exchanges[1].id]
        expected = business_hours(answered.sent_at, answered.first_reply_at)
        assert scores[answered.id].first_reply_delay["business_hours"] == pytest.approx(
            expected, abs=0.01
        )
        state = progress(session, world["campaign_id"])
        assert state["totals"]["graded"] == 3 and state["done"]


def test_permanent_failures_make_the_exchange_unreachable_and_score_zero(world):
    sessions, clock, channel, engine = (
        world["sessions"],
        world["clock"],
        world["channel"],
        world["engine"],
    )
    channel.closed = {"-1000", "-1001", "-1002"}
    _plan(world)
    clock.now = START + timedelta(hours=4)
    engine.cycle()
    with sessions() as session:
        assert {e.status for e in session.scalars(select(Exchange))} == {ExchangeStatus.UNREACHABLE}
        assert {s.score for s in session.scalars(select(ExchangeScore))} == {0.0}


def test_replanning_never_touches_sent_tests(world):
    sessions, clock, engine = world["sessions"], world["clock"], world["engine"]
    _plan(world)
    with sessions() as session:
        first = session.scalars(select(Exchange).order_by(Exchange.planned_at)).first()
        first_id, first_planned = first.id, first.planned_at
    clock.now = first_planned + timedelta(seconds=1)
    engine.dispatch()
    with sessions() as session:
        campaign = load_campaign(session, world["campaign_id"])
        campaign.seed = 99  # a different draw for what is still planned
        counts = apply_plan(
            session, campaign, compute_plan(session, campaign, timezone="Europe/Paris")
        )
        session.commit()
        assert counts["kept"] == 1
        assert session.get(Exchange, first_id).planned_at == first_planned
        assert session.get(Exchange, first_id).status == ExchangeStatus.SENT


def test_dispatch_honours_the_per_account_limit(world):
    from campaigns.dispatcher import dispatch_due

    sessions, clock, channel = world["sessions"], world["clock"], world["channel"]
    with sessions() as session:
        campaign = load_campaign(session, world["campaign_id"])
        apply_plan(session, campaign, compute_plan(session, campaign, timezone="Europe/Paris"))
        for exchange in session.scalars(select(Exchange)):
            exchange.persona_id = session.scalars(
                select(Exchange.persona_id)
            ).first()  # one persona
        session.commit()
        clock.now = START + timedelta(hours=4)
        report = dispatch_due(session, world["engine"].settings, now=clock.now, clock=clock,
                              channels={"telegram": channel}, limits={"telegram": (2, timedelta(minutes=1))})  # fmt: skip
        assert report.outcomes == {"sent": 2} and report.throttled == 1
        throttled = session.scalar(
            select(Exchange).where(Exchange.status == ExchangeStatus.PLANNED)
        )
        assert throttled.next_attempt_at == clock.now + timedelta(seconds=30)
        clock.now += timedelta(seconds=61)  # the two sends have left the one-minute window
        later = dispatch_due(session, world["engine"].settings, now=clock.now, clock=clock,
                             channels={"telegram": channel}, limits={"telegram": (2, timedelta(minutes=1))})  # fmt: skip
        assert later.outcomes == {"sent": 1}


def test_a_reply_after_closing_is_kept_but_scores_nothing(world):
    sessions, clock = world["sessions"], world["clock"]
    _close_without_reply(world)
    with sessions() as session:
        exchange = session.scalars(select(Exchange).order_by(Exchange.id)).first()
        assert exchange.status == ExchangeStatus.CLOSED_NO_REPLY
        before = _score(session, exchange.id).score
        question = _question(session, exchange.id)
        late = clock.now + timedelta(hours=1)  # after the exchange closed
        _reply(
            session, exchange, "Bonjour, désolés du retard : c'est sur rendez-vous.", late, question
        )
        from core.scores import rescore

        rescore(session, [session.get(Exchange, exchange.id)])
        session.commit()
        after = _score(session, exchange.id)
        assert after.score == before and after.first_reply_delay is None
        assert session.scalar(select(Message).where(Message.exchange_id == exchange.id,
                                                    Message.direction == Direction.INBOUND)) is not None  # fmt: skip


def test_a_failed_follow_up_is_tried_again(world):
    from bots.base import TransientError

    sessions, clock, channel, engine = (
        world["sessions"],
        world["clock"],
        world["channel"],
        world["engine"],
    )
    _plan(world)
    clock.now = START + timedelta(hours=4)
    engine.cycle()
    with sessions() as session:
        exchange = session.scalars(select(Exchange).order_by(Exchange.id)).first()
        question = _question(session, exchange.id)
        _reply(session, exchange, "Bonjour, précisez votre adresse svp.", clock.now, question)
    real_send = channel.send
    calls = []

    def flaky(ctx, text, *, reply_to=None):
        calls.append(ctx.turn)
        if len(calls) == 1:
            raise TransientError("Service indisponible (503).")
        return real_send(ctx, text, reply_to=reply_to)

    channel.send = flaky
    clock.now += timedelta(minutes=5)
    engine.follow_up()  # fails for a passing reason
    for _ in range(3):
        clock.now += timedelta(hours=7)  # past any backoff
        engine.follow_up()
    assert calls[:2] == [1, 1] and len(calls) == 2  # tried again once, then sent, never twice
    assert sum(1 for ctx, _, _ in channel.sent if ctx.turn == 1) == 1


def test_a_holding_reply_keeps_the_exchange_open_until_the_waiting_window(world):
    sessions, clock, engine = world["sessions"], world["clock"], world["engine"]
    _plan(world)
    clock.now = START + timedelta(hours=4)
    engine.cycle()
    with sessions() as session:
        exchange = session.scalars(select(Exchange).order_by(Exchange.id)).first()
        question = _question(session, exchange.id)
        _reply(session, exchange, "Bonjour, précisez votre quartier svp.", clock.now, question)
        exchange_id, sent_at = exchange.id, exchange.sent_at
    clock.now += timedelta(hours=8)  # past the 6 h quiet period, within the 48 h window
    engine.cycle()
    with sessions() as session:
        assert session.get(Exchange, exchange_id).status == ExchangeStatus.ANSWERED
    clock.now = sent_at + timedelta(hours=49)
    engine.cycle()
    with sessions() as session:
        assert session.get(Exchange, exchange_id).status == ExchangeStatus.CLOSED


def test_a_reply_sent_in_time_but_received_after_closing_counts(world):
    sessions, engine = world["sessions"], world["engine"]
    _close_without_reply(world)
    with sessions() as session:
        exchange = session.scalars(select(Exchange).order_by(Exchange.id)).first()
        assert exchange.status == ExchangeStatus.CLOSED_NO_REPLY and exchange.graded_at is not None
        before = _score(session, exchange.id).score
        in_time = exchange.sent_at + timedelta(hours=2)  # polled only now
        _reply(session, exchange, "Bonjour, c'est sur rendez-vous en mairie.", in_time,
               _question(session, exchange.id))  # fmt: skip
        exchange_id, closed_at = exchange.id, exchange.closed_at
    with sessions() as session:
        row = session.get(Exchange, exchange_id)
        assert (row.status, row.closed_at, row.graded_at) == (
            ExchangeStatus.CLOSED,
            closed_at,
            None,
        )
    engine.cycle()  # graded again, with the reply
    with sessions() as session:
        score = _score(session, exchange_id)
        assert score.score > before and score.first_reply_delay is not None
