"""WhatsApp Cloud API: business sends, user messages, `messages[]` / `statuses[]` webhooks.

A business number (kind "business", id = phone_number_id) talks to users (kind "user",
id = wa_id). Agent replies typed on a structure's business number come back to a
subscribed app as `smb_message_echoes`, as with the WhatsApp Business app coexistence.
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


def _last_inbound(sb: Sandbox) -> dict[tuple[str, str], float]:
    return sb.platform_state.setdefault("whatsapp_last_inbound", {})


def _wamid(sb: Sandbox) -> str:
    raw = b"\x15\x02\x00\x11\x18\x12" + sb.rng("wamid", sb.world.next_int("wa:id")).randbytes(18)
    return "wamid." + base64.b64encode(raw).decode()


def _metadata(business: Account) -> dict[str, str]:
    return {
        "display_phone_number": business.display_phone_number or "",
        "phone_number_id": business.id,
    }


def _deliver(sb: Sandbox, business: Account, field: str, value: dict[str, Any], event: str) -> None:
    if business.subscribed:
        entry = {
            "id": business.waba_id,
            "changes": [
                {
                    "value": {
                        "messaging_product": "whatsapp",
                        "metadata": _metadata(business),
                        **value,
                    },
                    "field": field,
                }
            ],
        }
        sb.deliver_meta("whatsapp_business_account", entry, event=event, account=business.id)


def user_message(
    sb: Sandbox,
    user: Account,
    business: Account,
    text: str,
    *,
    reply_to: str | None = None,
    via: str = "human",
) -> dict[str, Any]:
    wamid = _wamid(sb)
    ts = str(int(sb.now()))
    _last_inbound(sb)[(business.id, user.id)] = sb.now()
    sb.record(
        id=wamid,
        platform="whatsapp",
        kind="message",
        sender=user.id,
        recipient=business.id,
        text=text,
        thread=f"{business.id}:{user.id}",
        reply_to=reply_to,
        via=via,
    )
    message: dict[str, Any] = {
        "from": user.id,
        "id": wamid,
        "timestamp": ts,
        "text": {"body": text},
        "type": "text",
    }
    if reply_to:
        message["context"] = {"from": business.display_phone_number, "id": reply_to}
    _deliver(
        sb,
        business,
        "messages",
        {"contacts": [{"profile": {"name": user.name}, "wa_id": user.id}], "messages": [message]},
        "messages",
    )
    sb.agent_receive(
        business,
        user,
        text,
        private=True,
        reply=lambda t: business_send(sb, business, user, t, via="agent"),
    )
    return {"messaging_product": "whatsapp", "messages": [{"id": wamid}]}


def _status(
    sb: Sandbox, wamid: str, status: str, user_id: str, errors: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": wamid,
        "status": status,
        "timestamp": str(int(sb.now())),
        "recipient_id": user_id,
    }
    if errors:
        out["errors"] = errors
    else:
        out["conversation"] = {"id": f"conv-{user_id}", "origin": {"type": "service"}}
        out["pricing"] = {"billable": False, "pricing_model": "PMP", "category": "service"}
    return out


def business_send(
    sb: Sandbox,
    business: Account,
    to: str | Account,
    text: str,
    *,
    via: str = "api",
    template: bool = False,
    reply_to: str | None = None,
) -> dict[str, Any]:
    to_id = to.id if isinstance(to, Account) else str(to).lstrip("+").replace(" ", "")
    user = sb.world.get(to_id)
    wamid = _wamid(sb)
    sb.record(
        id=wamid,
        platform="whatsapp",
        kind="message",
        sender=business.id,
        recipient=to_id,
        text=text,
        thread=f"{business.id}:{to_id}",
        reply_to=reply_to,
        via=via,
    )
    response = {
        "messaging_product": "whatsapp",
        "contacts": [{"input": str(to), "wa_id": to_id}],
        "messages": [{"id": wamid}],
    }
    failure = None
    if user is None or user.platform != "whatsapp" or user.blocked:
        failure = {
            "code": 131026,
            "title": "Message undeliverable",
            "message": "Message undeliverable",
            "error_data": {"details": "Message could not be delivered to the recipient."},
        }
    elif via == "api" and not template:
        last = _last_inbound(sb).get((business.id, to_id))
        if last is None or sb.now() - last > WINDOW:
            failure = {
                "code": 131047,
                "title": "Re-engagement message",
                "message": "Re-engagement message",
                "error_data": {
                    "details": "Message failed to send because more than 24 hours have passed "
                    "since the customer last replied to this number."
                },
            }
    if failure:
        _deliver(
            sb,
            business,
            "messages",
            {"statuses": [_status(sb, wamid, "failed", to_id, [failure])]},
            "statuses",
        )
        return response
    if via == "agent":
        echo = {
            "from": business.display_phone_number,
            "to": to_id,
            "id": wamid,
            "timestamp": str(int(sb.now())),
            "type": "text",
            "text": {"body": text},
        }
        _deliver(
            sb, business, "smb_message_echoes", {"message_echoes": [echo]}, "smb_message_echoes"
        )
    for status in ("sent", "delivered"):
        _deliver(
            sb, business, "messages", {"statuses": [_status(sb, wamid, status, to_id)]}, "statuses"
        )
    sb.agent_receive(
        user,
        business,
        text,
        private=True,
        reply=lambda t: user_message(sb, user, business, t, reply_to=wamid, via="agent"),
    )
    return response


def human_send(
    sb: Sandbox,
    sender: Account,
    target: Account | None,
    text: str,
    *,
    private: bool,
    reply_to: str | None,
) -> dict[str, Any]:
    if target is None or target.platform != "whatsapp":
        raise ValueError("'to' must be a WhatsApp account id")
    if sender.kind == "business":
        return business_send(
            sb, sender, target, text, via="human", template=True, reply_to=reply_to
        )
    return user_message(sb, sender, target, text, reply_to=reply_to)


async def send_message(
    sb: Sandbox, request: Request, account: Account, params: dict[str, Any], parts: list[str]
) -> dict[str, Any]:
    business = sb.world.get(parts[0])
    if business is None or business.kind != "business":
        raise graph_error(sb, 100, f"(#100) Object with ID '{parts[0]}' does not exist", subcode=33)
    if params.get("messaging_product") != "whatsapp":
        raise graph_error(sb, 100, "(#100) The parameter messaging_product is required.")
    to = params.get("to")
    if not to:
        raise graph_error(sb, 100, "(#100) The parameter to is required.")
    kind = params.get("type", "text")
    context = maybe_json(params.get("context")) or {}
    if kind == "text":
        text = (maybe_json(params.get("text")) or {}).get("body")
        if not text:
            raise graph_error(sb, 100, "(#100) The parameter text['body'] is required.")
        return business_send(sb, business, to, text, reply_to=context.get("message_id"))
    if kind == "template":
        template = maybe_json(params.get("template")) or {}
        bodies = [
            p.get("text", "")
            for c in template.get("components", [])
            for p in c.get("parameters", [])
            if c.get("type") == "body"
        ]
        text = " ".join(bodies) or template.get("name", "")
        return business_send(sb, business, to, text, template=True)
    raise graph_error(sb, 100, f"(#100) Param type must be one of text, template (got {kind})")
