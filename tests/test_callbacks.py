"""Button data codecs: what we pack comes back the same; anything else is refused, never crashes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.conversation.callbacks import BadCallback, HistoryButton, SettingsButton, WorkoutButton

session_ids = st.text("0123456789abcdef", min_size=32, max_size=32)


@given(st.sampled_from(sorted(WorkoutButton.ACTIONS - {"menu"})), session_ids, st.integers(0, 999), st.integers(0, 999),
       st.text("abcdefghijklmnopqrstuvwxyz0123456789.+-_", max_size=18))  # plans are at most 300 sets; "100_2204.62_lb_9.5" is 18
def test_workout_buttons_round_trip(action, session, position, epoch, arg):
    button = WorkoutButton(action, session, position, epoch, arg)
    data = button.pack()
    assert len(data.encode()) <= 64 and data.startswith("w:")
    assert WorkoutButton.unpack(data[2:]) == button


@given(st.sampled_from(sorted(HistoryButton.ACTIONS - {"page"})), session_ids, st.integers(0, 99999))
def test_history_buttons_round_trip(action, session, page):
    assert HistoryButton.unpack(HistoryButton(action, session, page).pack()[2:]) == HistoryButton(action, session, page)


def test_packing_refuses_data_over_64_bytes_instead_of_truncating():
    with pytest.raises(ValueError, match="64 bytes"):
        WorkoutButton("ok", "a" * 40, 9999, 9999, "x" * 24).pack()


@pytest.mark.parametrize("rest", [
    "", "done", "bogus:abc:0:0:", "done:abc:²:0:", "done:abc:0:²:", "done:abc:123456:0:", "done:ABC!:0:0:", "done:" + "a" * 41 + ":0:0:",
    "ok:abc:0:0:" + "9" * 30, "ok:abc:0:0:5_1e999_kg_<b>", "done:abc:0:0:x:y", "resume:", "go:ha ha",
])
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
