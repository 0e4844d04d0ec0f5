"""Find the data files in assets/ (personas, lists, templates, the sample prep).

Installed wheels carry them inside the package as tui/assets; a source checkout or an
editable install keeps them at the repository root.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

# tomllib, json and importlib.resources are imported where used: they cost the app's first
# frame some 20 ms, and the package's own folder is found without them.


@cache
def assets_dir() -> Path:
    here = Path(__file__).resolve().parent
    packaged = here / "assets"
    if packaged.is_dir():
        return packaged
    return here.parent / "assets"


def asset_path(*parts: str) -> Path:
    return assets_dir().joinpath(*parts)


def read_text(*parts: str) -> str:
    return asset_path(*parts).read_text(encoding="utf-8")


@cache
def load_toml(*parts: str) -> dict:
    import tomllib

    return tomllib.loads(read_text(*parts))


@cache
def load_json(*parts: str) -> object:
    import json

    return json.loads(read_text(*parts))


def read_list(*parts: str) -> list[str]:
    """A list file: one entry per line; blank lines and # comments are skipped."""
    lines = (line.split("#", 1)[0].strip() for line in read_text(*parts).splitlines())
    return [line for line in lines if line]


def sample_prep_path() -> Path:
    return asset_path("samples", "sample_prep.toml")
