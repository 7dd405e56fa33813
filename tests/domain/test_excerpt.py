"""An excerpt never shows a later step of an enumeration without the step before it."""

from bot.retrieval.excerpt import excerpt, rest_of

DUMBBELL = (
    "A dumbbell hip thrust works, but it is clumsier than the barbell version for three reasons. First, a single "
    "dumbbell perched on your hips tips and rolls more easily than a bar resting across both sides. Second, the "
    "dumbbell's head is much thicker than a bar, so it sits differently in the hip crease and tends to bump your "
    "thighs or stomach before your hips reach the bottom, cutting the range short. Third, most gyms run out of "
    "dumbbells long before a strong lifter's hip thrust does. It remains a great option for beginners, home "
    "training and high-rep work."
)


def test_a_later_step_waits_for_the_one_before():
    # "dumbbells" and "hip thrust" match the first and third reasons best; the second is long and shares less.
    shown = excerpt(DUMBBELL, "how heavy should i go on hip thrusts as a beginner dumbbells?")
    assert "First," in shown.text
    assert "Third," not in shown.text or "Second," in shown.text, shown.text  # never "First, ... Third, ..."
    assert not shown.complete and "Third," in rest_of(DUMBBELL, shown.shown)


def test_an_enumeration_shown_in_order_is_kept_whole():
    text = "Two things matter here for every lifter. First, brace hard. Second, keep the bar close. That is all."
    assert excerpt(text, "brace bar close", budget=400).text == text
