"""Text from users, files and recognisers made safe to store, print and show.

One place decides what a control character is. Answers, notes and transcripts keep their
newlines (and tabs as spaces); every other C0/C1 control character and every terminal escape
sequence (CSI, OSC, DCS and the like) is removed, so pasted or hostile text can neither
retitle the terminal nor jumble a transcript. Rich markup is a separate concern: the UI
shows user text as `rich.text.Text`, never as markup.
"""

from __future__ import annotations

import json
import re

# ESC-introduced sequences: CSI (ESC [ ... final), OSC/DCS/SOS/PM/APC (ESC ] ... BEL or ST),
# and two-character escapes. Each alternative is a single pass with bounded backtracking.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, DCS, SOS, PM, APC (to BEL or ST)
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x9c|\x1b\\)?"  # 8-bit OSC/DCS/...
    r"|\x1b[ -/]*[0-~]?"  # other ESC sequences (and a lone ESC)
)
# C0 controls except \n and \t, DEL, C1 controls; also lone surrogates (not encodable).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Bidi overrides and isolates can make a line read differently from what it contains.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str, *, keep_newlines: bool = True) -> str:
    """`text` without escape sequences or control characters; CR LF becomes LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text.replace("\t", " "))
    text = _BIDI.sub("", text)
    if not keep_newlines:
        text = text.replace("\n", " ")
    return text


def clean_line(text: str) -> str:
    """One printable line: `clean_text` with newlines turned into spaces."""
    return clean_text(text, keep_newlines=False)


# Characters json.dumps(ensure_ascii=False) leaves raw that a terminal acts on or cannot print:
# DEL and C1 controls (8-bit CSI/OSC), line/paragraph separators, bidi controls, lone surrogates.
_JSON_RAW = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def to_json(data: object, **options: object) -> str:
    """JSON text safe to print: readable non-ASCII kept, control characters as \\u escapes,
    and NaN or infinity refused (they are not JSON)."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, **options)  # type: ignore[arg-type]
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
