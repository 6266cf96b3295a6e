"""Webhook signatures exactly as each platform computes them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any


def x_crc_response(consumer_secret: str, crc_token: str) -> str:
    """X CRC: sha256=base64(HMAC-SHA256(consumer secret, token))."""
    digest = hmac.new(consumer_secret.encode(), crc_token.encode(), hashlib.sha256).digest()
    return "sha256=" + base64.b64encode(digest).decode()


def x_signature(consumer_secret: str, body: bytes) -> str:
    """x-twitter-webhooks-signature over the raw body."""
    digest = hmac.new(consumer_secret.encode(), body, hashlib.sha256).digest()
    return "sha256=" + base64.b64encode(digest).decode()


def meta_signature(app_secret: str, body: bytes) -> str:
    """X-Hub-Signature-256: sha256=hex HMAC-SHA256(app secret, raw body)."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def meta_body(payload: Any) -> bytes:
    """Serialise like Meta: compact, non-ASCII escaped as \\uXXXX and "/" as "\\/".

    Receivers must verify the raw bytes: re-serialising this body will not match.
    """
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=True)
    return text.replace("/", "\\/").encode()


def plain_body(payload: Any) -> bytes:
    """X and Telegram send UTF-8 JSON."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
