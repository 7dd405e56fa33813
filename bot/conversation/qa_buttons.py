"""Button data of the question flow's own buttons (the codecs in callbacks.py cover the rest)."""

from __future__ import annotations

from dataclasses import dataclass

from .callbacks import BadCallback

_HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class MoreButton:
    """m:<passage token>:<hex bitmask of the sentences already shown>"""

    token: str
    shown: int

    def pack(self) -> str:
        return f"m:{self.token}:{self.shown:x}"

    @classmethod
    def unpack(cls, rest: str) -> MoreButton:
        token, _, mask = rest.partition(":")
        # 12 hex characters of token, at most 60 sentences of mask (15 hex digits): see excerpt.MAX_PIECES.
        if len(token) != 12 or not set(token) <= _HEX or not 1 <= len(mask) <= 15 or not set(mask) <= _HEX:
            raise BadCallback(rest[:10])
        return cls(token, int(mask, 16))
