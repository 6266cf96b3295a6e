"""The domain model (SQLAlchemy 2, typed). Migrations in `migrations/` follow it exactly."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, JSONType, utcnow


def _enum(cls: type[StrEnum], name: str) -> SAEnum:
    return SAEnum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Category(StrEnum):
    """The barometer's categories of structures."""

    VILLE_PLUS_50000 = "ville_plus_50000"
    VILLE_20000_49999 = "ville_20000_49999"
    VILLE_MOINS_20000 = "ville_moins_20000"
    INTERCOMMUNALITE = "intercommunalite"
    DEPARTEMENT = "departement"
    REGION = "region"
    MAISON_FRANCE_SERVICES = "maison_france_services"
    SERVICE_AMENAGEMENT_ATTRACTIVITE = "service_amenagement_attractivite"
    SERVICE_SOCIAL_SANTE = "service_social_sante"


CATEGORY_LABELS: dict[Category, str] = {
    Category.VILLE_PLUS_50000: "Villes de plus de 50 000 habitants",
    Category.VILLE_20000_49999: "Villes de 20 000 à 49 999 habitants",
    Category.VILLE_MOINS_20000: "Villes de moins de 20 000 habitants",
    Category.INTERCOMMUNALITE: "Intercommunalités",
    Category.DEPARTEMENT: "Départements",
    Category.REGION: "Régions",
    Category.MAISON_FRANCE_SERVICES: "Maisons France services",
    Category.SERVICE_AMENAGEMENT_ATTRACTIVITE: (
        "Services d'aménagement, de développement économique et d'attractivité"
    ),
    Category.SERVICE_SOCIAL_SANTE: "Services sociaux, d'aide à la personne, de solidarité et de santé",
}


class Channel(StrEnum):
    TWITTER = "twitter"
    FACEBOOK = "facebook"
    MESSENGER = "messenger"
    INSTAGRAM = "instagram"
    WHATSAPP = "whatsapp"
    TELEGRAM = "telegram"
    EMAIL = "email"
    PHONE = "phone"
    MAIL = "mail"
    WEBSITE = "website"


SOCIAL_CHANNELS = (
    Channel.TWITTER, Channel.FACEBOOK, Channel.MESSENGER,
    Channel.INSTAGRAM, Channel.WHATSAPP, Channel.TELEGRAM,
)  # fmt: skip


class ScenarioKind(StrEnum):
    INFORMATION = "information"
    COMPLAINT = "complaint"


class ChannelMode(StrEnum):
    AUTOMATIC = "automatic"
    ASSISTED = "assisted"
    MANUAL = "manual"


class ExchangeStatus(StrEnum):
    PLANNED = "planned"
    SENDING = "sending"  # the send intent is recorded; the platform call may have happened
    SENT = "sent"
    ANSWERED = "answered"
    CLOSED = "closed"  # answered, then closed after the quiet period
    CLOSED_NO_REPLY = "closed_no_reply"
    UNREACHABLE = "unreachable"
    FAILED = "failed"


class Direction(StrEnum):
    OUTBOUND = "outbound"  # from the persona
    INBOUND = "inbound"  # from the structure


class Source(StrEnum):
    AUTOMATIC = "automatic"
    ASSISTED = "assisted"
    MANUAL = "manual"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class InboxStatus(StrEnum):
    RECEIVED = "received"
    PROCESSED = "processed"
    IGNORED = "ignored"
    FAILED = "failed"  # will be retried
    DEAD = "dead"  # gave up after the maximum attempts; an operator can replay it


class Origin(StrEnum):
    AUTOMATIC = "automatic"
    HUMAN = "human"


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    REVIEWER = "reviewer"
    STRUCTURE = "structure"


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class Structure(Base):
    __tablename__ = "structures"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[Category] = mapped_column(_enum(Category, "category"))
    population: Mapped[int | None] = mapped_column(Integer)
    departement: Mapped[str | None] = mapped_column(String(3))
    certifications: Mapped[list[Any]] = mapped_column(default=list)
    webhooks_opt_in: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    accounts: Mapped[list[StructureAccount]] = relationship(
        back_populates="structure", lazy="raise", cascade="all, delete-orphan"
    )

    @property
    def certified(self) -> bool:
        return bool(self.certifications)


