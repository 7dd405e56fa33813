"""What enters from Telegram is cleaned once, here: no NUL characters in any user text (PostgreSQL
refuses them, and one such row failed a whole group commit), and no bidirectional controls in
names we echo back (a first name with U+202E would reverse the rest of our greeting)."""

from __future__ import annotations

_NUL = {0: None}
_BIDI_CONTROLS = (0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_NAME = {0: None} | {c: None for c in _BIDI_CONTROLS}


def clean_text(text: str | None) -> str:
    if not text:
        return ""
    return text.translate(_NUL) if "\x00" in text else text


def clean_name(name: str | None) -> str:
    return (name or "").translate(_NAME).strip()


__all__ = ["clean_name", "clean_text"]
