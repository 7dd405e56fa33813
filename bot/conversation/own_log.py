"""Questions about the user's own training ("why is my hip thrust stuck?", "am I progressing?",
"what did I lift last week?"), answered from their own log with the numbers, plus passages on
what to do about it. Only the asking user's sets are ever read.

Detection patterns are anchored word alternations with bounded gaps, so matching is linear in
the message length.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta

from ..history.records import SetRecord, bests
from ..history.setlog import fold
from ..history.trends import MIN_SESSIONS, LiftTrend, exercises_by_sessions, trend
from ..retrieval.corpus import Passage
from ..retrieval.text import trim_to_sentences
from ..retrieval.topics import topics_in
from ..storage.repository import BodyWeightStore, UserStore, WorkoutStore
from ..training.catalogue import default_catalogue
from ..training.units import Unit, from_kg, show_load
from .model import Reply, esc
from .progress import LABELS, show_best
from .render import topic_button
from .turn import Turn
from .workout_cards import estimate
from .workout_log import SessionLog

RECENT, PROGRESS, RECORDS = "recent", "progress", "records"
_RECENT = re.compile(
    r"\bwhat (?:did|have) i (?:lift|lifted|do|done|train|trained)\b(?! wrong)"
    r"|\bmy (?:last|latest|recent) (?:few |couple of )?(?:workout|session)s?\b"
    # "look at my log", "what does my log say" (a stranger's three ways of asking got articles)
    r"|\b(?:check|look at|read|see|review|go through) my (?:training )?(?:log|workouts?|history)\b"
    r"|\bwhat does my (?:training )?log say\b"
    r"|\bmy\b[\w' -]{0,30}?\bnumbers\b[\w' -]{0,20}?\b(?:last|this|yesterday)\b"  # "my bench numbers last week"
    # "what did I bench last week", "how much did I squat on thursday": a lift as the verb, and a time
    r"|\b(?:what|how much|how heavy) (?:did|have) i (?:bench|benched|squat|squatted|deadlift|deadlifted|press|pressed"
    r"|row|rowed|pull|pulled|thrust|hip thrust|curl|curled)\b"
    r"[\w' -]{0,30}?\b(?:last|this|yesterday|today|on (?:mon|tue|wed|thu|fri|sat|sun)\w*)\b"
    r"|\b(?:show|list) (?:me )?my (?:workouts?|sets|lifts|training)\b",
    re.IGNORECASE,
)
_PROGRESS = re.compile(
    # "my progress" as the thing to look at, not as what sleep or diet affects ("how much is that hurting my progress")
    r"\bam i (?:progressing|improving|getting stronger|making (?:any )?progress)\b"
    r"|\b(?:check|show|see|how(?:'s| is)|what(?:'s| is)) my progress\b|\bmy progress (?:on|in|with|so far)\b"
    r"|\bhow am i doing\b|\bhave i (?:progressed|improved|gotten stronger|got stronger)\b"
    r"|\bmy\b[\w' -]{1,40}?\b(?:stuck|stall(?:ed|ing|s)?|plateau(?:ed|ing|s)?"
    r"|not (?:going up|improving|progressing|moving)|(?:going|gone) (?:down|backwards))\b"
    r"|\bmy\b[\w' -]{1,40}?\b(?:is|are) (?:going up|moving up|improving|progressing|getting (?:better|stronger))\b"
    r"|\b(?:is|are) my\b[\w' -]{1,40}?\b(?:going up|moving up|improving|progressing"
    r"|getting (?:better|stronger|heavier))\b",
    re.IGNORECASE,
)
# "what was my best bench?", "my deadlift PR", "what's my heaviest squat", "what's my max hip thrust".
_RECORDS = re.compile(
    r"\bmy (?:best|heaviest|biggest|top|max|all[- ]time best)\b"
    r"(?! (?:way|ways|option|options|bet|friend|time|rep range|choice|approach|plan|advice|move|day|heart rate))"
    r"|\bmy (?:prs?|pbs?|personal (?:bests?|records?)|records?)\b"
    r"|\bmy [\w'-][\w' -]{0,29}?\b(?:prs?|pbs?|personal (?:bests?|records?)|records?|max|1rm|one rep max)\b",
    re.IGNORECASE,
)
RECENT_DAYS = 7
# Passages cited with a trend, by what the trend shows; the first one found in the index is quoted.
CITE = {
    "stuck_hard": ("deloads-and-recovery#When to deload", "tracking-progress#When progress stalls"),
    "stuck": ("tracking-progress#When progress stalls", "deloads-and-recovery#Sleep and recovery"),
    "up": ("tracking-progress#Spotting trends in your training log", "deloads-and-recovery#When to deload"),
}


# "my bar gets stuck halfway" is about technique (a sticking point), not about the log.
_TECHNIQUE = re.compile(
    r"\b(?:halfway|half way|midway|bottom|lockout|sticking point|off the chest|off the floor)\b", re.I
)


# "how often should i test my max" asks how to train, not what the log holds.
_TESTING = re.compile(r"\b(?:test|testing|find|finding|increase|improve|raise|boost|max out) my (?:max|1rm|best)", re.I)


def own_log_kind(text: str) -> str | None:
    head = text[:500]
    if _PROGRESS.search(head) and not _TECHNIQUE.search(head):
        return PROGRESS
    if _RECORDS.search(head) and not _TECHNIQUE.search(head) and not _TESTING.search(head):
        return RECORDS
    if _RECENT.search(head):
        return RECENT
    return None


class OwnLog:
    def __init__(
        self,
        workouts: WorkoutStore,
        users: UserStore,
        passage: Callable[[str], Passage | None],
        clock: Callable[[], datetime],
        body_weights: BodyWeightStore | None = None,
    ):
        self.workouts, self.users, self._passage, self._clock = workouts, users, passage, clock
        self.log = SessionLog(workouts, body_weights)  # body weights: a bodyweight lift's e1RM counts them

    async def answer(self, turn: Turn, text: str) -> Reply | None:
        """The reply from the user's log, or None when the message is not about their own log."""
        user = turn.user
        kind = own_log_kind(text)
        if kind is None:
            return None
        prefs = await turn.preferences()
        unit = prefs.unit
        records = await self.log.weighed(user.id, fold(await self.workouts.set_events(user.id)))
        if kind == RECENT:
            # "what did I bench last week": that lift's sets only, when it was logged
            named = lift_named(text, [name for name, _ in exercises_by_sessions(records)])
            only = [r for r in records if r.exercise == named] if named else []
            return Reply(recent_text(only or records, self._clock(), unit, prefs.local))
        if kind == RECORDS:
            return Reply(records_text(records, text, unit))
        return self._progress(records, text, unit)

    def _progress(self, records: list[SetRecord], text: str, unit: Unit) -> Reply:
        logged = exercises_by_sessions(records)
        named = lift_named(text, [name for name, _ in logged])
        if named is not None:
            lifts = [named]
        else:
            lifts = [name for name, n in logged if n >= MIN_SESSIONS][:3]
            if not lifts:
                return Reply(esc(not_enough(logged[:1])))
        trends = [trend(records, name) for name in lifts]
        if not trends[0].enough:
            # Say so instead of guessing, and still answer with what to check when a lift stalls: "why is my bench
            # going backwards?" from someone who logs elsewhere got only "no sessions of bench press" and two buttons.
            cited = [p for p in (self._passage(key) for key in CITE["stuck"]) if p is not None]
            text_out = esc(not_enough([(trends[0].exercise, trends[0].total_sessions)]))
        else:
            lines = [trend_line(t, unit) for t in trends if t.enough]
            cited = [p for p in (self._passage(key) for key in CITE[_cite_kind(trends[0])]) if p is not None]
            text_out = "\n\n".join(esc(line) for line in lines)
        if cited:
            first = cited[0]
            text_out += (
                f"\n\n<b>{esc(first.section)}</b>\n{esc(trim_to_sentences(first.text, 320))}"
                f"\n\n<i>Source: {esc(first.citation)}</i>"
            )
        return Reply(text_out, tuple((topic_button(p),) for p in cited[1:]))


