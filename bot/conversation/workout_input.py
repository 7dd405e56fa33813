"""Typed input in a guided workout: sets of every kind ("5x100", "45s", "3.2 km 18:00", "8 +10kg",
"drop 8x60"), a working weight on its own, and the checks that catch a slip before it is logged."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..storage.repository import ScheduleStore, StoredSession, UserStore, WorkoutStore
from ..training.engine import Event, PlannedSet, WorkoutState
from ..training.exercises import starting_options
from ..training.parsing import SET_USAGE, SetInputError, SwappedSet, names_a_unit, read_load, read_set
from ..training.set_input import (
    Entry,
    looks_like_entry,
    read_entry,
)
from ..training.units import MAX_LOAD_KG, Unit, round_to_step, show_load, to_kg
from .callbacks import WorkoutButton
from .edit_text import at_edit_prompt
from .followups import SCIENTIFIC
from .model import Button, Reply, User, esc, noted
from .preferences import DEFAULT_STEP, Preferences
from .prompts import ConfirmEdit, ConfirmSet
from .set_usage import kind_usage
from .turn import Turn
from .workout_cards import set_label
from .workout_log import SessionLog
from .workout_slips import slip_question, slip_readings
from .workout_words import WorkoutWords

TIMED_KINDS = ("duration", "distance_duration")


# "5x10O", "5xl00", "5x100kgg": one word that starts as reps x load, which no question does. In a workout it
# gets the set usage, not an answer about the lift (a stranger's walk-through got "Squat setup" for it).
_SET_SHAPED = re.compile(r"\d{1,3} ?[x×*] ?[^\s?]{1,12}")


def set_shaped(text: str) -> bool:
    """A set with a slip in it ("5x13 5"), or a number no set has ("1e9"): said so, never asked as a question."""
    return len(text) <= 20 and (
        _SET_SHAPED.fullmatch(text.lower()) is not None or SCIENTIFIC.fullmatch(text) is not None
    )


def set_like(text: str) -> bool:
    """Cheap, no database: could this message be a set or a weight at all?"""
    try:
        return read_set(text, unit="kg") is not None or read_load(text, unit="kg") is not None or looks_like_entry(text)
    except SetInputError:
        return True


class WorkoutInput(WorkoutWords):
    """Part of WorkoutFlow (a mixin): typed sets."""

    workouts: WorkoutStore
    schedule: ScheduleStore
    users: UserStore
    log: SessionLog
    clock: Callable[[], datetime]
    _adding: set[int]

    if TYPE_CHECKING:  # provided by WorkoutFlow and its other parts

        def _card(self, session: StoredSession, state: WorkoutState, prefs: Preferences) -> Reply: ...
        def back_button(self, session: StoredSession, state: WorkoutState) -> Button: ...
        async def drop_edit_prompt(self, turn: Turn) -> None: ...
        async def edit_prompt_is_current(self, turn: Turn) -> bool: ...
        async def _typed_edit(self, turn: Turn, text: str, message_id: int | None) -> list[Reply] | None: ...
        async def typed_addition(self, turn: Turn, text: str, message_id: int | None) -> list[Reply] | None: ...
        async def set_working_load(
            self, session: StoredSession, state: WorkoutState, event: Event, prefs: Preferences
        ) -> WorkoutState: ...
        async def ask_slip(
            self,
            turn: Turn,
            session: StoredSession,
            state: WorkoutState,
            options: Sequence[tuple[int, float | None, str, float | None]],
            question: str,
            prefs: Preferences,
            set_type: str = "working",
        ) -> Reply: ...
        async def slip_answer(self, turn: Turn, text: str) -> list[Reply] | None: ...
        async def edit_slip_answer(self, turn: Turn, text: str, message_id: int | None) -> list[Reply] | None: ...
        async def blocked_set(self, turn: Turn, session: StoredSession, state: WorkoutState) -> list[Reply] | None: ...
        async def drop_marked(self, turn: Turn, session: StoredSession, state: WorkoutState, text: str) -> str: ...

    async def typing_hint(self, user: User) -> tuple[str, Button] | None:
        """Mid-workout: where the lifter is and how to log the set on the card ("set 2 of back squat:
        type <code>5x100</code>"), with the way back to it; None when no workout is running."""
        active = await self.workouts.active_session(user.id)
        current = (state := await self.log.state(active)).current() if active is not None else None
        if active is None or current is None:
            return None
        reps = current.done_reps
        if current.kind == "duration":
            example = f"{current.duration_s or 45:g}s"
        elif current.kind == "distance_duration":
            example = "3 mi 27:00" if current.unit == "lb" else "5 km 25:30"
        elif current.load is not None and current.kind == "bodyweight_reps":
            example = f"{reps} +{current.load:g}{current.unit}"  # a weighted pull-up's load is added load
        elif current.load is not None:
            example = f"{reps}x{current.load:g}{current.unit}"
        else:
            example = f"{reps}x100" if current.needs_load else f"{reps}"
        where = f"{set_label(current.set_type, current.set_number)} of {esc(current.exercise)}"
        return f"{where}: type it like <code>{esc(example)}</code> or tap ✅ on the card", self.back_button(
            active, state
        )

    async def on_text(self, turn: Turn, text: str, message_id: int | None = None) -> list[Reply] | None:
        user = turn.user
        stripped = text.strip()
        if user.id in self._adding and (added := await self.typed_addition(turn, stripped, message_id)) is not None:
            return added
        if (answered := await self.slip_answer(turn, stripped)) is not None:  # "yes" to "Log it anyway?"
            return answered
        if (answered := await self.edit_slip_answer(turn, stripped, message_id)) is not None:  # the same, on /edit
            return answered
        if (worded := await self.typed_word(turn, stripped, message_id)) is not None:  # "done", "skip", "rest 90"
            return worded
        if not set_like(stripped) and not set_shaped(stripped) and not at_edit_prompt(stripped):
            # Not a set: the coach answers it as a question, and an open edit prompt is over (left open, it
            # would take the next set typed for a correction of an earlier one); the answer says so.
            await self.drop_edit_prompt(turn)
            return None
        prefs = await turn.preferences()
        await turn.close_prompt((ConfirmSet, ConfirmEdit))  # another set typed: an open "Log it anyway?" is over
        if await self.edit_prompt_is_current(turn):
            return await self._typed_edit(turn, stripped, message_id)
        active = await self.workouts.active_session(user.id)
        if active is None:
            return None
        state = await self.log.state(active)
        if (current := state.current()) is None:
            return None
        if (blocked := await self.blocked_set(turn, active, state)) is not None:
            return blocked
        stripped = await self.drop_marked(turn, active, state, stripped)  # typed after ⬇️ Drop set…
        event_id = (
            f"m{user.chat_id}:{message_id}"
            if message_id is not None
            else f"typed:{state.position}:{state.undos}:{stripped[:20]}"
        )
        try:
            weight = read_load(stripped, unit=prefs.unit) if current.needs_load else None
            parsed = None if weight else read_entry(stripped, unit=prefs.unit, kind=current.kind)
        except SwappedSet as exc:  # "135x5": one tap logs 5 x 135 (a stranger had only ↩️ Back to tap)
            if current.kind != "weight_reps":
                return [Reply(esc(str(exc)), ((self.back_button(active, state),),))]
            meant = f"{exc.reps} × {show_load(exc.load, exc.unit)}"
            question = f"That's more than 100 reps. Reps come first: did you mean {meant}?"
            return [await self.ask_slip(turn, active, state, [(exc.reps, exc.load, exc.unit, None)], question, prefs)]
        except SetInputError as exc:
            parsed = _time_for_target_distance(stripped, prefs.unit, current)
            if parsed is None:
                return [Reply(esc(str(exc)), ((self.back_button(active, state),),))]
            weight = None
        if weight is not None:
            return await self._typed_weight(active, state, current, weight, stripped, event_id, prefs)
        if parsed is None:
            # "45s" on a card that wants reps; a bare "13:00" may answer another prompt (/timezone asks the time)
            if any(ch.isalpha() for ch in stripped) and _other_kind(stripped, prefs.unit, current.kind):
                return [Reply(esc(kind_usage(current.exercise, current.kind)), ((self.back_button(active, state),),))]
            if set_shaped(stripped):  # a slip in a typed set: say so, log nothing
                usage = (
                    SET_USAGE.partition(". ")[2]
                    if current.kind == "weight_reps"
                    else kind_usage(current.exercise, current.kind)
                )
                return [
                    Reply(
                        esc(f"I couldn't read “{stripped}” as a set, so nothing was logged. {usage}"),
                        ((self.back_button(active, state),),),
                    )
                ]
            return None
        kinds: dict[str, Any] = {
            k: v
            for k, v in (
                ("set_type", parsed.set_type),
                ("duration_s", parsed.duration_s),
                ("distance_m", parsed.distance_m),
                ("distance_unit", parsed.distance_unit),
                ("assistance", parsed.assistance),
            )
            if v is not None and v != "working"
        }
        if current.kind in TIMED_KINDS:  # a hold or a run: the typed time and distance are the set
            # No distance typed: the key stays out, so the engine takes the card's target distance.
            data = {"duration_s": parsed.duration_s} | kinds
            event = Event("set_logged", event_id, state.position, data)
            return await self._log(turn, active, event, edit=False, state=state, prefs=prefs)
        assert parsed.reps is not None
        if (problem := drop_set_problem(parsed, current, stripped)) is not None:
            return [Reply(problem, ((self.back_button(active, state),),))]
        if parsed.load is None and current.needs_load:
            return [
                Reply(
                    f'What weight was that? Send it like "{parsed.reps}x60" ({prefs.unit}), '
                    "or tap 🧍 Bodyweight on the card.",
                    ((self.back_button(active, state),),),
                )
            ]
        if parsed.load == 0 and current.loaded:
            return [
                Reply(
                    f"0 {parsed.unit} doesn't log a loaded lift. "
                    f"Send the weight you lifted, e.g. <code>{parsed.reps}x60</code>, "
                    "or tap 🧍 Bodyweight if there was none.",
                    ((self.back_button(active, state),),),
                )
            ]
        skipped_warmups = ""
        if current.set_type == "warmup" and parsed.load is not None and not kinds:
            # A working weight typed on a warm-up card: the lifter is past (or skipped) the ramp. Logged
            # as a warm-up it would vanish from records and progression, so the rest of the ramp is
            # skipped and the set counts as the first working set.
            state, skipped_warmups = await self._past_the_ramp(active, state, parsed.load, parsed.unit, event_id)
            current = state.current() or current
        load, unit = (parsed.load, parsed.unit) if parsed.load is not None else (current.load, current.unit)
        if parsed.assistance is not None:
            load, unit = None, parsed.unit
        question = slip_question(current, state, parsed.reps, load, unit, prefs, parsed.set_type)
        if question and set(kinds) <= {"set_type"}:  # a drop or failure set is asked about too, keeping its mark
            card_unit = current.unit if current.load is not None else None
            options = slip_readings(current, state, parsed, stripped, load, unit, prefs, card_unit)
            return [await self.ask_slip(turn, active, state, options, question, prefs, parsed.set_type or "working")]
        if question:
            return [Reply(esc(question) + " Send it again without the set type to check it.")]
        data = {"reps": parsed.reps, "load": load, "unit": unit, "rpe": parsed.rpe} | kinds
        replies = await self._log(
            turn, active, Event("set_logged", event_id, state.position, data), edit=False, state=state, prefs=prefs
        )
        return noted(replies, f"{skipped_warmups}\n" if skipped_warmups else "")

    async def _past_the_ramp(
        self, active: StoredSession, state: WorkoutState, load: float, unit: str, event_id: str
    ) -> tuple[WorkoutState, str]:
        """With `load` at 90 % or more of the block's working load, the warm-ups left are skipped; returns
        the state at the first working set and a line saying so (the state as it was, and "", otherwise)."""
        current = state.current()
        assert current is not None
        working = next(
            (
                i
                for i in range(state.position + 1, len(state.plan))
                if state.plan[i].exercise == current.exercise and state.plan[i].set_type != "warmup"
            ),
            None,
        )
        target = state.plan[working] if working is not None else None
        if working is None or target is None or target.load is None:
            return state, ""
        if to_kg(load, unit) < 0.9 * to_kg(target.load, target.unit):
            return state, ""
        left = working - state.position
        for position in range(state.position, working):
            _, state, _ = await self.log.apply(
                active, Event("set_skipped", f"{event_id}:ramp{position}", position), known=state
            )
        return state, f"🔥 That's your working weight, so I skipped the {left} warm-up{'s' if left != 1 else ''} left."

    async def _typed_weight(
        self,
        active: StoredSession,
        state: WorkoutState,
        current: PlannedSet,
        weight: tuple[float, str],
        stripped: str,
        event_id: str,
        prefs: Preferences,
    ) -> list[Reply]:
        if _bare_number(stripped) and weight[0] <= current.reps_max and weight[0] == int(weight[0]):
            w = f"{weight[0]:g}"  # "5" on a weight question: 5 kg, or the 5 reps they just did?
            return [
                Reply(
                    f"Is {w} {prefs.unit} your working weight, or did you do {w} reps? "
                    "For reps, send them with the weight, e.g. "
                    f"<code>{w}x{starting_options(current.exercise, prefs.unit)[1]:g}</code>.",
                    (
                        (
                            Button(
                                f"✅ {w} {prefs.unit} is my working weight",
                                WorkoutButton("load", active.id, state.position, arg=w).pack(),
                            ),
                        ),
                        (self.back_button(active, state),),
                    ),
                )
            ]
        event = Event("load_set", event_id, state.position, {"load": weight[0], "unit": weight[1]})
        state = await self.set_working_load(active, state, event, prefs)
        next_card = self._card(active, state, prefs)
        return [replace(next_card, text=f"👍 Working weight: {show_load(*weight)}.\n\n{next_card.text}")]


def _bare_number(text: str) -> bool:
    return text.replace(",", ".").replace(".", "", 1).isdigit()


def load_value(text: str, prefs: Preferences) -> dict[str, object] | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return {"load": value, "unit": prefs.unit} if 0 < to_kg(value, prefs.unit) <= MAX_LOAD_KG else None


def _other_kind(text: str, unit: Unit, kind: str) -> bool:
    """Whether a typed text is a set of another kind (a time, a distance) than the card's exercise takes."""
    for other in ("duration", "distance_duration", "weight_reps"):
        if other == kind:
            continue
        try:
            if read_entry(text, unit=unit, kind=other) is not None:
                return True
        except SetInputError:
            continue
    return False


def _time_for_target_distance(text: str, unit: Unit, current: PlannedSet) -> Entry | None:
    """ "25:00" on a "Target: 3 mi" card is the time for that distance (the engine fills the distance in
    from the target); without a target distance a time alone stays refused."""
    if current.kind != "distance_duration" or current.distance_m is None:
        return None
    try:
        return read_entry(text, unit=unit, kind="duration")
    except SetInputError:
        return None


def drop_set_problem(parsed: Entry, current: PlannedSet, typed: str) -> str | None:
    """Why a typed drop set cannot be this card's, or None. "drop 6" at the card's load had logged 6 x 80 kg, a drop
    with nothing dropped; "drop 8x80" typed in the rest after the squats went onto the 60 kg bench card. A bare number
    on a card in the other unit is left to the slip question, which offers the card's unit ("drop 5x135" on 185 lb)."""
    if parsed.set_type != "drop" or current.load is None or current.kind != "weight_reps":
        return None
    card = show_load(current.load, current.unit)
    if parsed.load is None:
        example = f"drop {parsed.reps}x{round_to_step(current.load * 0.8, DEFAULT_STEP[current.unit]):g}"
        return f"A drop set is lighter than the card's {card}: send its weight too, e.g. <code>{example}</code>. " + (
            "Nothing was logged."
        )
    if to_kg(parsed.load, parsed.unit) <= to_kg(current.load, current.unit):
        return None
    if parsed.unit != current.unit and not names_a_unit(typed):
        return None
    return (
        f"{show_load(parsed.load, parsed.unit)} is heavier than this card's {card} ({esc(current.exercise)}), so it "
        "can't be a drop set of it, and nothing was logged. To log it as a set of this card, send it without “drop”."
    )
