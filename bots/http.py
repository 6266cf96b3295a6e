"""Point an SDK's `requests.Session` at another base URL (a sandbox, a proxy).

tweepy and facebook-sdk hard-code their hosts but expose their session, so a transport
adapter that rewrites the URL prefix is all it takes (ENVIRONMENT.md, verified recipe).
The adapter also sets a default timeout: tweepy passes none, and a hung call would hold
a dispatcher worker forever.
"""

from __future__ import annotations

from typing import Any

import requests
from requests.adapters import HTTPAdapter

DEFAULT_TIMEOUT = 20.0


class RebaseAdapter(HTTPAdapter):
    """Sends requests for `prefix…` to `base…` instead, with a default timeout."""

    def __init__(self, prefix: str, base: str, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        super().__init__()
        self.prefix = prefix
        self.base = base if base.endswith("/") else base + "/"
        self.timeout = timeout

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        url = request.url or ""
        if url.startswith(self.prefix):
            request.url = self.base + url[len(self.prefix) :]
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().send(request, **kwargs)


def session_for(
    default_base: str, base: str, *, timeout: float = DEFAULT_TIMEOUT
) -> requests.Session:
    """A session whose calls to `default_base` go to `base` (the same when equal)."""
    default_base = default_base if default_base.endswith("/") else default_base + "/"
    session = requests.Session()
    session.mount(default_base, RebaseAdapter(default_base, base, timeout=timeout))
    return session
