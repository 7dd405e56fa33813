"""Adversarial 4,096-character texts and every text entry point of the Coach (shared by
tests/flows/test_adversarial_text.py and bench/bench_adversarial.py).

Each input class targets a way a regular expression can backtrack: long runs of what an optional
part accepts (spaces, digits, separators), followed by something that makes the match fail at the
very end ("5" + spaces + "z").
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.conversation.coach import COMMANDS, Coach
from bot.conversation.model import Reply, User

LIMIT = 4096  # Telegram's maximum message length


def fill(head: str, unit: str, tail: str = "", size: int = LIMIT) -> str:
    body = size - len(head) - len(tail)
    return head + (unit * (body // len(unit) + 1))[:body] + tail


INPUTS: dict[str, str] = {
    "5 + spaces + z": fill("5", " ", "z"),
    "spaces": fill("", " "),
    "digits": fill("", "9"),
    "digits + z": fill("", "9", "z"),
    "5 x runs": fill("", "5x"),
    "x runs + z": fill("5", "x", "z"),
    "5 @ runs": fill("", "5 @ "),
    "@ runs": fill("5", "@", "z"),
    "comma runs": fill("5", ",", "z"),
    "digit commas": fill("", "1,"),
    "colons": fill("", "1:"),
    "dots": fill("1", ".", "z"),
    "5 spaces x spaces": fill("5", " x ", "z"),
    "set-like words": fill("", "5 x 100 kg rpe 8 ", "z"),
    "time-like": fill("6", " 30 pm", "z"),
    "am/pm runs": fill("6", " am", "!"),
    "tabs and newlines": fill("5", "\t\n", "z"),
    "greeting + spaces": fill("thanks", " ", "z"),
    "greeting + commas": fill("hi", " ,", "z"),
    "thanks repeated": fill("thanks", " a lot", "?z"),
    "exercise words": fill("", "hip thrust ", "4x6"),
    "name + dashes": fill("a", " -", "1x1"),
    "zone-like": fill("Europe/", "Berlin_", "z"),
    "day words": fill("", "mon,", "18:30"),
    "fullwidth digits": fill("", "\uff15"),
    "unicode letters": fill("", "é ü ß ж "),
    "emoji": fill("", "💪"),
    "bidi controls": fill("5", "\u202e\u2066", "z"),
    "combining marks": fill("a", "\u0301"),
}


@dataclass(frozen=True)
class EntryPoint:
    name: str
    setup: Callable[[Coach, User], Awaitable[object]] | None  # brings the user to a state first
    call: Callable[[Coach, User, str], Awaitable[list[Reply]]]


async def _start_workout(coach: Coach, user: User) -> object:
    return await coach.command(user, "workout", "hip thrust 3x5 100kg")


async def _timezone_prompt(coach: Coach, user: User) -> object:
    return await coach.command(user, "timezone", "")


async def _remind_prompt(coach: Coach, user: User) -> object:
    return await coach.callback(user, "r:n:21")  # Mon, Wed, Fri chosen: "what time?"


async def _routine_prompt(coach: Coach, user: User) -> object:
    return await coach.command(user, "routine", "new Push A")  # "send the exercises"


async def _routine_editor(coach: Coach, user: User) -> object:
    await coach.command(user, "routine", "new Push A\nbench press 3x5 80kg\nplank 3x45s")
    return await coach.command(user, "routine", "edit Push A")


async def _text(coach: Coach, user: User, text: str) -> list[Reply]:
    return await coach.text(user, text, message_id=1)


def _command(name: str) -> Callable[[Coach, User, str], Awaitable[list[Reply]]]:
    async def call(coach: Coach, user: User, text: str) -> list[Reply]:
        return await coach.command(user, name, text)

    return call


async def _inline(coach: Coach, user: User, text: str) -> list[Reply]:
    results = await coach.inline_results(text[:256])  # Telegram caps inline queries at 256 characters
    return [Reply(r.html) for r in results] or [Reply("(no inline results)")]


def entry_points() -> list[EntryPoint]:
    points = [
        EntryPoint("free text", None, _text),
        EntryPoint("free text in a workout", _start_workout, _text),
        EntryPoint("at the /timezone prompt", _timezone_prompt, _text),
        EntryPoint("at the /remind time prompt", _remind_prompt, _text),
        EntryPoint("at the /routine new prompt", _routine_prompt, _text),
        EntryPoint("in the /routine editor", _routine_editor, _text),
        EntryPoint("inline query", None, _inline),
    ]
    for name, _, _ in COMMANDS:
        points.append(EntryPoint(f"/{name} args", None, _command(name)))
        points.append(EntryPoint(f"/{name} args in a workout", _start_workout, _command(name)))
    return points


__all__ = ["INPUTS", "LIMIT", "EntryPoint", "entry_points", "fill"]
