"""Build the one inbound-message type (`core.inbound.InboundMessage`) from poller values.

Pollers describe what they found with `Found`, a plain value; `to_inbound` is the single
place that maps it onto the webhooks' type, so that a change there is a change here only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Found:
    """A message from a structure, as a poller found it."""

    platform: str
    external_id: str
    text: str
    platform_time: datetime | None
    author_id: str | None = None
    author_name: str | None = None
    thread_key: str | None = None
    in_reply_to: str | None = None
    recipient_id: str | None = None  # the persona account it was addressed to
    is_private: bool = False
    edited: bool = False  # a new version of a message already seen
    raw: dict[str, Any] = field(default_factory=dict)  # kept for debugging, not stored


def to_inbound(found: Found, *, received_at: datetime | None = None) -> Any:
    """The `core.inbound.InboundMessage` for `found` (a poller saw it at `received_at`)."""
    from core.db import utcnow
    from core.inbound import InboundMessage, MessageKind

    return InboundMessage(
        received_at=received_at or utcnow(),
        platform=found.platform,
        external_id=found.external_id,
        text=found.text,
        platform_time=found.platform_time,
        author_id=found.author_id,
        author_name=found.author_name,
        thread_key=found.thread_key,
        in_reply_to=found.in_reply_to,
        recipient_id=found.recipient_id,
        is_private=found.is_private,
        kind=MessageKind.EDIT if found.edited else MessageKind.MESSAGE,
    )
