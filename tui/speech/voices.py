"""Voices of personas: the [voice] table of assets/personas/NAME.toml, as a Voice."""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields

from tui.speech.interfaces import Voice

_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


def persona_voice(name: str) -> tuple[Voice, str | None]:
    """The persona's Voice, or the default Voice and a note saying why it was not found."""
    from tui.assets import asset_path

    if not _NAME.match(name):
        return Voice(), f"persona name {name!r} is not valid (letters, digits, - and _): using the default voice"
    path = asset_path("personas", f"{name}.toml")
    if not path.is_file():
        return Voice(), f"no persona file {path.name} in assets/personas: using the default voice"
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("voice", {})
    except tomllib.TOMLDecodeError as exc:
        return Voice(), f"persona file {path.name} is not valid TOML ({exc}): using the default voice"
    known = {f.name for f in fields(Voice)}
    values = {key: value for key, value in table.items() if key in known}
    try:
        return Voice(**values), None
    except TypeError as exc:
        return Voice(), f"persona file {path.name} has a bad [voice] table ({exc}): using the default voice"


def is_known_voice(voice_id: str, voice_ids: tuple[str, ...]) -> bool:
    """eSpeak accepts an identifier ("gmw/en-us"), its last part ("en-us"), or a variant
    ("en-us+f3"); an unknown one is silently ignored by the engine, so check it here."""
    base = voice_id.split("+", 1)[0]
    return any(base == known or base == known.rsplit("/", 1)[-1] for known in voice_ids)
