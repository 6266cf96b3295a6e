"""Telegram through python-telegram-bot's `Bot`, pointed at `telegram_api_base_url`.

The persona is a bot (Bot-to-Bot mode, or a public group): the question goes into the
structure's group or chat, follow-ups as replies to it. Replies come by webhook
(`vigie telegram set-webhook`, secret token) or by `getUpdates` polling; the two are
exclusive on Telegram's side.

Reconciliation: the Bot API cannot list a chat's history, so a send that may have gone
out is never repeated: the exchange waits for an operator (NotSearchable).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import warnings
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import telegram
from telegram import error as tg_error
from telegram.warnings import PTBDeprecationWarning

from bots.base import (
    AccountRef,
    ConfigurationError,
    ExchangeContext,
    NotSearchable,
    PermanentError,
    PollScope,
    SendResult,
    TransientError,
)
from bots.credentials import resolve
from bots.inbound import Found, to_inbound

T = TypeVar("T")
PLATFORM = "telegram"
ALLOWED_UPDATES = ("message", "edited_message")


def run(coro_factory: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine from synchronous code, even when a loop already runs in this thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro_factory())  # type: ignore[arg-type]
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(coro_factory())).result()  # type: ignore[arg-type]


def _seconds(value: int | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def translate(exc: Exception) -> Exception:
    """python-telegram-bot's errors as the contract's."""
    if isinstance(exc, tg_error.RetryAfter):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            retry = _seconds(exc.retry_after)
        return TransientError("Limite de débit Telegram atteinte.", retry_after=retry)
    if isinstance(exc, tg_error.InvalidToken):
        return ConfigurationError(f"Jeton du bot Telegram refusé : {exc.message}")
    if isinstance(exc, tg_error.Conflict):
        return ConfigurationError(f"Conflit Telegram (webhook actif ?) : {exc.message}")
    if isinstance(exc, tg_error.Forbidden):
        return PermanentError(f"Telegram refuse l'envoi : {exc.message}")
    if isinstance(exc, tg_error.BadRequest):
        return PermanentError(f"Requête refusée par Telegram : {exc.message}")
    if isinstance(exc, tg_error.TimedOut):
        # The request may have been handled: the next attempt must not resend blindly.
        return TransientError("Délai dépassé en attendant Telegram.", maybe_sent=True)
    if isinstance(exc, tg_error.NetworkError):
        return TransientError(f"Erreur réseau Telegram : {exc.message}")
    return TransientError(f"Erreur Telegram : {exc}")


def _message_id(ref: str | None) -> int | None:
    """`{chat_id}:{message_id}` (our stored form) or a bare message id -> message id."""
    if not ref:
        return None
    tail = str(ref).rsplit(":", 1)[-1]
    return int(tail) if tail.lstrip("-").isdigit() else None


class TelegramChannel:
    name = PLATFORM

    def __init__(self, settings: Any, *, tokens: Mapping[str, Any] | None = None) -> None:
        self.settings = settings
        self.tokens = tokens

    def token(self, account: AccountRef) -> str:
        return resolve(account.credentials, tokens=self.tokens, settings=self.settings)

    def bot(self, token: str) -> telegram.Bot:
        return telegram.Bot(token, base_url=self.settings.telegram_api_base_url)

    def call(self, token: str, action: Callable[[telegram.Bot], Awaitable[T]]) -> T:
        async def go() -> T:
            try:
                with warnings.catch_warnings():
                    # PTB 22 warns when it builds RetryAfter with an int; we read it as seconds.
                    warnings.filterwarnings("ignore", category=PTBDeprecationWarning)
                    async with self.bot(token) as bot:
                        return await action(bot)
            except tg_error.TelegramError as exc:
                raise translate(exc) from exc

        return run(go)

    def compose(self, ctx: ExchangeContext, text: str) -> str:
        return text

    def send(self, ctx: ExchangeContext, text: str, *, reply_to: str | None = None) -> SendResult:
        # The structure's address is the chat (group id or @name); its external id, when
        # known, is the structure's own user id, which core.inbound uses to tell sides apart.
        chat = ctx.target.address
        answered = _message_id(reply_to) or (
            _message_id(ctx.thread_refs.get("question_message_id")) if ctx.turn > 0 else None
        )

        async def post(bot: telegram.Bot) -> tuple[telegram.Message, int]:
            reply = (telegram.ReplyParameters(message_id=answered, allow_sending_without_reply=True)
                     if answered else None)  # fmt: skip
            message = await bot.send_message(chat_id=chat, text=text, reply_parameters=reply)
            return message, bot.id

        message, bot_id = self.call(self.token(ctx.persona), post)
        chat_id = str(message.chat.id)
        refs: dict[str, Any] = {"persona_user_id": str(bot_id)}
        if ctx.target.external_id:
            refs["structure_user_id"] = ctx.target.external_id
        if ctx.turn == 0:
            refs["question_message_id"] = message.message_id
        return SendResult(
            external_id=f"{chat_id}:{message.message_id}",
            thread_key=ctx.thread_key or chat_id,
            thread_refs=refs,
            platform_time=message.date.astimezone(UTC) if message.date else None,
        )

    def find_sent(self, ctx: ExchangeContext, text: str, *, since: datetime) -> SendResult | None:
        raise NotSearchable("Telegram ne permet pas de relire un envoi : vérification manuelle.")

    def poll(
        self, cursor: Mapping[str, Any], *, scope: PollScope
    ) -> tuple[list[Any], dict[str, Any]]:
        """`getUpdates` for each persona bot; passing the saved offset confirms what we stored."""
        new_cursor = dict(cursor)
        out: list[Any] = []
        for account in scope.accounts:
            token = self.token(account)
            key = account.external_id or account.credentials or account.address
            offset = cursor.get(key)

            async def fetch(
                bot: telegram.Bot, offset: int | None = offset
            ) -> tuple[tuple[Any, ...], int]:
                updates = await bot.get_updates(offset=offset, timeout=0,
                                                allowed_updates=list(ALLOWED_UPDATES))  # fmt: skip
                return updates, bot.id

            updates, bot_id = self.call(token, fetch)
            for update in updates:
                found = self._found(update, str(bot_id))
                if found is not None:
                    out.append(to_inbound(found))
                new_cursor[key] = max(int(new_cursor.get(key) or 0), update.update_id + 1)
        return out, new_cursor

    @staticmethod
    def _found(update: telegram.Update, bot_id: str) -> Found | None:
        message = update.message or update.edited_message
        if message is None or message.from_user is None or str(message.from_user.id) == bot_id:
            return None
        chat_id = str(message.chat.id)
        author = message.from_user
        replied = message.reply_to_message
        return Found(
            platform=PLATFORM,
            external_id=f"{chat_id}:{message.message_id}",
            text=message.text or message.caption or "",
            platform_time=message.date.astimezone(UTC) if message.date else None,
            author_id=str(author.id),
            author_name=author.username or author.full_name,
            thread_key=chat_id,
            in_reply_to=f"{chat_id}:{replied.message_id}" if replied else None,
            recipient_id=bot_id,
            is_private=message.chat.type == "private",
            edited=update.edited_message is not None,
        )


# -- webhook registration (used by `vigie telegram …`) -----------------------------------

SECRET_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def check_secret(secret: str) -> str | None:
    """Why `secret` cannot be a Telegram secret token (French), or None when it can."""
    if not secret:
        return "aucun secret configuré (VIGIE_TELEGRAM_WEBHOOK_SECRET) : refus d'un webhook sans secret"
    if len(secret) > 256 or not set(secret) <= SECRET_CHARS:
        return "le secret doit compter 1 à 256 caractères parmi A-Z, a-z, 0-9, _ et -"
    return None


def set_webhook(settings: Any, token: str, url: str, *, drop_pending: bool = False) -> bool:
    """Register `url` for the bot, with the configured secret token."""
    secret = settings.telegram_webhook_secret.get_secret_value()
    problem = check_secret(secret)
    if problem:
        raise ConfigurationError(problem)
    channel = TelegramChannel(settings)
    return channel.call(token, lambda bot: bot.set_webhook(
        url=url, secret_token=secret, allowed_updates=list(ALLOWED_UPDATES),
        drop_pending_updates=drop_pending))  # fmt: skip


def delete_webhook(settings: Any, token: str, *, drop_pending: bool = False) -> bool:
    channel = TelegramChannel(settings)
    return channel.call(token, lambda bot: bot.delete_webhook(drop_pending_updates=drop_pending))


def webhook_info(settings: Any, token: str) -> dict[str, Any]:
    """The bot's identity and webhook state, as plain values."""

    async def info(bot: telegram.Bot) -> dict[str, Any]:
        current = await bot.get_webhook_info()
        return {"bot_id": bot.id, "username": bot.username, "url": current.url,
                "pending_update_count": current.pending_update_count,
                "last_error_message": current.last_error_message,
                "allowed_updates": list(current.allowed_updates or ())}  # fmt: skip

    return TelegramChannel(settings).call(token, info)
