"""X API v2 emulator (tweets, mentions, conversation search, DMs) and Account Activity events.

Mounted under /x, so tweepy's `https://api.twitter.com/2/...` maps to `/x/2/...`.
Endpoint names (for faults): create_tweet, tweet, tweets, mentions, search_recent,
create_dm, dm_events, me, user, user_by_username, webhooks, subscriptions.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, Router

from sandbox.clock import x_v1_time, x_v2_time
from sandbox.engine import Sandbox
from sandbox.state import Account
from sandbox.wire import PlatformError, read_json

TWITTER_EPOCH_MS = 1288834974657
WINDOW = 15 * 60
# endpoint -> requests per 15-minute window (per user; PLATFORMS.md "Limits").
LIMITS: dict[str, int] = {
    "create_tweet": 100,
    "mentions": 450,
    "search_recent": 450,
    "create_dm": 200,
    "dm_events": 300,
    "me": 75,
    "user": 900,
    "user_by_username": 900,
    "tweet": 900,
    "tweets": 900,
    "webhooks": 15,
    "subscriptions": 500,
}
DEFAULT_TWEET_FIELDS = ("id", "text", "edit_history_tweet_ids")
DEFAULT_USER_FIELDS = ("id", "name", "username")
DEFAULT_DM_FIELDS = ("id", "event_type", "text")
MENTION_RE = re.compile(r"(?<!\w)@(\w{1,15})")


@dataclass
class XState:
    tweets: dict[str, dict[str, Any]] = field(default_factory=dict)
    dms: list[dict[str, Any]] = field(default_factory=list)
    windows: dict[tuple[str, str], tuple[float, int]] = field(default_factory=dict)
    last_id: int = 0


def state(sb: Sandbox) -> XState:
    return sb.platform_state.setdefault("x", XState())


def problem(
    status: int, title: str, detail: str, type_: str = "about:blank", **extra: Any
) -> PlatformError:
    return PlatformError(
        status, {"title": title, "detail": detail, "type": type_, "status": status, **extra}
    )


def invalid(parameter: str, value: Any, message: str) -> PlatformError:
    return problem(
        400,
        "Invalid Request",
        "One or more parameters to your request was invalid.",
        "https://api.twitter.com/2/problems/invalid-request",
        errors=[{"parameters": {parameter: [str(value)]}, "message": message}],
    )


def snowflake(sb: Sandbox) -> str:
    st = state(sb)
    ms = int(sb.now() * 1000) - TWITTER_EPOCH_MS
    candidate = (ms << 22) | (sb.world.next_int("x:seq") & 0xFFF)
    st.last_id = max(candidate, st.last_id + 1)
    return str(st.last_id)


# -- world actions (used by the API, the agents and the human-side trigger) ------------


def create_tweet(
    sb: Sandbox, author: Account, text: str, reply_to: str | None = None, via: str = "api"
) -> dict[str, Any]:
    st = state(sb)
    parent = None
    if reply_to is not None:
        parent = st.tweets.get(str(reply_to))
        if parent is None or sb.world.get(parent["author_id"]) is None:
            raise problem(
                403,
                "Forbidden",
                "You attempted to reply to a Tweet that is deleted or not visible to you.",
            )
    if any(t["author_id"] == author.id and t["text"] == text for t in st.tweets.values()):
        raise problem(
            403, "Forbidden", "You are not allowed to create a Tweet with duplicate content."
        )
    tweet_id = snowflake(sb)
    mentioned = [a for name in MENTION_RE.findall(text) if (a := sb.world.by_username("x", name))]
    tweet = {
        "id": tweet_id,
        "text": text,
        "author_id": author.id,
        "conversation_id": parent["conversation_id"] if parent else tweet_id,
        "in_reply_to_tweet_id": parent["id"] if parent else None,
        "in_reply_to_user_id": parent["author_id"] if parent else None,
        "mentions": [a.id for a in mentioned],
        "created": sb.now(),
    }
    st.tweets[tweet_id] = tweet
    sb.record(
        id=tweet_id,
        platform="x",
        kind="reply" if parent else "tweet",
        sender=author.id,
        text=text,
        thread=tweet["conversation_id"],
        reply_to=tweet["in_reply_to_tweet_id"],
        via=via,
        recipient=tweet["in_reply_to_user_id"]
        or (tweet["mentions"][0] if tweet["mentions"] else None),
    )
    involved = {author.id, *tweet["mentions"], *([tweet["in_reply_to_user_id"]] if parent else [])}
    for user_id in involved:
        user = sb.world.get(user_id)
        if user is not None and user.owner == "persona":
            sb.deliver_x(
                {"for_user_id": user.id, "tweet_create_events": [v1_tweet(sb, tweet)]},
                event="tweet_create_events",
                account=user.id,
            )
    for user_id in involved - {author.id}:
        structure = sb.world.get(user_id)
        if structure is not None:
            sb.agent_receive(
                structure,
                author,
                text,
                private=False,
                reply=lambda t, s=structure: _agent_tweet(sb, s, author, t, tweet_id),
            )
    return tweet


def _agent_tweet(
    sb: Sandbox, structure: Account, persona: Account, text: str, reply_to: str
) -> None:
    prefix = f"@{persona.username} " if persona.username else ""
    sb.agent_send(  # refused e.g. when the persona deleted its tweet
        lambda: create_tweet(sb, structure, prefix + text, reply_to=reply_to, via="agent"),
        id=f"x-failed-{reply_to}", platform="x", sender=structure.id, text=text,
    )  # fmt: skip


def send_dm(
    sb: Sandbox,
    sender: Account,
    recipient: Account | None,
    text: str,
    via: str = "api",
    participant: str | None = None,
) -> dict[str, Any]:
    if recipient is None or recipient.platform != "x":
        raise invalid(
            "participant_id", participant, f"Could not find user with id: [{participant}]."
        )
    if not recipient.dm_open:
        raise problem(
            403,
            "Forbidden",
            "You cannot send messages to this user.",
            "https://api.twitter.com/2/problems/not-authorized-for-resource",
        )
    event_id = snowflake(sb)
    low, high = sorted((sender.id, recipient.id), key=int)
    event = {
        "id": event_id,
        "event_type": "MessageCreate",
        "text": text,
        "sender_id": sender.id,
        "recipient_id": recipient.id,
        "dm_conversation_id": f"{low}-{high}",
        "created": sb.now(),
    }
    state(sb).dms.append(event)
    sb.record(
        id=event_id,
        platform="x",
        kind="dm",
        sender=sender.id,
        recipient=recipient.id,
        text=text,
        thread=event["dm_conversation_id"],
        via=via,
    )
    users = {u.id: v1_user(u) for u in (sender, recipient)}
    ms = str(int(event["created"] * 1000))
    payload_event = {
        "type": "message_create",
        "id": event_id,
        "created_timestamp": ms,
        "message_create": {
            "target": {"recipient_id": recipient.id},
            "sender_id": sender.id,
            "message_data": {
                "text": text,
                "entities": {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []},
            },
        },
    }
    for user in (sender, recipient):
        if user.owner == "persona":
            sb.deliver_x(
                {"for_user_id": user.id, "direct_message_events": [payload_event], "users": users},
                event="direct_message_events",
                account=user.id,
            )
    sb.agent_receive(
        recipient, sender, text, private=True, reply=lambda t: _agent_dm(sb, recipient, sender, t)
    )
    return event


def _agent_dm(sb: Sandbox, structure: Account, persona: Account, text: str) -> None:
    sb.agent_send(
        lambda: send_dm(sb, structure, persona, text, via="agent"),
        id=f"x-dm-failed-{persona.id}", platform="x", sender=structure.id, text=text,
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
    if private:
        return send_dm(
            sb, sender, target, text, via="human", participant=target.id if target else None
        )
    if target is not None and target.username and f"@{target.username}".lower() not in text.lower():
        text = f"@{target.username} {text}"
    return create_tweet(sb, sender, text, reply_to=reply_to, via="human")


# -- wire shapes ------------------------------------------------------------------------


def _dt(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def v1_user(user: Account) -> dict[str, Any]:
    return {
        "id": int(user.id),
        "id_str": user.id,
        "name": user.name,
        "screen_name": user.username,
        "protected": False,
        "verified": False,
    }


def v1_tweet(sb: Sandbox, tweet: dict[str, Any]) -> dict[str, Any]:
    author = sb.world.accounts[tweet["author_id"]]
    reply_user = sb.world.accounts.get(tweet["in_reply_to_user_id"] or "")
    mentions = []
    for match in MENTION_RE.finditer(tweet["text"]):
        user = sb.world.by_username("x", match.group(1))
        if user is not None:
            mentions.append(
                {
                    "screen_name": user.username,
                    "name": user.name,
                    "id": int(user.id),
                    "id_str": user.id,
                    "indices": [match.start(), match.end()],
                }
            )
    reply_id = tweet["in_reply_to_tweet_id"]
    return {
        "created_at": x_v1_time(_dt(tweet["created"])),
        "id": int(tweet["id"]),
        "id_str": tweet["id"],
        "text": tweet["text"],
        "source": '<a href="https://vigie.example" rel="nofollow">Vigie</a>',
        "truncated": False,
        "in_reply_to_status_id": int(reply_id) if reply_id else None,
        "in_reply_to_status_id_str": reply_id,
        "in_reply_to_user_id": int(reply_user.id) if reply_user else None,
        "in_reply_to_user_id_str": reply_user.id if reply_user else None,
        "in_reply_to_screen_name": reply_user.username if reply_user else None,
        "user": v1_user(author),
        "is_quote_status": False,
        "entities": {"hashtags": [], "urls": [], "user_mentions": mentions, "symbols": []},
        "lang": "fr",
        "timestamp_ms": str(int(tweet["created"] * 1000)),
    }


def _fields(params: dict[str, Any], name: str) -> set[str]:
    return {f for f in str(params.get(name, "")).split(",") if f}


def v2_tweet(tweet: dict[str, Any], fields: set[str]) -> dict[str, Any]:
    out = {"id": tweet["id"], "text": tweet["text"], "edit_history_tweet_ids": [tweet["id"]]}
    optional = {
        "author_id": tweet["author_id"],
        "conversation_id": tweet["conversation_id"],
        "created_at": x_v2_time(_dt(tweet["created"])),
        "in_reply_to_user_id": tweet["in_reply_to_user_id"],
        "referenced_tweets": [{"type": "replied_to", "id": tweet["in_reply_to_tweet_id"]}]
        if tweet["in_reply_to_tweet_id"]
        else None,
        "lang": "fr",
    }
    out.update({k: v for k, v in optional.items() if k in fields and v is not None})
    return out


def v2_user(user: Account, fields: set[str]) -> dict[str, Any]:
    out = {"id": user.id, "name": user.name, "username": user.username}
    optional = {"protected": False, "description": "", "verified": False}
    out.update({k: v for k, v in optional.items() if k in fields})
    return out


def v2_dm(event: dict[str, Any], fields: set[str]) -> dict[str, Any]:
    out = {"id": event["id"], "event_type": event["event_type"], "text": event["text"]}
    optional = {
        "sender_id": event["sender_id"],
        "dm_conversation_id": event["dm_conversation_id"],
        "created_at": x_v2_time(_dt(event["created"])),
        "participant_ids": [event["sender_id"], event["recipient_id"]],
    }
    out.update({k: v for k, v in optional.items() if k in fields})
    return out


def _includes(sb: Sandbox, tweets: list[dict[str, Any]], params: dict[str, Any]) -> dict[str, Any]:
    expansions = _fields(params, "expansions")
    includes: dict[str, Any] = {}
    user_ids: list[str] = []
    for tweet in tweets:
        if "author_id" in expansions:
            user_ids.append(tweet["author_id"])
        if "in_reply_to_user_id" in expansions and tweet["in_reply_to_user_id"]:
            user_ids.append(tweet["in_reply_to_user_id"])
    users = [sb.world.get(u) for u in dict.fromkeys(user_ids)]
    if users:
        includes["users"] = [v2_user(u, _fields(params, "user.fields")) for u in users if u]
    if "referenced_tweets.id" in expansions:
        st = state(sb)
        refs = [
            st.tweets[t["in_reply_to_tweet_id"]]
            for t in tweets
            if t["in_reply_to_tweet_id"] in st.tweets
        ]
        if refs:
            includes["tweets"] = [v2_tweet(t, _fields(params, "tweet.fields")) for t in refs]
    return includes


def _page(
    items: list[dict[str, Any]],
    params: dict[str, Any],
    token_param: str,
    lo: int = 5,
    hi: int = 100,
    default: int = 10,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Newest-first paging with since_id / until_id / opaque tokens, as X does."""
    try:
        size = int(params.get("max_results", default))
    except ValueError as exc:
        raise invalid(
            "max_results", params.get("max_results"), "max_results must be a number"
        ) from exc
    if not lo <= size <= hi:
        raise invalid(
            "max_results",
            size,
            f"The `max_results` query parameter value [{size}] is not between {lo} and {hi}",
        )
    items = sorted(items, key=lambda i: int(i["id"]), reverse=True)
    if params.get("since_id"):
        items = [i for i in items if int(i["id"]) > int(params["since_id"])]
    if params.get("until_id"):
        items = [i for i in items if int(i["id"]) < int(params["until_id"])]
    token = params.get(token_param)
    if token:
        try:
            below = int(str(token).removeprefix("nt"), 36)
        except ValueError as exc:
            raise invalid(token_param, token, "The pagination token is invalid") from exc
        items = [i for i in items if int(i["id"]) < below]
    page, rest = items[:size], items[size:]
    meta: dict[str, Any] = {"result_count": len(page)}
    if page:
        meta["newest_id"], meta["oldest_id"] = page[0]["id"], page[-1]["id"]
    if rest:
        meta["next_token"] = "nt" + _b36(int(page[-1]["id"]))
    return page, meta


