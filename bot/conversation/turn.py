"""One update from one user, built once by the Coach and handed to every flow it reaches: the user,
and their settings and open prompt, each read from storage at most once however many flows look."""

from __future__ import annotations

from pydantic import BaseModel

from ..storage.repository import PromptStore, UserStore
from .model import User
from .preferences import Preferences, load_preferences, save_preferences
from .prompts import Prompt, prompt_json, read_prompt


class Turn:
    def __init__(self, user: User, users: UserStore, prompts: PromptStore):
        self.user = user
        self._users, self._prompts = users, prompts
        self._prefs: Preferences | None = None
        self._prompt: Prompt | None = None
        self._prompt_read = False

    async def preferences(self) -> Preferences:
        if self._prefs is None:
            self._prefs = await load_preferences(self._users, self.user.id)
        return self._prefs

    async def save_preferences(self, prefs: Preferences) -> None:
        await save_preferences(self._users, self.user, prefs)
        self._prefs = prefs

    async def prompt(self) -> Prompt | None:
        if not self._prompt_read:
            self._prompt = read_prompt(await self._prompts.get_prompt(self.user.id))
            self._prompt_read = True
        return self._prompt

    async def set_prompt(self, prompt: Prompt | None) -> None:
        """Opens a prompt (replacing any other flow's) or, with None, closes the open one."""
        await self._prompts.save_prompt(self.user.id, None if prompt is None else prompt_json(prompt))
        self._prompt, self._prompt_read = prompt, True

    async def close_prompt(self, prompt_type: type[BaseModel]) -> None:
        """Closes the open prompt only if it is of this type: another flow's prompt is not ours to close."""
        if isinstance(await self.prompt(), prompt_type):
            await self.set_prompt(None)
