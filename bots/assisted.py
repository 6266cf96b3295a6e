"""Assisted and manual channels: a person sends the prepared message, the system tracks it.

Messenger, Instagram and WhatsApp let a citizen write only from a person's account, and
e-mail, phone, mail and web forms have no API at all: an auditor task holds the exact
text, the target, a link that opens the right conversation and the due time. The
auditor's confirmation and pasted replies go through `core.manual`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import AuditorTask, ChannelMode, Exchange, Source, StructureAccount, TaskStatus

TASK_KINDS = ("send", "followup", "verify", "capture")


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def _handle(value: str) -> str:
    return value.strip().lstrip("@")


# channel -> (address, text) -> link that opens the conversation (prefilled where allowed).
LINKS: dict[str, Callable[[str, str], str]] = {
    "twitter": lambda a, t: f"https://x.com/{_handle(a)}",
    "facebook": lambda a, t: f"https://www.facebook.com/{_handle(a)}",
    "messenger": lambda a, t: f"https://m.me/{_handle(a)}",
    "instagram": lambda a, t: f"https://ig.me/m/{_handle(a)}",
    "whatsapp": lambda a, t: f"https://wa.me/{_digits(a)}?text={quote(t)}",
    "telegram": lambda a, t: f"https://t.me/{_handle(a)}",
    "email": lambda a, t: f"mailto:{a}?body={quote(t)}",
    "phone": lambda a, t: f"tel:{a.replace(' ', '')}",
    "website": lambda a, t: a,
}


def link_for(channel: str, address: str, text: str) -> str | None:
    """A link that opens the conversation with `address`, or None (postal mail)."""
    build = LINKS.get(channel)
    return build(address, text) if build and address else None


def source_for(exchange: Exchange) -> Source:
    """Manual mode stays manual; every other hand-made send is assisted."""
    return Source.MANUAL if ChannelMode(exchange.mode) == ChannelMode.MANUAL else Source.ASSISTED


def open_task(session: Session, exchange: Exchange, *, kind: str) -> AuditorTask | None:
    return session.scalar(select(AuditorTask).where(
        AuditorTask.exchange_id == exchange.id, AuditorTask.kind == kind,
        AuditorTask.status == TaskStatus.OPEN))  # fmt: skip


def ensure_task(
    session: Session, exchange: Exchange, *, kind: str, text: str, due_at: datetime
) -> AuditorTask:
    """The open task of this kind for the exchange, created once."""
    if kind not in TASK_KINDS:
        raise ValueError(f"unknown task kind {kind!r}")
    task = open_task(session, exchange, kind=kind)
    if task is not None:
        return task
    account = session.scalar(select(StructureAccount).where(
        StructureAccount.structure_id == exchange.structure_id,
        StructureAccount.channel == exchange.channel))  # fmt: skip
    address = account.address if account else ""
    task = AuditorTask(
        exchange_id=exchange.id,
        kind=kind,
        text=text,
        target=address or "(adresse inconnue)",
        link=link_for(str(exchange.channel), address, text),
        due_at=due_at,
    )
    session.add(task)
    session.flush()
    return task
