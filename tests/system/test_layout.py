"""The design rules the README's design map promises, checked on the code as it is: domain and
conversation code never import Telegram, only the composition root builds the whole storage, and
no module in bot/ grows past 400 lines."""

from __future__ import annotations

import ast

from support.paths import REPO

BOT = REPO / "bot"
TELEGRAM_FREE = ("training", "retrieval", "scheduling", "history", "conversation", "storage")


def imported_modules(path) -> set[str]:  # type: ignore[no-untyped-def]
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_domain_and_conversation_code_never_import_telegram():
    offenders = [
        str(path.relative_to(REPO))
        for package in TELEGRAM_FREE
        for path in (BOT / package).rglob("*.py")
        if any(name == "telegram" or name.startswith("telegram.") for name in imported_modules(path))
    ]
    assert offenders == []


def test_no_module_is_over_400_lines():
    sizes = {str(p.relative_to(REPO)): len(p.read_text().splitlines()) for p in BOT.rglob("*.py")}
    assert len(sizes) > 50  # the walk found the package
    assert {name: n for name, n in sizes.items() if n > 400} == {}
