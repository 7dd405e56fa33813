"""Runtime configuration, read from the environment or a `.env` file and validated."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict, SettingsError

REPO_ROOT = Path(__file__).resolve().parent.parent
WEBHOOK_SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{32,256}")


class ConfigError(Exception):
    """Raised with a human-readable list of what is wrong in the configuration."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(8443, ge=1, le=65535)
    # Prometheus /metrics on its own address (never on the public webhook); off unless a port is set.
    metrics_listen: str = "127.0.0.1"
    metrics_port: int | None = Field(None, ge=1, le=65535)
    telegram_base_url: str = "https://api.telegram.org/bot"
    # Telegram allows about 30 messages per second per bot overall; 0 turns the global limit off
    # (for benchmarks, or bots Telegram has granted a higher limit).
    telegram_rate_limit: float = Field(30.0, ge=0, le=1000)
    telegram_timeout: float = Field(20.0, gt=0, le=120)  # seconds to wait for a Bot API answer
    # Per-user fairness: each user may send `user_burst` updates at once, then `user_rate_limit` per
    # second; the excess is dropped with one "slow down" reply per burst. 0 turns it off (benchmarks).
    user_rate_limit: float = Field(2.0, ge=0, le=1000)
    user_burst: int = Field(20, ge=1, le=10_000)
    # Several replicas (PostgreSQL, webhook mode): handle each update id once and one user's updates
    # one at a time across replicas. On by default with PostgreSQL.
    scale_out: bool | None = None
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    admin_chat_id: int | None = None

    database_url: str = f"sqlite+aiosqlite:///{REPO_ROOT / 'liftcoach.sqlite3'}"
    knowledge_dir: Path = REPO_ROOT / "knowledge"
    index_dir: Path = REPO_ROOT / "index"
    log_level: str = "INFO"
    log_json: bool = False

    # Retrieval tuning; defaults are the values `coach eval --tune` chose on the tuning half.
    dense_weight: float = Field(0.5, ge=0.0, le=1.0)
    answer_threshold: float = Field(0.56, ge=0.0, le=1.0)
    off_topic_threshold: float = Field(0.30, ge=0.0, le=1.0)
    max_question_chars: int = Field(500, ge=20, le=4096)

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        # Allow ADMIN_IDS="1,2,3" as well as a JSON list.
        if isinstance(value, str):
            import json

            text = value.strip()
            return (
                json.loads(text)
                if text.startswith("[")
                else [part for part in text.replace(" ", "").split(",") if part]
            )
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("webhook_url")
    @classmethod
    def _https_webhook(cls, value: str | None) -> str | None:
        if value and not value.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise ValueError("must be an https:// URL (Telegram only delivers webhooks over HTTPS)")
        return value or None

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_secret(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram accepts 1-256 characters of A-Z, a-z, 0-9, _ and -; fewer than 32 can be guessed.
        if (
            value is not None
            and value.get_secret_value()
            and not WEBHOOK_SECRET_PATTERN.fullmatch(value.get_secret_value())
        ):
            raise ValueError(
                "must be 32 to 256 characters of A-Z, a-z, 0-9, _ and - (the characters Telegram allows); "
                "make one with: python -c 'import secrets; print(secrets.token_urlsafe(32))'"
            )
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        # Without the secret anyone who finds the URL could post fake updates.
        if self.webhook_url and not (self.webhook_secret and self.webhook_secret.get_secret_value()):
            raise ValueError("WEBHOOK_SECRET must be set when WEBHOOK_URL is set")
        return self

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR")
        return level


def scale_out_enabled(settings: Settings) -> bool:
    if settings.scale_out is not None:
        return settings.scale_out
    return settings.database_url.startswith("postgresql")


def load_settings(**overrides: object) -> Settings:
    """Build settings, turning pydantic's error into one readable ConfigError."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except SettingsError as exc:
        raise ConfigError(f"Invalid configuration: {exc}") from None
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            name = ".".join(str(p) for p in err["loc"]).upper() or "settings"
            lines.append(f"  {name}: {err['msg']}")
        raise ConfigError("Invalid configuration:\n" + "\n".join(lines)) from None
