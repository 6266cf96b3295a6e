"""The lean ASGI app under /webhooks: dispatch, path parameter, query, refusals through FastAPI."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from fastapi import HTTPException
from starlette.testclient import TestClient

from tests.webhooks.wire import fixture, signed
from webhooks.asgi import Inbound, Reply, WebhookApp
from webhooks.edge import read_body


def test_unknown_webhook_path_is_404(client: TestClient) -> None:
    response = client.post("/webhooks/mastodon", content=b"{}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_wrong_method_is_405_with_allow(client: TestClient) -> None:
    response = client.put("/webhooks/meta", content=b"{}")
    assert response.status_code == 405
    assert set(response.headers["allow"].split(", ")) == {"GET", "POST"}


def test_telegram_bot_path_keys_updates_per_bot(client: TestClient) -> None:
    body, headers = signed("telegram", fixture("telegram", "message__reply"))
    first = client.post("/webhooks/telegram/7000000001", content=body, headers=headers)
    other_bot = client.post("/webhooks/telegram/7000000002", content=body, headers=headers)
    again = client.post("/webhooks/telegram/7000000001", content=body, headers=headers)
    assert [r.json()["nouveaux"] for r in (first, other_bot, again)] == [1, 1, 0]
    bad = client.post("/webhooks/telegram/abc", content=body, headers=headers)
    assert bad.status_code == 400


def test_query_last_value_wins_like_starlette() -> None:
    scope = {"query_string": b"crc_token=a&crc_token=b&vide=", "headers": []}
    assert Inbound(scope, None).query() == {"crc_token": "b", "vide": ""}  # type: ignore[arg-type]


def test_other_routes_still_served_by_fastapi(client: TestClient) -> None:
    assert client.get("/healthz").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert "/healthz" in paths and not any(p.startswith("/webhooks") for p in paths)


def test_dispatch_only_reaches_its_own_handler() -> None:
    seen: list[str] = []

    async def handler(request: Inbound) -> Reply:
        seen.append(request.path_params.get("bot", "-"))
        return Reply(b"{}")

    app = WebhookApp({("POST", "/a"): handler, ("POST", "/a/{bot}"): handler})
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    def scope(path: str) -> dict[str, Any]:
        return {"type": "http", "method": "POST", "path": "/webhooks" + path,
                "root_path": "/webhooks", "headers": [], "query_string": b""}  # fmt: skip

    asyncio.run(app(scope("/a"), None, send))  # type: ignore[arg-type]
    asyncio.run(app(scope("/a/42"), None, send))  # type: ignore[arg-type]
    assert seen == ["-", "42"] and sent[0]["status"] == 200
    for path in ("/a/", "/a/42/x", "/b"):
        sent.clear()
        asyncio.run(app(scope(path), None, send))  # type: ignore[arg-type]
        assert sent[0]["status"] == 404 and sent[1]["body"] == b'{"detail":"Not Found"}'
    assert seen == ["-", "42"]


def _crashing_app(root_path: str = "") -> TestClient:
    from app.main import create_app
    from core.settings import Settings

    async def crash(request: Inbound) -> Reply:
        raise RuntimeError("boom")

    application = create_app(Settings(database_url="sqlite://"))
    application.lean_mounts = (("/webhooks", WebhookApp({("POST", "/crash"): crash})),)
    return TestClient(application, raise_server_exceptions=False, root_path=root_path)


def test_crash_is_a_logged_500_in_french(caplog: pytest.LogCaptureFixture) -> None:
    response = _crashing_app().post("/webhooks/crash", content=b"{}")
    assert response.status_code == 500
    assert "renvoyez-le" in response.json()["detail"]
    assert "webhook POST /webhooks/crash crashed" in caplog.text and "boom" in caplog.text


def test_lean_mount_is_found_behind_a_proxy_prefix() -> None:
    client = _crashing_app("/vigie")  # uvicorn --root-path: paths arrive with the prefix
    response = client.post("/vigie/webhooks/crash", content=b"{}")
    assert response.status_code == 500 and "renvoyez-le" in response.json()["detail"]
    # a prefix that only starts like the mount's is not the mount
    assert client.post("/vigie/webhooksx/crash").status_code == 404
    # a proxy that strips its prefix from the path before passing it on
    response = client.post("/webhooks/crash", content=b"{}")
    assert response.status_code == 500 and "renvoyez-le" in response.json()["detail"]


def test_client_gone_mid_body_is_400_never_stored() -> None:
    messages = iter([{"type": "http.request", "body": b"{", "more_body": True},
                     {"type": "http.disconnect"}])  # fmt: skip

    async def receive() -> dict[str, Any]:
        return next(messages)

    request = Inbound({"headers": []}, receive)  # type: ignore[arg-type]
    with pytest.raises(HTTPException) as refused:
        asyncio.run(read_body(request, 1000, "meta"))
    assert refused.value.status_code == 400


def test_chunked_body_is_joined() -> None:
    messages = iter([{"type": "http.request", "body": b'{"a":', "more_body": True},
                     {"type": "http.request", "body": b"1}", "more_body": False}])  # fmt: skip

    async def receive() -> dict[str, Any]:
        return next(messages)

    request = Inbound({"headers": []}, receive)  # type: ignore[arg-type]
    assert asyncio.run(read_body(request, 1000, "meta")) == b'{"a":1}'
