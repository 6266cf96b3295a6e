"""X (Twitter) through tweepy's v2 `Client`, user-context OAuth 1.0a per persona.

Sends a public mention (`POST /2/tweets`), a reply in the thread, or a DM; polls
mentions (`since_id`), the conversation (`conversation_id:…` search) and DM events.
Rate limits come from the `x-rate-limit-*` headers: a 429 or an exhausted window raises
TransientError with the reset time; nothing here ever sleeps.

Reconciliation after a crash: the persona's recent tweets (or DM events with the
structure) are searched for the exact text posted since the intent was recorded.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests
import tweepy

from bots.base import (
    AccountRef,
    ConfigurationError,
    ExchangeContext,
    PermanentError,
    PollScope,
    SendResult,
    TransientError,
)
from bots.credentials import resolve, split_pair
from bots.http import session_for
from bots.inbound import Found, to_inbound

DEFAULT_BASE = "https://api.twitter.com/"
TWEET_FIELDS = "created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets"
DM_FIELDS = "created_at,sender_id,dm_conversation_id,participant_ids,text"
PLATFORM = "twitter"

# X error titles and details that mean "this structure cannot be reached this way".
_PERMANENT_HINTS = ("not found", "could not find", "suspended", "not allowed", "cannot send")


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


# X ids are snowflakes: milliseconds since this epoch, shifted left by 22 bits.
TWITTER_EPOCH_MS = 1288834974657


def snowflake_time(object_id: str | int | None) -> datetime | None:
    """The creation time encoded in an X id (tweets and DM events alike)."""
    try:
        value = int(object_id)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if value < 1 << 22:  # too small to be a snowflake
        return None
    return datetime.fromtimestamp(((value >> 22) + TWITTER_EPOCH_MS) / 1000, UTC)


def _header_time(response: requests.Response) -> datetime | None:
    try:
        return parsedate_to_datetime(response.headers["date"]).astimezone(UTC)
    except (KeyError, TypeError, ValueError):
        return None


def _message(exc: tweepy.HTTPException) -> str:
    return "; ".join(str(m) for m in exc.api_messages) or str(exc)


class XChannel:
    """The X channel; one tweepy `Client` per persona account, built on demand."""

    name = PLATFORM

    def __init__(
        self,
        settings: Any,
        *,
        tokens: Mapping[str, Any] | None = None,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.tokens = tokens
        self.now = now
        self._clients: dict[str, tweepy.Client] = {}
        self._user_ids: dict[str, str] = {}
        # (endpoint, credentials ref) -> epoch seconds until which the window is spent
        self._blocked_until: dict[tuple[str, str], float] = {}

    # -- plumbing ----------------------------------------------------------------------

    def client(self, account: AccountRef) -> tweepy.Client:
        key = account.credentials or account.address
        if key not in self._clients:
            token, token_secret = split_pair(
                resolve(account.credentials, tokens=self.tokens, settings=self.settings)
            )
            consumer_key = self.settings.x_consumer_key
            consumer_secret = self.settings.x_consumer_secret.get_secret_value()
            if not consumer_key or not consumer_secret:
                # a placeholder would sign requests X refuses, one test at a time: say it once
                raise ConfigurationError(
                    "Clés de l'application X absentes (VIGIE_X_CONSUMER_KEY, VIGIE_X_CONSUMER_SECRET)."
                )
            client = tweepy.Client(
                consumer_key=consumer_key,
                consumer_secret=consumer_secret,
                access_token=token,
                access_token_secret=token_secret,
                return_type=requests.Response,
            )
            client.session = session_for(DEFAULT_BASE, self.settings.x_api_base_url)
            self._clients[key] = client
        return self._clients[key]

    def _call(
        self, endpoint: str, account: AccountRef, fn: Callable[[], requests.Response]
    ) -> requests.Response:
        """Run one API call, turning HTTP failures into the contract's errors."""
        key = (endpoint, account.credentials or account.address)
        until = self._blocked_until.get(key)
        if until is not None and until > self.now():
            raise TransientError(
                "Limite de débit X atteinte (fenêtre épuisée).", retry_after=until - self.now()
            )
        try:
            response = fn()
        except tweepy.TooManyRequests as exc:
            reset = exc.reset_time if exc.reset_time is not None else self.now() + 60
            self._blocked_until[key] = float(reset)
            raise TransientError(
                "Limite de débit X atteinte (429).", retry_after=max(reset - self.now(), 0.0)
            ) from exc
        except tweepy.TwitterServerError as exc:
            raise TransientError(f"Erreur du serveur X : {_message(exc)}") from exc
        except tweepy.Unauthorized as exc:
            raise ConfigurationError(
                f"Identifiants X refusés pour {account.address} : {_message(exc)}"
            ) from exc
        except tweepy.Forbidden as exc:
            if "duplicate content" in _message(exc).lower():
                # X refuses the same text twice: an earlier attempt did go out.
                raise TransientError(
                    "X signale un contenu en double : l'envoi précédent a abouti.",
                    retry_after=0.0,
                    maybe_sent=True,
                ) from exc
            raise PermanentError(f"X refuse l'envoi : {_message(exc)}") from exc
        except tweepy.NotFound as exc:
            raise PermanentError(f"X refuse l'envoi : {_message(exc)}") from exc
        except tweepy.BadRequest as exc:
            text = _message(exc)
            if any(hint in text.lower() for hint in _PERMANENT_HINTS):
                raise PermanentError(f"X refuse l'envoi : {text}") from exc
            raise TransientError(f"Requête refusée par X : {text}") from exc
        except tweepy.HTTPException as exc:
            raise TransientError(f"Erreur X : {_message(exc)}") from exc
        except requests.Timeout as exc:
            # The request may have reached X: the next attempt reconciles first.
            raise TransientError("Délai dépassé en attendant X.", maybe_sent=True) from exc
        except requests.ConnectionError as exc:
            raise TransientError(f"X injoignable : {exc}", maybe_sent=True) from exc
        remaining = response.headers.get("x-rate-limit-remaining")
        reset = response.headers.get("x-rate-limit-reset")
        if remaining == "0" and reset and reset.isdigit():
            self._blocked_until[key] = float(reset)
        return response

    def user_id(self, account: AccountRef, *, acting: AccountRef) -> str:
        """The numeric id of `account` (stored, cached, or looked up by handle)."""
        if account.external_id:
            return account.external_id
        handle = account.address.lstrip("@")
        if handle not in self._user_ids:
            client = self.client(acting)
            if acting is account:
                response = self._call("users_me", acting, lambda: client.get_me(user_auth=True))
            else:
                response = self._call(
                    "users_by",
                    acting,
                    lambda: client.get_user(username=handle, user_auth=True),
                )
            data = response.json().get("data")
            if not data:
                raise PermanentError(f"Compte X introuvable : @{handle}")
            self._user_ids[handle] = str(data["id"])
        return self._user_ids[handle]

    # -- contract ----------------------------------------------------------------------

    def compose(self, ctx: ExchangeContext, text: str) -> str:
        """A public question must mention the structure, or it never sees it."""
        if ctx.turn > 0 or ctx.thread_refs.get("via") == "dm":
            return text
        handle = "@" + ctx.target.address.lstrip("@")
        return text if handle.lower() in text.lower() else f"{handle} {text}"

    def send(self, ctx: ExchangeContext, text: str, *, reply_to: str | None = None) -> SendResult:
        client = self.client(ctx.persona)
        # The webhooks tell sides apart by these ids (core.inbound, thread_refs).
        parties = {"persona_user_id": self.user_id(ctx.persona, acting=ctx.persona)}
        if ctx.thread_refs.get("via") == "dm":
            target_id = self.user_id(ctx.target, acting=ctx.persona)
            parties["structure_user_id"] = target_id
            response = self._call(
                "dm_create",
                ctx.persona,
                lambda: client.create_direct_message(participant_id=target_id, text=text),
            )
            data = response.json()["data"]
            return SendResult(
                external_id=str(data["dm_event_id"]),
                thread_key=ctx.thread_key or str(data["dm_conversation_id"]),
                thread_refs={"via": "dm", "dm_conversation_id": str(data["dm_conversation_id"]),
                             **parties},
                platform_time=snowflake_time(data["dm_event_id"]) or _header_time(response),
            )  # fmt: skip
        in_reply_to = reply_to or (ctx.thread_key if ctx.turn > 0 else None)
        response = self._call(
            "tweet_create",
            ctx.persona,
            lambda: client.create_tweet(text=text, in_reply_to_tweet_id=in_reply_to),
        )
        data = response.json()["data"]
        tweet_id = str(data["id"])
        return SendResult(
            external_id=tweet_id,
            # The question's tweet id is the conversation id of every reply to it.
            thread_key=ctx.thread_key or tweet_id,
            thread_refs={"via": ctx.thread_refs.get("via", "mention"), **parties},
            # create_tweet answers no created_at: the id says when the tweet was made
            platform_time=_parse_time(data.get("created_at"))
            or snowflake_time(tweet_id)
            or _header_time(response),
        )

    def find_sent(self, ctx: ExchangeContext, text: str, *, since: datetime) -> SendResult | None:
        client = self.client(ctx.persona)
        if ctx.thread_refs.get("via") == "dm":
            target_id = self.user_id(ctx.target, acting=ctx.persona)
            me = self.user_id(ctx.persona, acting=ctx.persona)
            response = self._call(
                "dm_events",
                ctx.persona,
                lambda: client.get_direct_message_events(
                    participant_id=target_id, dm_event_fields=DM_FIELDS, max_results=100
                ),
            )
            for event in response.json().get("data") or []:
                at = _parse_time(event.get("created_at"))
                if (event.get("sender_id") == me and event.get("text") == text
                        and (at is None or at >= since)):  # fmt: skip
                    return SendResult(
                        external_id=str(event["id"]),
                        thread_key=ctx.thread_key or str(event.get("dm_conversation_id")),
                        thread_refs={"via": "dm", "structure_user_id": target_id,
                                     "persona_user_id": me,
                                     "dm_conversation_id": str(event.get("dm_conversation_id"))},
                        platform_time=at,
                    )  # fmt: skip
            return None
        handle = ctx.persona.address.lstrip("@")
        response = self._call(
            "search_recent",
            ctx.persona,
            lambda: client.search_recent_tweets(
                f"from:{handle}", tweet_fields=TWEET_FIELDS, max_results=100, user_auth=True
            ),
        )
        for tweet in response.json().get("data") or []:
            at = _parse_time(tweet.get("created_at"))
            same_thread = ctx.turn == 0 or tweet.get("conversation_id") == ctx.thread_key
            if tweet.get("text") == text and same_thread and (at is None or at >= since):
                tweet_id = str(tweet["id"])
                return SendResult(
                    external_id=tweet_id,
                    thread_key=ctx.thread_key or tweet.get("conversation_id") or tweet_id,
                    thread_refs={
                        "via": ctx.thread_refs.get("via", "mention"),
                        "persona_user_id": self.user_id(ctx.persona, acting=ctx.persona),
                    },
                    platform_time=at,
                )
        return None

    def poll(
        self, cursor: Mapping[str, Any], *, scope: PollScope
    ) -> tuple[list[Any], dict[str, Any]]:
        """Mentions and DMs of each persona, then each open conversation."""
        new_cursor: dict[str, Any] = {k: dict(v) for k, v in cursor.items() if isinstance(v, dict)}
        found: dict[str, Found] = {}
        for account in scope.accounts:
            me = self.user_id(account, acting=account)
            for item in self._mentions(account, me, new_cursor.setdefault("mentions", {})):
                found.setdefault(item.external_id, item)
            for item in self._dms(account, me, new_cursor.setdefault("dm", {})):
                found.setdefault(item.external_id, item)
        conversations = new_cursor.setdefault("conversations", {})
        for thread in scope.threads:
            if not thread.thread_key or thread.thread_refs.get("via") == "dm":
                continue
            me = self.user_id(thread.persona, acting=thread.persona)
            for item in self._conversation(thread.persona, me, thread.thread_key, conversations):
                found.setdefault(item.external_id, item)
        ordered = sorted(found.values(), key=lambda f: int(f.external_id))
        return [to_inbound(f) for f in ordered], new_cursor

    # -- polling helpers -----------------------------------------------------------------

    def _tweet(self, tweet: dict[str, Any], users: dict[str, str], recipient: str) -> Found:
        replied = next(
            (
                r["id"]
                for r in tweet.get("referenced_tweets") or []
                if r.get("type") == "replied_to"
            ),
            None,
        )
        author = str(tweet.get("author_id")) if tweet.get("author_id") else None
        return Found(
            platform=PLATFORM,
            external_id=str(tweet["id"]),
            text=tweet.get("text", ""),
            platform_time=_parse_time(tweet.get("created_at")),
            author_id=author,
            author_name=users.get(author or ""),
            thread_key=tweet.get("conversation_id"),
            in_reply_to=str(replied) if replied else None,
            recipient_id=recipient,
            raw=tweet,
        )

    def _pages(
        self, endpoint: str, account: AccountRef, call: Callable[[str | None], requests.Response]
    ) -> Iterator[dict[str, Any]]:
        token: str | None = None
        for _ in range(10):  # a bound: one poll never drains a whole rate-limit window
            body = self._call(endpoint, account, lambda t=token: call(t)).json()
            yield body
            token = (body.get("meta") or {}).get("next_token")
            if not token:
                return

    def _mentions(self, account: AccountRef, me: str, cursors: dict[str, Any]) -> list[Found]:
        client = self.client(account)
        since = cursors.get(me)
        out: list[Found] = []
        for body in self._pages("mentions", account, lambda t: client.get_users_mentions(
                me, since_id=since, pagination_token=t, tweet_fields=TWEET_FIELDS,
                expansions="author_id", user_fields="username", max_results=100, user_auth=True)):  # fmt: skip
            users = {
                u["id"]: u.get("username") or u.get("name")
                for u in (body.get("includes") or {}).get("users", [])
            }
            out += [
                self._tweet(t, users, me)
                for t in body.get("data") or []
                if str(t.get("author_id")) != me
            ]
            newest = (body.get("meta") or {}).get("newest_id")
            if newest and (since is None or int(newest) > int(cursors.get(me) or 0)):
                cursors[me] = str(newest)
        return out

    def _conversation(
        self, account: AccountRef, me: str, conversation: str, cursors: dict[str, Any]
    ) -> list[Found]:
        client = self.client(account)
        since = cursors.get(conversation)
        out: list[Found] = []
        for body in self._pages("search_recent", account, lambda t: client.search_recent_tweets(
                f"conversation_id:{conversation}", since_id=since, next_token=t,
                tweet_fields=TWEET_FIELDS, expansions="author_id", user_fields="username",
                max_results=100, user_auth=True)):  # fmt: skip
            users = {
                u["id"]: u.get("username") or u.get("name")
                for u in (body.get("includes") or {}).get("users", [])
            }
            out += [
                self._tweet(t, users, me)
                for t in body.get("data") or []
                if str(t.get("author_id")) != me
            ]
            newest = (body.get("meta") or {}).get("newest_id")
            if newest and int(newest) > int(cursors.get(conversation) or 0):
                cursors[conversation] = str(newest)
        return out

    def _dms(self, account: AccountRef, me: str, cursors: dict[str, Any]) -> list[Found]:
        """DM events come newest first with no since_id: stop at the last one seen."""
        client = self.client(account)
        seen = cursors.get(me)
        out: list[Found] = []
        newest: str | None = None
        for body in self._pages("dm_events", account, lambda t: client.get_direct_message_events(
                dm_event_fields=DM_FIELDS, event_types="MessageCreate", pagination_token=t,
                max_results=100, user_auth=True)):  # fmt: skip
            stop = False
            for event in body.get("data") or []:
                newest = newest or str(event["id"])
                if seen and int(event["id"]) <= int(seen):
                    stop = True
                    break
                if str(event.get("sender_id")) == me:
                    continue
                out.append(Found(
                    platform=PLATFORM,
                    external_id=str(event["id"]),
                    text=event.get("text", ""),
                    platform_time=_parse_time(event.get("created_at")),
                    author_id=str(event.get("sender_id")),
                    thread_key=event.get("dm_conversation_id"),
                    recipient_id=me,
                    is_private=True,
                    raw=event,
                ))  # fmt: skip
            if stop:
                break
        if newest and (not seen or int(newest) > int(seen)):
            cursors[me] = newest
        return out
