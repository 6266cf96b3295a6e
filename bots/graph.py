"""Meta Graph API plumbing shared by Facebook, Messenger and WhatsApp (facebook-sdk).

facebook-sdk accepts only Graph versions 2.8–3.1 in its constructor, so the version
from settings is set on the public attribute afterwards (ENVIRONMENT.md). Its errors
carry no HTTP status nor headers: a response hook keeps the last usage headers, which
say how long a throttled Page must wait.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import facebook
import requests

from bots.base import ConfigurationError, PermanentError, TransientError
from bots.credentials import resolve
from bots.http import session_for

DEFAULT_BASE = "https://graph.facebook.com/"
# Graph error codes (developers.facebook.com/docs/graph-api/guides/error-handling).
RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, 80001, 130429})
TRANSIENT_CODES = frozenset({1, 2})
AUTH_CODES = frozenset({102, 190})
# code -> French reason for the failures that make a structure unreachable this way.
PERMANENT_REASONS: dict[int, str] = {
    100: "paramètre refusé par Meta (objet introuvable ou commentaires fermés)",
    10: "action non autorisée (hors fenêtre de 24 h ou permission manquante)",
    200: "permission refusée par Meta",
    551: "cette personne n'est pas disponible",
    131026: "message WhatsApp non distribuable",
    131047: "plus de 24 h depuis le dernier message du destinataire",
}

T = TypeVar("T")


class GraphClient:
    """A facebook-sdk `GraphAPI` per token, pointed at the configured base URL and version."""

    def __init__(self, settings: Any, *, tokens: Mapping[str, Any] | None = None) -> None:
        self.settings = settings
        self.tokens = tokens
        self._apis: dict[str, facebook.GraphAPI] = {}
        self.last_headers: Mapping[str, str] = {}

    def api(self, credentials: str | None) -> facebook.GraphAPI:
        key = credentials or ""
        if key not in self._apis:
            token = resolve(credentials, tokens=self.tokens, settings=self.settings)
            session = session_for(DEFAULT_BASE, self.settings.meta_graph_base_url)
            session.hooks["response"].append(self._keep_headers)
            api = facebook.GraphAPI(access_token=token, session=session, timeout=20)
            api.version = self.settings.meta_graph_version
            self._apis[key] = api
        return self._apis[key]

    def _keep_headers(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        self.last_headers = response.headers

    def call(self, fn: Callable[[], T]) -> T:
        """Run one Graph call, turning failures into the contract's errors."""
        try:
            return fn()
        except facebook.GraphAPIError as exc:
            raise self._translate(exc) from exc
        except requests.Timeout as exc:
            raise TransientError("Délai dépassé en attendant Meta.", maybe_sent=True) from exc
        except requests.ConnectionError as exc:
            raise TransientError(f"Meta injoignable : {exc}", maybe_sent=True) from exc

    def _translate(self, exc: facebook.GraphAPIError) -> Exception:
        error = exc.result.get("error", {}) if isinstance(exc.result, dict) else {}
        code = error.get("code") if isinstance(error, dict) else None
        message = str(error.get("message") or exc) if isinstance(error, dict) else str(exc)
        if code in RATE_LIMIT_CODES:
            return TransientError(
                f"Limite de débit Meta atteinte : {message}", retry_after=self._regain_seconds()
            )
        if code in TRANSIENT_CODES or error.get("is_transient") or code is None:
            return TransientError(f"Erreur temporaire Meta : {message}")
        if code in AUTH_CODES:
            return ConfigurationError(f"Jeton Meta refusé : {message}")
        reason = PERMANENT_REASONS.get(code, "refus de Meta")
        return PermanentError(f"{reason[:1].upper()}{reason[1:]} : {message}")

    def _regain_seconds(self) -> float | None:
        """`estimated_time_to_regain_access` (minutes) of the Page's business-use-case usage."""
        raw = self.last_headers.get("x-business-use-case-usage")
        if not raw:
            return None
        try:
            usage = json.loads(raw)
        except ValueError:
            return None
        minutes = [
            entry.get("estimated_time_to_regain_access", 0)
            for entries in usage.values()
            for entry in entries
        ]
        return 60.0 * max(minutes) if minutes and max(minutes) > 0 else None
