"""Logs: JSON on request, and no bot token in them (HTTP client request lines are silenced)."""

import json
import logging

from bot.config import load_settings
from bot.logs import configure_logging


def test_json_logs_and_no_token_leak(monkeypatch, capsys):
    monkeypatch.setenv("LOG_JSON", "true")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "999:TOPSECRET")
    configure_logging(load_settings())
    logging.getLogger("bot.test").info("handled an update")
    # httpx logs full request URLs (which contain the token) at INFO: that logger must stay quiet
    logging.getLogger("httpx").info("HTTP Request: POST https://api.telegram.org/bot999:TOPSECRET/sendMessage")
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    entry = json.loads(err[0])
    assert entry["level"] == "INFO" and entry["message"] == "handled an update"
    assert "TOPSECRET" not in "".join(err)
    logging.basicConfig(force=True, handlers=[logging.NullHandler()])
