"""Training reminders: /remind (days as buttons, then a time) and /timezone."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import datetime, time, timedelta

from ..metrics import METRICS
from ..scheduling.schedules import DAY_NAMES, Schedule, due_action
from ..scheduling.time_of_day import ClockInputError, parse_time_of_day
from ..scheduling.typed_schedule import ScheduleInputError, read_days_and_time
from ..scheduling.zones import ZoneSuggestions, offset_for_local_time, read_timezone, zone_of
from ..storage.repository import ScheduleStore, StoredReminder, UserStore
from .callbacks import BadCallback, ReminderButton
from .flow import Flow, Notification
from .model import Button, CallbackOutcome, Reply, esc, read_as
from .prompts import AskTimezone, RemindTime
from .timer_bodies import SnoozeBody, as_payload, body_of
from .turn import Turn
from .zone_picker import dst_note, picker, suggestions

Clock = Callable[[], datetime]
NextWorkout = Callable[[int], Awaitable[tuple[str, str] | None]]  # user id -> (program id, title)

REMIND_USAGE = (
    "Usage: /remind to set or see reminders, /remind off to remove them all.\n"
    "You can also type it in one go: <code>/remind mon,wed,fri 18:30</code> or <code>/remind every day at 7am</code>"
)
TIMEZONE_USAGE = (
    "Usage: <code>/timezone Europe/Berlin</code>, <code>/timezone Kolkata</code> or <code>/timezone UTC+5:30</code> "
    "— or tell me your local time: <code>/timezone 14:05</code>."
)
# A local time typed after /timezone ("9:15pm", "14:05"), not an offset ("UTC+5:30", "+3").
_LOCAL_TIME = re.compile(r"^\s*\d{1,2}(?::\d\d\s*(?:[ap]\.?m\.?)?|\s*[ap]\.?m\.?)\s*$", re.IGNORECASE)
SNOOZE = timedelta(minutes=30)
MAX_REMINDERS = 20  # per user: a week of daily reminders at several times is far below this


def schedule_of(r: StoredReminder) -> Schedule:
    return Schedule(frozenset(r.days), time.fromisoformat(r.at), r.timezone)


def mask_of(days: set[int]) -> int:
    return sum(1 << d for d in days)


def days_of(mask: int) -> set[int]:
    return {d for d in range(7) if mask >> d & 1}


CANCEL_WORDS = frozenset({"cancel", "stop", "never mind", "nevermind", "no", "none", "skip"})


class ReminderFlow(Flow):
    commands = ("remind", "timezone")
    button_prefixes = ("r",)

    def __init__(
        self, schedule: ScheduleStore, users: UserStore, clock: Clock, next_workout: NextWorkout | None = None
    ):
        self.schedule, self.users = schedule, users
        self.clock = clock
        self.next_workout = next_workout

    # --- commands -----------------------------------------------------------
    async def command(self, turn: Turn, name: str, args: str, message_id: int | None = None) -> list[Reply]:
        user = turn.user
        if name == "timezone":
            return await self._timezone_command(turn, args)
        await turn.close_prompt(AskTimezone)  # /remind starts afresh: a time typed next is not a zone's
        words = args.lower().split()
        if not words:
            return [await self._overview(turn)]
        if words[0] in ("edit", "change", "move", "update", "reschedule"):  # "change the daily one to 7am"
            lead = (
                "To change a reminder, remove it here and set the new time, e.g. <code>/remind every day at 7am</code>."
            )
            return [await self._overview(turn, lead)]
        if words in (["delete"], ["remove"], ["cancel"], ["list"]):
            return [await self._overview(turn)]  # each reminder has its own remove button there
        if len(words) == 2 and words[0] in ("delete", "remove") and words[1].isdigit() and len(words[1]) <= 3:
            return [await self._remove_numbered(turn, int(words[1]))]  # "remove 1": the first in the list
        if words == ["off"]:
            await turn.close_prompt(RemindTime)  # a half-made reminder would otherwise still be made by the next time
            removed = await self.schedule.delete_reminders(user.id)
            return [
                Reply(
                    f"Done: removed {removed} reminder{'s' if removed != 1 else ''}."
                    if removed
                    else "You have no reminders to remove."
                )
            ]
        return [await self._one_line(turn, args)]

    async def _overview(self, turn: Turn, lead: str = "", edit: bool = False) -> Reply:
        user = turn.user
        prefs = await turn.preferences()
        existing = await self.schedule.reminders_of(user.id)
        lines = [lead] if lead else []
        lines += ["<b>Your reminders</b>"] if existing else ["You have no training reminders yet."]
        lines += [f"{n}. {esc(schedule_of(r).describe())}" for n, r in enumerate(existing, 1)]
        if not prefs.timezone_set:
            lines.append(f"\nYour time zone is {prefs.timezone}. Set yours with /timezone.")
        lines.append("\nPick the days for a new reminder:")
        rows = list(day_picker(0))
        # One remove button per reminder (to change one: remove it and set the new time), and one for all.
        rows += [
            (Button(f"🗑 Remove {schedule_of(r).describe()}"[:60], ReminderButton("rm", reminder=r.id).pack()),)
            for r in existing
        ]
        if len(existing) > 1:
            rows.append((Button("🗑 Remove all", ReminderButton("off").pack()),))
        return Reply("\n".join(lines), tuple(rows), edit=edit)

    async def _remove_numbered(self, turn: Turn, number: int) -> Reply:
        existing = await self.schedule.reminders_of(turn.user.id)
        if not 1 <= number <= len(existing):
            have = f"You have {len(existing)} reminder{'s' if len(existing) != 1 else ''}." if existing else ""
            return Reply(f"There is no reminder {number}. {have} /remind lists them with their numbers.".strip())
        gone = existing[number - 1]
        await self.schedule.delete_reminders(turn.user.id, gone.id)
        return await self._overview(turn, f"🗑 Removed: {esc(schedule_of(gone).describe())}.")

    async def _one_line(self, turn: Turn, args: str) -> Reply:
        try:
            days, at = read_days_and_time(args)
        except ScheduleInputError as exc:
            said = f"{esc(str(exc))}\n" if str(exc) else ""
            return Reply(f"{said}{REMIND_USAGE}")
        return await self._create(turn, set(days), at)

    async def _create(self, turn: Turn, days: set[int], at: time) -> Reply:
        user = turn.user
        prefs = await turn.preferences()
        schedule = Schedule(frozenset(days), at, prefs.timezone)
        existing = await self.schedule.reminders_of(user.id)
        # The same time on days an existing reminder already covers ("mon 18:30" beside "mon, wed, fri 18:30").
        if covering := next((r for r in existing if _covers(schedule_of(r), schedule)), None):
            return Reply(f"You already have that reminder: {esc(schedule_of(covering).describe())}.")
        if len(existing) >= MAX_REMINDERS:
            return Reply(
                f"You have {len(existing)} reminders, the most I keep. "
                "Remove them with /remind off, then set the ones you need."
            )
        next_fire = schedule.next_fire(self.clock())
        await self.users.touch_user(user.id, user.chat_id, user.first_name)
        await self.schedule.add_reminder(
            user.id, user.chat_id, sorted(days), at.strftime("%H:%M"), prefs.timezone, next_fire
        )
        await turn.close_prompt(RemindTime)
        note = (
            ""
            if prefs.timezone_set
            else "\n(Using UTC. Set your time zone with /timezone so it fires at your local time.)"
        )
        local = next_fire.astimezone(zone_of(prefs.timezone))
        return Reply(f"⏰ Reminder set: {esc(schedule.describe())}.\nNext one: {local:%a %d %b, %H:%M}.{note}")

    async def _timezone_command(self, turn: Turn, args: str) -> list[Reply]:
        prefs = await turn.preferences()
        if not args.strip():
            await self._ask_zone(turn)
            return [
                Reply(
                    f"Your time zone is <b>{prefs.timezone}</b>.\n"
                    f"What time is it for you right now? (e.g. 14:05)\n{TIMEZONE_USAGE}"
                )
            ]
        if _LOCAL_TIME.search(args):  # "/timezone 9:15pm": the answer to the question it would ask
            try:
                local = parse_time_of_day(args)
            except ClockInputError:
                pass
            else:
                await self._ask_zone(turn)
                now = self.clock()
                return [picker(offset_for_local_time(local, now), now)]  # the prompt stays open: a city may follow
        return [await self._typed_zone(turn, args)]

    async def _ask_zone(self, turn: Turn) -> None:
        """Open the time-zone question; a reminder half made (its days picked) goes on after the zone."""
        half_made = await turn.prompt()
        await turn.set_prompt(AskTimezone(then_remind=half_made.days if isinstance(half_made, RemindTime) else None))

    async def _typed_zone(self, turn: Turn, text: str) -> Reply:
        """A zone, city or offset typed: set (saying how a typo was read), or near misses to tap; a
        value that is no zone changes nothing."""
        try:
            reading = read_timezone(text)
        except ZoneSuggestions as exc:
            return suggestions(str(exc), exc.zones, exc.labels)
        except ClockInputError as exc:
            return Reply(esc(str(exc)))
        typed = " ".join(text.split())[:40]
        note = read_as(typed, reading.zone) if reading.corrected else ""
        if reading.meaning:  # an abbreviation or a city of the table: what it stands for, and how to change it
            note = (
                f"(I read “{esc(typed)}” as <b>{esc(reading.zone)}</b>, {esc(reading.meaning)}. "
                "Not yours? Send /timezone with your city or an offset like UTC-5.)\n"
            )
        return await self._set_timezone(turn, reading.zone, note)

    async def _set_timezone(self, turn: Turn, zone: str, note: str = "") -> Reply:
        user = turn.user
        prefs = await turn.preferences()
        await turn.save_preferences(prefs.model_copy(update={"timezone": zone, "timezone_set": True}))
        asked = await turn.prompt()
        await turn.close_prompt(AskTimezone)
        now = self.clock()
        await self.schedule.retime_reminders(user.id, zone, lambda r: schedule_of(r).next_fire(now))
        local = now.astimezone(zone_of(zone))
        then = ""
        if isinstance(asked, AskTimezone) and asked.then_remind is not None:  # back to the reminder being made
            await turn.set_prompt(RemindTime(days=asked.then_remind))
            then = f"\n{', '.join(DAY_NAMES[d] for d in asked.then_remind)}: what time for your reminder?"
        return Reply(
            f"{note}🌍 Time zone set to <b>{zone}</b> (your time now: {local:%H:%M}). {dst_note(zone, now)}{then}"
        )

    # --- typed answers ------------------------------------------------------
    async def on_text(self, turn: Turn, text: str, message_id: int | None = None) -> list[Reply] | None:
        if not might_answer_prompt(text):
            return None  # a question typed mid-prompt is answered; the prompt stays open (and we skip a read)
        prompt = await turn.prompt()
        if isinstance(prompt, (RemindTime, AskTimezone)) and text.strip().lower().strip(".!") in CANCEL_WORDS:
            await turn.set_prompt(None)
            return [Reply("OK, nothing changed." + (" No new reminder." if isinstance(prompt, RemindTime) else ""))]
        if isinstance(prompt, RemindTime):
            try:
                at = parse_time_of_day(text)
            except ClockInputError as exc:
                # not "/remind off": that deletes the reminders the user already has
                return [Reply(f"{esc(str(exc))} (Or send <code>cancel</code> to set no new reminder.)")]
            return [await self._create(turn, set(prompt.days or range(7)), at)]
        if isinstance(prompt, AskTimezone):
            try:
                local = parse_time_of_day(text)
            except ClockInputError:
                return [await self._typed_zone(turn, text)]
            now = self.clock()
            return [picker(offset_for_local_time(local, now), now)]  # the prompt stays open: a city may follow
        return None

    # --- buttons ------------------------------------------------------------
    async def on_button(
        self, turn: Turn, data: str, tap_id: str | None = None, message_id: int | None = None
    ) -> CallbackOutcome:
        user = turn.user
        data = data.partition(":")[2]
        try:
            b = ReminderButton.unpack(data)
        except BadCallback:
            return CallbackOutcome(toast="That button is from an older message.")
        action = b.action
        try:
            if action == "d":  # toggle a day
                mask, pick = b.mask, b.pick
                days = days_of(mask)
                if pick == "all":
                    days = set(range(7))
                elif pick == "wk":
                    days = set(range(5))
                else:
                    days ^= {int(pick)} if 0 <= int(pick) <= 6 else set()
                return CallbackOutcome(
                    [Reply("Pick the days for a new reminder:", tuple(day_picker(mask_of(days))), edit=True)]
                )
            if action == "n":  # days chosen
                days = days_of(b.mask)
                if not days:
                    return CallbackOutcome(toast="Pick at least one day first.")
                await turn.set_prompt(RemindTime(days=sorted(days)))
                names = ", ".join(DAY_NAMES[d] for d in sorted(days))
                return CallbackOutcome(
                    [Reply(f"{names}: what time? Type it like <code>18:30</code> or <code>6:30pm</code>.", edit=True)]
                )
            if action == "rm":  # one reminder; the list is shown again without it
                gone = next((r for r in await self.schedule.reminders_of(user.id) if r.id == b.reminder), None)
                if gone is None or not await self.schedule.delete_reminders(user.id, b.reminder):
                    return CallbackOutcome(toast="That reminder was already removed.")
                said = f"🗑 Removed: {esc(schedule_of(gone).describe())}."
                return CallbackOutcome([await self._overview(turn, said, edit=True)])
            if action == "off":
                removed = await self.schedule.delete_reminders(user.id)
                return CallbackOutcome([Reply(f"Removed {removed} reminder{'s' if removed != 1 else ''}.", edit=True)])
            if action == "tz":  # a button names its zone exactly: no typo reading here
                reading = read_timezone(b.zone)
                if not reading.corrected:
                    return CallbackOutcome([await self._set_timezone(turn, reading.zone)])
            if action == "tzp":  # another page of the zones at the user's offset
                return CallbackOutcome([picker(b.offset, self.clock(), b.page, edit=True)])
            if action in ("z", "s"):  # snooze or skip a fired reminder
                reminder = await self.schedule.get_reminder(b.reminder)
                if reminder is None or reminder.user_id != user.id:
                    return CallbackOutcome(toast="That reminder no longer exists.")
                if action == "z":
                    pending = [
                        t
                        for t in await self.schedule.pending_timers("snooze")
                        if t.user_id == user.id
                        and (snooze := body_of(t, SnoozeBody)) is not None
                        and snooze.reminder == reminder.id
                    ]
                    if pending:  # one snooze per reminder: tapping again adds nothing
                        return CallbackOutcome(toast="Already snoozed: I'll remind you again in 30 minutes.")
                    await self.schedule.add_timer(
                        user.id,
                        user.chat_id,
                        "snooze",
                        self.clock() + SNOOZE,
                        as_payload(SnoozeBody(reminder=reminder.id)),
                    )
                    return CallbackOutcome([Reply("😴 Snoozed: I'll remind you again in 30 minutes.", edit=True)])
                return CallbackOutcome([Reply("⏭ Skipped today. Rest well, see you next time!", edit=True)])
        except (ValueError, IndexError, ClockInputError):
            pass
        return CallbackOutcome(toast="That button is from an older message.")

    # --- firing -------------------------------------------------------------
    bulk_notifications = True  # reminders come in storms (everyone at 18:00): sent apart from rest timers

    async def due(self, now: datetime, limit: int | None = None) -> list[Notification]:
        """Due reminders and snoozes, at most `limit` claimed per call (the rest stay due for the next)."""
        out: list[Notification] = []
        due = await self.schedule.due_reminders(now)
        for reminder in due[:limit] if limit is not None else due:
            action = due_action(reminder.next_fire_at, now)
            following = schedule_of(reminder).next_fire(max(now, reminder.next_fire_at))
            if not await self.schedule.advance_reminder(reminder.id, reminder.next_fire_at, following):
                continue  # another process fired it
            if action == "fire":
                METRICS.reminder_lag.observe((now - reminder.next_fire_at).total_seconds())
                out.append(Notification(reminder.chat_id, await self._reminder_message(reminder)))
        for timer in await self.schedule.pending_timers("snooze"):
            if limit is not None and len(out) >= limit:
                break
            if timer.due_at <= now and await self.schedule.claim_timer(timer.id, now):
                snooze = body_of(timer, SnoozeBody)
                snoozed = await self.schedule.get_reminder(snooze.reminder) if snooze is not None else None
                if snoozed is not None:
                    out.append(Notification(timer.chat_id, await self._reminder_message(snoozed)))
        return out

    async def _reminder_message(self, reminder: StoredReminder) -> Reply:
        plan = await self.next_workout(reminder.user_id) if self.next_workout else None
        rows: list[tuple[Button, ...]] = []
        text = "🏋️ <b>Time to train!</b>"
        if plan:
            program_id, title = plan
            text += f"\nToday's plan: <b>{esc(title)}</b>"
            rows.append((Button("▶️ Start now", f"w:go:{program_id}"[:64]),))
        else:
            rows.append((Button("▶️ Start a workout", "w:menu"),))
        rows.append(
            (
                Button("⏰ Snooze 30 min", ReminderButton("z", reminder=reminder.id).pack()),
                Button("⏭ Skip today", ReminderButton("s", reminder=reminder.id).pack()),
            )
        )
        return Reply(text, tuple(rows))


def _covers(have: Schedule, new: Schedule) -> bool:
    return (have.at, have.timezone) == (new.at, new.timezone) and new.days <= have.days


def day_picker(mask: int) -> list[tuple[Button, ...]]:
    chosen = days_of(mask)
    days = [
        Button(("✅ " if d in chosen else "") + DAY_NAMES[d], ReminderButton("d", mask=mask, pick=str(d)).pack())
        for d in range(7)
    ]
    return [
        tuple(days[:4]),
        tuple(days[4:]),
        (
            Button("Every day", ReminderButton("d", mask=mask, pick="all").pack()),
            Button("Weekdays", ReminderButton("d", mask=mask, pick="wk").pack()),
        ),
        (Button("Next ➡️", ReminderButton("n", mask=mask).pack()),),
    ]


def might_answer_prompt(text: str) -> bool:
    """Could this message be a reply to "what time?" or "which time zone?"?

    Times have digits ("7:30", "7pm") or are a few words ("seven thirty"); zones are a few words
    ("Europe/Berlin", "New York"). Questions are longer or end in "?"."""
    stripped = text.strip()
    if "?" in stripped or len(stripped) > 40:
        return False
    return any(c.isdigit() for c in stripped) or len(stripped.split()) <= 3
