"""The word lists the checker reads from assets/lists (loaded once)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from tui.assets import read_list as _read_asset_list

_OFF: set[str] = set()  # lists read as empty (benchmark ablations)


def read_list(folder: str, filename: str) -> list[str]:
    if filename.removesuffix(".txt") in _OFF:
        return []
    return _read_asset_list(folder, filename)


@contextmanager
def lists_off(*names: str) -> Iterator[None]:
    """Read the named lists ("synonyms", "abbreviations", ...) as empty inside the block:
    how much the checker rests on each list (scripts/bench_checker.py). Every cache of the
    checker is cleared on the way in and out."""
    _OFF.update(names)
    _clear_checker_caches()
    try:
        yield
    finally:
        _OFF.difference_update(names)
        _clear_checker_caches()


def _clear_checker_caches() -> None:
    for name, module in list(sys.modules.items()):
        if name.startswith("tui.checker"):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


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


@cache
def abbreviations() -> dict[str, tuple[str, ...]]:
    """Short forms written in notes ("ppl", "yrs", "b4") and the words said for them."""
    out: dict[str, tuple[str, ...]] = {}
    for line in read_list("lists", "abbreviations.txt"):
        short, _, long = line.partition(":")
        forms = tuple(dict.fromkeys(w.strip().lower() for w in long.split(",") if w.strip()))
        if short.strip() and forms:
            out[short.strip().lower().replace("'", "")] = forms
    return out


@cache
def measure_units() -> dict[str, str]:
    """The unit a word or sign names after (or a sign before) a figure: "hrs" -> "hour",
    "$" -> "money" (units.txt)."""
    out: dict[str, str] = {}
    for line in read_list("lists", "units.txt"):
        unit, _, words = line.partition(":")
        for word in words.split(","):
            if word.strip() and unit.strip():
                out[word.strip().lower()] = unit.strip().lower()
    return out


@cache
def common_words() -> frozenset[str]:
    """Common English words: the whole words of the meaning model's word-piece vocabulary
    (30,522 pieces, 22,501 of them whole words). A word it must split ("pyxis" -> p ##yx ##is,
    "restocked", "servsafe") is rare: a recognizer that does not know it writes a sound-alike
    instead. Empty when the file cannot be read."""
    from tui.assets import load_json

    try:
        vocab = load_json("models", "minilm-tokenizer.json")["model"]["vocab"]  # type: ignore[index]
    except (OSError, ValueError, KeyError, TypeError):
        return frozenset()
    return frozenset(piece for piece in vocab if piece.isalpha())
