"""Small wording helpers shared by the screens and the reports (no UI here)."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """ "1 key point", "2 key points" (`many` for irregular plurals)."""
    return f"{count} {word if count == 1 else many or word + 's'}"