def lift_named(text: str, logged: list[str]) -> str | None:
    """The logged exercise a question is about: its name in the text, else a shared lift topic."""
    lowered = text.lower()
    for name in sorted(logged, key=len, reverse=True):
        if name.lower() in lowered:
            return name
    if (exercise := _catalogue_name_in(lowered)) is not None:  # "bench" is the bench press, never another lift
        return exercise
    asked = topics_in(text)
    if not asked:
        return None
    for name in logged:
        if topics_in(name) & asked:
            return name
    return sorted(asked)[0]  # named, but never logged: zero sessions of it


def _catalogue_name_in(lowered: str) -> str | None:
    """The catalogue exercise a name or alias in the text means, longest match first ("my best bench"
    -> bench press). Windows of up to three of the first 30 words: linear in the text."""
    words = re.findall(r"[a-z0-9'-]+", lowered[:300])[:30]
    catalogue = default_catalogue()
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            found = catalogue.resolve(" ".join(words[start : start + size]))
            if found is not None:
                return found.name
    return None


def not_enough(logged: list[tuple[str, int]]) -> str:
    if not logged or logged[0][1] == 0:
        name = logged[0][0] if logged else "any lift"
        return (
            f"I can't see a trend yet: your log has no sessions of {name}. "
            f"After {MIN_SESSIONS} sessions of a lift I can tell you how it's going."
        )
    name, n = logged[0]
    sessions = "session" if n == 1 else "sessions"
    return (
        f"Your log has only {n} {sessions} of {name}, so I won't guess at a trend. "
        f"After {MIN_SESSIONS} sessions of it I can tell you whether it's going up, flat or down, and why."
    )


