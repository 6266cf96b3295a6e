"""Facebook Page comments and Messenger follow-ups through facebook-sdk's `GraphAPI`.

The persona is a Page allowed to comment (PLATFORMS.md); otherwise the channel runs
assisted. The question is a comment on a structure's post (`thread_refs["post_id"]`,
or the Page's latest post); replies come from `GET /{comment-id}/comments`, or from the
`feed` webhook for structures that opted in. Messenger sends (`POST /me/messages`,
`RESPONSE`) are only possible inside the 24-hour window opened by the other side.

Reconciliation: the post's comments (or the comment's replies) are read for the
persona's exact text; Messenger has no listing here, so it goes to operator review.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import partial
from typing import Any

from bots.base import (
    ExchangeContext,
    NotSearchable,
    PermanentError,
    PollScope,
    SendResult,
)
from bots.graph import GraphClient
from bots.inbound import Found, to_inbound

COMMENT_FIELDS = "id,message,from,created_time,parent"


def _graph_time(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z").astimezone(UTC)


class FacebookChannel:
    """Comments on a structure's Page, as a persona Page."""

    name = "facebook"

    def __init__(self, settings: Any, *, tokens: Mapping[str, Any] | None = None) -> None:
        self.graph = GraphClient(settings, tokens=tokens)
        self._me: dict[str, str] = {}

    def page_id(self, ctx_persona: Any) -> str:
        """The persona Page's id (stored, or asked once with `GET /me`)."""
        if ctx_persona.external_id:
            return ctx_persona.external_id
        key = ctx_persona.credentials or ""
        if key not in self._me:
            api = self.graph.api(ctx_persona.credentials)
            self._me[key] = str(self.graph.call(lambda: api.get_object("me"))["id"])
        return self._me[key]

    def _post_id(self, ctx: ExchangeContext) -> str:
        post_id = ctx.thread_refs.get("post_id")
        if post_id:
            return str(post_id)
        api = self.graph.api(ctx.persona.credentials)
        page = ctx.target.external_id or ctx.target.address
        posts = self.graph.call(lambda: api.get_connections(page, "posts", limit=1)).get("data")
        if not posts:
            raise PermanentError("La page de la structure n'a aucune publication à commenter.")
        return str(posts[0]["id"])

    def _refs(self, ctx: ExchangeContext, post_id: str) -> dict[str, Any]:
        return {"post_id": post_id, "persona_user_id": self.page_id(ctx.persona),
                "structure_user_id": ctx.target.external_id or ctx.target.address}  # fmt: skip

    def compose(self, ctx: ExchangeContext, text: str) -> str:
        return text

    def send(self, ctx: ExchangeContext, text: str, *, reply_to: str | None = None) -> SendResult:
        api = self.graph.api(ctx.persona.credentials)
        post_id = self._post_id(ctx)
        parent = reply_to or (ctx.thread_key if ctx.turn > 0 else None) or post_id
        created = self.graph.call(lambda: api.put_object(parent, "comments", message=text))
        comment_id = str(created["id"])
        return SendResult(
            external_id=comment_id,
            thread_key=ctx.thread_key or comment_id,  # the question comment heads the thread
            thread_refs=self._refs(ctx, post_id),
            platform_time=None,
        )

    def find_sent(self, ctx: ExchangeContext, text: str, *, since: datetime) -> SendResult | None:
        api = self.graph.api(ctx.persona.credentials)
        post_id = self._post_id(ctx)
        me = self.page_id(ctx.persona)
        comments = self.graph.call(lambda: api.get_connections(
            post_id, "comments", filter="stream", fields=COMMENT_FIELDS, limit=100))  # fmt: skip
        for comment in comments.get("data") or []:
            at = _graph_time(comment.get("created_time"))
            author = (comment.get("from") or {}).get("id")
            if comment.get("message") == text and author == me and (at is None or at >= since):
                return SendResult(
                    external_id=str(comment["id"]),
                    thread_key=ctx.thread_key or str(comment["id"]),
                    thread_refs=self._refs(ctx, post_id),
                    platform_time=at,
                )
        return None

    def poll(
        self, cursor: Mapping[str, Any], *, scope: PollScope
    ) -> tuple[list[Any], dict[str, Any]]:
        """Replies under each open exchange's question comment."""
        new_cursor = {k: v for k, v in cursor.items()}
        out = []
        for thread in scope.threads:
            if not thread.thread_key:
                continue
            api = self.graph.api(thread.persona.credentials)
            me = self.page_id(thread.persona)
            params: dict[str, Any] = {"fields": COMMENT_FIELDS, "limit": 100}
            if cursor.get(thread.thread_key):
                params["after"] = cursor[thread.thread_key]
            page = self.graph.call(
                partial(api.get_connections, thread.thread_key, "comments", **params)
            )
            for comment in page.get("data") or []:
                author = comment.get("from") or {}
                if author.get("id") == me:
                    continue
                out.append(to_inbound(Found(
                    platform=self.name,
                    external_id=str(comment["id"]),
                    text=comment.get("message", ""),
                    platform_time=_graph_time(comment.get("created_time")),
                    author_id=author.get("id"),
                    author_name=author.get("name"),
                    thread_key=thread.thread_key,
                    in_reply_to=(comment.get("parent") or {}).get("id") or thread.thread_key,
                )))  # fmt: skip
            after = ((page.get("paging") or {}).get("cursors") or {}).get("after")
            if after:
                new_cursor[thread.thread_key] = after
        return out, new_cursor


class MessengerChannel:
    """Messenger sends from a persona Page, inside the window the other side opened."""

    name = "messenger"

    def __init__(self, settings: Any, *, tokens: Mapping[str, Any] | None = None) -> None:
        self.graph = GraphClient(settings, tokens=tokens)
        self.pages = FacebookChannel(settings, tokens=tokens)
        self.pages.graph = self.graph

    def compose(self, ctx: ExchangeContext, text: str) -> str:
        return text

    def send(self, ctx: ExchangeContext, text: str, *, reply_to: str | None = None) -> SendResult:
        api = self.graph.api(ctx.persona.credentials)
        page_id = self.pages.page_id(ctx.persona)
        psid = ctx.target.external_id or ctx.target.address
        sent = self.graph.call(lambda: api.put_object(
            "me", "messages", recipient=json.dumps({"id": psid}),
            message=json.dumps({"text": text}), messaging_type="RESPONSE"))  # fmt: skip
        return SendResult(
            external_id=str(sent["message_id"]),
            thread_key=ctx.thread_key or f"{page_id}:{psid}",
            thread_refs={"persona_user_id": page_id, "structure_user_id": psid},
        )

    def find_sent(self, ctx: ExchangeContext, text: str, *, since: datetime) -> SendResult | None:
        raise NotSearchable("Messenger ne permet pas de retrouver un message envoyé.")

    def poll(
        self, cursor: Mapping[str, Any], *, scope: PollScope
    ) -> tuple[list[Any], dict[str, Any]]:
        # Messenger replies arrive only by webhook (opted-in Pages) or by an auditor's capture.
        return [], dict(cursor)
