"""Button data codecs: what we pack comes back the same; anything else is refused, never crashes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.conversation.callbacks import (
    BadCallback,
    HistoryButton,
    ReminderButton,
    SettingsButton,
    TopicButton,
    VoteButton,
    WorkoutButton,
    read_set_arg,
    set_arg,
)

session_ids = st.text("0123456789abcdef", min_size=32, max_size=32)


loads = st.integers(1, 220_462).map(lambda x: f"{x / 100:g}")  # up to 2204.62 (1,000 kg in lb)
args_by_action = st.one_of(
    st.tuples(
        st.just("ok"),
        st.builds(  # what the bot packs (hypothesis found 65 bytes for a marked set in the long form)
            set_arg,
            st.integers(1, 100),
            st.one_of(st.none(), loads.map(float)),
            st.sampled_from(["kg", "lb"]),
            st.sampled_from([None, 8.0, 9.5, 10.0]),
            st.sampled_from(["working", "drop", "failure"]),  # a drop or failure set's confirmation
        ),
    ),
    st.tuples(st.just("load"), st.one_of(st.just("bw"), loads)),
    st.tuples(st.just("adj"), st.sampled_from(["r-", "r+", "l-", "l+"])),
    st.tuples(st.just("rest"), st.sampled_from(["add", "skip"])),
    st.tuples(st.just("swapto"), st.integers(0, 5).map(str)),
    st.tuples(
        st.sampled_from(sorted(WorkoutButton.ACTIONS - {"menu", "ok", "load", "adj", "rest", "swapto"})), st.just("")
    ),
)


@given(
    args_by_action, session_ids, st.integers(0, 299), st.integers(0, 999)
)  # plans hold at most 300 sets; epochs wrap at 1000
def test_workout_buttons_the_bot_makes_fit_and_round_trip(action_arg, session, position, epoch):
    action, arg = action_arg
    button = WorkoutButton(action, session, position, epoch, arg)
    data = button.pack()
    assert len(data.encode()) <= 64 and data.startswith("w:")
    assert WorkoutButton.unpack(data[2:]) == button


@given(st.sampled_from(sorted(HistoryButton.ACTIONS - {"page"})), session_ids, st.integers(0, 99999))
def test_history_buttons_round_trip(action, session, page):
    assert HistoryButton.unpack(HistoryButton(action, session, page).pack()[2:]) == HistoryButton(action, session, page)


@given(
    st.integers(1, 100),
    st.one_of(st.none(), loads.map(float)),
    st.sampled_from(["kg", "lb"]),
    st.sampled_from([None, 8.0, 9.5, 10.0]),
    st.sampled_from(["working", "drop", "failure"]),
)
def test_a_packed_set_reads_back_and_so_do_buttons_of_the_long_form(reps, load, unit, rpe, set_type):
    typed = {"set_type": set_type} if set_type != "working" else {}
    assert (
        read_set_arg(set_arg(reps, load, unit, rpe, set_type))
        == {
            "reps": reps,
            "load": load,
            "unit": unit,
            "rpe": rpe,
        }
        | typed
    )
    # buttons already in chats, sent before the compact form
    long_form = f"{reps}_{'-' if load is None else f'{load:g}'}_{unit}_{'-' if rpe is None else f'{rpe:g}'}"
    long_form += f"_{set_type[0]}" if typed else ""
    assert read_set_arg(long_form) == read_set_arg(set_arg(reps, load, unit, rpe, set_type))


def test_the_longest_confirmation_button_fits():
    longest = WorkoutButton("ok", "f" * 32, 299, 999, set_arg(100, 2204.62, "lb", 9.5, "failure")).pack()
    assert len(longest.encode()) == 64 and read_set_arg(WorkoutButton.unpack(longest[2:]).arg)["set_type"] == "failure"


@pytest.mark.parametrize("bad", ["5_100_kx_-", "5_100_k_-_d", "5_100_kz_-", "5_100_kgd_-", "5_100", "5_x_k_-", ""])
def test_a_malformed_set_argument_reads_as_nothing(bad):
    assert read_set_arg(bad) is None


def test_packing_refuses_data_over_64_bytes_instead_of_truncating():
    with pytest.raises(ValueError, match="64 bytes"):
        WorkoutButton("ok", "a" * 40, 9999, 9999, "x" * 24).pack()


@pytest.mark.parametrize(
    "rest",
    [
        "",
        "done",
        "bogus:abc:0:0:",
        "done:abc:²:0:",
        "done:abc:0:²:",
        "done:abc:123456:0:",
        "done:ABC!:0:0:",
        "done:" + "a" * 41 + ":0:0:",
        "ok:abc:0:0:" + "9" * 30,
        "ok:abc:0:0:5_1e999_kg_<b>",
        "done:abc:0:0:x:y",
        "resume:",
        "go:ha ha",
    ],
)
def test_forged_workout_data_is_refused(rest):
    with pytest.raises(BadCallback):
        WorkoutButton.unpack(rest)


@pytest.mark.parametrize("rest", ["page:²", "page:x:1", "open:abc:99999999999", "open::0", "drop:abc:0", "open:abc"])
def test_forged_history_data_is_refused(rest):
    with pytest.raises(BadCallback):
        HistoryButton.unpack(rest)


@pytest.mark.parametrize("rest", ["colour:red", "unit:<b>", "rest:" + "9" * 30, ""])
def test_forged_settings_data_is_refused(rest):
    with pytest.raises(BadCallback):
        SettingsButton.unpack(rest)


def test_short_forms_from_reminder_messages_still_work():
    assert WorkoutButton.unpack("go:heavy-hip-thrust-day") == WorkoutButton("go", "heavy-hip-thrust-day")
    assert WorkoutButton.unpack("menu") == WorkoutButton("menu")


@pytest.mark.parametrize(
    "button",
    [
        ReminderButton("d", mask=127, pick="wk"),
        ReminderButton("d", mask=5, pick="3"),
        ReminderButton("n", mask=96),
        ReminderButton("off"),
        ReminderButton("tz", zone="America/Argentina/Buenos_Aires"),
        ReminderButton("z", reminder=9_000_000_000),
        ReminderButton("s", reminder=1),
        VoteButton(123456789012, 1),
        VoteButton(7, -1),
        TopicButton("0123456789ab"),
    ],
)
def test_reminder_vote_and_topic_buttons_round_trip(button):
    data = button.pack()
    assert len(data.encode()) <= 64
    assert type(button).unpack(data[2:]) == button


@pytest.mark.parametrize(
    ("codec", "rest"),
    [
        (ReminderButton, "d:999:1"),
        (ReminderButton, "d:5:7"),
        (ReminderButton, "d:²:1"),
        (ReminderButton, "z:99999999999999999999"),
        (ReminderButton, "z:٣"),
        (ReminderButton, "tz:<b>"),
        (ReminderButton, "tz:" + "a" * 41),
        (ReminderButton, "off:x"),
        (ReminderButton, "boom"),
        (VoteButton, "²:1"),
        (VoteButton, "٣:1"),
        (VoteButton, "99999999999999999999:1"),
        (VoteButton, "5:2"),
        (TopicButton, "xyz"),
        (TopicButton, "0123456789abcdef"),
    ],
)
def test_forged_reminder_vote_and_topic_data_is_refused(codec, rest):
    with pytest.raises(BadCallback):
        codec.unpack(rest)


def test_a_confirmed_set_keeps_its_drop_or_failure_mark():
    from bot.conversation.callbacks import read_set_arg, set_arg

    assert read_set_arg(set_arg(8, 135.0, "lb", None, "drop")) == {
        "reps": 8,
        "load": 135.0,
        "unit": "lb",
        "rpe": None,
        "set_type": "drop",
    }
    assert read_set_arg(set_arg(5, 100.0, "kg", 9.5)) == {"reps": 5, "load": 100.0, "unit": "kg", "rpe": 9.5}
    assert read_set_arg("5_100_kg_-_x") is None and read_set_arg("5_100_kg_-_d_d") is None
