"""Generate the phone-call sound cues in assets/sounds/ (ring tone, voicemail beep)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.speech.audio import write_wav  # noqa: E402
from tui.speech.sounds import CUE_RATE, GENERATORS  # noqa: E402


def main() -> int:
    out = ROOT / "assets" / "sounds"
    for name, generate in GENERATORS.items():
        path = write_wav(out / f"{name}.wav", generate(CUE_RATE), CUE_RATE)
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
