"""The sender's side of the wire, written independently of `webhooks/`: bodies and signatures."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

SECRETS = {
    "x_consumer_secret": "x-secret-de-test",
    "meta_app_secret": "meta-secret-de-test",
    "meta_verify_token": "jeton-de-verification",
    "telegram_webhook_secret": "telegram-secret-de-test",
}


def fixture(platform: str, name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / platform / f"{name}.json").read_text(encoding="utf-8"))


def body_for(platform: str, payload: Any) -> bytes:
    """Meta escapes non-ASCII and '/' (\\u00e9, \\/); X and Telegram send UTF-8."""
    if platform == "meta":
        return json.dumps(payload, separators=(",", ":")).replace("/", "\\/").encode()
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def headers_for(platform: str, body: bytes, secrets: dict[str, str] = SECRETS) -> dict[str, str]:
    if platform == "x":
        key = secrets["x_consumer_secret"].encode()
        digest = base64.b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode()
        return {
            "x-twitter-webhooks-signature": f"sha256={digest}",
            "content-type": "application/json",
        }
    if platform == "meta":
        key = secrets["meta_app_secret"].encode()
        digest = hmac.new(key, body, hashlib.sha256).hexdigest()
        return {"X-Hub-Signature-256": f"sha256={digest}", "content-type": "application/json"}
    return {
        "X-Telegram-Bot-Api-Secret-Token": secrets["telegram_webhook_secret"],
        "content-type": "application/json",
    }


def signed(platform: str, payload: Any) -> tuple[bytes, dict[str, str]]:
    body = body_for(platform, payload)
    return body, headers_for(platform, body)
