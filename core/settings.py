"""The one settings object: environment (`VIGIE_` prefix) and `.env`, validated at start-up."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything configurable. Secrets are `SecretStr`: they print as '**********'."""

    model_config = SettingsConfigDict(
        env_prefix="VIGIE_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # storage and background work
    database_url: str = Field(
        default="sqlite:///vigie.db",
        description="SQLAlchemy URL; the embedded default is a SQLite file in the working folder.",
    )
    redis_url: str | None = Field(default=None, description="Redis URL; enables Celery.")
    timezone: str = "Europe/Paris"
    data_dir: Path = Path("var")

    # web
    public_base_url: str = "http://127.0.0.1:8000"
    secret_key: SecretStr = SecretStr("")
    webhook_max_body_bytes: int = 1_048_576
    inbox_max_attempts: int = 5

    # NLU
    nlu_backend: Literal["local", "rasa"] = "local"
    rasa_url: str = "http://127.0.0.1:5005"

    # personas' platform tokens: credentials reference (PersonaAccount.credentials) -> token;
    # a JSON object in the environment, e.g. {"x:claire-martin": "token:secret"}
    persona_credentials: dict[str, SecretStr] = Field(default_factory=dict)
    bot_max_attempts: int = 8

    # X (Twitter)
    x_api_base_url: str = "https://api.twitter.com/"
    x_consumer_key: str = ""
    x_consumer_secret: SecretStr = SecretStr("")
    x_bearer_token: SecretStr = SecretStr("")

    # Meta (Facebook Pages, Messenger, Instagram, WhatsApp Cloud API)
    meta_graph_base_url: str = "https://graph.facebook.com/"
    meta_graph_version: str = "v25.0"
    meta_app_secret: SecretStr = SecretStr("")
    meta_verify_token: SecretStr = SecretStr("")

    # Telegram
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_webhook_secret: SecretStr = SecretStr("")

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return Settings()
