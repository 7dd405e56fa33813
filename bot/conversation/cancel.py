"""/cancel: close whatever the bot is waiting for the user to type (a routine's name or lines, a time,
a set correction...), saying what that leaves as it was. Nothing else changes: a running workout goes on."""

from __future__ import annotations

from .model import Reply
from .prompts import (
    AddExercise,
    AskTimezone,
    ConfirmEdit,
    ConfirmSet,
    EditSet,
    PickExercise,
    Prompt,
    RemindTime,
    RoutineConfirm,
    RoutineEditing,
    RoutinePrompt,
)
from .turn import Turn

NOTHING = "Nothing to cancel: I'm not waiting for an answer from you."


def cancelled(prompt: Prompt) -> str:
    if isinstance(prompt, RoutinePrompt):
        waiting = prompt.waiting_for
        if isinstance(waiting, RoutineEditing):
            return "OK, done editing the routine; the changes you sent before are saved."
        if isinstance(waiting, RoutineConfirm):
            return "OK, the line I asked “did you mean …?” about was not saved."
        return "OK, no new routine; nothing was saved."
    if isinstance(prompt, RemindTime):
        return "OK, no new reminder."
    if isinstance(prompt, AskTimezone):
        return "OK, your time zone is as it was."
    if isinstance(prompt, (EditSet, ConfirmEdit)):
        return "OK, the set stays as it was."
    if isinstance(prompt, ConfirmSet):
        return "OK, nothing logged."
    if isinstance(prompt, AddExercise) or (isinstance(prompt, PickExercise) and prompt.command == "add"):
        return "OK, nothing added to the workout."
    return "OK, nothing started."  # PickExercise for /workout


async def cancel(turn: Turn, workout_running: bool) -> Reply:
    prompt = await turn.prompt()
    running = " Your workout is still on: /workout shows where you are." if workout_running else ""
    if prompt is None:
        return Reply(NOTHING + running)
    await turn.set_prompt(None)
    return Reply(cancelled(prompt) + running)
