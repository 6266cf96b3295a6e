"""Ids the NLU shares with the rest of Vigie: grid, criteria, intents."""

from __future__ import annotations

try:  # the scoring package owns the grid ids; fall back while it is being written
    from scoring import DEFAULT_GRID, NLU_CRITERIA
except ImportError:  # pragma: no cover - only before scoring/ exposes them
    DEFAULT_GRID = "social-2026.1"
    NLU_CRITERIA = (
        "salutation", "closing", "thanks", "register", "respectful_tone", "spelling",
        "name_used", "request_restated", "agent_identified",
        "relevant", "complete", "accurate", "actionable",
        "acknowledgement", "followup_kept", "redirect_precise", "empathy", "remedy",
    )  # fmt: skip

CRITERIA: tuple[str, ...] = tuple(NLU_CRITERIA)
GRID: str = DEFAULT_GRID if isinstance(DEFAULT_GRID, str) else str(DEFAULT_GRID)
INTENTS: tuple[str, ...] = (
    "answer", "acknowledgement", "request_info", "redirect_private", "redirect_other",
    "refusal", "auto_reply", "other",
)  # fmt: skip
REDIRECT_INTENTS = frozenset({"redirect_private", "redirect_other"})
BOOLEAN_CRITERIA: tuple[str, ...] = tuple(c for c in CRITERIA if c != "complete")
# Courtoisie, personnalisation and qualite_reponse are false (not null) without reply.
NO_REPLY_FALSE = (
    "salutation", "closing", "thanks", "register", "respectful_tone", "spelling",
    "name_used", "request_restated", "agent_identified", "relevant", "accurate", "actionable",
)  # fmt: skip
