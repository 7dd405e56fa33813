"""A fresh install gets the python-telegram-bot the tests passed with, and we use its current API."""

from __future__ import annotations

import tomllib
from importlib.metadata import version

from packaging.requirements import Requirement
from packaging.version import Version
from support import updates
from support.paths import REPO
from telegram import CallbackQuery, Update


def ptb_requirement() -> Requirement:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    [ptb] = [Requirement(d) for d in project["dependencies"] if Requirement(d).name == "python-telegram-bot"]
    return ptb


def test_python_telegram_bot_is_pinned_to_the_tested_minor_series():
    installed = Version(version("python-telegram-bot"))
    spec = ptb_requirement().specifier
    assert installed in spec  # what the tests run with is what a fresh install gets
    next_minor = Version(f"{installed.major}.{installed.minor + 1}")
    assert next_minor not in spec and Version(f"{installed.major}.{installed.minor}.99") in spec
    assert Version(f"{installed.major}.{installed.minor - 1}") not in spec


async def test_edits_use_link_preview_options_not_the_superseded_flag(bot, monkeypatch):
    application, request, _ = bot
    seen: list[dict] = []
    real_edit = CallbackQuery.edit_message_text

    async def recording_edit(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(kwargs)
        return await real_edit(self, *args, **kwargs)

    monkeypatch.setattr(CallbackQuery, "edit_message_text", recording_edit)
    await application.process_update(
        Update.de_json(updates.callback(71, "r:d:0:1"), application.bot)
    )  # a day toggle edits the picker
    [kwargs] = seen
    assert "disable_web_page_preview" not in kwargs and kwargs["link_preview_options"].is_disabled
    assert request.last("editMessageText")["link_preview_options"] == {"is_disabled": True}
