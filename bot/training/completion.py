"""Which planned working sets of a session were not done: skipped, deleted, done as a drop set, or left
when it ended.

Progression reads this so a workout finished early never earns the next load. It is derived from the
session's stored plan and event log alone (replayed), never stored apart, so sessions saved before it
existed read the same way and the summary and the next card always agree."""

from __future__ import annotations

from collections import defaultdict

from .engine import WorkoutState

Block = tuple[str, int, int]  # (exercise, reps_min, reps_max): the sets progression reads together
Undone = dict[Block, tuple[int, ...]]  # a block's set numbers not done, in plan order
NotDone = dict[str, Undone]  # per session id


def not_done(state: WorkoutState, *, over: bool) -> Undone:
    """The set numbers of each block's planned working sets that were not logged. `over`: the session is
    finished, so the sets it never reached count too; in a running one they are still ahead."""
    # A drop set logged on a planned working set's card is that set not done at its load: the workout did
    # 2 of 3 working sets and a drop, which must not earn the next load (it did, as 3 sets done).
    logged = {s.position for s in state.logged if s.set_type != "drop" or s.target.added}
    out: dict[Block, list[int]] = defaultdict(list)
    for position, planned in enumerate(state.plan):
        if planned.set_type == "warmup" or position in logged:
            continue  # a warm-up left out is no working set missed
        if position >= state.position and not over:
            continue
        out[(planned.exercise, planned.reps_min, planned.reps_max)].append(planned.set_number)
    return {block: tuple(numbers) for block, numbers in out.items()}
