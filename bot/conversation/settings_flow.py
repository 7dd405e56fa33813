"""/settings (units, load step, bar, plates, rest) and /forget (delete everything about the user)."""

from __future__ import annotations

from ..storage.repository import UserStore
from ..training.units import exact, split_unit
from .callbacks import BadCallback, SettingsButton
from .flow import Flow
from .model import Button, CallbackOutcome, RecentlySeen, Reply, esc
from .preferences import DEFAULT_BAR, Preferences
from .turn import Turn
from .workout_cards import fmt_time

SETTINGS_USAGE = (
    "Usage: /settings to see and change them, or type one:\n"
    "<code>/settings unit lb</code> · <code>/settings step 2.5</code> · <code>/settings bar 15</code>\n"
    "<code>/settings rest 90</code> · <code>/settings plates 25,20,10,5,2.5,1.25</code>"
)
STEPS = {"kg": (1.0, 2.5, 5.0), "lb": (2.5, 5.0, 10.0)}
RESTS = (60, 90, 120, 180, 240)


def fmt(value: float) -> str:
    return f"{value:g}"


class SettingsFlow(Flow):
    commands = ("settings", "forget")
    button_prefixes = ("s",)

    def __init__(self, users: UserStore, recently_seen: RecentlySeen | None = None):
        self.users = users
        self._recently_seen = recently_seen  # the coach's: a forgotten user is stored again on their next message

    async def command(self, turn: Turn, name: str, args: str, message_id: int | None = None) -> list[Reply]:
        if name == "forget":
            if args.strip():
                return [Reply("Usage: /forget (I'll ask you to confirm before deleting anything).")]
            return [
                Reply(
                    "This deletes <b>everything</b> I know about you: workouts, sets, reminders, questions "
                    "and settings. It can't be undone.",
                    (
                        (
                            Button("🗑 Yes, delete everything", SettingsButton("forget", "yes").pack()),
                            Button("Cancel", SettingsButton("forget", "no").pack()),
                        ),
                    ),
                )
            ]
        prefs = await turn.preferences()
        if not args.strip():
            return [self.overview(prefs)]
        try:
            updated = apply_setting(prefs, args)
        except ValueError as exc:
            return [Reply(f"{esc(str(exc))}\n{SETTINGS_USAGE}")]
        await turn.save_preferences(updated)
        return [self.overview(updated, note=saved_note(prefs, updated))]

    def overview(self, prefs: Preferences, note: str = "") -> Reply:
        # the bar and plates as they were typed (in that unit), never a conversion such as "33.07 lb"
        plates = "standard"
        if prefs.plates:
            typed_in = prefs.plates_unit or prefs.unit
            plates = ", ".join(exact(p) for p in prefs.plates) + (f" {typed_in}" if typed_in != prefs.unit else "")
        bar = f"{fmt(prefs.bar)} {prefs.unit}"
        if prefs.bar_weight is not None:
            bar = f"{exact(prefs.bar_weight)} {prefs.bar_unit or prefs.unit}"
        text = (
            (f"{note}\n" if note else "") + "<b>Your settings</b>\n"
            f"Units: {prefs.unit}\nLoad step: {fmt(prefs.step)} {prefs.unit}\nBar: {bar}\n"
            f"Plates: {plates}\nDefault rest: {prefs.rest_seconds} s\n"
            f"Time zone: {prefs.timezone} (change with /timezone)"
        )
        other = "lb" if prefs.unit == "kg" else "kg"
        rows = (
            (Button(f"Switch to {other}", SettingsButton("unit", other).pack()),),
            tuple(Button(f"step {fmt(s)}", SettingsButton("step", fmt(s)).pack()) for s in STEPS[prefs.unit]),
            tuple(Button(f"rest {r}s", SettingsButton("rest", str(r)).pack()) for r in RESTS),
        )
        return Reply(text, rows)

    async def on_button(
        self, turn: Turn, data: str, tap_id: str | None = None, message_id: int | None = None
    ) -> CallbackOutcome:
        user = turn.user
        data = data.partition(":")[2]
        try:
            b = SettingsButton.unpack(data)
        except BadCallback:
            return CallbackOutcome(toast="That button is from an older message.")
        key, value = b.key, b.value
        if key == "forget":
            if value == "yes":
                await self.users.forget_user(user.id)
                if self._recently_seen is not None:
                    self._recently_seen.forget(user.id)
                return CallbackOutcome(
                    [
                        Reply(
                            "Done. Everything I stored about you has been deleted. "
                            "Send /start any time to begin again.",
                            edit=True,
                        )
                    ]
                )
            if value == "no":
                return CallbackOutcome([Reply("Cancelled: nothing was deleted.", edit=True)])
        if key in ("unit", "step", "rest"):
            prefs = await turn.preferences()
            try:
                updated = apply_setting(prefs, f"{key} {value}")
            except ValueError:
                return CallbackOutcome(toast="That button is from an older message.")
            await turn.save_preferences(updated)
            reply = self.overview(updated, note=saved_note(prefs, updated))
            return CallbackOutcome([Reply(reply.text, reply.buttons, edit=True)], toast="Saved")
        return CallbackOutcome(toast="That button is from an older message.")


