"""What audio hardware voice mode can use, and in plain words why not.

Voice mode calls probe_audio() first: with no output it shows lines as captions only,
with no microphone it takes typed answers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AudioStatus:
    output: str | None  # player name ("aplay", "sounddevice (...)") or None
    input: str | None  # microphone name or None
    output_reasons: tuple[str, ...] = ()
    input_reasons: tuple[str, ...] = ()

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.output_reasons + self.input_reasons

    @property
    def messages(self) -> list[str]:
        """One clear line per missing device, with the fallback voice mode will use."""
        lines = []
        if self.output is None:
            lines.append(
                "No audio output (" + "; ".join(self.output_reasons) + "): the caller's lines are shown as captions."
            )
        if self.input is None:
            lines.append("No microphone (" + "; ".join(self.input_reasons) + "): type your answers instead.")
        return lines


def probe_audio() -> AudioStatus:
    from tui.speech.player import find_player
    from tui.speech.sources import microphone_status

    player, output_reasons = find_player()
    microphone, why = microphone_status()
    return AudioStatus(
        output=None if player.name == "none" else player.name,
        input=microphone,
        output_reasons=tuple(output_reasons),
        input_reasons=() if microphone else (why,),
    )
