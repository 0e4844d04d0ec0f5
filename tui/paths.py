"""Where followup keeps its data: the history database, saved answers' audio, preps.

The user data dir comes from platformdirs; FOLLOWUP_DATA_DIR (or --data-dir, which sets
it) overrides it. Created with mode 0700: rehearsals are personal.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "FOLLOWUP_DATA_DIR"


class DataDirError(RuntimeError):
    """The data folder cannot be used (a file is in the way, no permission...)."""


def data_dir(create: bool = True) -> Path:
    override = os.environ.get(ENV_VAR)
    if override:
        path = Path(override).expanduser()
    else:
        import platformdirs

        path = platformdirs.user_data_path("followup", appauthor=False)
    if create:
        try:
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise DataDirError(f"cannot use {path} as the data folder: {exc.strerror}") from None
        if not path.is_dir():
            raise DataDirError(f"cannot use {path} as the data folder: it is a file")
    return path


def db_path() -> Path:
    return data_dir() / "history.sqlite3"


def _subdir(name: str) -> Path:
    path = data_dir() / name
    try:
        path.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise DataDirError(f"cannot use {path}: {exc.strerror}") from None
    return path


def audio_dir() -> Path:
    """Spoken answers, as WAV."""
    return _subdir("audio")


def preps_dir() -> Path:
    """The preps the app created or copied."""
    return _subdir("preps")


def drafts_dir() -> Path:
    """Rule-1 e-mails and letters saved from the app."""
    return _subdir("drafts")


def reports_dir() -> Path:
    """Markdown reports exported from the app."""
    return _subdir("reports")
