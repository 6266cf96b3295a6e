"""Webhook test helpers: an app on a migrated database, signed posts, the fixtures' world."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from app.main import create_app
from core.db import make_engine
from core.models import Exchange, ExchangeStatus
from core.settings import Settings
from tests import factories
from tests.webhooks.wire import SECRETS, fixture, signed


@pytest.fixture
def settings(sqlite_url: str) -> Settings:
    return Settings(database_url=sqlite_url, **SECRETS)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """The app with processing left to the test (no worker thread)."""
    app = create_app(settings)
    app.state.inbox_autoprocess = False
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def factory(settings: Settings) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(settings.database_url)
    yield sessionmaker(engine, expire_on_commit=False)
    engine.dispose()


Poster = Callable[[str, Any], httpx.Response]


@pytest.fixture
def post(client: TestClient) -> Poster:
    """Post a payload (or a fixture name) signed as its platform would."""

    def _post(platform: str, payload: Any) -> httpx.Response:
        if isinstance(payload, str):
            payload = fixture(platform, payload)
        body, headers = signed(platform, payload)
        return client.post(f"/webhooks/{platform}", content=body, headers=headers)

    return _post


# The fixtures' world: ids in tests/fixtures/*/ belong to these accounts.
PERSONA_ACCOUNTS = {
    "twitter": ("@claire_martin", "1500000000000000001"),
    "telegram": ("@claire_martin_bot", "7000000001"),
    "whatsapp": ("+33 6 00 00 00 01", "106540352242922"),  # the persona's business number
}
STRUCTURE_ACCOUNTS = {
    "twitter": ("@MairieStAubin", "1500000000000000777"),
    "facebook": ("Mairie de Saint-Aubin", "100000000000042"),
    "messenger": ("Mairie de Saint-Aubin", "100000000000042"),
    "instagram": ("@mairie_saint_aubin", "17841400000000042"),
    "whatsapp": ("+33 3 80 00 00 00", "33380000000"),
    "telegram": ("@mairie_st_aubin", "7000000777"),
}
QUESTION = "Bonjour, comment renouveler ma carte d'identité ?"
SENT_AT = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@dataclass
class World:
    session: Session
    structure: Any
    persona: Any

    def exchange(self, channel: str, thread_key: str | None, **fields: Any) -> Exchange:
        fields.setdefault("status", ExchangeStatus.SENT)
        fields.setdefault("sent_at", SENT_AT)
        fields.setdefault("question_text", QUESTION)
        row = factories.exchange(
            self.session, channel=channel, thread_key=thread_key,
            structure_row=self.structure, persona_row=self.persona, **fields,
        )  # fmt: skip
        self.session.commit()
        return row


@pytest.fixture
def world(factory: sessionmaker[Session]) -> Iterator[World]:
    with factory() as session:
        structure = factories.structure(
            session, name="Mairie de Saint-Aubin", accounts=STRUCTURE_ACCOUNTS, webhooks_opt_in=True
        )
        persona = factories.persona(session, accounts=PERSONA_ACCOUNTS)
        session.commit()
        yield World(session, structure, persona)