def _b36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while number:
        number, rem = divmod(number, 36)
        out = digits[rem] + out
    return out or "0"


# -- request plumbing -------------------------------------------------------------------

_OAUTH_FIELDS = ("oauth_consumer_key", "oauth_signature", "oauth_token")


def authenticate(sb: Sandbox, request: Request, user_context: bool) -> Account | None:
    """Any well-formed Authorization passes; who it is comes from the token."""
    header = request.headers.get("authorization", "")
    unauthorized = problem(401, "Unauthorized", "Unauthorized")
    if header.startswith("OAuth "):
        values = dict(re.findall(r'(\w+)="([^"]*)"', header))
        if not all(values.get(f) for f in _OAUTH_FIELDS):
            raise unauthorized
        return _user_for_token(sb, values["oauth_token"])
    if header.startswith("Bearer ") and header[7:].strip():
        user = sb.world.by_token(header[7:].strip(), "x")
        if user_context and user is None:
            raise problem(
                403,
                "Unsupported Authentication",
                "Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  "
                "Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].",
                "https://api.twitter.com/2/problems/unsupported-authentication",
            )
        return user
    raise unauthorized


def _user_for_token(sb: Sandbox, token: str) -> Account:
    user = sb.world.by_token(token, "x") or sb.world.get(token.split("-", 1)[0])
    if user is None or user.platform != "x":
        personas = sb.world.of("x", owner="persona")
        if not personas:
            raise problem(401, "Unauthorized", "Unauthorized")
        user = personas[0]
    return user