def saved_note(before: Preferences, after: Preferences) -> str:
    if before.rest_seconds != after.rest_seconds:  # a stranger changed it mid-workout and the card kept 2:00
        return (
            f"✅ Saved. New workouts rest {fmt_time(after.rest_seconds)} by default; a workout already running keeps "
            "the rest on its cards (its timer's +30 s and Skip rest change a rest as it runs)."
        )
    if before.unit == after.unit:
        return "✅ Saved."
    kept = (
        " Your bar and plates stay as you typed them, and plate maths uses them in their own unit."
        if (after.bar_weight is not None or after.plates)
        else ""
    )
    return (
        f"✅ Saved. A bare number you type is now {after.unit}. What you logged is shown exactly as you typed it, "
        f"with its totals and next load in that unit; mixed units add up in {after.unit}.{kept} "
        f"Load step is now {fmt(after.step)} {after.unit}."
    )


def apply_setting(prefs: Preferences, args: str) -> Preferences:
    """Return new preferences with one setting changed; ValueError (friendly) on bad input."""
    key, _, value = args.strip().partition(" ")
    key, value = key.lower(), value.strip().lower()
    if key in ("unit", "units"):
        if value not in ("kg", "lb", "lbs"):
            raise ValueError("Units are kg or lb.")
        unit = "lb" if value.startswith("lb") else "kg"
        if unit == prefs.unit:
            return prefs
        # The same bar and plates (kept as typed, shown converted); a custom step becomes the new unit's
        # default (2.5 kg and 5 lb are the usual smallest jumps), and the overview says so.
        return prefs.model_copy(
            update={
                "unit": unit,
                "load_step": None,
                "bar_unit": prefs.bar_unit or (prefs.unit if prefs.bar_weight is not None else None),
                "plates_unit": prefs.plates_unit or (prefs.unit if prefs.plates is not None else None),
            }
        )
    if key == "step":
        step = _number(value, "The load step")
        if not 0.1 <= step <= 50:  # 0.0001 was taken, and cards offered "+0.0001 kg"
            raise ValueError("The load step goes from 0.1 to 50 (the smallest plates are 0.25 kg or 0.5 lb).")
        return prefs.model_copy(update={"load_step": step})
    if key == "bar":
        typed, unit = split_unit(value, prefs.unit)  # "35lb" on a kg account is a 35 lb bar
        bar = _number(typed, "The bar weight")
        top = 100 if unit == "kg" else 220
        if not 0 <= bar <= top:
            raise ValueError(f"The bar weight must be between 0 and {top} {unit}.")
        return prefs.model_copy(update={"bar_weight": bar, "bar_unit": unit})
    if key == "rest":
        rest = _number(value.rstrip("s"), "Rest")
        if not 0 <= rest <= 900 or rest != int(rest):
            raise ValueError("Rest is whole seconds from 0 to 900.")
        return prefs.model_copy(update={"rest_seconds": int(rest)})
    if key == "plates":
        typed, unit = split_unit(value, prefs.unit)
        plates = sorted({_number(p, "Each plate") for p in typed.replace(" ", "").split(",") if p}, reverse=True)
        top = 50 if unit == "kg" else 110
        if not plates or any(not 0 < p <= top for p in plates) or len(plates) > 12:
            raise ValueError(f"Plates are 1 to 12 weights between 0 and {top} {unit}, e.g. 25,20,10,5,2.5.")
        return prefs.model_copy(update={"plates": plates, "plates_unit": unit})
    raise ValueError(f"I don't know the setting “{key[:20]}”." if key else "Which setting?")


def _number(text: str, what: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise ValueError(f"{what} must be a number.") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{what} must be a number.")
    return value


__all__ = ["SettingsFlow", "apply_setting", "DEFAULT_BAR"]
