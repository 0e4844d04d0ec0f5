"""The house rule "every pattern runs in linear time", checked on every compiled pattern that
tui/ keeps at module or class level (tui/ui aside), and on the patterns the issue named.

Each pattern meets adversarial 100,000-character lines built from its own characters (each
literal and a probe of every common character class, alone or paired with its neighbour, and a
NUL at the end that makes a match fail there). A linear pattern scans all of them
in milliseconds; a quadratic one needs about 10^10 steps on one of them, minutes at best. So
the deadline below is a hang detector with a margin of ~100x either way, not a timing test.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import tui

ROOT = Path(__file__).resolve().parent.parent
LENGTH = 100_000
DEADLINE_SECONDS = 20.0  # per pattern, all of its inputs; linear patterns take well under 1 s
PROBES = "aZ1 \t\n.,-_@/:|*#+()[]'`=é—•\x00"


def module_patterns() -> dict[str, re.Pattern]:
    """Every re.Pattern held by a module of tui/ (outside tui/ui), its classes or its tuples."""
    found: dict[str, re.Pattern] = {}
    for info in pkgutil.walk_packages(tui.__path__, "tui."):
        if info.name.startswith("tui.ui") or info.name == "tui.__main__":
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            items = [(name, value)]
            if isinstance(value, type) and value.__module__ == module.__name__:
                items = [(f"{name}.{k}", v) for k, v in vars(value).items()]
            elif isinstance(value, (list, tuple)):
                items = [(f"{name}[{i}]", v) for i, v in enumerate(value)]
            elif isinstance(value, dict):
                items = [(f"{name}[{k!r}]", v) for k, v in value.items()]
            for label, item in items:
                if isinstance(item, re.Pattern):
                    found[f"{info.name}.{label}"] = item
    return found


# Patterns written inside functions (re.sub/re.search with a literal), which the module scan
# cannot see; each is listed with where it lives.
INLINE_PATTERNS = {
    "tui.prep.parse._Reader.candidate (phone digits)": r"\D",
}
# Known to be superlinear, owned by the resume-reader rewrite (issue 11 hands them to it). The
# test fails if this list is wrong either way: a fixed pattern must leave the list.
KNOWN_SLOW: set[str] = set()


def all_patterns() -> dict[str, tuple[str, int]]:
    patterns = {name: (p.pattern, p.flags) for name, p in module_patterns().items() if isinstance(p.pattern, str)}
    patterns.update({name: (text, 0) for name, text in INLINE_PATTERNS.items()})
    return patterns


CHILD = textwrap.dedent(
    """
    import json, re, sys
    length, probes = json.loads(sys.stdin.readline())
    for line in sys.stdin:
        name, pattern, flags = json.loads(line)
        compiled = re.compile(pattern, flags)
        literals = [ch for ch in pattern if ch.isalnum() or not ch.isspace() and ch not in "()?:^$|{}\\\\"]
        singles = sorted(set(probes) | set(literals))
        pairs = sorted({a + b for a, b in zip(literals, literals[1:]) if a != b})[:12]
        for pump in singles + pairs:
            compiled.findall(pump * (length // len(pump)) + "\\x00")  # the NUL makes a match fail at the end
        print(name, flush=True)
    """
)


def run_patterns(patterns: dict[str, tuple[str, int]], deadline: float = DEADLINE_SECONDS) -> list[str]:
    """Names of the patterns that missed the deadline (each run in a child that can be killed)."""
    import json

    slow: list[str] = []
    queue = list(patterns.items())
    while queue:
        child = subprocess.Popen([sys.executable, "-c", CHILD], cwd=ROOT, text=True,
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        child.stdin.write(json.dumps([LENGTH, PROBES]) + "\n")
        child.stdin.write("".join(json.dumps([n, p, f]) + "\n" for n, (p, f) in queue))
        child.stdin.close()
        done = 0
        try:
            import selectors

            with selectors.DefaultSelector() as selector:
                selector.register(child.stdout, selectors.EVENT_READ)
                while done < len(queue):
                    if not selector.select(timeout=deadline):
                        break
                    if not child.stdout.readline():
                        break
                    done += 1
        finally:
            child.kill()
            child.wait()
            child.stdout.close()
        if done < len(queue):
            slow.append(queue[done][0])
            queue = queue[done + 1:]
        else:
            queue = []
    return slow


def test_the_scan_finds_the_patterns() -> None:
    found = module_patterns()
    assert "tui.prep.parse._LineFinder._header" in found
    assert "tui.textsafe._ESCAPES" in found
    assert len(found) >= 20


def test_the_detector_catches_a_quadratic_pattern() -> None:
    # The old prep e-mail check and a trailing-space pattern: both quadratic on long lines.
    quadratic = {"old e-mail": (r"[^@\s]+@[^@\s]+\.[^@\s]+", 0), "trailing": (r"\s+$", 0)}
    assert run_patterns(quadratic, deadline=5.0) == ["old e-mail", "trailing"]


def test_every_pattern_in_tui_is_linear_on_long_hostile_lines() -> None:
    assert set(run_patterns(all_patterns())) == KNOWN_SLOW


@pytest.mark.parametrize("text", ["a@" + "b." * 300_000 + "@", "a" * 1_000_000, "x@y." + " " * 500_000])
def test_the_prep_email_check_is_linear(text: str) -> None:
    from tui.prep.parse import _looks_like_email

    assert _looks_like_email(text) is False
    assert _looks_like_email("maria.gonzalez@example.com")