def _rate_headers(sb: Sandbox, endpoint: str, who: str) -> dict[str, str]:
    st = state(sb)
    now = sb.now()
    start, used = st.windows.get((endpoint, who), (now, 0))
    if now - start >= WINDOW:
        start, used = now, 0
    used += 1
    st.windows[(endpoint, who)] = (start, used)
    limit = LIMITS.get(endpoint, 900)
    reset = int(start + WINDOW)
    headers = {
        "x-rate-limit-limit": str(limit),
        "x-rate-limit-remaining": str(max(0, limit - used)),
        "x-rate-limit-reset": str(reset),
    }
    if used > limit:
        raise PlatformError(
            429,
            problem(429, "Too Many Requests", "Too Many Requests").body,
            {**headers, "x-rate-limit-remaining": "0"},
        )
    return headers


def endpoint(name: str, user_context: bool = True, status: int = 200):
    """Wrap a handler: auth, faults, rate-limit headers, X error bodies."""

    def wrap(handler):
        async def route(request: Request) -> JSONResponse:
            sb: Sandbox = request.app.state.sandbox
            try:
                user = authenticate(sb, request, user_context)
                delay = sb.faults.take("timeout", "x", name)
                if delay is not None:
                    await asyncio.sleep(float(delay.params.get("delay", 5)))
                broken = sb.faults.take("server_error", "x", name)
                if broken is not None:
                    code = int(broken.params.get("status", 503))
                    raise problem(code, "Service Unavailable", "Service Unavailable")
                limited = sb.faults.take("rate_limit", "x", name)
                if limited is not None:
                    reset = int(sb.now() + float(limited.params.get("reset_in", WINDOW)))
                    raise PlatformError(
                        429,
                        problem(429, "Too Many Requests", "Too Many Requests").body,
                        {
                            "x-rate-limit-limit": str(LIMITS.get(name, 900)),
                            "x-rate-limit-remaining": "0",
                            "x-rate-limit-reset": str(reset),
                        },
                    )
                headers = _rate_headers(sb, name, user.id if user else "app")
                body = await handler(sb, request, user)
                return JSONResponse(body, status_code=status, headers=headers)
            except PlatformError as exc:
                return exc.response()
            except (ValueError, TypeError) as exc:
                return invalid("request", "", f"Invalid request: {exc}").response()

        return route

    return wrap


