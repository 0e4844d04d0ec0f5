"""Personas are data: assets/personas/NAME.toml hold lines, voice, patience and probing."""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass, field

from tui.assets import asset_path, load_toml
from tui.speech.interfaces import Voice

INTERVIEWERS = ("friendly", "busy", "skeptical")
_PERSONA_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")  # no "/", "..", or "~": only the bundled files


class PersonaError(ValueError):
    pass


@dataclass(frozen=True)
class Persona:
    name: str
    role: str  # interviewer | receptionist | voicemail
    title: str
    description: str
    voice: Voice
    lines: dict[str, tuple[str, ...]]
    max_words: int = 0  # 0 = no limit
    max_seconds: float = 0.0
    probe_missed: bool = False
    max_probes: int = 0
    outcomes: dict[str, float] = field(default_factory=dict)

    def line(self, key: str, rng: random.Random, **values: str) -> str:
        """One phrasing of a line, chosen by the flow's seeded generator, filled in."""
        options = self.lines.get(key)
        if not options:
            raise PersonaError(f"persona {self.name!r} has no lines for {key!r}")
        return fill(rng.choice(options), values)


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def fill(template: str, values: dict[str, str]) -> str:
    """Fill {placeholders}; unknown ones become empty rather than raising mid-call."""
    text = string.Formatter().vformat(template, (), _Blank(values))
    return " ".join(text.replace(" ,", ",").replace(" .", ".").split())


def available_personas(role: str | None = None) -> list[str]:
    names = sorted(p.stem for p in asset_path("personas").glob("*.toml"))
    if role is None:
        return names
    return [n for n in names if load_persona(n).role == role]


def load_persona(name: str) -> Persona:
    """The persona assets/personas/NAME.toml; NAME is a bare name, never a path."""
    path = asset_path("personas", f"{name}.toml")
    if not _PERSONA_NAME.fullmatch(name) or not path.is_file():
        known = ", ".join(p.stem for p in sorted(asset_path("personas").glob("*.toml")))
        raise PersonaError(f"unknown persona {name!r} (known: {known})")
    data = load_toml("personas", f"{name}.toml")
    voice = data.get("voice", {})
    patience = data.get("patience", {})
    probing = data.get("probing", {})
    return Persona(
        name=data.get("name", name),
        role=data.get("role", "interviewer"),
        title=data.get("title", name.title()),
        description=data.get("description", ""),
        voice=Voice(
            voice_id=voice.get("voice_id", Voice.voice_id),
            rate=int(voice.get("rate", Voice.rate)),
            volume=float(voice.get("volume", Voice.volume)),
            pitch=voice.get("pitch"),
            phone_line=bool(voice.get("phone_line", True)),
        ),
        lines={key: tuple(value) for key, value in data.get("lines", {}).items()},
        max_words=int(patience.get("max_words", 0)),
        max_seconds=float(patience.get("max_seconds", 0)),
        probe_missed=bool(probing.get("probe_missed", False)),
        max_probes=int(probing.get("max_probes", 0)),
        outcomes={k: float(v) for k, v in data.get("outcomes", {}).items()},
    )
