"""Helpers for the sandbox tests: a webhook receiver that checks signatures, a scenario.

The receiver re-implements the PLATFORMS.md algorithms on its own (it does not use
sandbox.signing), so these tests check the sandbox against the documented wire format.
A module with its own name (not `conftest`) so that imports never hit another conftest.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from sandbox import Client

X_SECRET = "consumersecret"
META_SECRET = "appsecret"
META_VERIFY = "verify-me"
TG_SECRET = "tg_secret-123"


def x_crc(secret: str, token: str) -> str:
    return (
        "sha256="
        + base64.b64encode(
            hmac.new(secret.encode(), token.encode(), hashlib.sha256).digest()
        ).decode()
    )


def x_sig(secret: str, body: bytes) -> str:
    return (
        "sha256="
        + base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
    )


def meta_sig(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class Receiver:
    """A tiny webhook endpoint: /x, /meta, /telegram; records and verifies every POST."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.statuses: list[int] = []  # next POST answers, then 200
        self.lock = threading.Lock()
        self.meta_verify = META_VERIFY
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, body: bytes, ctype: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                with receiver.lock:
                    receiver.requests.append({"method": "GET", "path": parts.path, "query": query})
                if "crc_token" in query:
                    body = json.dumps(
                        {"response_token": x_crc(X_SECRET, query["crc_token"])}
                    ).encode()
                    self._send(200, body)
                elif query.get("hub.mode") == "subscribe":
                    if query.get("hub.verify_token") == receiver.meta_verify:
                        self._send(200, query["hub.challenge"].encode(), "text/plain")
                    else:
                        self._send(403, b"forbidden", "text/plain")
                else:
                    self._send(400, b"{}")

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                path = urlsplit(self.path).path
                headers = {k.lower(): v for k, v in self.headers.items()}
                if path == "/x":
                    ok = hmac.compare_digest(
                        headers.get("x-twitter-webhooks-signature", ""), x_sig(X_SECRET, raw)
                    )
                elif path == "/meta":
                    ok = hmac.compare_digest(
                        headers.get("x-hub-signature-256", ""), meta_sig(META_SECRET, raw)
                    )
                else:
                    ok = hmac.compare_digest(
                        headers.get("x-telegram-bot-api-secret-token", ""), TG_SECRET
                    )
                with receiver.lock:
                    status = receiver.statuses.pop(0) if receiver.statuses else 200
                    receiver.requests.append(
                        {
                            "method": "POST",
                            "path": path,
                            "headers": headers,
                            "raw": raw,
                            "json": json.loads(raw),
                            "signature_ok": ok,
                            "answered": status,
                        }
                    )
                self._send(status, b"{}")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def posts(self, path: str | None = None, answered: int | None = 200) -> list[dict[str, Any]]:
        with self.lock:
            return [
                r
                for r in self.requests
                if r["method"] == "POST"
                and (path is None or r["path"] == path)
                and (answered is None or r["answered"] == answered)
            ]

    def wait_posts(
        self, path: str, count: int, timeout: float = 5.0, answered: int | None = 200
    ) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(self.posts(path, answered)) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{len(self.posts(path, answered))} POST(s) to {path}, wanted {count}"
                )
            time.sleep(0.01)
        return self.posts(path, answered)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


SCENARIO = {
    "id": "cni-renouvellement",
    "kind": "information",
    "question": "Bonjour, comment renouveler ma carte d'identité ?",
    "expected": [
        {
            "id": "rdv",
            "label": "La demande se dépose en mairie sur rendez-vous",
            "short": "Sur RDV",
        },
        {"id": "photo", "label": "Il faut fournir une photo d'identité récente"},
        {"id": "gratuit", "label": "Le renouvellement est gratuit", "short": "Gratuit"},
    ],
    "reference": ["Le dépôt se fait uniquement sur rendez-vous", "Le renouvellement est gratuit"],
    "wrong": ["Le renouvellement coûte 25 €, payables en espèces"],
    "service": {"service": "la préfecture de l'Essonne", "phone": "01 69 91 91 91"},
}
QUESTION = "Bonjour, comment renouveler ma carte d'identité ?"


def persona(sb: Client, platform: str, **extra: Any) -> dict[str, Any]:
    return sb.account(
        platform=platform,
        owner="persona",
        first_name="Claire",
        last_name="Martin",
        civility="Madame",
        entity="claire",
        **extra,
    )


def structure(
    sb: Client, platform: str, profile: str = "exemplary", **extra: Any
) -> dict[str, Any]:
    return sb.account(
        platform=platform,
        owner="structure",
        name="Mairie de Saint-Aubin",
        profile=profile,
        entity="mairie-st-aubin",
        **extra,
    )