class StructureAccount(Base):
    """The structure's account on one channel: a handle, page, number, chat or address."""

    __tablename__ = "structure_accounts"
    __table_args__ = (UniqueConstraint("structure_id", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    structure_id: Mapped[int] = mapped_column(ForeignKey("structures.id", ondelete="CASCADE"))
    channel: Mapped[Channel] = mapped_column(_enum(Channel, "channel"))
    address: Mapped[str] = mapped_column(String(300))  # @handle, page id, phone, chat id, e-mail…
    external_id: Mapped[str | None] = mapped_column(String(100), index=True)  # platform user id

    structure: Mapped[Structure] = relationship(back_populates="accounts", lazy="raise")


class Persona(Base):
    __tablename__ = "personas"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)
    civility: Mapped[str] = mapped_column(String(20))
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    accounts: Mapped[list[PersonaAccount]] = relationship(
        back_populates="persona", lazy="raise", cascade="all, delete-orphan"
    )


class PersonaAccount(Base):
    """The persona's account on one channel. `credentials` names settings, never holds secrets."""

    __tablename__ = "persona_accounts"
    __table_args__ = (UniqueConstraint("persona_id", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    persona_id: Mapped[int] = mapped_column(ForeignKey("personas.id", ondelete="CASCADE"))
    channel: Mapped[Channel] = mapped_column(_enum(Channel, "channel"))
    address: Mapped[str] = mapped_column(String(300))
    external_id: Mapped[str | None] = mapped_column(String(100), index=True)
    credentials: Mapped[str | None] = mapped_column(String(100))

    persona: Mapped[Persona] = relationship(back_populates="accounts", lazy="raise")


class Scenario(Base):
    """One version of a scripted citizen question; versions are immutable once used."""

    __tablename__ = "scenarios"
    __table_args__ = (UniqueConstraint("slug", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[str] = mapped_column(String(200))
    theme: Mapped[str] = mapped_column(String(80))
    kind: Mapped[ScenarioKind] = mapped_column(_enum(ScenarioKind, "scenario_kind"))
    question: Mapped[str] = mapped_column(Text)  # template: {persona.first_name}, {structure.name}…
    followups: Mapped[dict[str, Any]] = mapped_column(default=dict)  # intent -> template
    expected: Mapped[list[Any]] = mapped_column(default=list)  # [{id, label, keywords?}]
    reference: Mapped[list[Any]] = mapped_column(default=list)  # reference facts (sentences)
    categories: Mapped[list[Any]] = mapped_column(default=list)  # empty: every category
    channels: Mapped[list[Any]] = mapped_column(default=list)  # empty: every channel
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Campaign(Base):
    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    edition: Mapped[int] = mapped_column(Integer)
    grid_version: Mapped[str] = mapped_column(String(40), default="social-2026.1")
    channel_weights: Mapped[dict[str, Any]] = mapped_column(default=dict)
    send_windows: Mapped[list[Any]] = mapped_column(default=list)  # [{days, start, end}]
    off_hours_share: Mapped[float] = mapped_column(Float, default=0.0)
    waiting_window_hours: Mapped[float] = mapped_column(Float, default=120.0)
    quiet_period_hours: Mapped[float] = mapped_column(Float, default=24.0)
    max_turns: Mapped[int] = mapped_column(Integer, default=2)
    seed: Mapped[int] = mapped_column(Integer, default=0)
    structure_filter: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    waves: Mapped[list[Wave]] = relationship(
        back_populates="campaign", lazy="raise", cascade="all, delete-orphan",
        order_by="Wave.number",
    )  # fmt: skip
    channels: Mapped[list[CampaignChannel]] = relationship(
        back_populates="campaign", lazy="raise", cascade="all, delete-orphan"
    )


class Wave(Base):
    __tablename__ = "waves"
    __table_args__ = (
        UniqueConstraint("campaign_id", "number"),
        CheckConstraint("ends_on >= starts_on", name="wave_dates_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)

    campaign: Mapped[Campaign] = relationship(back_populates="waves", lazy="raise")


class CampaignChannel(Base):
    __tablename__ = "campaign_channels"
    __table_args__ = (UniqueConstraint("campaign_id", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    channel: Mapped[Channel] = mapped_column(_enum(Channel, "channel"))
    mode: Mapped[ChannelMode] = mapped_column(_enum(ChannelMode, "channel_mode"))
    tests_per_structure: Mapped[int] = mapped_column(Integer, default=1)  # per wave

    campaign: Mapped[Campaign] = relationship(back_populates="channels", lazy="raise")


class Exchange(Base):
    """One test: a question from a persona to a structure on a channel, and its replies."""

    __tablename__ = "exchanges"
    __table_args__ = (
        Index("ix_exchanges_status_planned", "status", "planned_at"),
        Index("ix_exchanges_thread", "channel", "thread_key"),
        UniqueConstraint("campaign_id", "external_ref"),
        # send records embed the exchange id: an id must never be reused after a delete
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    wave_id: Mapped[int | None] = mapped_column(ForeignKey("waves.id", ondelete="SET NULL"))
    structure_id: Mapped[int] = mapped_column(ForeignKey("structures.id"))
    persona_id: Mapped[int] = mapped_column(ForeignKey("personas.id"))
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id"))
    channel: Mapped[Channel] = mapped_column(_enum(Channel, "channel"))
    mode: Mapped[ChannelMode] = mapped_column(_enum(ChannelMode, "channel_mode"))
    status: Mapped[ExchangeStatus] = mapped_column(
        _enum(ExchangeStatus, "exchange_status"), default=ExchangeStatus.PLANNED
    )
    planned_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    first_reply_at: Mapped[datetime | None]
    last_activity_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    graded_at: Mapped[datetime | None]
    external_ref: Mapped[str | None] = mapped_column(String(80))  # a human auditor's test id
    question_text: Mapped[str | None] = mapped_column(Text)
    thread_key: Mapped[str | None] = mapped_column(String(200))  # e.g. tweet id, comment id, chat
    thread_refs: Mapped[dict[str, Any]] = mapped_column(default=dict)
    turns: Mapped[int] = mapped_column(Integer, default=0)  # scripted follow-ups played
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    messages: Mapped[list[Message]] = relationship(
        back_populates="exchange", lazy="raise", order_by="Message.platform_time"
    )
    structure: Mapped[Structure] = relationship(lazy="raise")
    persona: Mapped[Persona] = relationship(lazy="raise")
    scenario: Mapped[Scenario] = relationship(lazy="raise")
    campaign: Mapped[Campaign] = relationship(lazy="raise")
    wave: Mapped[Wave | None] = relationship(lazy="raise")


class InboxEvent(Base):
    """A raw platform event, stored before it is acknowledged; processed afterwards."""

    __tablename__ = "inbox_events"
    __table_args__ = (
        UniqueConstraint("platform", "event_key"),
        Index("ix_inbox_status", "status", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    event_key: Mapped[str] = mapped_column(String(200))
    event_type: Mapped[str] = mapped_column(String(80), default="unknown")
    payload: Mapped[str] = mapped_column(Text)  # the raw body (or the entry it came in), verbatim
    status: Mapped[InboxStatus] = mapped_column(
        _enum(InboxStatus, "inbox_status"), default=InboxStatus.RECEIVED
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    deliveries: Mapped[int] = mapped_column(Integer, default=1)  # how often the platform sent it
    last_error: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None]


class PollCursor(Base):
    """Where a channel's poller stopped (since_id, offsets), shared by every worker."""

    __tablename__ = "poll_cursors"

    channel: Mapped[str] = mapped_column(String(40), primary_key=True)
    cursor: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Message(Base):
    """One message of an exchange, or an orphan waiting for a person to attach it."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("platform", "external_id"),
        Index("ix_messages_thread", "platform", "thread_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    exchange_id: Mapped[int | None] = mapped_column(
        ForeignKey("exchanges.id", ondelete="CASCADE"), index=True
    )
    direction: Mapped[Direction] = mapped_column(_enum(Direction, "direction"))
    platform: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(200))  # platform id, or a local key
    thread_key: Mapped[str | None] = mapped_column(String(200))
    in_reply_to: Mapped[str | None] = mapped_column(String(200), index=True)
    author_id: Mapped[str | None] = mapped_column(String(100))
    author_name: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text, default="")
    platform_time: Mapped[datetime | None]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    source: Mapped[Source] = mapped_column(_enum(Source, "source"), default=Source.AUTOMATIC)
    delivery_status: Mapped[DeliveryStatus] = mapped_column(
        _enum(DeliveryStatus, "delivery_status"), default=DeliveryStatus.SENT
    )
    is_private: Mapped[bool] = mapped_column(Boolean, default=False)
    intent: Mapped[str | None] = mapped_column(String(40))
    inbox_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("inbox_events.id", ondelete="SET NULL")
    )

    exchange: Mapped[Exchange | None] = relationship(back_populates="messages", lazy="raise")


class Grade(Base):
    """One value of one criterion for one exchange. Append-only: corrections add rows."""

    __tablename__ = "grades"
    __table_args__ = (Index("ix_grades_exchange_criterion", "exchange_id", "criterion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exchange_id: Mapped[int] = mapped_column(ForeignKey("exchanges.id", ondelete="CASCADE"))
    criterion: Mapped[str] = mapped_column(String(40))
    value: Mapped[Any] = mapped_column(JSONType, nullable=True)  # true, false, null or a fraction
    present: Mapped[list[Any] | None]  # ids of expected elements, for `complete`
    confidence: Mapped[float | None] = mapped_column(Float)
    evidence: Mapped[list[Any]] = mapped_column(default=list)
    reason: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[Origin] = mapped_column(_enum(Origin, "origin"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    grader: Mapped[str | None] = mapped_column(String(100))  # name and version, automatic grades
    grid_version: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ExchangeScore(Base):
    """The score of an exchange under one grid version, recomputed from current grades."""

    __tablename__ = "exchange_scores"
    __table_args__ = (UniqueConstraint("exchange_id", "grid_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exchange_id: Mapped[int] = mapped_column(ForeignKey("exchanges.id", ondelete="CASCADE"))
    grid_version: Mapped[str] = mapped_column(String(40))
    score: Mapped[float] = mapped_column(Float)
    determinants: Mapped[dict[str, Any]] = mapped_column(default=dict)
    first_reply_delay: Mapped[dict[str, Any] | None]
    computed_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PanelReport(Base):
    """A barometer: the panel document of `scoring.score_panel` for a campaign, kept by date."""

    __tablename__ = "panel_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    grid_version: Mapped[str] = mapped_column(String(40))
    document: Mapped[dict[str, Any]]
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditorTask(Base):
    """Work for a person: send a prepared message by hand (assisted) or capture replies."""

    __tablename__ = "auditor_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    exchange_id: Mapped[int] = mapped_column(ForeignKey("exchanges.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # send | followup | capture
    text: Mapped[str] = mapped_column(Text)
    target: Mapped[str] = mapped_column(String(300))
    link: Mapped[str | None] = mapped_column(String(500))
    due_at: Mapped[datetime]
    status: Mapped[TaskStatus] = mapped_column(
        _enum(TaskStatus, "task_status"), default=TaskStatus.OPEN
    )
    done_at: Mapped[datetime | None]
    done_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "(role = 'structure') = (structure_id IS NOT NULL)", name="structure_users_bound"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(_enum(Role, "role"))
    structure_id: Mapped[int | None] = mapped_column(
        ForeignKey("structures.id", ondelete="CASCADE")
    )
    password_hash: Mapped[str | None] = mapped_column(String(300))
    token_hash: Mapped[str | None] = mapped_column(String(128), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditLog(Base):
    """Who did what, when: imports, corrections, replays, logins."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(100))  # "cli", "system", a user's e-mail
    action: Mapped[str] = mapped_column(String(80))
    entity: Mapped[str | None] = mapped_column(String(80))
    entity_id: Mapped[str | None] = mapped_column(String(80))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)

    @classmethod
    def entry(
        cls, user: User | None, action: str, entity: str, entity_id: object, **details: Any
    ) -> AuditLog:
        """An entry by a user, or by the system when there is none."""
        return cls(
            user_id=user.id if user else None, actor=user.email if user else "system",
            action=action, entity=entity, entity_id=str(entity_id), details=dict(details),
        )  # fmt: skip