def _require_user(user: Account | None) -> Account:
    if user is None:
        raise problem(403, "Forbidden", "This endpoint requires user context.")
    return user


@endpoint("create_tweet", status=201)
async def post_tweet(sb: Sandbox, request: Request, user: Account | None) -> dict[str, Any]:
    author = _require_user(user)
    body = await read_json(request)
    text = body.get("text")
    if not text:
        raise invalid("text", text, "Either text, media or poll is required")
    reply_to = (body.get("reply") or {}).get("in_reply_to_tweet_id")
    tweet = create_tweet(sb, author, text, reply_to=reply_to)
    return {
        "data": {"id": tweet["id"], "text": tweet["text"], "edit_history_tweet_ids": [tweet["id"]]}
    }


@endpoint("me")
async def get_me(sb: Sandbox, request: Request, user: Account | None) -> dict[str, Any]:
    return {"data": v2_user(_require_user(user), _fields(request.query_params, "user.fields"))}


@endpoint("user_by_username", user_context=False)
async def get_user_by_username(
    sb: Sandbox, request: Request, user: Account | None
) -> dict[str, Any]:
    username = request.path_params["username"]
    found = sb.world.by_username("x", username)
    if found is None:
        return {
            "errors": [
                {
                    "value": username,
                    "detail": f"Could not find user with username: [{username}].",
                    "title": "Not Found Error",
                    "resource_type": "user",
                    "parameter": "username",
                    "resource_id": username,
                    "type": "https://api.twitter.com/2/problems/resource-not-found",
                }
            ]
        }
    return {"data": v2_user(found, _fields(request.query_params, "user.fields"))}


