from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private data dir for the history store, so tests never touch the user's."""
    path = tmp_path / "data"
    monkeypatch.setenv("FOLLOWUP_DATA_DIR", str(path))
    return path


@pytest.fixture
def sample_prep_path() -> Path:
    return ROOT / "assets" / "samples" / "sample_prep.toml"
