"""Fakes for campaign tests: an in-memory channel (the platform side) and a rule grader."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bots.base import ExchangeContext, PermanentError, PollScope, SendResult
from scoring import NLU_CRITERIA


@dataclass
class MemoryChannel:
    """A Telegram-like platform kept in memory: ids are `chat:n`, the thread is the chat."""

    name: str = "telegram"
    sent: list[tuple[ExchangeContext, str, str | None]] = field(default_factory=list)
    closed: set[str] = field(default_factory=set)  # chats that refuse messages
    now: Any = None
    _ids: Any = field(default_factory=lambda: itertools.count(1))

    def send(self, ctx: ExchangeContext, text: str, *, reply_to: str | None = None) -> SendResult:
        if ctx.target.address in self.closed:
            raise PermanentError("Le groupe n'accepte pas de messages.")
        self.sent.append((ctx, text, reply_to))
        chat = ctx.target.address
        return SendResult(external_id=f"{chat}:{next(self._ids)}", thread_key=chat,
                          platform_time=self.now() if self.now else None)  # fmt: skip

    def find_sent(self, ctx: ExchangeContext, text: str, *, since: datetime) -> SendResult | None:
        return None

    def poll(self, cursor: Any, *, scope: PollScope) -> tuple[list[Any], dict[str, Any]]:
        return [], dict(cursor)


class RuleGrader:
    """Intent by keywords; every criterion true except where the text says otherwise."""

    def intent(self, text: str) -> tuple[str, float]:
        lowered = text.lower()
        if "précisez" in lowered or "quelle adresse" in lowered:
            return "request_info", 0.9
        if "mp" in lowered.split():
            return "redirect_private", 0.9
        return "answer", 0.9

    def grade_many(self, exchanges: Any) -> Any:
        for exchange in exchanges:
            replied = bool(exchange["replies"])
            criteria = {c: {"value": replied, "confidence": 0.9, "evidence": [], "reason": "règle"}
                        for c in NLU_CRITERIA}  # fmt: skip
            criteria["complete"] = {"value": 1.0 if replied else 0.0, "present": [], "confidence": 0.9,
                                    "evidence": [], "reason": "règle"}  # fmt: skip
            for name in (
                "acknowledgement",
                "followup_kept",
                "redirect_precise",
                "empathy",
                "remedy",
            ):
                criteria[name]["value"] = None
            yield {"id": exchange["id"], "grid": "social-2026.1", "grader": "rules 0",
                   "intents": ["answer"] * len(exchange["replies"]), "criteria": criteria}  # fmt: skip