@endpoint("user", user_context=False)
async def get_user(sb: Sandbox, request: Request, user: Account | None) -> dict[str, Any]:
    user_id = request.path_params["id"]
    found = sb.world.get(user_id)
    if found is None or found.platform != "x":
        return {
            "errors": [
                {
                    "value": user_id,
                    "detail": f"Could not find user with id: [{user_id}].",
                    "title": "Not Found Error",
                    "resource_type": "user",
                    "parameter": "id",
                    "resource_id": user_id,
                    "type": "https://api.twitter.com/2/problems/resource-not-found",
                }
            ]
        }
    return {"data": v2_user(found, _fields(request.query_params, "user.fields"))}


@endpoint("tweet", user_context=False)
async def get_tweet(sb: Sandbox, request: Request, user: Account | None) -> dict[str, Any]:
    tweet = state(sb).tweets.get(request.path_params["id"])
    if tweet is None:
        tid = request.path_params["id"]
        return {
            "errors": [
                {
                    "value": tid,
                    "detail": f"Could not find tweet with id: [{tid}].",
                    "title": "Not Found Error",
                    "resource_type": "tweet",
                    "parameter": "id",
                    "resource_id": tid,
                    "type": "https://api.twitter.com/2/problems/resource-not-found",
                }
            ]
        }
    out: dict[str, Any] = {"data": v2_tweet(tweet, _fields(request.query_params, "tweet.fields"))}
    includes = _includes(sb, [tweet], dict(request.query_params))
    if includes:
        out["includes"] = includes
    return out


def _listing(
    sb: Sandbox, tweets: list[dict[str, Any]], params: dict[str, Any], token_param: str, lo: int = 5
) -> dict[str, Any]:
    page, meta = _page(tweets, params, token_param, lo=lo)
    out: dict[str, Any] = {}
    if page:
        out["data"] = [v2_tweet(t, _fields(params, "tweet.fields")) for t in page]
        includes = _includes(sb, page, params)
        if includes:
            out["includes"] = includes
    out["meta"] = meta
    return out


