"""The wheel carries assets/ inside the package, so `pipx install .` finds its data."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_assets_and_finds_them_when_installed(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path / "dist"), str(ROOT)], check=True, capture_output=True)
    [wheel] = (tmp_path / "dist").glob("followup-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for asset in ("personas/friendly.toml", "samples/sample_prep.toml", "samples/sample_resume.json",
                  "templates/prep_template.toml", "lists/fillers.txt", "models/minilm-l6-v2-int8.onnx",
                  "models/minilm-word-pieces-u8.bin", "models/minilm-tokenizer.json", "models/LICENSE", "models/NOTICE"):
        assert f"tui/assets/{asset}" in names
    assert not any(name.startswith("tests/") for name in names)

    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    code = ("from tui.assets import assets_dir, sample_prep_path; from tui.prep import load_prep;"
            "from tui.checker.semantic import SHIPPED;"
            "print(assets_dir()); print(load_prep(sample_prep_path()).candidate.name);"
            "print(SHIPPED.model() is not None, SHIPPED.folder)")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(target)},
                            capture_output=True, text=True, check=True)
    where, name, model = result.stdout.split("\n")[:3]
    assert Path(where) == target / "tui" / "assets"
    assert name == "Maria Gonzalez"
    assert model == f"True {target / 'tui' / 'assets' / 'models'}"  # the installed model passes its sha256
