"""A user's settings, stored as JSON through the repository and validated on the way in and out."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Any, Literal
from zoneinfo import ZoneInfoNotFoundError

from pydantic import BaseModel, Field, ValidationError

from ..scheduling.zones import zone_of
from ..storage.repository import UserStore
from ..training.plates import DEFAULT_BAR, DEFAULT_PLATES
from ..training.units import convert
from .model import User

DEFAULT_STEP = {"kg": 2.5, "lb": 5.0}


class Preferences(BaseModel):
    unit: Literal["kg", "lb"] = "kg"
    load_step: float | None = Field(None, gt=0, le=50)
    # The bar and plates are kept as typed, with the unit they were typed in, and converted only to
    # show or compute: switching units there and back never drifts them by rounding.
    bar_weight: float | None = Field(None, ge=0, le=250)  # up to 100 kg, in kg or lb
    bar_unit: Literal["kg", "lb"] | None = None
    plates: list[float] | None = None
    plates_unit: Literal["kg", "lb"] | None = None
    rest_seconds: int = Field(120, ge=0, le=900)
    timezone: str = "UTC"
    timezone_set: bool = False

    def zone(self) -> tzinfo:
        try:
            return zone_of(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            return UTC

    def local(self, at: datetime) -> datetime:
        """`at` on the user's clock: a workout at 7 pm in Los Angeles is on that day, not on the next UTC one."""
        return at.astimezone(self.zone())

    @property
    def step(self) -> float:
        return self.load_step or DEFAULT_STEP[self.unit]

    @property
    def bar(self) -> float:
        if self.bar_weight is None:
            return DEFAULT_BAR[self.unit]
        return round(convert(self.bar_weight, self.bar_unit or self.unit, self.unit), 2)

    @property
    def gear_unit(self) -> Literal["kg", "lb"]:
        """The unit the lifter's plates (else bar) physically are: plate maths happens in it. Kilo plates stay
        kilo plates when the lifter reads loads in pounds (converted one by one, 1.25 kg became 2.76 lb and
        /plates 135 answered with sixteen plates a side)."""
        if self.plates is not None:
            return self.plates_unit or self.unit
        if self.bar_weight is not None:
            return self.bar_unit or self.unit
        return self.unit

    @property
    def gear(self) -> tuple[float, list[float]]:
        """The bar and the plates, in gear_unit, exactly as typed where typed in it."""
        unit = self.gear_unit
        if self.bar_weight is None:
            bar = DEFAULT_BAR[unit]
        else:
            bar = round(convert(self.bar_weight, self.bar_unit or self.unit, unit), 2)
        if self.plates is None:
            return bar, list(DEFAULT_PLATES[unit])
        return bar, [round(convert(p, self.plates_unit or self.unit, unit), 2) for p in self.plates]


def preferences_from(settings: dict[str, Any]) -> Preferences:
    try:
        return Preferences(**settings)
    except ValidationError:
        return Preferences()  # a settings row from an older version never blocks the user


async def load_preferences(users: UserStore, user_id: int) -> Preferences:
    return preferences_from(await users.get_settings(user_id))


async def save_preferences(users: UserStore, user: User, prefs: Preferences) -> None:
    await users.touch_user(user.id, user.chat_id, user.first_name)  # settings belong to a known user
    await users.save_settings(user.id, prefs.model_dump())
