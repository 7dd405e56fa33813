"""One update from one user, built once by the Coach and handed to every flow it reaches: the user,
and their settings and open prompt, each read from storage at most once however many flows look."""

from __future__ import annotations

from pydantic import BaseModel

from ..storage.repository import PromptStore, UserStore
from .model import User
from .preferences import Preferences, preferences_from, save_preferences
from .prompts import Prompt, prompt_json, read_prompt


class Turn:
    def __init__(self, user: User, users: UserStore, prompts: PromptStore):
        self.user = user
        self._users, self._prompts = users, prompts
        self._prefs: Preferences | None = None
        self._prompt: Prompt | None = None
        self._prompt_read = False
        self.closed: Prompt | None = None  # a prompt this update closed, so a reply can say so

    async def _load(self) -> None:
        """Settings and prompt in one read: most updates that need one need the other (a typed set
        needs the unit and must know whether it answers an edit prompt)."""
        settings, prompt = await self._users.settings_and_prompt(self.user.id)
        if self._prefs is None:
            self._prefs = preferences_from(settings)
        if not self._prompt_read:
            self._prompt, self._prompt_read = read_prompt(prompt), True

    async def preferences(self) -> Preferences:
        if self._prefs is None:
            await self._load()
        assert self._prefs is not None
        return self._prefs

    async def save_preferences(self, prefs: Preferences) -> None:
        await save_preferences(self._users, self.user, prefs)
        self._prefs = prefs

    async def prompt(self) -> Prompt | None:
        if not self._prompt_read:
            await self._load()
        return self._prompt

    async def set_prompt(self, prompt: Prompt | None) -> None:
        """Opens a prompt (replacing any other flow's) or, with None, closes the open one."""
        await self._prompts.save_prompt(self.user.id, None if prompt is None else prompt_json(prompt))
        if prompt is None and self._prompt is not None:
            self.closed = self._prompt
        self._prompt, self._prompt_read = prompt, True

    async def close_prompt(self, prompt_type: type[BaseModel] | tuple[type[BaseModel], ...]) -> None:
        """Closes the open prompt only if it is of this type: another flow's prompt is not ours to close."""
        if isinstance(await self.prompt(), prompt_type):
            await self.set_prompt(None)
