"""Signatures (PLATFORMS.md test vectors) and every refusal, one test each."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from app.main import create_app
from core.settings import Settings
from tests.webhooks.wire import SECRETS, body_for, headers_for
from webhooks.edge import meta_signature, x_signature

EMPTY = b'{"object":"page","entry":[]}'


def test_x_crc_vector() -> None:
    secret = b"z3ZX4v7mAAUGykl3EcmkqbartmuW8VFOOzCloLx9Q45P0hLrFu"
    token = b"9b4507b3-9040-4669-9ca3-6b94edb50553"
    assert x_signature(secret, token) == "sha256=Cytd4Sq+NvEcV3MMrXxWJGJx5A+y/lXzzU2Maartkx8="


def test_x_post_signature_vector() -> None:
    assert (
        x_signature(b"consumersecret", EMPTY)
        == "sha256=oIASS7FcSf8pp/x9n3KAwJrMBsab95zHVV3tOjpdHP0="
    )


def test_meta_signature_vector() -> None:
    expected = "sha256=0e9e0080a310f376450c46d999aa4d49ed772bfe43c13205f38a3a6e6611ed2b"
    assert meta_signature(b"appsecret", EMPTY) == expected


def _client(sqlite_url: str, **overrides: str) -> TestClient:
    values: dict[str, object] = {**SECRETS, **overrides}
    app = create_app(Settings(database_url=sqlite_url, **values))
    app.state.inbox_autoprocess = False
    return TestClient(app, raise_server_exceptions=False)


def test_x_crc_route_answers_the_vector(sqlite_url: str) -> None:
    client = _client(
        sqlite_url, x_consumer_secret="z3ZX4v7mAAUGykl3EcmkqbartmuW8VFOOzCloLx9Q45P0hLrFu"
    )
    response = client.get(
        "/webhooks/x", params={"crc_token": "9b4507b3-9040-4669-9ca3-6b94edb50553"}
    )
    assert response.status_code == 200
    assert response.json() == {
        "response_token": "sha256=Cytd4Sq+NvEcV3MMrXxWJGJx5A+y/lXzzU2Maartkx8="
    }


def test_x_post_accepts_the_vector_body(sqlite_url: str) -> None:
    client = _client(sqlite_url, x_consumer_secret="consumersecret")
    body = b'{"for_user_id":"1","tweet_create_events":[]}'
    headers = headers_for("x", body, {**SECRETS, "x_consumer_secret": "consumersecret"})
    assert client.post("/webhooks/x", content=body, headers=headers).status_code == 200


def test_meta_post_accepts_the_vector_body(sqlite_url: str) -> None:
    client = _client(sqlite_url, meta_app_secret="appsecret")
    headers = {
        "X-Hub-Signature-256": "sha256=0e9e0080a310f376450c46d999aa4d49ed772bfe43c13205f38a3a6e6611ed2b"
    }
    response = client.post("/webhooks/meta", content=EMPTY, headers=headers)
    assert response.status_code == 200
    assert response.json()["evenements"] == 0


def test_meta_signature_is_checked_on_raw_bytes(sqlite_url: str) -> None:
    """Meta escapes é as \\u00e9: a receiver that re-serialises would compute another HMAC."""
    client = _client(sqlite_url)
    body = body_for("meta", {"object": "page", "entry": [{"id": "1", "time": 1, "messaging": [
        {"sender": {"id": "2"}, "recipient": {"id": "1"}, "timestamp": 1,
         "message": {"mid": "m_é", "text": "Réponse à la question"}}]}]})  # fmt: skip
    assert b"\\u00e9" in body
    reserialised = json.dumps(json.loads(body), ensure_ascii=False).encode()
    assert headers_for("meta", reserialised) != headers_for("meta", body)
    assert (
        client.post("/webhooks/meta", content=body, headers=headers_for("meta", body)).status_code
        == 200
    )


# --- refusals ---------------------------------------------------------------------------

ROUTES = ["x", "meta", "telegram"]
SECRET_OF = {
    "x": "x_consumer_secret",
    "meta": "meta_app_secret",
    "telegram": "telegram_webhook_secret",
}
PAYLOADS = {
    "x": {"for_user_id": "1", "tweet_create_events": []},
    "meta": {"object": "page", "entry": []},
    "telegram": {
        "update_id": 1,
        "message": {"message_id": 1, "chat": {"id": 1, "type": "private"}, "date": 1},
    },
}


@pytest.mark.parametrize("platform", ROUTES)
def test_missing_secret_config_refuses_even_a_valid_signature(
    sqlite_url: str, platform: str
) -> None:
    client = _client(sqlite_url, **{SECRET_OF[platform]: ""})
    body = body_for(platform, PAYLOADS[platform])
    # Signed with the empty key: exactly what a forger would do against an empty secret.
    headers = headers_for(platform, body, {**SECRETS, SECRET_OF[platform]: ""})
    response = client.post(f"/webhooks/{platform}", content=body, headers=headers)
    assert response.status_code == 503
    assert "non configuré" in response.json()["detail"]


@pytest.mark.parametrize("platform", ROUTES)
def test_missing_signature_header_is_400(sqlite_url: str, platform: str) -> None:
    body = body_for(platform, PAYLOADS[platform])
    response = _client(sqlite_url).post(
        f"/webhooks/{platform}", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert "manquant" in response.json()["detail"]


@pytest.mark.parametrize("platform", ROUTES)
def test_bad_signature_is_403(sqlite_url: str, platform: str) -> None:
    body = body_for(platform, PAYLOADS[platform])
    headers = headers_for(platform, body, {k: v + "-faux" for k, v in SECRETS.items()})
    response = _client(sqlite_url).post(f"/webhooks/{platform}", content=body, headers=headers)
    assert response.status_code == 403
    assert response.json()["detail"] in {"Signature invalide.", "Jeton secret invalide."}


@pytest.mark.parametrize("platform", ["x", "meta"])
def test_tampered_body_is_403(sqlite_url: str, platform: str) -> None:
    body = body_for(platform, PAYLOADS[platform])
    headers = headers_for(platform, body)
    response = _client(sqlite_url).post(
        f"/webhooks/{platform}", content=body + b" ", headers=headers
    )
    assert response.status_code == 403


@pytest.mark.parametrize("platform", ROUTES)
def test_malformed_json_is_400(sqlite_url: str, platform: str) -> None:
    body = b'{"object": "page", "entry": ['
    response = _client(sqlite_url).post(
        f"/webhooks/{platform}", content=body, headers=headers_for(platform, body)
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Corps de requête JSON invalide."


@pytest.mark.parametrize(
    ("platform", "payload"),
    [
        ("x", [1, 2]),
        ("x", {"tweet_create_events": []}),
        ("x", {"for_user_id": "1", "tweet_create_events": [{"text": "sans id"}]}),
        ("meta", {"entry": []}),
        ("meta", {"object": "page", "entry": {"id": "1"}}),
        ("meta", {"object": "page", "entry": [{"id": "1", "messaging": ["pas un objet"]}]}),
        ("meta", {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [
            {"field": "messages", "value": {"messages": [{"from": "1"}]}}]}]}),
        ("telegram", {"message": {}}),
        ("telegram", {"update_id": "12", "message": {}}),
        ("telegram", {"update_id": 12, "message": "texte"}),
    ],
)  # fmt: skip
def test_signed_body_of_the_wrong_shape_is_400(
    sqlite_url: str, platform: str, payload: object
) -> None:
    body = body_for(platform, payload)
    response = _client(sqlite_url).post(
        f"/webhooks/{platform}", content=body, headers=headers_for(platform, body)
    )
    assert response.status_code == 400


@pytest.mark.parametrize("platform", ROUTES)
def test_declared_oversize_is_413(sqlite_url: str, platform: str) -> None:
    client = _client(sqlite_url, webhook_max_body_bytes="1000")
    body = body_for(platform, {**PAYLOADS[platform], "padding": "x" * 2000})
    response = client.post(
        f"/webhooks/{platform}", content=body, headers=headers_for(platform, body)
    )
    assert response.status_code == 413


def test_streamed_oversize_without_content_length_is_413(sqlite_url: str) -> None:
    client = _client(sqlite_url, webhook_max_body_bytes="1000")
    body = body_for("meta", {"object": "page", "entry": [], "padding": "x" * 5000})

    def chunks():  # a generator body is sent chunked, with no Content-Length
        for start in range(0, len(body), 512):
            yield body[start : start + 512]

    response = client.post("/webhooks/meta", content=chunks(), headers=headers_for("meta", body))
    assert response.status_code == 413


def test_meta_verification_handshake(sqlite_url: str) -> None:
    params = {
        "hub.mode": "subscribe",
        "hub.verify_token": SECRETS["meta_verify_token"],
        "hub.challenge": "1158201444",
    }
    response = _client(sqlite_url).get("/webhooks/meta", params=params)
    assert response.status_code == 200
    assert response.text == "1158201444"


def test_meta_verification_wrong_token_is_403(sqlite_url: str) -> None:
    params = {"hub.mode": "subscribe", "hub.verify_token": "mauvais", "hub.challenge": "1158201444"}
    response = _client(sqlite_url).get("/webhooks/meta", params=params)
    assert response.status_code == 403
    assert "1158201444" not in response.text


def test_meta_verification_without_configured_token_is_refused(sqlite_url: str) -> None:
    params = {"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1"}
    assert (
        _client(sqlite_url, meta_verify_token="").get("/webhooks/meta", params=params).status_code
        == 503
    )


def test_meta_verification_missing_parameters_is_400(sqlite_url: str) -> None:
    assert (
        _client(sqlite_url).get("/webhooks/meta", params={"hub.mode": "subscribe"}).status_code
        == 400
    )


def test_x_crc_without_token_is_400(sqlite_url: str) -> None:
    assert _client(sqlite_url).get("/webhooks/x").status_code == 400


def test_x_crc_without_configured_secret_is_refused(sqlite_url: str) -> None:
    assert (
        _client(sqlite_url, x_consumer_secret="")
        .get("/webhooks/x", params={"crc_token": "t"})
        .status_code
        == 503
    )