@endpoint("mentions", user_context=False)
async def get_mentions(sb: Sandbox, request: Request, user: Account | None) -> dict[str, Any]:
    user_id = request.path_params["id"]
    target = sb.world.get(user_id)
    if target is None:
        raise invalid("id", user_id, f"The `id` query parameter value [{user_id}] does not exist")
    tweets = [
        t
        for t in state(sb).tweets.values()
        if user_id in t["mentions"] and t["author_id"] != user_id
    ]
    return _listing(sb, tweets, dict(request.query_params), "pagination_token")


_QUERY_TERM = re.compile(r"(-?)(\w+):(\S+)|(@\w+)|(\S+)")


def _username(sb: Sandbox, user_id: str) -> str:
    account = sb.world.accounts.get(user_id)
    return (account.username or "").lower() if account else ""


# search operator -> test(sandbox, tweet, value); unknown operators match everything.
OPERATORS: dict[str, Any] = {
    "conversation_id": lambda sb, t, v: t["conversation_id"] == v,
    "in_reply_to_tweet_id": lambda sb, t, v: t["in_reply_to_tweet_id"] == v,
    "from": lambda sb, t, v: _username(sb, t["author_id"]) == v.lower().lstrip("@"),
    "to": lambda sb, t, v: any(_username(sb, m) == v.lower().lstrip("@") for m in t["mentions"]),
    "is": lambda sb, t, v: bool(t["in_reply_to_tweet_id"]) if v == "reply" else v != "retweet",
}


def _search_match(sb: Sandbox, tweet: dict[str, Any], query: str) -> bool:
    for negate, key, value, mention, word in _QUERY_TERM.findall(query):
        if key:
            test = OPERATORS.get(key)
            if test is not None and bool(negate) == bool(test(sb, tweet, value)):
                return False
        elif mention:
            if mention.lower() not in tweet["text"].lower():
                return False
        elif (
            word and word.upper() not in ("AND", "OR") and word.lower() not in tweet["text"].lower()
        ):
            return False
    return True


@endpoint("search_recent", user_context=False)
async def search_recent(sb: Sandbox, request: Request, user: Account | None) -> dict[str, Any]:
    params = dict(request.query_params)
    query = params.get("query")
    if not query:
        raise invalid("query", "", "The `query` query parameter can not be empty")
    oldest = sb.now() - timedelta(days=7).total_seconds()
    tweets = [
        t
        for t in state(sb).tweets.values()
        if t["created"] >= oldest and _search_match(sb, t, query)
    ]
    return _listing(sb, tweets, params, "next_token", lo=10)


@endpoint("create_dm", status=201)
async def post_dm(sb: Sandbox, request: Request, user: Account | None) -> dict[str, Any]:
    sender = _require_user(user)
    body = await read_json(request)
    participant = request.path_params["participant_id"]
    if not body.get("text"):
        raise invalid("text", "", "text or attachments is required")
    event = send_dm(sb, sender, sb.world.get(participant), body["text"], participant=participant)
    return {"data": {"dm_conversation_id": event["dm_conversation_id"], "dm_event_id": event["id"]}}


def _dm_listing(
    sb: Sandbox, events: list[dict[str, Any]], params: dict[str, Any]
) -> dict[str, Any]:
    page, meta = _page(events, params, "pagination_token", lo=1, default=100)
    meta.pop("newest_id", None)
    meta.pop("oldest_id", None)
    out: dict[str, Any] = {}
    if page:
        out["data"] = [v2_dm(e, _fields(params, "dm_event.fields")) for e in page]
    out["meta"] = meta
    return out


@endpoint("dm_events")
async def get_dm_events(sb: Sandbox, request: Request, user: Account | None) -> dict[str, Any]:
    me = _require_user(user)
    oldest = sb.now() - timedelta(days=30).total_seconds()
    events = [
        e
        for e in state(sb).dms
        if me.id in (e["sender_id"], e["recipient_id"]) and e["created"] >= oldest
    ]
    participant = request.path_params.get("participant_id")
    if participant:
        events = [e for e in events if participant in (e["sender_id"], e["recipient_id"])]
    return _dm_listing(sb, events, dict(request.query_params))


# -- Account Activity API v2: webhook registration and user subscriptions ---------------


def _hook_view(sb: Sandbox) -> dict[str, Any]:
    hook = sb.x_webhook
    return (
        {
            "id": _hook_id(sb),
            "url": hook.url,
            "valid": hook.valid,
            "created_at": x_v2_time(sb.now_dt()),
        }
        if hook
        else {}
    )


