"""The in-memory world: accounts, posts, chats, and everything that was said."""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field
from typing import Any

# platform -> default account kind; a persona's or structure's presence on a platform.
KINDS: dict[str, tuple[str, ...]] = {
    "x": ("user",),
    "facebook": ("page",),
    "messenger": ("user",),
    "instagram": ("user", "business"),
    "whatsapp": ("user", "business"),
    "telegram": ("bot", "user"),
}
OWNERS = ("persona", "structure")

# First ids handed out per platform; real-looking magnitudes.
_ID_BASES: dict[str, int] = {
    "x": 1_500_000_000_000_000_000,
    "facebook": 100_000_000_000_000,
    "messenger": 7_000_000_000_000_000,
    "instagram": 17_841_400_000_000_000,
    "whatsapp": 33_600_000_000,
    "telegram": 7_000_000_000,
}


@dataclass
class Account:
    """One presence on one platform, owned by a persona or a structure."""

    id: str
    platform: str
    kind: str
    owner: str
    name: str
    username: str | None = None
    entity: str | None = None  # links the accounts of one persona or structure
    first_name: str | None = None
    last_name: str | None = None
    civility: str | None = None
    token: str | None = None
    profile: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    subscribed: bool | None = None  # Meta: does our app get this Page's / WABA's webhooks
    dm_open: bool = True
    blocked: bool = False  # Telegram: bot blocked by this user; Messenger: unavailable
    deleted: bool = False
    waba_id: str | None = None
    display_phone_number: str | None = None

    @property
    def key(self) -> str:
        return self.entity or self.id

    def public(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Post:
    id: str
    page_id: str
    message: str
    created: float
    can_comment: bool = True


@dataclass
class Chat:
    """A Telegram group or supergroup (private chats are implicit)."""

    id: int
    type: str
    title: str
    members: list[str]
    owner: str | None = None


@dataclass
class Record:
    """One thing said on a platform (tweet, DM, comment, message), for inspection."""

    id: str
    platform: str
    kind: str
    sender: str
    text: str
    at: float
    recipient: str | None = None
    thread: str | None = None
    reply_to: str | None = None
    via: str = "api"  # api | agent | human
    extra: dict[str, Any] = field(default_factory=dict)

    def public(self, iso_at: str) -> dict[str, Any]:
        out = asdict(self)
        out["at"] = iso_at
        return out


class World:
    """All accounts and content, with deterministic id counters."""

    def __init__(self, seed: int = 0) -> None:
        # Tokens derive from the seed too, so a seeded world is reproducible end to end.
        self._token_rng = random.Random(f"{seed}:tokens")
        self.accounts: dict[str, Account] = {}
        self.posts: dict[str, Post] = {}
        self.chats: dict[int, Chat] = {}
        self.records: list[Record] = []
        self._counters: dict[str, int] = {}

    def next_int(self, name: str, start: int = 1) -> int:
        value = self._counters.get(name, start - 1) + 1
        self._counters[name] = value
        return value

    def add_account(self, spec: dict[str, Any]) -> Account:
        platform = spec["platform"]
        if platform not in KINDS:
            raise ValueError(f"unknown platform {platform!r}")
        kind = spec.get("kind") or KINDS[platform][0]
        if kind not in KINDS[platform]:
            raise ValueError(f"unknown kind {kind!r} for {platform}")
        owner = spec.get("owner", "structure")
        if owner not in OWNERS:
            raise ValueError(f"owner must be one of {OWNERS}")
        account_id = str(spec.get("id") or self._new_id(platform))
        name = spec.get("name") or " ".join(
            p for p in (spec.get("first_name"), spec.get("last_name")) if p
        )
        account = Account(
            id=account_id,
            platform=platform,
            kind=kind,
            owner=owner,
            name=name or spec.get("username") or account_id,
            username=spec.get("username"),
            entity=spec.get("entity"),
            first_name=spec.get("first_name"),
            last_name=spec.get("last_name"),
            civility=spec.get("civility"),
            token=spec.get("token") or self._new_token(platform, kind, account_id),
            profile=spec.get("profile"),
            options=dict(spec.get("options") or {}),
            subscribed=spec.get("subscribed", spec.get("opted_in")),
            dm_open=spec.get("dm_open", True),
            waba_id=spec.get("waba_id"),
            display_phone_number=spec.get("display_phone_number"),
        )
        if platform == "whatsapp" and kind == "business":
            account.waba_id = account.waba_id or str(self.next_int("waba", 102_000_000_000_000))
            account.display_phone_number = account.display_phone_number or "33100000000"
        if account.subscribed is None:
            account.subscribed = owner == "persona"
        self.accounts[account.id] = account
        return account

    def _new_id(self, platform: str) -> str:
        return str(_ID_BASES[platform] + self.next_int(f"account:{platform}") * 7919)

    def get(self, account_id: str | int | None) -> Account | None:
        if account_id is None:
            return None
        account = self.accounts.get(str(account_id))
        return None if account is None or account.deleted else account

    def by_token(self, token: str, platform: str) -> Account | None:
        for account in self.accounts.values():
            if account.token == token and account.platform == platform and not account.deleted:
                return account
        return None

    def by_username(self, platform: str, username: str) -> Account | None:
        wanted = username.lower().lstrip("@")
        for account in self.accounts.values():
            if (
                account.platform == platform
                and (account.username or "").lower() == wanted
                and not account.deleted
            ):
                return account
        return None

    def of(self, platform: str, owner: str | None = None, kind: str | None = None) -> list[Account]:
        return [
            a
            for a in self.accounts.values()
            if a.platform == platform
            and not a.deleted
            and (owner is None or a.owner == owner)
            and (kind is None or a.kind == kind)
        ]

    def linked(self, account: Account, platform: str) -> list[Account]:
        """Accounts of the same persona or structure on another platform."""
        return [a for a in self.of(platform) if a.key == account.key]

    def _new_token(self, platform: str, kind: str, account_id: str) -> str:
        rand = self._token_rng.randbytes(12).hex()
        if platform == "x":
            return f"{account_id}-{rand}"
        if platform == "telegram" and kind == "bot":
            return f"{account_id}:AA{rand}"
        return f"EAAG{rand}"
