"""The app's small memory: theme and recently opened prep files, in ui.json in the data dir.

Plain JSON, read once at start and written on change; a broken file is ignored (not fatal).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tui import paths

MAX_RECENT = 12


@dataclass
class Settings:
    theme: str = "textual-dark"
    recent: list[str] = field(default_factory=list)
    persona: str = "friendly"
    outcome: str = "random"
    mode: str = "keyboard"
    questions: int = 4
    path: Path | None = None

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or paths.data_dir() / "ui.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        if not isinstance(data, dict):
            data = {}
        settings = cls(path=path)
        for key in ("theme", "persona", "outcome", "mode"):
            if isinstance(data.get(key), str):
                setattr(settings, key, data[key])
        if isinstance(data.get("questions"), int):
            settings.questions = data["questions"]
        recent = data.get("recent")
        if isinstance(recent, list):
            settings.recent = [r for r in recent if isinstance(r, str)][:MAX_RECENT]
        return settings

    def save(self) -> None:
        if self.path is None:
            return
        data = {k: v for k, v in asdict(self).items() if k != "path"}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(data, indent=2), encoding="utf-8")
        except OSError:
            pass  # settings are a convenience: never fail the app over them

    def remember(self, prep_path: str | Path) -> None:
        """Put a prep file first in the recent list."""
        key = str(Path(prep_path).expanduser().resolve())
        self.recent = [key] + [r for r in self.recent if r != key]
        del self.recent[MAX_RECENT:]
        self.save()

    def forget(self, prep_path: str | Path) -> None:
        key = str(Path(prep_path).expanduser().resolve())
        self.recent = [r for r in self.recent if r != key]
        self.save()
