"""Find the data files in assets/ (personas, lists, templates, the sample prep).

Installed wheels carry them inside the package as tui/assets; a source checkout or an
editable install keeps them at the repository root.
"""

from __future__ import annotations

import json
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path


@cache
def assets_dir() -> Path:
    packaged = Path(str(resources.files("tui"))) / "assets"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "assets"


def asset_path(*parts: str) -> Path:
    return assets_dir().joinpath(*parts)


def read_text(*parts: str) -> str:
    return asset_path(*parts).read_text(encoding="utf-8")


@cache
def load_toml(*parts: str) -> dict:
    return tomllib.loads(read_text(*parts))


@cache
def load_json(*parts: str) -> object:
    return json.loads(read_text(*parts))


def read_list(*parts: str) -> list[str]:
    """A list file: one entry per line; blank lines and # comments are skipped."""
    lines = (line.split("#", 1)[0].strip() for line in read_text(*parts).splitlines())
    return [line for line in lines if line]


def sample_prep_path() -> Path:
    return asset_path("samples", "sample_prep.toml")