def _hook_id(sb: Sandbox) -> str:
    return sb.platform_state.setdefault("x_webhook_id", snowflake(sb))


def _check_hook_id(sb: Sandbox, webhook_id: str) -> None:
    if sb.x_webhook is None or webhook_id != _hook_id(sb):
        raise problem(
            404,
            "Not Found Error",
            f"Could not find webhook with id: [{webhook_id}].",
            "https://api.twitter.com/2/problems/resource-not-found",
        )


@endpoint("webhooks", user_context=False)
async def webhooks(sb: Sandbox, request: Request, user: Account | None) -> dict[str, Any]:
    if request.method == "GET":
        return {
            "data": [_hook_view(sb)] if sb.x_webhook else [],
            "meta": {"result_count": int(bool(sb.x_webhook))},
        }
    body = await read_json(request)
    url = body.get("url")
    secret = sb.config.x_consumer_secret or (sb.x_webhook.consumer_secret if sb.x_webhook else None)
    if not url or not secret:
        raise invalid(
            "url", url, "A webhook URL is required and the sandbox needs --x-consumer-secret"
        )
    from sandbox.engine import XWebhook

    sb.x_webhook = XWebhook(url, secret, users=[])
    sb.platform_state.pop("x_webhook_id", None)
    problem_text = await sb.check_x_webhook()
    if problem_text:
        sb.x_webhook = None
        raise problem(
            400,
            "Invalid Request",
            f"CRC check failed: {problem_text}",
            "https://api.twitter.com/2/problems/invalid-request",
        )
    return {"data": _hook_view(sb)}


@endpoint("webhooks", user_context=False)
async def webhook_item(sb: Sandbox, request: Request, user: Account | None) -> dict[str, Any]:
    _check_hook_id(sb, request.path_params["webhook_id"])
    if request.method == "DELETE":
        sb.x_webhook = None
        return {"data": {"deleted": True}}
    await sb.check_x_webhook()  # PUT: trigger a CRC check
    return {"data": {"valid": sb.x_webhook.valid}}


@endpoint("subscriptions")
async def subscription(sb: Sandbox, request: Request, user: Account | None) -> dict[str, Any]:
    _check_hook_id(sb, request.path_params["webhook_id"])
    hook = sb.x_webhook
    target = request.path_params.get("user_id") or _require_user(user).id
    if request.method == "POST":
        if hook.users is not None and target not in hook.users:
            hook.users.append(target)
        return {"data": {"subscribed": True}}
    if request.method == "DELETE":
        if hook.users is not None and target in hook.users:
            hook.users.remove(target)
        return {"data": {"subscribed": False}}
    return {"data": {"subscribed": hook.users is None or target in hook.users}}


async def not_found(request: Request) -> JSONResponse:
    return problem(404, "Not Found Error", f"Unknown endpoint {request.url.path}").response()


def router() -> Router:
    return Router(
        routes=[
            Route("/2/tweets", post_tweet, methods=["POST"]),
            Route("/2/tweets/search/recent", search_recent, methods=["GET"]),
            Route("/2/tweets/{id}", get_tweet, methods=["GET"]),
            Route("/2/users/me", get_me, methods=["GET"]),
            Route("/2/users/by/username/{username}", get_user_by_username, methods=["GET"]),
            Route("/2/users/{id}/mentions", get_mentions, methods=["GET"]),
            Route("/2/users/{id}", get_user, methods=["GET"]),
            Route("/2/dm_conversations/with/{participant_id}/messages", post_dm, methods=["POST"]),
            Route(
                "/2/dm_conversations/with/{participant_id}/dm_events",
                get_dm_events,
                methods=["GET"],
            ),
            Route("/2/dm_events", get_dm_events, methods=["GET"]),
            Route("/2/webhooks", webhooks, methods=["GET", "POST"]),
            Route("/2/webhooks/{webhook_id}", webhook_item, methods=["PUT", "DELETE"]),
            Route(
                "/2/account_activity/webhooks/{webhook_id}/subscriptions/all",
                subscription,
                methods=["GET", "POST"],
            ),
            Route(
                "/2/account_activity/webhooks/{webhook_id}/subscriptions/{user_id}/all",
                subscription,
                methods=["DELETE"],
            ),
            Route("/{path:path}", not_found),
        ]
    )
