"""Messenger and Instagram DMs: Send API, user messages, `messaging[]` webhook events.

A Messenger user (platform "messenger") talks to a Facebook Page (platform "facebook");
an Instagram user (platform "instagram", kind "user") talks to an Instagram professional
account (platform "instagram", kind "business"). Same wire format, `object` differs.
"""

from __future__ import annotations

import base64
from typing import Any

from starlette.requests import Request

from sandbox.engine import Sandbox
from sandbox.graph import graph_error
from sandbox.state import Account
from sandbox.wire import maybe_json

WINDOW = 24 * 3600
MESSAGING_TYPES = ("RESPONSE", "UPDATE", "MESSAGE_TAG")


def _last_user_message(sb: Sandbox) -> dict[tuple[str, str], float]:
    return sb.platform_state.setdefault("messenger_last_user", {})


def _mid(sb: Sandbox) -> str:
    raw = sb.rng("mid", sb.world.next_int("messenger:mid")).randbytes(36)
    return "m_" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


# business platform -> (user platform, webhook object)
CHANNELS: dict[str, tuple[str, str]] = {
    "facebook": ("messenger", "page"),
    "instagram": ("instagram", "instagram"),
}


def _is_business(account: Account) -> bool:
    return account.platform == "facebook" or (
        account.platform == "instagram" and account.kind == "business"
    )


def _event(sender: str, recipient: str, ms: int, message: dict[str, Any]) -> dict[str, Any]:
    return {
        "sender": {"id": sender},
        "recipient": {"id": recipient},
        "timestamp": ms,
        "message": message,
    }


def user_message(
    sb: Sandbox,
    user: Account,
    page: Account,
    text: str,
    *,
    reply_to: str | None = None,
    via: str = "human",
) -> dict[str, Any]:
    """A person writes to a Page (by hand, or a structure's agent behind a Messenger user)."""
    mid = _mid(sb)
    ms = int(sb.now() * 1000)
    _last_user_message(sb)[(page.id, user.id)] = sb.now()
    sb.record(
        id=mid,
        platform=user.platform,
        kind="message",
        sender=user.id,
        recipient=page.id,
        text=text,
        thread=f"{page.id}:{user.id}",
        reply_to=reply_to,
        via=via,
    )
    message: dict[str, Any] = {"mid": mid, "text": text}
    if reply_to:
        message["reply_to"] = {"mid": reply_to}
    if page.subscribed:
        sb.deliver_meta(
            CHANNELS[page.platform][1],
            {"id": page.id, "time": ms, "messaging": [_event(user.id, page.id, ms, message)]},
            event="messages",
            account=page.id,
        )
    sb.agent_receive(
        page, user, text, private=True, reply=lambda t: _agent_page_send(sb, page, user, t)
    )
    return {"recipient_id": page.id, "message_id": mid}


def page_send(
    sb: Sandbox,
    page: Account,
    user: Account | None,
    text: str,
    messaging_type: str = "RESPONSE",
    via: str = "api",
) -> dict[str, Any]:
    """A Page sends a message (Send API, or a structure's agent answering)."""
    if user is None or user.platform != CHANNELS[page.platform][0] or _is_business(user):
        raise graph_error(sb, 100, "(#100) No matching user found", subcode=2018001)
    if not user.dm_open or user.blocked:
        raise graph_error(sb, 551, "This person isn't available right now.", subcode=1545041)
    last = _last_user_message(sb).get((page.id, user.id))
    if (
        messaging_type != "MESSAGE_TAG"
        and via == "api"
        and (last is None or sb.now() - last > WINDOW)
    ):
        raise graph_error(
            sb,
            10,
            "(#10) This message is sent outside of allowed window. Learn more about the new policy "
            "here: https://developers.facebook.com/docs/messenger-platform/policy-overview",
            subcode=2018278,
        )
    mid = _mid(sb)
    ms = int(sb.now() * 1000)
    sb.record(
        id=mid,
        platform=user.platform,
        kind="message",
        sender=page.id,
        recipient=user.id,
        text=text,
        thread=f"{page.id}:{user.id}",
        via=via,
        extra={"messaging_type": messaging_type},
    )
    if page.subscribed:
        echo = {
            "mid": mid,
            "is_echo": True,
            "app_id": 1_517_000_000_000 + int(page.id) % 1000,
            "text": text,
        }
        sb.deliver_meta(
            CHANNELS[page.platform][1],
            {"id": page.id, "time": ms, "messaging": [_event(page.id, user.id, ms, echo)]},
            event="message_echoes",
            account=page.id,
        )
    sb.agent_receive(
        user,
        page,
        text,
        private=True,
        reply=lambda t: user_message(sb, user, page, t, reply_to=mid, via="agent"),
    )
    return {"recipient_id": user.id, "message_id": mid}


def _agent_page_send(sb: Sandbox, page: Account, user: Account, text: str) -> None:
    sb.agent_send(
        lambda: page_send(sb, page, user, text, via="agent"),
        id=f"messenger-failed-{user.id}", platform=user.platform, sender=page.id, text=text,
    )  # fmt: skip


def human_send(
    sb: Sandbox,
    sender: Account,
    target: Account | None,
    text: str,
    *,
    private: bool,
    reply_to: str | None,
) -> dict[str, Any]:
    if (
        target is None
        or not _is_business(target)
        or CHANNELS[target.platform][0] != sender.platform
    ):
        raise ValueError(
            "a Messenger user writes to a Facebook page, an Instagram user to a professional account"
        )
    if _is_business(sender):
        return page_send(sb, sender, target, text, via="human")
    return user_message(sb, sender, target, text, reply_to=reply_to)


async def send_message(
    sb: Sandbox, request: Request, account: Account, params: dict[str, Any], parts: list[str]
) -> dict[str, Any]:
    page = account if parts[0] == "me" else sb.world.get(parts[0])
    if page is None or not _is_business(page):
        raise graph_error(sb, 100, f"(#100) Object with ID '{parts[0]}' does not exist", subcode=33)
    recipient = maybe_json(params.get("recipient"))
    message = maybe_json(params.get("message"))
    messaging_type = params.get("messaging_type", "RESPONSE")
    if not isinstance(recipient, dict) or not recipient.get("id"):
        raise graph_error(sb, 100, "(#100) The parameter recipient is required")
    if messaging_type not in MESSAGING_TYPES:
        raise graph_error(
            sb, 100, "(#100) Param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}"
        )
    if not isinstance(message, dict) or not message.get("text"):
        raise graph_error(sb, 100, "(#100) The parameter message is required", subcode=2018027)
    user = sb.world.get(recipient["id"])
    return page_send(sb, page, user, message["text"], messaging_type)
