"""What a flow waits for the user to type next, one typed shape per flow. Stored as JSON in the
prompts table; a body that no longer validates reads as no prompt (a prompt is worth minutes, and a
user is never stuck behind one)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, TypeAdapter, ValidationError


class RemindTime(BaseModel):
    """/remind asked at what time, for these days (0=Monday)."""

    flow: Literal["remind"] = "remind"
    step: Literal["time"] = "time"
    days: list[int] = Field(default_factory=list)


class AskTimezone(BaseModel):
    """/timezone asked where the user is; `then_remind` keeps a reminder's days picked before it, so
    the time is asked next instead of the half-made reminder being lost."""

    flow: Literal["timezone"] = "timezone"
    then_remind: list[int] | None = None


class AddExercise(BaseModel):
    """/add asked which exercise to add to this workout."""

    flow: Literal["add"] = "add"
    session: str
    until: datetime


class EditSet(BaseModel):
    """✏️ Edit asked for the corrected set; `seen` is where the workout stood then (it answers only
    while nothing else happened there)."""

    flow: Literal["edit"] = "edit"
    session: str
    position: int
    until: datetime
    seen: str
    answered: int | None = None  # a message answered "nothing changed": delivered again, it is not answered twice


class ConfirmSet(BaseModel):
    """A typed set that looked like a slip, asked "Log it anyway?" about: `data` is the set as typed
    (reps, load, unit, rpe); `seen` is where the workout stood then (it answers only while nothing else
    happened there)."""

    flow: Literal["slip"] = "slip"
    session: str
    position: int
    epoch: int
    seen: str
    until: datetime
    data: dict[str, Any]
    # Every reading offered as (reps, load, unit, rpe) when there were several: a typed "yes" can't pick one, so it
    # is asked again with their buttons; a "no" still logs nothing.
    readings: list[tuple[int, float | None, str, float | None]] = Field(default_factory=list)


class ConfirmEdit(BaseModel):
    """A correction typed at the edit prompt that looked like a slip, asked "Log it anyway?" about: `readings`
    are the corrected set's readings offered as (reps, load, unit, rpe), `set_type` how it was marked; `seen` is
    where the workout stood then (a typed yes answers only while nothing else happened there)."""

    flow: Literal["editslip"] = "editslip"
    session: str
    position: int
    seen: str
    until: datetime
    readings: list[tuple[int, float | None, str, float | None]]
    set_type: str = "working"


class DropNext(BaseModel):
    """⬇️ Drop set… was tapped at `position`: the set typed next there is the drop set, marked or not."""

    flow: Literal["dropnext"] = "dropnext"
    session: str
    position: int
    epoch: int
    until: datetime


class StartBlocked(BaseModel):
    """/workout <name> was asked while workout `session` runs: a set typed next is not logged to the running one
    until it is resumed (the lifter may think the new one started)."""

    flow: Literal["blocked"] = "blocked"
    session: str
    asked: str
    until: datetime


class PickExercise(BaseModel):
    """/workout or /add with a name that may mean several exercises ("row 3x8"): which one, by button.
    `names` are the buttons' exercises (the typed name itself is one past them); `rest` is what followed
    the name."""

    flow: Literal["pick"] = "pick"
    nonce: str
    typed: str
    rest: str
    names: list[str]
    until: datetime
    before: str = ""  # a list's exercises before this one ("squat 3x5; "), and after it
    after: str = ""
    keep: list[str] = Field(default_factory=list)  # names already kept as the lifter's own
    command: Literal["workout", "add"] = "workout"


class RoutineName(BaseModel):
    """A new routine's name, asked when `/routine new` came without one; `lines`: its exercises, if they
    came already (on the lines after the command, or sent before the name)."""

    step: Literal["name"] = "name"
    lines: str = ""


class RoutineLines(BaseModel):
    """A new routine's exercises, one per line."""

    step: Literal["lines"] = "lines"
    name: str
    from_prompt: bool = False


class RoutineEditing(BaseModel):
    """Edits to routine `id`, typed or tapped. `asks`: the open "did you mean ...?" questions, oldest first,
    each the names (saved as typed) one message asked about; a typed yes or no answers the latest.
    `close_after`: opened only for those questions."""

    step: Literal["edit"] = "edit"
    id: int
    asks: list[list[str]] = Field(default_factory=list, max_length=30)
    close_after: bool = False
    renaming: bool = False  # ✏️ Rename was tapped: a plain name typed next is the new name


class RoutineConfirm(BaseModel):
    """A routine with a likely typo, waiting for "did you mean ..." to be answered. No longer written (a
    typo'd line is saved as typed and asked about alongside); read so a prompt stored before still works."""

    step: Literal["confirm"] = "confirm"
    nonce: str
    name: str
    lines: list[dict[str, Any]]  # RoutineLine.to_json, the routine's own codec
    target: tuple[int, int] | None = None  # (routine id, version) when editing one
    back: Annotated[RoutineLines | RoutineEditing, Field(discriminator="step")]


class RoutinePrompt(BaseModel):
    flow: Literal["routine"] = "routine"
    until: datetime
    waiting_for: Annotated[RoutineName | RoutineLines | RoutineEditing | RoutineConfirm, Field(discriminator="step")]


Prompt = Annotated[
    RemindTime
    | AskTimezone
    | AddExercise
    | EditSet
    | ConfirmSet
    | ConfirmEdit
    | DropNext
    | StartBlocked
    | PickExercise
    | RoutinePrompt,
    Field(discriminator="flow"),
]
_PROMPT: TypeAdapter[Prompt] = TypeAdapter(Prompt)


def read_prompt(body: dict[str, Any] | None) -> Prompt | None:
    if body is None:
        return None
    try:
        return _PROMPT.validate_python(body)
    except ValidationError:
        return None


def prompt_json(prompt: Prompt) -> dict[str, Any]:
    return prompt.model_dump(mode="json")
