"""Whether a question says something hurts: such answers carry a line sending the asker to a professional."""

from __future__ import annotations

import re

_BODY = r"(?:back|neck|shoulders?|knees?|hips?|hamstrings?|groin|wrists?|elbows?|ankles?|pecs?|chest|calf|calves)"
MEDICAL = re.compile(
    r"\b(pain\w*|hurts?|hurting|hurted|ache|aches|aching|injur\w*|sciatica|herniat\w*|bulg\w* disc|disc|numb\w*"
    r"|tingl\w*|"
    r"sharp|swell\w*|swollen|sprain\w*|strain(ed)?|torn|tear|pinch\w*|pregnan\w*|postpartum|surgery|physio\w*|doctor|"
    r"clicks?|clicking|popp?ing|pops|bruis\w*|inflam\w*|tendon\w*|tendin\w*|arthritis|rehab\w*"
    # "Tweaked my back" is a lifter's word for a strain; "tweak my program" is not.
    rf"|tweak\w*\s+(?:(?:my|his|her|a|the)\s+)?(?:lower\s+)?{_BODY}|{_BODY}\s+tweak\w*)\b",
    re.IGNORECASE,
)
# "Scared I'll get hurt", "worried about injury", "risk of injury": a worry about the future, not pain now.
# The cue must sit just before the pain word (a few words, same clause), so "scared because my knee hurts"
# still gets the professional line.
_WORRY = re.compile(
    r"\b(?:scared|afraid|worried|worry(?:ing)?|fear(?:ful)?|nervous|anxious|risk|chance|odds|prevent\w*|avoid\w*|without)"
    r"\b(?:\s+(?!(?:my|because|but|since|as)\b)[\w']+){0,4}\s+$",
    re.IGNORECASE,
)


# "Would it hurt to train fasted?", "how much would it hurt if I ate carbs at night": "be bad", not pain.
_FIGURATIVE = re.compile(r"\b(?:would|will|does|could|can)\s+it\s+(?:really\s+)?$", re.IGNORECASE)
_AGAIN = re.compile(r"\b(?:again|re-?injur\w*|re-?hurt\w*)\b", re.IGNORECASE)  # fear after an injury


def mentions_pain(question: str) -> bool:
    """Whether the question says something hurts (or did), not only that the asker fears getting hurt."""
    if _AGAIN.search(question):
        return bool(MEDICAL.search(question))
    return any(
        not _WORRY.search(before := question[max(0, m.start() - 60) : m.start()])
        and not (m.group(1).lower() == "hurt" and _FIGURATIVE.search(before))
        for m in MEDICAL.finditer(question)
    )


MEDICAL_ADVICE = (
    "If something hurts (sharp, lasting or spreading pain, numbness or tingling, or pain after an injury), "
    "please have a physiotherapist or sports-medicine doctor look at it. I can only give general training advice."
)
