"""Facebook Pages: posts, comments and replies, and `feed` webhook changes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request

from sandbox.clock import graph_time
from sandbox.engine import Sandbox
from sandbox.graph import graph_error, unknown_object
from sandbox.state import Account, Post


def _state(sb: Sandbox) -> dict[str, dict[str, Any]]:
    return sb.platform_state.setdefault("facebook_comments", {})


def add_post(sb: Sandbox, spec: dict[str, Any]) -> dict[str, Any]:
    page = sb.world.get(spec.get("page_id"))
    if page is None or page.platform != "facebook":
        raise ValueError(f"unknown Facebook page {spec.get('page_id')!r}")
    post_id = str(
        spec.get("id") or f"{page.id}_{122_100_000_000_000 + sb.world.next_int('fb:post') * 37}"
    )
    post = Post(post_id, page.id, spec.get("message", ""), sb.now(), spec.get("can_comment", True))
    sb.world.posts[post_id] = post
    return public_post(sb, post)


def public_post(sb: Sandbox, post: Post) -> dict[str, Any]:
    page = sb.world.accounts[post.page_id]
    return {
        "id": post.id,
        "message": post.message,
        "created_time": _time(post.created),
        "from": {"name": page.name, "id": page.id},
        "can_comment": post.can_comment,
    }


def _time(ts: float) -> str:
    return graph_time(datetime.fromtimestamp(ts, UTC))


def public_comment(comment: dict[str, Any], fields: set[str] | None = None) -> dict[str, Any]:
    out = {
        "created_time": _time(comment["created"]),
        "from": comment["from"],
        "message": comment["message"],
        "id": comment["id"],
    }
    if fields:
        extra = {
            "parent": {"id": comment["parent_id"]} if comment["parent_id"] else None,
            "can_comment": True,
            "comment_count": comment.get("replies", 0),
        }
        out = {k: v for k, v in {**out, **extra}.items() if k in fields and v is not None}
    return out


def comment(
    sb: Sandbox, author: Account, object_id: str, message: str, via: str = "api"
) -> dict[str, Any]:
    comments = _state(sb)
    post = sb.world.posts.get(object_id)
    parent = comments.get(object_id)
    if post is None and parent is None:
        raise unknown_object(sb, object_id, "post")
    if parent is not None:  # replies nest one level only, like Facebook
        top = comments.get(parent["parent_id"]) if parent["parent_id"] else parent
        post = sb.world.posts[parent["post_id"]]
        parent_id = top["id"]
    else:
        parent_id = None
    if not post.can_comment:
        raise graph_error(
            sb, 100, "(#100) Comments are disabled for this post", type_="OAuthException"
        )
    if not message:
        raise graph_error(sb, 100, "(#100) Missing message or attachment")
    suffix = post.id.split("_", 1)[-1]
    comment_id = f"{suffix}_{900_000_000_000_000 + sb.world.next_int('fb:comment') * 13}"
    record = {
        "id": comment_id,
        "message": message,
        "from": {"name": author.name, "id": author.id},
        "created": sb.now(),
        "post_id": post.id,
        "parent_id": parent_id,
        "replies": 0,
    }
    comments[comment_id] = record
    if parent_id:
        comments[parent_id]["replies"] += 1
    sb.record(
        id=comment_id,
        platform="facebook",
        kind="comment",
        sender=author.id,
        text=message,
        recipient=post.page_id,
        thread=parent_id or comment_id,
        reply_to=parent_id or post.id,
        via=via,
    )
    page = sb.world.accounts[post.page_id]
    _feed_change(sb, record, "add")
    thread_id = parent_id or comment_id
    sb.agent_receive(
        page, author, message, private=False, reply=lambda t: _agent_reply(sb, page, thread_id, t)
    )
    return record


def _feed_change(sb: Sandbox, record: dict[str, Any], verb: str) -> None:
    """A `feed` change for the Page whose post it is, when our app is subscribed to it."""
    post = sb.world.posts[record["post_id"]]
    page = sb.world.accounts[post.page_id]
    if not page.subscribed:
        return
    value: dict[str, Any] = {
        "from": record["from"],
        "post": {
            "status_type": "mobile_status_update",
            "is_published": True,
            "updated_time": _time(sb.now()),
            "id": post.id,
        },
        "post_id": post.id,
        "comment_id": record["id"],
        "created_time": int(record["created"]),
        "item": "comment",
        "parent_id": record["parent_id"] or post.id,
        "verb": verb,
    }
    if verb != "remove":
        value["message"] = record["message"]
    entry = {"id": page.id, "time": int(sb.now()), "changes": [{"value": value, "field": "feed"}]}
    sb.deliver_meta("page", entry, event=f"feed:{verb}", account=page.id)


def edit_comment(
    sb: Sandbox, actor: Account, comment_id: str, message: str, via: str = "api"
) -> bool:
    record = _own_comment(sb, actor, comment_id)
    record["message"] = message
    sb.record(
        id=comment_id,
        platform="facebook",
        kind="comment_edited",
        sender=actor.id,
        text=message,
        thread=record["parent_id"] or comment_id,
        via=via,
    )
    _feed_change(sb, record, "edited")
    return True


def remove_comment(sb: Sandbox, actor: Account, comment_id: str, via: str = "api") -> bool:
    record = _own_comment(sb, actor, comment_id)
    del _state(sb)[comment_id]
    sb.record(
        id=comment_id,
        platform="facebook",
        kind="comment_removed",
        sender=actor.id,
        text="",
        thread=record["parent_id"] or comment_id,
        via=via,
    )
    _feed_change(sb, record, "remove")
    return True


def _own_comment(sb: Sandbox, actor: Account, comment_id: str) -> dict[str, Any]:
    record = _state(sb).get(comment_id)
    if record is None:
        raise unknown_object(sb, comment_id, "post")
    page_id = sb.world.posts[record["post_id"]].page_id
    if actor.id not in (record["from"]["id"], page_id):  # the author or the Page may
        raise graph_error(sb, 200, "(#200) Permissions error")
    return record


async def update_object(
    sb: Sandbox, request: Request, account: Account, params: dict[str, Any], parts: list[str]
) -> dict[str, Any]:
    if request.method == "DELETE":
        return {"success": remove_comment(sb, account, parts[0])}
    return {"success": edit_comment(sb, account, parts[0], params.get("message", ""))}


def _agent_reply(sb: Sandbox, page: Account, thread_id: str, text: str) -> None:
    sb.agent_send(
        lambda: comment(sb, page, thread_id, text, via="agent"),
        id=f"fb-failed-{thread_id}", platform="facebook", sender=page.id, text=text,
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
    if not reply_to:
        raise ValueError("reply_to (a post or comment id) is required for a Facebook comment")
    return comment(sb, sender, reply_to, text, via="human")


async def post_comment(
    sb: Sandbox, request: Request, account: Account, params: dict[str, Any], parts: list[str]
) -> dict[str, Any]:
    created = comment(sb, account, parts[0], params.get("message", ""))
    return {"id": created["id"]}


async def list_comments(
    sb: Sandbox, request: Request, account: Account, params: dict[str, Any], parts: list[str]
) -> dict[str, Any]:
    object_id = parts[0]
    comments = _state(sb)
    fields = {f for f in str(params.get("fields", "")).split(",") if f} or None
    if object_id in sb.world.posts:
        items = [c for c in comments.values() if c["post_id"] == object_id]
        if params.get("filter", "toplevel") != "stream":
            items = [c for c in items if c["parent_id"] is None]
    elif object_id in comments:
        items = [c for c in comments.values() if c["parent_id"] == object_id]
    else:
        raise unknown_object(sb, object_id)
    items.sort(
        key=lambda c: (c["created"], c["id"]),
        reverse=params.get("order") == "reverse_chronological",
    )
    limit = int(params.get("limit", 25))
    start = int(params["after"]) if str(params.get("after", "")).isdigit() else 0
    page = items[start : start + limit]
    out: dict[str, Any] = {"data": [public_comment(c, fields) for c in page]}
    if page:
        out["paging"] = {"cursors": {"before": str(start), "after": str(start + len(page))}}
        if start + limit < len(items):
            base = str(request.url).split("?")[0]
            out["paging"]["next"] = f"{base}?limit={limit}&after={start + len(page)}"
    return out


async def list_posts(
    sb: Sandbox, request: Request, account: Account, params: dict[str, Any], parts: list[str]
) -> dict[str, Any]:
    """`GET /{page-id}/posts`: the Page's posts, newest first (as the Graph API orders them)."""
    page_id = account.id if parts[0] == "me" else parts[0]
    page = sb.world.get(page_id)
    if page is None or page.platform != "facebook":
        raise unknown_object(sb, parts[0])
    items = sorted((p for p in sb.world.posts.values() if p.page_id == page.id),
                   key=lambda p: (p.created, p.id), reverse=True)  # fmt: skip
    limit = int(params.get("limit", 25))
    start = int(params["after"]) if str(params.get("after", "")).isdigit() else 0
    page_items = items[start : start + limit]
    out: dict[str, Any] = {"data": [public_post(sb, p) for p in page_items]}
    if page_items:
        out["paging"] = {"cursors": {"before": str(start), "after": str(start + len(page_items))}}
    return out


