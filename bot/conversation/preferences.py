"""A user's settings, stored as JSON through the repository and validated on the way in and out."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from ..storage.repository import UserStore
from ..training.plates import DEFAULT_BAR
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

    @property
    def step(self) -> float:
        return self.load_step or DEFAULT_STEP[self.unit]

    @property
    def bar(self) -> float:
        if self.bar_weight is None:
            return DEFAULT_BAR[self.unit]
        return round(convert(self.bar_weight, self.bar_unit or self.unit, self.unit), 2)

    @property
    def plate_sizes(self) -> list[float] | None:
        """The user's own plates in their current unit (None: the standard set)."""
        if self.plates is None:
            return None
        return [round(convert(p, self.plates_unit or self.unit, self.unit), 2) for p in self.plates]


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
