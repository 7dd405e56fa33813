"""Whether a reply is HTML Telegram accepts: only its tags, each closed in order."""

from __future__ import annotations

from html.parser import HTMLParser

ALLOWED_TAGS = {"b", "i", "code", "pre", "a"}


class TagChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ok = True

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.ok &= tag in ALLOWED_TAGS
        self.stack.append(tag)

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        self.ok &= bool(self.stack) and self.stack.pop() == tag


def well_formed_html(text: str) -> bool:
    checker = TagChecker()
    checker.feed(text)
    checker.close()
    return checker.ok and not checker.stack
