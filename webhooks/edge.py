"""What every webhook route does before it trusts a byte: secrets, size, signatures, JSON."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from fastapi import HTTPException
from pydantic import SecretStr

from webhooks.asgi import Inbound

log = logging.getLogger("webhooks")
T = TypeVar("T")


def refuse(status: int, detail: str, reason: str, *args: Any) -> NoReturn:
    """Refuse a request: English log line for operators, French detail for the caller."""
    log.warning("webhook refused (%d): " + reason, status, *args)
    raise HTTPException(status_code=status, detail=detail)


def require_secret(secret: SecretStr, platform: str) -> bytes:
    """The configured secret; none configured refuses everything (an empty key anyone can forge)."""
    value = secret.get_secret_value()
    if not value:
        refuse(
            503, "Webhook non configuré : secret absent.", "%s secret is not configured", platform
        )
    return value.encode()


def require_header(request: Inbound, name: str, platform: str) -> bytes:
    """The header's value as sent (`name` in lower case), or a 400."""
    value = request.header(name.encode())
    value = value.strip() if value is not None else value
    if not value:
        refuse(400, f"En-tête « {name} » manquant.", "%s request without %s", platform, name)
    return value


async def read_body(request: Inbound, limit: int, platform: str) -> bytes:
    """The raw body, refused with 413 as soon as it is known to exceed `limit` bytes."""
    declared = request.header(b"content-length")
    if declared is not None:
        if not declared.isdigit():
            refuse(400, "En-tête Content-Length invalide.", "%s bad Content-Length", platform)
        if int(declared) > limit:
            refuse(
                413, "Requête trop volumineuse.", "%s body of %s bytes declared", platform,
                declared.decode(),
            )  # fmt: skip
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":  # nothing was acknowledged: it will come again
            refuse(400, "Requête interrompue.", "%s client disconnected mid-body", platform)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:  # chunked or lying Content-Length: stop reading at once
            refuse(413, "Requête trop volumineuse.", "%s body over %d bytes", platform, limit)
        if not message.get("more_body", False):
            if not chunks:  # the usual case: the whole body in one message
                return chunk
            chunks.append(chunk)
            return b"".join(chunks)
        chunks.append(chunk)


def hmac_sha256(key: bytes, message: bytes) -> bytes:
    return hmac.new(key, message, hashlib.sha256).digest()


def x_signature(secret: bytes, message: bytes) -> str:
    """X's `sha256=<base64 HMAC-SHA256>` (CRC response and POST signature alike)."""
    return "sha256=" + base64.b64encode(hmac_sha256(secret, message)).decode()


def meta_signature(secret: bytes, body: bytes) -> str:
    """Meta's `sha256=<hex HMAC-SHA256>`."""
    return "sha256=" + hmac_sha256(secret, body).hex()


def check_signature(expected: str, given: bytes, platform: str) -> None:
    """Constant-time comparison of the signature we computed with the one we were sent."""
    if not hmac.compare_digest(expected.encode(), given):
        refuse(403, "Signature invalide.", "%s signature mismatch", platform)


def parse_json(body: bytes, platform: str) -> dict[str, Any]:
    """The body as a JSON object (after the signature check), or a 400."""
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        refuse(400, "Corps de requête JSON invalide.", "%s body is not JSON", platform)
    if not isinstance(payload, dict):
        refuse(400, "Le corps doit être un objet JSON.", "%s body is not a JSON object", platform)
    return payload


class Malformed(ValueError):
    """A signed body whose shape is not the platform's (answered with 400)."""


def split_or_refuse(
    split: Callable[[dict[str, Any]], list[T]], payload: dict[str, Any], platform: str
) -> list[T]:
    """Cut a delivery into events; any shape error is the sender's, so a 400, never a 500."""
    try:
        return split(payload)
    except (Malformed, LookupError, TypeError, AttributeError, ValueError) as exc:
        refuse(400, "Contenu de l'événement invalide.", "%s malformed delivery: %r", platform, exc)


def event_digest(item: Any) -> str:
    """A stable key for events that carry no id of their own (ignored kinds, unknown kinds)."""
    canonical = json.dumps(item, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:40]


def bounded_key(key: str) -> str:
    """Keys fit the 200-character column; a longer platform id is hashed, still stable."""
    return key if len(key) <= 200 else "sha256:" + hashlib.sha256(key.encode()).hexdigest()