async def get_object(
    sb: Sandbox, request: Request, account: Account, params: dict[str, Any], parts: list[str]
) -> dict[str, Any]:
    object_id = parts[0]
    fields = {f for f in str(params.get("fields", "")).split(",") if f}
    if object_id == "me":
        object_id = account.id
    post = sb.world.posts.get(object_id)
    if post is not None:
        data = public_post(sb, post)
        return {k: v for k, v in data.items() if k in (fields or {"id", "message", "created_time"})}
    found = _state(sb).get(object_id)
    if found is not None:
        return public_comment(found, fields or None)
    target = sb.world.get(object_id)
    if target is not None and target.platform in ("facebook", "messenger", "instagram"):
        return {"id": target.id, "name": target.name}
    if target is not None and target.platform == "whatsapp" and target.kind == "business":
        return {
            "id": target.id,
            "display_phone_number": target.display_phone_number,
            "verified_name": target.name,
            "quality_rating": "GREEN",
        }
    raise unknown_object(sb, object_id)


async def subscribe_app(
    sb: Sandbox, request: Request, account: Account, params: dict[str, Any], parts: list[str]
) -> dict[str, Any]:
    page = sb.world.get(parts[0])
    if page is None:
        raise unknown_object(sb, parts[0], "post")
    page.subscribed = True
    return {"success": True}
