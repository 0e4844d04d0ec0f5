"""The word lists the checker reads from assets/lists (loaded once)."""

from __future__ import annotations

from functools import cache

from tui.assets import read_list


@cache
def word_set(name: str) -> frozenset[str]:
    """A list file as a set of lower-case entries (stopwords, negations)."""
    return frozenset(entry.lower() for entry in read_list("lists", f"{name}.txt"))


@cache
def phrases(name: str) -> tuple[tuple[str, ...], ...]:
    """A list file of phrases, each split into lower-case words, longest first."""
    entries = {tuple(entry.lower().replace("’", "'").split()) for entry in read_list("lists", f"{name}.txt")}
    return tuple(sorted(entries, key=lambda words: (-len(words), words)))


@cache
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    groups = []
    for line in read_list("lists", "synonyms.txt"):
        group = tuple(dict.fromkeys(entry.strip().lower() for entry in line.split(",") if entry.strip()))
        if len(group) > 1:
            groups.append(group)
    return tuple(groups)
