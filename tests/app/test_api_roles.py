"""Every API route checks the role; a structure sees only its own data."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import sessionmaker

from app.main import create_app
from core.db import make_engine
from core.grades import record_automatic
from core.models import ExchangeStatus, Role
from core.scores import rescore
from core.settings import Settings
from core.users import create_user
from scoring import NLU_CRITERIA
from tests import factories


@pytest.fixture
def api(sqlite_url):
    engine = make_engine(sqlite_url)
    with sessionmaker(engine, expire_on_commit=False)() as session:
        mine = factories.structure(session, name="Mairie de Villemine")
        other = factories.structure(session, name="Mairie d'Ailleurs")
        exchange = factories.exchange(session, structure_row=mine, status=ExchangeStatus.CLOSED_NO_REPLY,
                                      sent_at=factories.utcnow())  # fmt: skip
        exchange.graded_at = exchange.sent_at
        graded = {"grader": "t", "criteria": {c: {"value": False, "confidence": 0.4, "reason": "Aucune réponse."}
                                             for c in NLU_CRITERIA if c != "complete"}}  # fmt: skip
        record_automatic(
            session, exchange_id=exchange.id, graded=graded, grid_version="social-2026.1"
        )
        session.flush()
        rescore(session, [exchange])
        tokens = {role: create_user(session, email=f"{role.value}@exemple.fr", name=role.value, role=role,
                                    structure_code=mine.code if role == Role.STRUCTURE else None)[1]
                  for role in Role}  # fmt: skip
        session.commit()
        codes = {"mine": mine.code, "other": other.code, "exchange": exchange.id}
    engine.dispose()
    client = TestClient(create_app(Settings(database_url=sqlite_url)))
    return client, tokens, codes


def _get(client, path, token=None):
    return client.get(path, headers={"Authorization": f"Bearer {token}"} if token else {})


def test_no_token_or_a_bad_token_is_refused(api):
    client, _, _ = api
    assert _get(client, "/api/campaigns").status_code == 401
    response = _get(client, "/api/campaigns", "faux-jeton")
    assert response.status_code == 401 and "Jeton" in response.json()["detail"]


@pytest.mark.parametrize("role, allowed", [(Role.ADMIN, True), (Role.COORDINATOR, True),
                                           (Role.REVIEWER, False), (Role.STRUCTURE, False)])  # fmt: skip
def test_campaign_routes_are_for_coordination(api, role, allowed):
    client, tokens, _ = api
    response = _get(client, "/api/campaigns", tokens[role])
    assert response.status_code == (200 if allowed else 403)


def test_a_structure_sees_only_its_own_feedback(api):
    client, tokens, codes = api
    own = _get(client, f"/api/structures/{codes['mine']}/feedback", tokens[Role.STRUCTURE])
    assert own.status_code == 200
    body = own.json()
    assert (
        body["count"] == 1 and body["tests"][0]["score"] == 10
    )  # reachable, no reply: accessibilité only
    assert body["tests"][0]["criteria"][0]["reason"] == "Aucune réponse."
    other = _get(client, f"/api/structures/{codes['other']}/feedback", tokens[Role.STRUCTURE])
    missing = _get(client, "/api/structures/inexistante/feedback", tokens[Role.STRUCTURE])
    assert other.status_code == missing.status_code == 403
    assert (
        _get(
            client, f"/api/structures/{codes['other']}/feedback", tokens[Role.COORDINATOR]
        ).status_code
        == 200
    )


def test_reviewers_correct_lowest_confidence_first_and_scores_follow(api):
    client, tokens, codes = api
    headers = {"Authorization": f"Bearer {tokens[Role.REVIEWER]}"}
    items = client.get("/api/review/queue", headers=headers).json()
    assert items and items[0]["confidence"] == 0.4
    response = client.post("/api/review/corrections", headers=headers, json={
        "exchange_id": codes["exchange"], "criterion": "salutation", "value": True, "reason": "Vu."})  # fmt: skip
    assert response.status_code == 200
    bad = client.post("/api/review/corrections", headers=headers, json={
        "exchange_id": codes["exchange"], "criterion": "reachable", "value": True})  # fmt: skip
    assert bad.status_code == 422 and "critère" in bad.json()["detail"]
    for wrong in (1, 0.5, "oui"):  # 1 == True in Python: types are checked, not equality
        response = client.post("/api/review/corrections", headers=headers, json={
            "exchange_id": codes["exchange"], "criterion": "salutation", "value": wrong})  # fmt: skip
        assert response.status_code == 422, wrong
    structure = client.post("/api/review/corrections",
                            headers={"Authorization": f"Bearer {tokens[Role.STRUCTURE]}"},
                            json={"exchange_id": codes["exchange"], "criterion": "salutation", "value": True})  # fmt: skip
    assert structure.status_code == 403
