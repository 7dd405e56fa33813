"""Secrets never reach stderr or the logs: the bot token (PTB logs its API URLs at DEBUG and quotes
the token when Telegram rejects it) and the webhook secret are replaced in every formatted line."""

from __future__ import annotations

import logging
from collections.abc import Iterable


def redact_token(token: str) -> str:
    """'123456:AAE...' -> '123456:***': the bot's id (public) names the bot; the secret part stays hidden."""
    bot_id, sep, _ = token.partition(":")
    return f"{bot_id}:***" if sep and bot_id.isdigit() else "***"


class RedactingFormatter(logging.Formatter):
    """Wraps a handler's formatter and scrubs secrets from the finished line (tracebacks included)."""

    def __init__(self, inner: logging.Formatter, secrets: Iterable[str]):
        super().__init__()
        self.inner = inner
        pairs: list[tuple[str, str]] = []
        for secret in secrets:
            if not secret:
                continue
            pairs.append((secret, redact_token(secret)))
            _, sep, tail = secret.partition(":")
            if sep and len(tail) >= 8:
                pairs.append((tail, "***"))  # the secret part alone, however it was quoted
        self.pairs = sorted(pairs, key=lambda p: -len(p[0]))  # whole token before its tail

    def format(self, record: logging.LogRecord) -> str:
        text = self.inner.format(record)
        for secret, shown in self.pairs:
            text = text.replace(secret, shown)
        return text


def redact_secrets_in_logs(secrets: Iterable[str], logger: logging.Logger | None = None) -> None:
    """Install the redaction on every handler of `logger` (default: the root logger)."""
    secrets = [s for s in secrets if s]
    for handler in (logger or logging.getLogger()).handlers:
        inner = handler.formatter or logging.Formatter()
        if isinstance(inner, RedactingFormatter):
            inner = inner.inner
        handler.setFormatter(RedactingFormatter(inner, secrets))


__all__ = ["RedactingFormatter", "redact_secrets_in_logs", "redact_token"]
