import pytest

from bot.config import ConfigError, load_settings


def test_defaults_are_valid(monkeypatch):
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    settings = load_settings()
    assert settings.telegram_bot_token is None
    assert settings.database_url.startswith("sqlite+aiosqlite")


def test_bad_values_give_one_readable_error(monkeypatch):
    monkeypatch.setenv("WEBHOOK_PORT", "99999")
    monkeypatch.setenv("LOG_LEVEL", "chatty")
    with pytest.raises(ConfigError) as err:
        load_settings()
    message = str(err.value)
    assert "WEBHOOK_PORT" in message and "LOG_LEVEL" in message


def test_admin_ids_accept_comma_list(monkeypatch):
    monkeypatch.setenv("ADMIN_IDS", "1, 22,333")
    assert load_settings().admin_ids == [1, 22, 333]


def test_webhook_must_be_https(monkeypatch):
    monkeypatch.setenv("WEBHOOK_SECRET", "abc")
    monkeypatch.setenv("WEBHOOK_URL", "http://example.com/hook")
    with pytest.raises(ConfigError, match="WEBHOOK_URL"):
        load_settings()


def test_token_is_never_printed(monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:SECRET-TOKEN")
    settings = load_settings()
    assert "SECRET-TOKEN" not in repr(settings) and "SECRET-TOKEN" not in str(settings)


def test_webhook_requires_a_secret(monkeypatch):
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.com/telegram")
    with pytest.raises(ConfigError, match="WEBHOOK_SECRET"):
        load_settings()
    monkeypatch.setenv("WEBHOOK_SECRET", "abcdefghijklmnopqrstuvwxyz_0123-456789")
    assert load_settings().webhook_url == "https://bot.example.com/telegram"
