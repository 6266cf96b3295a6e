"""The send service with an in-memory channel (fakes over mocks): retries, outcomes, intents."""

from __future__ import annotations

import random
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from bots import (
    DbCursorStore,
    FileCursorStore,
    Outcome,
    PermanentError,
    SendResult,
    TransientError,
    backoff,
    due_exchanges,
    send_exchange,
)
from bots.assisted import link_for
from bots.base import NotSearchable
from bots.credentials import MissingCredentials, resolve, split_pair
from core.db import utcnow
from core.models import AuditorTask, ChannelMode, DeliveryStatus, ExchangeStatus, Message
from tests import factories
from tests.bots.conftest import later, reload
from tests.bots.helpers import messages, setup_exchange

S = ExchangeStatus


class FakeChannel:
    """Answers each send from a script: a SendResult, or an exception to raise."""

    name = "twitter"

    def __init__(self, *script):
        self.script = list(script)
        self.sent: list[str] = []
        self.searched = 0
        self.posted: dict[str, SendResult] = {}

    def compose(self, ctx, text):
        return text

    def send(self, ctx, text, *, reply_to=None):
        step = self.script.pop(0)
        if isinstance(step, Exception):
            raise step
        self.sent.append(text)
        self.posted[text] = step
        return step

    def find_sent(self, ctx, text, *, since):
        self.searched += 1
        return self.posted.get(text)


def _exchange(session, **fields):
    return setup_exchange(session, channel="twitter", persona_address="@claire", persona_id="1",
                          credentials="x:claire", structure_address="@mairie", **fields)  # fmt: skip


SETTINGS = SimpleNamespace(bot_max_attempts=3)


def test_backoff_grows_exponentially_with_jitter_and_is_capped():
    rng = random.Random(1)
    delays = [backoff(n, rng=rng).total_seconds() for n in range(1, 6)]
    for n, delay in enumerate(delays, start=1):
        nominal = 60 * 2 ** (n - 1)
        assert 0.8 * nominal <= delay <= 1.2 * nominal
    assert backoff(40, rng=rng) <= timedelta(hours=6) * 1.2


def test_backoff_never_retries_before_the_platform_reset():
    delay = backoff(1, rng=random.Random(2), retry_after=900)
    assert timedelta(seconds=901) <= delay <= timedelta(seconds=901 * 1.1)


def test_transient_failures_back_off_then_fail_after_the_maximum(session):
    exchange = _exchange(session)
    channel = FakeChannel(*[TransientError("Erreur du serveur X.")] * 3)
    outcomes = [send_exchange(session, reload(session, exchange), SETTINGS, channels={"twitter": channel})
                for _ in range(3)]  # fmt: skip
    assert [o.outcome for o in outcomes] == [Outcome.RETRY_AT, Outcome.RETRY_AT, Outcome.FAILED]
    assert outcomes[1].retry_at - outcomes[0].retry_at > timedelta(seconds=20)
    exchange = reload(session, exchange)
    assert exchange.status == S.FAILED and exchange.attempts == 3
    assert exchange.last_error.startswith("Abandon après 3 tentatives")


def test_an_uncertain_send_at_the_maximum_goes_to_review_not_failed(session):
    exchange = _exchange(session)
    channel = FakeChannel(*[TransientError("Délai dépassé.", maybe_sent=True)] * 3)
    for day in range(3):
        outcome = send_exchange(
            session,
            reload(session, exchange),
            SETTINGS,
            later(days=day),
            channels={"twitter": channel},
        )
    assert outcome.outcome is Outcome.REVIEW
    assert channel.searched == 2  # every retry looked for the message first
    task = session.scalar(select(AuditorTask).where(AuditorTask.exchange_id == exchange.id))
    assert task.kind == "verify"


def test_missing_credentials_fail_the_exchange_with_a_french_reason(session, settings):
    from bots import get_channel

    exchange = _exchange(session)
    outcome = send_exchange(session, exchange, settings,
                            channels={"twitter": get_channel("twitter", settings, tokens={})})  # fmt: skip
    assert outcome.outcome is Outcome.FAILED
    assert "Aucun identifiant configuré pour « x:claire »" in outcome.reason
    assert reload(session, exchange).status == S.FAILED


