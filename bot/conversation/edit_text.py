"""What is typed at the edit prompt, read without storage: a corrected set, "delete", or a mark alone; and a
correction as the `set_edited` event it makes."""

from __future__ import annotations

import re
from dataclasses import replace

from ..history.records import SetRecord
from ..training import event_payloads
from ..training.engine import Event, InvalidEvent
from ..training.set_input import Entry, read_entry
from ..training.units import Unit, exact
from .model import said


def edit_data(reps: int, load: float | None, unit: str, rpe: float | None, set_type: str) -> dict[str, object]:
    """A `set_edited` event's data: the corrected set as typed ("5x80 failure" marks it, a plain "5x80" is a
    working set, a warm-up stays one); a load or RPE not typed is kept."""
    data: dict[str, object] = {"reps": reps, "set_type": set_type}
    if load is not None:
        data |= {"load": load, "unit": unit}
    if rpe is not None:
        data["rpe"] = rpe
    return data


def unchanged_by(own: SetRecord, event: Event) -> bool:
    """Whether a `set_edited` event would leave the set as it is."""
    try:
        new = event_payloads.read_edit(own, event_payloads.corrected(event, own))
    except InvalidEvent:
        return False  # refused when it is written, with that reply
    return _values(own) == _values(new)


def _values(s: SetRecord) -> tuple[object, ...]:
    return (s.reps, s.load, s.unit, s.rpe, s.set_type)


def as_typed(s: SetRecord) -> str:
    """A set as a correction typed at the edit prompt reads it: "5x135lb rpe 8", "drop 8x60kg", "5x80kg failure"."""
    typed = f"{s.reps}" + (f"x{exact(s.load)}{s.unit}" if s.load is not None else "")
    text = f"{typed} rpe {s.rpe:g}" if s.rpe is not None else typed
    return f"drop {text}" if s.set_type == "drop" else f"{text} failure" if s.set_type == "failure" else text


def read_correction(text: str, unit: Unit) -> Entry | None:
    """A corrected set: reps with load or RPE, and a drop or failure mark ("8x60 drop") if typed."""
    return read_entry(text, unit=unit, kind="weight_reps")


_DELETE_WORDS = frozenset({"delete", "remove", "delete it", "delete set", "delete this set", "remove it", "del"})


# Only a mark or an RPE typed at the edit prompt: the set keeps its reps and load (a stranger's "failure" got an
# article and "rpe 9" was not read).
_MARK_ONLY = re.compile(
    r"(?:(?P<failure>(?:to )?fail(?:ure|ed)?)|(?P<drop>drop(?: set)?)|rpe ?(?P<rpe>\d{1,2}(?:[.,]5)?))"
)


def mark_only(text: str) -> re.Match[str] | None:
    return _MARK_ONLY.fullmatch(said(text))


def at_edit_prompt(text: str) -> bool:
    """Words only the edit prompt reads: "delete", or a mark alone ("failure", "drop", "rpe 9")."""
    return deleting(text) or mark_only(text) is not None


def with_mark(own: SetRecord, mark: re.Match[str]) -> str:
    """The set as a typed correction with the mark or RPE changed and its reps and load kept."""
    set_type = "failure" if mark["failure"] else "drop" if mark["drop"] else own.set_type
    rpe = float(mark["rpe"].replace(",", ".")) if mark["rpe"] else own.rpe
    return as_typed(replace(own, set_type=set_type, rpe=rpe))


def deleting(text: str) -> bool:
    """ "delete" typed at the edit prompt (a stranger's, which closed the prompt and got a bench article)."""
    return said(text) in _DELETE_WORDS
