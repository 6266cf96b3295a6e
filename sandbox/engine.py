"""The sandbox engine: world, virtual clock, timers, agents, faults and deliveries."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import heapq
import hmac
import itertools
import logging
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

from sandbox import agents
from sandbox.clock import VirtualClock, iso, parse_iso
from sandbox.config import SandboxConfig
from sandbox.delivery import Deliverer
from sandbox.faults import Faults
from sandbox.signing import meta_body, meta_signature, plain_body, x_crc_response, x_signature
from sandbox.state import Account, Record, World
from sandbox.wire import PlatformError

log = logging.getLogger("sandbox")


@dataclass(order=True)
class Timer:
    due: float
    seq: int
    label: str = field(compare=False)
    action: Callable[[], None] = field(compare=False)
    account: str | None = field(compare=False, default=None)
    text: str | None = field(compare=False, default=None)
    status: str = field(compare=False, default="pending")


@dataclass
class XWebhook:
    url: str
    consumer_secret: str
    users: list[str] | None = None  # subscribed persona ids (None: every persona)
    valid: bool = False
    last_error: str | None = None


@dataclass
class MetaWebhook:
    url: str
    app_secret: str
    verify_token: str
    verified: bool = False
    last_error: str | None = None


class Sandbox:
    """Holds every piece of state; all of it lives on the server's event loop."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.http: httpx.AsyncClient | None = None
        self._wake = asyncio.Event()
        self.reset(config.seed)

    # -- state -----------------------------------------------------------------------
    def reset(self, seed: int | None = None) -> None:
        self.seed = self.config.seed if seed is None else seed
        start = parse_iso(self.config.clock_start) if self.config.clock_start else None
        self.clock = VirtualClock(start, self.config.clock_scale)
        self.world = World(self.seed)
        self.faults = Faults()
        self.deliveries = Deliverer(
            self.faults, self.rng("deliveries"), self.config.delivery_timeout
        )
        self.scenarios: list[agents.Scenario] = []
        self.conversations: dict[tuple[str, str], agents.Conversation] = {}
        self.timers: list[Timer] = []
        self._timer_seq = itertools.count()
        self.timer_log: list[Timer] = []
        self.delay_factor = self.config.agent_delay_factor
        self.x_webhook: XWebhook | None = None
        self.meta_webhook: MetaWebhook | None = None
        self.platform_state: dict[str, Any] = {}  # per-platform modules keep theirs here
        base = self.config.webhook_base
        if base and self.config.x_consumer_secret:
            self.x_webhook = XWebhook(
                base.rstrip("/") + self.config.webhook_paths["x"], self.config.x_consumer_secret
            )
        if base and self.config.meta_app_secret:
            self.meta_webhook = MetaWebhook(
                base.rstrip("/") + self.config.webhook_paths["meta"],
                self.config.meta_app_secret,
                self.config.meta_verify_token or "",
            )
        if self.config.world:
            self.load_world(self.config.world)

    def rng(self, *key: Any) -> random.Random:
        """A generator that depends only on the seed and the key: reproducible texts."""
        return random.Random(f"{self.seed}:" + ":".join(map(str, key)))

    def now(self) -> float:
        return self.clock.timestamp()

    def now_dt(self) -> datetime:
        return self.clock.now()

    def iso(self, ts: float) -> str:
        if ts == float("inf"):
            return "inf"
        return iso(datetime.fromtimestamp(ts, UTC))

    def record(self, **fields: Any) -> Record:
        record = Record(at=self.now(), **fields)
        self.world.records.append(record)
        return record

    def agent_send(
        self, send: Callable[[], object], *, id: str, platform: str, sender: str, text: str
    ) -> None:
        """Send an agent's reply; one the platform refuses (closed DMs, deleted thread…) is
        recorded as failed, for tests to see, instead of breaking the agent's loop."""
        try:
            send()
        except PlatformError as exc:
            self.record(id=id, platform=platform, kind="failed", sender=sender, text=text,
                        via="agent", extra={"error": exc.body})  # fmt: skip

    def load_world(self, data: dict[str, Any]) -> dict[str, Any]:
        """Load accounts, posts, chats, knowledge, clock from one document (YAML/JSON)."""
        out: dict[str, Any] = {"accounts": [], "posts": [], "chats": []}
        if data.get("clock"):
            self.set_clock(data["clock"])
        for spec in data.get("accounts") or []:
            out["accounts"].append(self.world.add_account(spec).public())
        for spec in data.get("posts") or []:
            out["posts"].append(self.add_post(spec))
        for spec in data.get("chats") or []:
            out["chats"].append(self.add_chat(spec))
        if data.get("knowledge") or data.get("scenarios"):
            self.load_knowledge(data.get("knowledge") or data.get("scenarios"))
        if "agent_delay_factor" in data:
            self.delay_factor = float(data["agent_delay_factor"])
        for hook in data.get("webhooks") or []:
            self.register_webhook(hook)
        return out

    def register_webhook(self, spec: dict[str, Any]) -> None:
        """Record an X or Meta webhook target; its handshake runs before the first delivery."""
        if spec.get("platform") == "x":
            secret = spec.get("consumer_secret") or self.config.x_consumer_secret
            if not secret:
                raise ValueError("consumer_secret is required for an X webhook")
            self.x_webhook = XWebhook(spec["url"], secret, spec.get("users"))
        elif spec.get("platform") == "meta":
            secret = spec.get("app_secret") or self.config.meta_app_secret
            token = spec.get("verify_token") or self.config.meta_verify_token
            if not secret or not token:
                raise ValueError("app_secret and verify_token are required for a Meta webhook")
            self.meta_webhook = MetaWebhook(spec["url"], secret, token)
        else:
            raise ValueError("platform must be 'x' or 'meta' (Telegram uses setWebhook)")

    def add_post(self, spec: dict[str, Any]) -> dict[str, Any]:
        from sandbox import facebook

        return facebook.add_post(self, spec)

    def add_chat(self, spec: dict[str, Any]) -> dict[str, Any]:
        from sandbox import telegram

        return telegram.add_chat(self, spec)

    def load_knowledge(self, scenarios: list[dict[str, Any]], replace: bool = False) -> int:
        parsed = [agents.Scenario.from_dict(s) for s in scenarios]
        if replace:
            self.scenarios = parsed
        else:
            known = {s.id: s for s in self.scenarios}
            known.update({s.id: s for s in parsed})
            self.scenarios = list(known.values())
        return len(self.scenarios)

    def set_clock(self, spec: dict[str, Any]) -> None:
        if spec.get("now") or "scale" in spec:
            now = parse_iso(spec["now"]) if spec.get("now") else None
            self.clock.set(now, spec.get("scale"))
        if spec.get("advance"):
            self.clock.advance(float(spec["advance"]))
        self.wake()

    # -- timers ----------------------------------------------------------------------
    def schedule(self, delay: float, action: Callable[[], None], label: str, **info: Any) -> Timer:
        timer = Timer(self.now() + max(0.0, delay), next(self._timer_seq), label, action, **info)
        heapq.heappush(self.timers, timer)
        self.timer_log.append(timer)
        self.wake()
        return timer

    def bind_loop(self) -> None:
        """Called on the server's loop at start-up."""
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    # -- agents ----------------------------------------------------------------------
    def agent_receive(
        self,
        structure: Account,
        persona: Account,
        text: str,
        *,
        private: bool,
        reply: Callable[[str], None],
    ) -> list[Timer]:
        """A structure's agent got a persona's message: plan and schedule its answers."""
        if not structure.profile or persona.owner != "persona" or structure.owner != "structure":
            return []
        key = (structure.key, persona.key)
        conversation = self.conversations.setdefault(key, agents.Conversation())
        rng = self.rng("agent", structure.key, persona.key, conversation.turns)
        incoming = agents.Incoming(
            text, private, agents.Persona(persona.first_name, persona.last_name, persona.civility)
        )
        steps = agents.plan(
            structure.profile,
            structure.options,
            self.scenarios,
            incoming,
            conversation,
            rng,
            self.delay_factor,
        )
        return [
            self.schedule(
                step.delay,
                (lambda t=step.text: reply(t)),
                f"agent:{step.kind}",
                account=structure.id,
                text=step.text,
            )
            for step in steps
        ]

    # -- webhook targets ------------------------------------------------------------
    async def check_x_webhook(self) -> str | None:
        """CRC handshake against the X webhook URL; None when it answered correctly."""
        hook = self.x_webhook
        if hook is None:
            return "no X webhook registered"
        token = secrets.token_urlsafe(24)
        try:
            response = await self.client().get(hook.url, params={"crc_token": token}, timeout=3.0)
            got = response.json().get("response_token") if response.status_code == 200 else None
        except (httpx.HTTPError, ValueError) as exc:
            got, response = None, None
            hook.last_error = f"{type(exc).__name__}: {exc}"
        expected = x_crc_response(hook.consumer_secret, token)
        hook.valid = got == expected
        if not hook.valid and response is not None:
            hook.last_error = f"CRC failed (HTTP {response.status_code}, response_token={got!r})"
        return None if hook.valid else hook.last_error

    async def check_meta_webhook(self) -> str | None:
        """Meta verification handshake (hub.mode=subscribe); None when verified."""
        hook = self.meta_webhook
        if hook is None:
            return "no Meta webhook registered"
        challenge = str(self.rng("challenge", self.now()).randrange(10**9, 10**10))
        params = {
            "hub.mode": "subscribe",
            "hub.verify_token": hook.verify_token,
            "hub.challenge": challenge,
        }
        try:
            response = await self.client().get(hook.url, params=params, timeout=5.0)
            hook.verified = response.status_code == 200 and response.text.strip() == challenge
            if not hook.verified:
                hook.last_error = f"verification failed (HTTP {response.status_code}, body={response.text[:80]!r})"
        except httpx.HTTPError as exc:
            hook.verified = False
            hook.last_error = f"{type(exc).__name__}: {exc}"
        return None if hook.verified else hook.last_error

    def deliver_x(self, payload: dict[str, Any], *, event: str, account: str) -> None:
        """Queue an Account Activity POST for a subscribed persona."""
        hook = self.x_webhook
        if hook is None or (hook.users is not None and account not in hook.users):
            return
        secret = hook.consumer_secret
        self.deliveries.enqueue(
            platform="x",
            url=hook.url,
            payload=payload,
            serializer=plain_body,
            signer=lambda body: {"x-twitter-webhooks-signature": x_signature(secret, body)},
            now=self.now(),
            event=event,
            account=account,
            precheck=self._x_precheck,
        )
        self.wake()

    def deliver_meta(self, obj: str, entry: dict[str, Any], *, event: str, account: str) -> None:
        """Queue a Meta webhook POST (object page / instagram / whatsapp_business_account)."""
        hook = self.meta_webhook
        if hook is None:
            return
        secret = hook.app_secret

        def sign(body: bytes) -> dict[str, str]:
            legacy = hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()
            return {
                "X-Hub-Signature-256": meta_signature(secret, body),
                "X-Hub-Signature": f"sha1={legacy}",
            }

        self.deliveries.enqueue(
            platform="meta",
            url=hook.url,
            payload={"object": obj, "entry": [entry]},
            serializer=meta_body,
            signer=sign,
            now=self.now(),
            event=event,
            account=account,
            batch_key=f"{hook.url}|{obj}",
            precheck=self._meta_precheck,
        )
        self.wake()

    async def _x_precheck(self) -> str | None:
        if self.x_webhook is not None and self.x_webhook.valid:
            return None
        return await self.check_x_webhook()

    async def _meta_precheck(self) -> str | None:
        if self.meta_webhook is not None and self.meta_webhook.verified:
            return None
        return await self.check_meta_webhook()

    # -- loop ------------------------------------------------------------------------
    def client(self) -> httpx.AsyncClient:
        if self.http is None:
            self.http = httpx.AsyncClient(
                timeout=self.config.delivery_timeout, transport=self.config.delivery_transport
            )
        return self.http

    def idle(self) -> dict[str, Any]:
        now = self.now()
        due_timers = sum(1 for t in self.timers if t.due <= now)
        pending = self.deliveries.pending()
        due_deliveries = sum(1 for d in pending if d.next_at <= now)
        return {
            "idle": due_timers == 0 and due_deliveries == 0 and self.deliveries.in_flight == 0,
            "due_timers": due_timers,
            "scheduled_timers": len(self.timers),
            "pending_deliveries": len(pending),
            "due_deliveries": due_deliveries,
            "in_flight": self.deliveries.in_flight,
            "now": self.iso(now),
        }

    async def run(self) -> None:
        """Fire due timers and deliveries, forever (cancelled at shutdown)."""
        while True:
            try:
                await self._tick()
            except Exception:  # a bug in one action must not stop the world
                log.exception("sandbox tick failed")
            wait = min(self.clock.real_seconds_until(self._next_due()), 0.25)
            self._wake.clear()
            if wait > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=wait)

    def _next_due(self) -> float:
        first_timer = self.timers[0].due if self.timers else float("inf")
        return min(first_timer, self.deliveries.next_due())

    async def _tick(self) -> None:
        while self.timers and self.timers[0].due <= self.now():
            timer = heapq.heappop(self.timers)
            timer.status = "done"
            try:
                timer.action()
            except Exception:
                timer.status = "error"
                log.exception("timer %s failed", timer.label)
        for delivery in self.deliveries.due(self.now()):
            await self.deliveries.attempt(delivery, self.client(), self.now, self.iso)

    async def close(self) -> None:
        if self.http is not None:
            await self.http.aclose()
            self.http = None
