"""The domain imports without Textual, and no heavy engine loads at import time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ["textual", "faster_whisper", "ctranslate2", "pyttsx3", "pypdfium2", "docx", "pocketsphinx",
         "onnxruntime", "tokenizers", "numpy"]
# What the command line may not load just to start (parse arguments, print help).
STARTUP_FREE = HEAVY + ["speech_recognition", "rapidfuzz", "tomlkit", "sqlite3"]


def domain_modules() -> list[str]:
    modules = []
    for path in sorted((ROOT / "tui").rglob("*.py")):
        relative = path.relative_to(ROOT).with_suffix("")
        if relative.parts[:2] == ("tui", "ui") or relative.name == "__main__":
            continue
        parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
        modules.append(".".join(parts))
    return modules


def test_every_domain_module_imports_without_textual_or_engines() -> None:
    modules = domain_modules()
    assert "tui.flow.call" in modules and "tui.cli" in modules
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == []


def test_the_ui_is_the_only_place_that_imports_textual() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "tui").rglob("*.py")
        if "tui/ui/" not in path.as_posix()
        and any(line.lstrip().startswith(("import textual", "from textual")) for line in path.read_text().splitlines())
    ]
    assert offenders == []


def test_the_command_line_starts_without_loading_engines() -> None:
    code = (
        "import json, sys\n"
        "from tui.cli import build_parser\n"
        "build_parser().format_help()\n"
        f"print(json.dumps([m for m in {STARTUP_FREE!r} if m in sys.modules]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == []
