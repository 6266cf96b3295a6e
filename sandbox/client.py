"""A tiny synchronous client for the control API (tests, demo), plus SDK adapters."""

from __future__ import annotations

import time
from typing import Any

import httpx


class Client:
    """Drive a running sandbox: `Client("http://127.0.0.1:8765")`."""

    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = httpx.Client(base_url=self.base_url + "/_sandbox", timeout=timeout)

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.http.request(method, path, **kwargs)
        if response.status_code >= 400:
            raise SandboxError(response.status_code, response.json())
        return response.json()

    def reset(self, seed: int | None = None, agent_delay_factor: float | None = None) -> Any:
        body: dict[str, Any] = {} if seed is None else {"seed": seed}
        if agent_delay_factor is not None:
            body["agent_delay_factor"] = agent_delay_factor
        return self._call("POST", "/reset", json=body)

    def world(self, document: dict[str, Any]) -> Any:
        return self._call("POST", "/world", json=document)

    def account(self, **spec: Any) -> dict[str, Any]:
        return self._call("POST", "/accounts", json=spec)[0]

    def accounts(self) -> list[dict[str, Any]]:
        return self._call("GET", "/accounts")

    def update_account(self, account_id: str, **changes: Any) -> dict[str, Any]:
        return self._call("PATCH", f"/accounts/{account_id}", json=changes)

    def post(self, page_id: str, message: str, **extra: Any) -> dict[str, Any]:
        return self._call("POST", "/posts", json={"page_id": page_id, "message": message, **extra})[
            0
        ]

    def chat(self, **spec: Any) -> dict[str, Any]:
        return self._call("POST", "/chats", json=spec)[0]

    def webhook(self, platform: str, url: str, **secrets: Any) -> dict[str, Any]:
        return self._call("POST", "/webhooks", json={"platform": platform, "url": url, **secrets})

    def profile(self, account_id: str, profile: str, **options: Any) -> Any:
        return self._call(
            "POST",
            "/profiles",
            json={"account_id": account_id, "profile": profile, "options": options},
        )

    def delay_factor(self, factor: float) -> Any:
        return self._call("POST", "/profiles", json={"agent_delay_factor": factor, "profiles": []})

    def knowledge(self, scenarios: list[dict[str, Any]], replace: bool = False) -> Any:
        return self._call("POST", "/knowledge", json={"scenarios": scenarios, "replace": replace})

    def clock(
        self, now: str | None = None, scale: float | None = None, advance: float | None = None
    ) -> Any:
        body = {
            k: v
            for k, v in {"now": now, "scale": scale, "advance": advance}.items()
            if v is not None
        }
        return self._call("POST", "/clock", json=body)

    def fault(self, kind: str, **params: Any) -> dict[str, Any]:
        return self._call("POST", "/faults", json={"kind": kind, **params})[0]

    def clear_faults(self) -> Any:
        return self._call("DELETE", "/faults")

    def human(self, sender: str, text: str, to: str | None = None, **extra: Any) -> Any:
        return self._call("POST", "/human", json={"from": sender, "to": to, "text": text, **extra})

    def messages(self, **filters: Any) -> list[dict[str, Any]]:
        return self._call("GET", "/messages", params=filters)

    def deliveries(self, **filters: Any) -> list[dict[str, Any]]:
        return self._call("GET", "/deliveries", params=filters)

    def timers(self, **filters: Any) -> list[dict[str, Any]]:
        return self._call("GET", "/timers", params=filters)

    def state(self) -> dict[str, Any]:
        return self._call("GET", "/state")

    def idle(self) -> dict[str, Any]:
        return self._call("GET", "/idle")

    def wait_idle(self, timeout: float = 10.0, interval: float = 0.02) -> dict[str, Any]:
        """Wait until no timer or delivery is due (future ones, e.g. retries, may remain)."""
        deadline = time.monotonic() + timeout
        while True:
            status = self.idle()
            if status["idle"]:
                return status
            if time.monotonic() > deadline:
                raise TimeoutError(f"sandbox still busy: {status}")
            time.sleep(interval)

    def wait_delivered(self, timeout: float = 10.0, interval: float = 0.02) -> None:
        """Wait until no delivery is pending at all."""
        deadline = time.monotonic() + timeout
        while self.deliveries(status="pending"):
            if time.monotonic() > deadline:
                raise TimeoutError("deliveries still pending")
            time.sleep(interval)

    def wait_for(
        self, predicate: Any, timeout: float = 10.0, interval: float = 0.02, **filters: Any
    ) -> list[dict[str, Any]]:
        """Poll /messages until predicate(messages) is true; return the messages."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.messages(**filters)
            if predicate(found):
                return found
            if time.monotonic() > deadline:
                raise TimeoutError(f"condition not met; messages: {found}")
            time.sleep(interval)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SandboxError(Exception):
    def __init__(self, status: int, body: Any) -> None:
        super().__init__(f"{status}: {body}")
        self.status = status
        self.body = body


def rewrite_adapter(prefix: str, target: str) -> Any:
    """A requests adapter that sends `prefix...` URLs to `target...` (tweepy, facebook-sdk).

    Mount it on the SDK's session: `session.mount("https://api.twitter.com/",
    rewrite_adapter("https://api.twitter.com/", sandbox_url + "/x/"))`.
    """
    from requests.adapters import HTTPAdapter

    class RewriteAdapter(HTTPAdapter):
        def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
            if request.url.startswith(prefix):
                request.url = target + request.url[len(prefix) :]
            return super().send(request, *args, **kwargs)

    return RewriteAdapter()


def point_tweepy(client: Any, base_url: str) -> Any:
    """Send a tweepy.Client's calls to the sandbox's /x/."""
    client.session.mount(
        "https://api.twitter.com/",
        rewrite_adapter("https://api.twitter.com/", base_url.rstrip("/") + "/x/"),
    )
    return client


def graph_session(base_url: str) -> Any:
    """A requests.Session for facebook-sdk's GraphAPI(session=...) pointed at /graph/."""
    import requests

    session = requests.Session()
    session.mount(
        "https://graph.facebook.com/",
        rewrite_adapter("https://graph.facebook.com/", base_url.rstrip("/") + "/graph/"),
    )
    return session