def trend_line(t: LiftTrend, unit: Unit) -> str:
    n = len(t.sessions)
    first, last = t.sessions[0], t.sessions[-1]
    words = {"up": "going up", "down": "going down", "flat": "flat"}[t.direction]
    if t.loaded:
        a, b = estimate(first.best_e1rm_kg, unit), estimate(last.best_e1rm_kg, unit)  # as the summary shows it
        line = f"{t.exercise.capitalize()}, last {n} sessions: estimated 1RM {a} → {b} ({t.e1rm_change:+.1%}), {words}."
    else:
        reps = f"best set {first.best_reps} → {last.best_reps} reps"
        line = f"{t.exercise.capitalize()}, last {n} sessions: {reps}, {words}."
    span = (last.day - first.day).days
    if span >= 7:
        line += f" {t.per_week:.1f} sessions a week."
    else:  # a rate per week from days apart says nothing ("3.0 sessions a week" for three on one day)
        line += " All on one day." if span == 0 else f" {n} sessions in {span + 1} days."
    if t.loaded:
        v1, v2 = from_kg(first.volume_kg, unit), from_kg(last.volume_kg, unit)
        line += f" Volume per session {v1:,.0f} → {v2:,.0f} {unit}."
    rpe = t.rpe_change
    if rpe is not None:
        line += f" Average RPE {'up' if rpe > 0 else 'down'} {abs(rpe):.1f}." if abs(rpe) >= 0.25 else " RPE steady."
    return line


def _cite_kind(t: LiftTrend) -> str:
    if t.direction == "up":
        return "up"
    rpe = t.rpe_change
    return "stuck_hard" if rpe is not None and rpe >= 0.5 else "stuck"


def recent_text(
    records: list[SetRecord], now: datetime, unit: str, local: Callable[[datetime], datetime] = lambda at: at
) -> str:
    """`local` puts a time on the user's clock (Preferences.local): the days named are the user's."""
    since = now - timedelta(days=RECENT_DAYS)
    recent = [r for r in records if r.performed_at >= since and r.counts and r.reps > 0]
    if not recent:
        last = max((r.performed_at for r in records), default=None)
        tail = f" Your last logged set was on {local(last):%a %d %b}." if last else " Your log is empty so far."
        return esc(f"You haven't logged any sets in the last {RECENT_DAYS} days.{tail}")
    sessions: dict[str, list[SetRecord]] = {}
    for r in recent:
        sessions.setdefault(r.session_id, []).append(r)
    lines = [f"<b>Your last {RECENT_DAYS} days</b>"]
    total = 0.0
    for sets in sorted(sessions.values(), key=lambda s: s[0].performed_at):
        lines.append(f"\n<b>{local(sets[0].performed_at):%a %d %b}</b> · {esc(sets[0].workout)}")
        by_exercise: dict[str, list[SetRecord]] = {}
        for s in sets:
            by_exercise.setdefault(s.exercise, []).append(s)
        for name, done in by_exercise.items():
            top = max(done, key=lambda s: (s.load_kg, s.reps))
            reps = "/".join(str(s.reps) for s in done)
            count = f"{len(done)} set" + ("" if len(done) == 1 else "s")
            lines.append(f"• {esc(name)}: {count}, reps {reps}, top {show_load(top.load, top.unit)}")
        total += sum(s.load_kg * s.reps for s in sets)
    count = f"{len(sessions)} session" + ("" if len(sessions) == 1 else "s")
    lines.append(f"\nTotal volume: {from_kg(total, unit):,.0f} {unit} in {count}.")
    return "\n".join(lines)


def records_text(records: list[SetRecord], text: str, unit: Unit) -> str:
    """The user's records for the lift the question names (or their three most trained lifts), read
    from sets that count, in the metrics that fit the exercise's kind."""
    logged = exercises_by_sessions(records)
    named = lift_named(text, [name for name, _ in logged]) or _by_word(text, [name for name, _ in logged])
    lifts = [named] if named is not None else [name for name, _ in logged[:3]]
    if not lifts:
        return esc("Your log is empty so far, so there are no records yet. Log a workout with /workout.")
    lines = []
    for name in lifts:
        known = default_catalogue().get(name)
        found = bests(records, name, known.kind.value if known is not None else "weight_reps")
        if not found:
            lines.append(f"Your log has no sets of {esc(name)} yet, so no record.")
            continue
        held = ", ".join(f"{LABELS[b.metric]} {show_best(b, unit)} ({b.record.performed_at:%d %b %Y})" for b in found)
        lines.append(f"🏆 {esc(name.capitalize())}: {esc(held)}")
    return "\n".join(lines)


_GENERIC = frozenset({"barbell", "dumbbell", "machine", "cable", "single", "seated", "standing", "incline"})


def _by_word(text: str, logged: list[str]) -> str | None:
    """A logged exercise one of whose own words the question uses ("my best bench" -> bench press)."""
    words = set(re.findall(r"[a-z]+", text.lower()))
    for name in logged:  # most trained first
        if any(len(w) >= 4 and w not in _GENERIC and w in words for w in name.lower().split()):
            return name
    return None
