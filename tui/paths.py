"""Where followup keeps its data: the history database, saved answers' audio, preps.

The user data dir comes from platformdirs; FOLLOWUP_DATA_DIR (or --data-dir, which sets
it) overrides it. Created with mode 0700 (and tightened to it when found open to others):
rehearsals are personal.
"""

from __future__ import annotations

import os
import stat
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
        make_private(path)
    return path


def make_private(path: Path) -> bool:
    """Tighten a folder we own to 0700; True when its mode changed (folders of others are left)."""
    try:
        info = path.stat()
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or not info.st_mode & 0o077:
            return False
        path.chmod(0o700)
    except OSError:
        return False
    return True


def tighten_data_dir() -> str:
    """Make an existing data folder private; the one-line notice to show when it changed ("" if not)."""
    path = data_dir(create=False)
    if path.is_dir() and make_private(path):
        return f"made the data folder {path} private (mode 0700): it holds your rehearsals"
    return ""


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