def test_a_structure_without_an_account_on_the_channel_is_unreachable(session):
    structure = factories.structure(session)  # no account at all
    exchange = factories.exchange(session, structure_row=structure, question_text="Bonjour ?")
    session.commit()
    outcome = send_exchange(session, exchange, SETTINGS, channels={"twitter": FakeChannel()})
    assert outcome.outcome is Outcome.UNREACHABLE
    assert "pas de compte" in reload(session, exchange).last_error


def test_permanent_error_marks_the_intent_failed(session):
    exchange = _exchange(session)
    channel = FakeChannel(PermanentError("Compte X introuvable."))
    assert (
        send_exchange(session, exchange, SETTINGS, channels={"twitter": channel}).outcome
        is Outcome.UNREACHABLE
    )
    [intent] = messages(session, reload(session, exchange))
    assert intent.delivery_status == DeliveryStatus.FAILED


def test_a_sent_exchange_is_never_sent_again(session):
    exchange = _exchange(session)
    channel = FakeChannel(SendResult("111", thread_key="111"))
    first = send_exchange(session, exchange, SETTINGS, channels={"twitter": channel})
    second = send_exchange(
        session, reload(session, exchange), SETTINGS, channels={"twitter": channel}
    )
    assert first.outcome is second.outcome is Outcome.SENT
    assert second.external_id == "111" and channel.sent == [
        "Bonjour, comment renouveler ma carte d'identité ?"
    ]


def test_unsearchable_platform_after_a_crash_goes_to_review(session):
    class Unsearchable(FakeChannel):
        def find_sent(self, ctx, text, *, since):
            raise NotSearchable("Telegram ne permet pas de relire un envoi.")

    exchange = _exchange(session)
    channel = Unsearchable(TransientError("Délai dépassé.", maybe_sent=True), SendResult("2"))
    assert (
        send_exchange(session, exchange, SETTINGS, channels={"twitter": channel}).outcome
        is Outcome.RETRY_AT
    )
    outcome = send_exchange(
        session, reload(session, exchange), SETTINGS, later(hours=1), channels={"twitter": channel}
    )
    assert outcome.outcome is Outcome.REVIEW and channel.sent == []


def test_a_channel_without_automatic_support_falls_back_to_an_auditor_task(session):
    exchange = setup_exchange(session, channel="instagram", persona_address="@claire.m", persona_id=None,
                              credentials="ig:claire", structure_address="@mairie.test")  # fmt: skip
    outcome = send_exchange(session, exchange, SETTINGS, channels={})
    assert outcome.outcome is Outcome.ASSIGNED
    task = session.scalar(select(AuditorTask).where(AuditorTask.exchange_id == exchange.id))
    assert task.link == "https://ig.me/m/mairie.test"


def test_due_exchanges_include_planned_and_retries_but_not_waiting_ones(session):
    now = utcnow()
    due = _exchange(session, planned_at=now - timedelta(minutes=1))
    future = _exchange(session, planned_at=now + timedelta(hours=1))
    retry = _exchange(session, status=S.SENDING, next_attempt_at=now - timedelta(seconds=1))
    waiting = _exchange(session, status=S.SENDING, mode=ChannelMode.ASSISTED)  # an auditor's
    ids = {e.id for e in due_exchanges(session, now)}
    assert due.id in ids and retry.id in ids
    assert future.id not in ids and waiting.id not in ids


def test_credentials_come_from_the_tokens_then_the_settings():
    from pydantic import SecretStr

    settings = SimpleNamespace(persona_credentials={"x:b": SecretStr("tok:sec")})
    assert resolve("x:a", tokens={"x:a": "A"}, settings=settings) == "A"
    assert split_pair(resolve("x:b", tokens=None, settings=settings)) == ("tok", "sec")
    with pytest.raises(MissingCredentials):
        resolve("x:c", tokens=None, settings=settings)


def test_links_open_the_right_conversation():
    assert link_for("whatsapp", "+33 6 12 34 56 78", "Bonjour à vous") == (
        "https://wa.me/33612345678?text=Bonjour%20%C3%A0%20vous"
    )
    assert link_for("email", "accueil@mairie.fr", "Bonjour").startswith("mailto:accueil@mairie.fr")
    assert link_for("mail", "1 place de la Mairie", "x") is None


