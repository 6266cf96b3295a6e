"""Sandbox configuration: plain values from CLI flags or constructor arguments."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class SandboxConfig:
    """Everything the sandbox needs; it never reads the environment."""

    host: str = "127.0.0.1"
    port: int = 0
    # Where platform webhooks go by default (our app's public base URL).
    webhook_base: str | None = None
    # Paths appended to webhook_base for the platforms whose webhook URL is configured
    # on the platform side (X app, Meta app); Telegram's comes from setWebhook.
    webhook_paths: dict[str, str] = field(
        default_factory=lambda: {"x": "/webhooks/x", "meta": "/webhooks/meta"}
    )
    x_consumer_secret: str | None = None
    meta_app_secret: str | None = None
    meta_verify_token: str | None = None
    seed: int = 0
    # Multiplies every agent delay (0 = agents answer at once; tests use it).
    agent_delay_factor: float = 1.0
    # Virtual clock: None = real now; scale = virtual seconds per real second.
    clock_start: str | None = None
    clock_scale: float = 1.0
    # Real seconds a delivery POST may take before it counts as failed.
    delivery_timeout: float = 10.0
    # Cap on Telegram long polling (real seconds), to keep clients responsive.
    max_long_poll: float = 2.0
    world: dict[str, Any] | None = None
    # An httpx async transport for webhook deliveries, e.g. httpx.ASGITransport(app=our_app)
    # to deliver into an app that runs in-process instead of behind a real server.
    delivery_transport: Any = None
