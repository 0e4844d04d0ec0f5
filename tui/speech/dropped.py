"""Did Whisper drop part of what was said? A cheap check, and where to cut the audio to redo it.

Whisper tiny.en sometimes ends a piece after its first sentence, or starts at its last one,
with no sign of trouble: the text is fluent, the segment spans the whole piece (its
timestamps cannot tell). What gives it away is the pace: the syllables of the text over
the seconds of voiced audio (webrtcvad, so pauses do not count). People speak 3-7
syllables a second; on 440 dev answers spoken by eSpeak (scripts/bench_speech.py), every
complete transcript was at 2.9 or more and the two that had lost half of the words at 2.4
and 2.9; in 360 two-sentence answers of our own (eSpeak, 185 wpm), 12 lost a sentence and
one of them was at 3.27. Below 3.5 (11 dev answers of 440; the real readings in the bench
are at 3.9-4.4) the piece is transcribed again in two halves, which Whisper does not cut
short, and the halves are kept only if they say clearly more (a slow speaker gets the same
words twice: the first transcript stays).
The check costs < 1 ms; redoing a piece, about twice its transcription.

Word timestamps (compare the words' span with the voiced audio) were measured and not
used: they cost +34-51 % of the transcription on every piece, and when the start is lost
the alignment stretches the first words over the missing speech, so no gap shows.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

RATE = 16000
# Below this pace the transcript is suspected of missing part of the audio (see above).
MIN_SYLLABLES_PER_SECOND = 3.5
# A lost stretch worth redoing is >= 1.5 s, and each half must be long enough for Whisper.
MIN_VOICED_SECONDS = 3.0
# The halves replace the first transcript only with this many times its words: on the dev
# answers a real loss gave 2.1-2.2x, a complete transcript redone in halves at most 1.4x
# (a word cut in two, a filler heard twice).
MIN_GAIN = 1.5

_WORD = re.compile(r"[a-z']+|\d+")
_VOWELS = re.compile(r"[aeiouy]+")


def syllables(text: str) -> float:
    """A rough syllable count: vowel groups, less a silent final e; a digit ~1.5."""
    count = 0.0
    for word in _WORD.findall(text.lower()):
        if word.isdigit():
            count += 1.5 * len(word)  # "20" twen-ty, "2022" twen-ty twen-ty-two
            continue
        groups = len(_VOWELS.findall(word))
        if groups > 1 and word.endswith("e") and not word.endswith(("le", "ee")):
            groups -= 1
        count += max(1, groups)
    return count


def looks_cut_short(text: str, voiced_seconds: float) -> bool:
    """Too few syllables for that much voiced audio: part of it was probably not transcribed."""
    if voiced_seconds < MIN_VOICED_SECONDS:
        return False
    return syllables(text) / voiced_seconds < MIN_SYLLABLES_PER_SECOND


def says_more(first: str, again: str) -> bool:
    """Does the second transcript say clearly more words than the first?"""
    return len(again.split()) >= MIN_GAIN * max(1, len(first.split()))


def split_point(pcm: np.ndarray, window: float = 0.1) -> int:
    """A sample to cut the piece in two: the quietest `window` seconds in the middle third
    of the speech (between the first and last voiced 30 ms frames), so no word is cut."""
    import numpy as np

    from tui.speech.vad import FRAME_SECONDS, voiced_frames

    flags = np.flatnonzero(voiced_frames(pcm))
    first, last = (int(flags[0] * FRAME_SECONDS * RATE), int((flags[-1] + 1) * FRAME_SECONDS * RATE)) \
        if len(flags) else (0, len(pcm))
    size = int(window * RATE)
    low, high = first + (last - first) // 3, first + 2 * (last - first) // 3
    if high - low < size:
        return (first + last) // 2
    energy = np.concatenate([[0.0], np.cumsum(np.square(pcm[low:high], dtype=np.float64))])
    sums = energy[size:] - energy[:-size]  # energy of each window starting in [low, high - size]
    return low + int(np.argmin(sums)) + size // 2