def test_file_cursor_store_round_trip(tmp_path):
    store = FileCursorStore(tmp_path / "c" / "cursors.json")
    assert store.load("twitter") == {}
    store.save("twitter", {"mentions": {"1": "99"}})
    store.save("telegram", {"7": 12})
    again = FileCursorStore(tmp_path / "c" / "cursors.json")
    assert again.load("twitter") == {"mentions": {"1": "99"}} and again.load("telegram") == {
        "7": 12
    }


def test_db_cursor_store_is_shared_by_every_worker(session, db_url):
    from core.db import session_factory

    store = DbCursorStore(session)
    assert store.load("twitter") == {}
    store.save("twitter", {"mentions": {"1": "99"}})
    session.commit()
    store.save("twitter", {"mentions": {"1": "120"}})
    store.save("telegram", {"7": 12})
    session.commit()
    with session_factory(db_url)() as other:  # another worker's session
        again = DbCursorStore(other)
        assert again.load("twitter") == {"mentions": {"1": "120"}}
        assert again.load("telegram") == {"7": 12}


def test_db_cursor_store_starts_from_the_old_cursor_file(session, tmp_path):
    old = FileCursorStore(tmp_path / "poll-cursors.json")
    old.save("twitter", {"mentions": {"1": "99"}})
    store = DbCursorStore(session, fallback=old)
    assert store.load("twitter") == {"mentions": {"1": "99"}}  # no row yet: the file
    store.save("twitter", {"mentions": {"1": "150"}})
    old.save("twitter", {"mentions": {"1": "1"}})
    assert store.load("twitter") == {"mentions": {"1": "150"}}  # the table wins once written


def test_intent_rows_use_the_deterministic_key(session):
    exchange = _exchange(session)
    channel = FakeChannel(TransientError("Erreur du serveur X."))
    send_exchange(session, exchange, SETTINGS, channels={"twitter": channel})
    [row] = session.scalars(select(Message).where(Message.exchange_id == exchange.id)).all()
    assert row.external_id == f"pending:{exchange.id}:0"


def test_a_stale_worker_cannot_send_what_another_worker_claimed(session, db_url):
    """Two workers pick the same exchange: the second one's claim fails, nothing is resent."""
    from sqlalchemy.orm import sessionmaker

    from core.db import make_engine

    exchange = _exchange(session)
    engine = make_engine(db_url)
    with sessionmaker(engine, expire_on_commit=False)() as other:
        stale = other.get(type(exchange), exchange.id)  # loaded before the first worker sends
        channel = FakeChannel(SendResult("111", thread_key="111"), SendResult("222"))
        assert (
            send_exchange(session, exchange, SETTINGS, channels={"twitter": channel}).outcome
            is Outcome.SENT
        )
        outcome = send_exchange(other, stale, SETTINGS, channels={"twitter": channel})
    engine.dispose()
    assert outcome.outcome is Outcome.RETRY_AT and "autre processus" in outcome.reason
    assert channel.sent == ["Bonjour, comment renouveler ma carte d'identité ?"]
    assert reload(session, exchange).status == S.SENT


def test_an_operator_releases_a_send_that_did_not_go_out(session):
    from core.manual import release_send

    class Unsearchable(FakeChannel):
        def find_sent(self, ctx, text, *, since):
            raise NotSearchable("Telegram ne permet pas de relire un envoi.")

    exchange = _exchange(session)
    channel = Unsearchable(TransientError("Délai dépassé.", maybe_sent=True), SendResult("9"))
    send_exchange(session, exchange, SETTINGS, channels={"twitter": channel})
    review = send_exchange(session, reload(session, exchange), SETTINGS, later(hours=1),
                           channels={"twitter": channel})  # fmt: skip
    assert review.outcome is Outcome.REVIEW
    task = session.scalar(select(AuditorTask).where(AuditorTask.exchange_id == exchange.id))
    release_send(session, task.id, None)
    session.commit()
    assert reload(session, exchange).status == S.PLANNED
    outcome = send_exchange(
        session, reload(session, exchange), SETTINGS, channels={"twitter": channel}
    )
    assert outcome.outcome is Outcome.SENT and channel.sent == [
        "Bonjour, comment renouveler ma carte d'identité ?"
    ]
