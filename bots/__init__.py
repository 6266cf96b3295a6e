"""Outbound bots: one channel per platform, the assisted/manual channel, the registry.

Other packages use only what `__all__` lists: `send_exchange` and `send_followup` for
the dispatcher, `poll_all` for the pollers, `get_channel` for anything platform-specific.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from bots.base import (
    AccountRef,
    Channel,
    ChannelError,
    ConfigurationError,
    ExchangeContext,
    NotSearchable,
    PermanentError,
    PollScope,
    PollThread,
    SendResult,
    TransientError,
    backoff,
)
from bots.cursors import CursorStore, DbCursorStore, FileCursorStore, MemoryCursorStore
from bots.service import (
    Outcome,
    PollReport,
    SendOutcome,
    due_exchanges,
    poll_all,
    send_exchange,
    send_followup,
)

# channel -> "module:class" of its automatic implementation, imported on first use so
# that loading `bots` does not load every SDK. Channels absent here (instagram, email,
# phone, mail, website) are always assisted or manual: see bots.assisted.
CHANNELS: dict[str, str] = {
    "twitter": "bots.x:XChannel",
    "facebook": "bots.facebook:FacebookChannel",
    "messenger": "bots.facebook:MessengerChannel",
    "telegram": "bots.telegram:TelegramChannel",
    "whatsapp": "bots.whatsapp:WhatsAppChannel",
}


def get_channel(name: str, settings: Any, *, tokens: Mapping[str, Any] | None = None) -> Channel:
    """The automatic channel for `name`; LookupError when the channel has none."""
    try:
        module_name, attr = CHANNELS[name].split(":")
    except KeyError:
        raise LookupError(f"no automatic channel for {name!r}") from None
    cls = getattr(importlib.import_module(module_name), attr)
    return cls(settings, tokens=tokens)


__all__ = [
    "CHANNELS",
    "AccountRef",
    "Channel",
    "ChannelError",
    "ConfigurationError",
    "CursorStore",
    "DbCursorStore",
    "ExchangeContext",
    "FileCursorStore",
    "MemoryCursorStore",
    "NotSearchable",
    "Outcome",
    "PermanentError",
    "PollReport",
    "PollScope",
    "PollThread",
    "SendOutcome",
    "SendResult",
    "TransientError",
    "backoff",
    "due_exchanges",
    "get_channel",
    "poll_all",
    "send_exchange",
    "send_followup",
]
