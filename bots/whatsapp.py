"""WhatsApp Cloud API through the Graph API: `POST /{phone-number-id}/messages`.

The persona is a WhatsApp Business number; a free-form text is allowed only within 24
hours of the other side's last message, which the Cloud API reports asynchronously (a
`failed` status by webhook), not in the send response. Replies arrive by webhook only.
WhatsApp lists no sent messages: reconciliation goes to operator review.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bots.base import ExchangeContext, NotSearchable, PollScope, SendResult
from bots.graph import GraphClient


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


class WhatsAppChannel:
    name = "whatsapp"

    def __init__(self, settings: Any, *, tokens: Mapping[str, Any] | None = None) -> None:
        self.graph = GraphClient(settings, tokens=tokens)

    def compose(self, ctx: ExchangeContext, text: str) -> str:
        return text

    def send(self, ctx: ExchangeContext, text: str, *, reply_to: str | None = None) -> SendResult:
        api = self.graph.api(ctx.persona.credentials)
        number_id = ctx.persona.external_id or ctx.persona.address
        to = ctx.target.external_id or _digits(ctx.target.address)
        body: dict[str, Any] = {"messaging_product": "whatsapp", "to": to, "type": "text",
                                "text": json.dumps({"body": text})}  # fmt: skip
        if reply_to:
            body["context"] = json.dumps({"message_id": reply_to})
        sent = self.graph.call(lambda: api.put_object(number_id, "messages", **body))
        wa_id = ((sent.get("contacts") or [{}])[0]).get("wa_id") or to
        return SendResult(
            external_id=str(sent["messages"][0]["id"]),
            thread_key=ctx.thread_key or f"{number_id}:{wa_id}",
            thread_refs={"persona_user_id": number_id, "structure_user_id": wa_id},
        )

    def find_sent(self, ctx: ExchangeContext, text: str, *, since: datetime) -> SendResult | None:
        raise NotSearchable("WhatsApp ne permet pas de retrouver un message envoyé.")

    def poll(
        self, cursor: Mapping[str, Any], *, scope: PollScope
    ) -> tuple[list[Any], dict[str, Any]]:
        return [], dict(cursor)  # webhooks only
