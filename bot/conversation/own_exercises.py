"""/exercise: a user's own exercises (name and kind), which then behave like the catalogue's."""

from __future__ import annotations

from ..storage.repository import ExerciseStore
from ..training.catalogue import Catalogue, Exercise, ExerciseKind, default_catalogue
from .flow import Flow
from .model import Reply, User, esc
from .turn import Turn

USAGE = (
    "Usage:\n"
    "<code>/exercise new &lt;name&gt; &lt;kind&gt;</code> — kind is <b>weight</b> (load × reps), <b>bodyweight</b> "
    "(reps, optional added load), <b>time</b> (a hold) or <b>distance</b> (distance and time), e.g. "
    "<code>/exercise new landmine press weight</code>\n"
    "<code>/exercise delete &lt;name&gt;</code>\n"
    "<code>/exercise</code> lists yours."
)
KIND_WORDS = {
    "weight": ExerciseKind.WEIGHT_REPS,
    "weights": ExerciseKind.WEIGHT_REPS,
    "weighted": ExerciseKind.WEIGHT_REPS,
    "weight_reps": ExerciseKind.WEIGHT_REPS,
    "bodyweight": ExerciseKind.BODYWEIGHT_REPS,
    "reps": ExerciseKind.BODYWEIGHT_REPS,
    "bodyweight_reps": ExerciseKind.BODYWEIGHT_REPS,
    "time": ExerciseKind.DURATION,
    "timed": ExerciseKind.DURATION,
    "hold": ExerciseKind.DURATION,
    "duration": ExerciseKind.DURATION,
    "distance": ExerciseKind.DISTANCE_DURATION,
    "cardio": ExerciseKind.DISTANCE_DURATION,
    "distance_duration": ExerciseKind.DISTANCE_DURATION,
}
KIND_NAMES = {
    ExerciseKind.WEIGHT_REPS: "load × reps",
    ExerciseKind.BODYWEIGHT_REPS: "bodyweight reps",
    ExerciseKind.DURATION: "timed hold",
    ExerciseKind.DISTANCE_DURATION: "distance and time",
}
MAX_NAME = 60
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 -'()")


def combined(base: Catalogue, own: list[Exercise]) -> Catalogue:
    """The built-in catalogue plus the user's own exercises. One the catalogue has since learnt (a new alias)
    is left out: the catalogue's wins, so history keys on one name."""
    return base.with_custom(e for e in own if base.resolve(e.name) is None)


async def user_catalogue(store: ExerciseStore, user_id: int) -> Catalogue:
    return combined(default_catalogue(), await store.own_exercises(user_id))


def parse_new(args: str) -> tuple[str, ExerciseKind] | None:
    """ "landmine press weight" -> ("landmine press", WEIGHT_REPS); None when it isn't a name and a kind."""
    words = args.lower().split()
    if len(words) < 2 or words[-1] not in KIND_WORDS:
        return None
    name = " ".join(words[:-1])
    if len(name) > MAX_NAME or not set(name) <= _NAME_CHARS or not name[0].isalpha():
        return None
    return name, KIND_WORDS[words[-1]]


class ExerciseFlow(Flow):
    commands = ("exercise",)

    def __init__(self, exercises: ExerciseStore):
        self.exercises = exercises

    async def command(self, turn: Turn, name: str, args: str, message_id: int | None = None) -> list[Reply]:
        user = turn.user
        if len(args) > 200:
            return [Reply(USAGE)]
        action, _, rest = args.strip().partition(" ")
        action = action.lower()
        if not action:
            return [await self._list(user)]
        if action in ("new", "add"):
            return [await self._new(user, rest)]
        if action in ("delete", "remove"):
            return [await self._delete(user, rest)]
        return [Reply(USAGE)]

    async def _list(self, user: User) -> Reply:
        own = await self.exercises.own_exercises(user.id)
        if not own:
            return Reply("You have no exercises of your own yet.\n" + USAGE)
        lines = [f"<b>Your own exercises</b> ({len(own)})"]
        lines += [f"• {esc(e.name)} — {KIND_NAMES[e.kind]}" for e in own]
        return Reply("\n".join(lines))

    async def _new(self, user: User, args: str) -> Reply:
        parsed = parse_new(args)
        if parsed is None:
            return Reply(USAGE)
        name, kind = parsed
        catalogue = await user_catalogue(self.exercises, user.id)
        if (found := catalogue.resolve(name)) is not None:
            whose = "one of yours" if found.custom else "in my catalogue"
            return Reply(f"“{esc(name)}” is already {whose}: <b>{esc(found.name)}</b>. Nothing added.")
        if not await self.exercises.add_exercises(user.id, [Exercise(name, kind, custom=True)]):
            return Reply("You have as many exercises of your own as I keep. Delete one with /exercise delete.")
        return Reply(
            f"✅ Added <b>{esc(name)}</b> ({KIND_NAMES[kind]}). Use it like any other: "
            f"<code>/progress {esc(name)}</code>, or in an import."
        )

    async def _delete(self, user: User, args: str) -> Reply:
        name = " ".join(args.lower().split())
        if not name:
            return Reply(USAGE)
        if await self.exercises.delete_exercise(user.id, name):
            return Reply(f"🗑 Deleted {esc(name)} from your exercises. Sets you logged with it stay in your history.")
        return Reply(f"You have no exercise of your own called “{esc(name[:MAX_NAME])}”. /exercise lists them.")
