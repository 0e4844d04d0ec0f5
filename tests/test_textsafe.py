"""Pasted or hostile text can neither drive the terminal nor jumble what is stored."""

from __future__ import annotations

from hypothesis import given, strategies as st

from tui.textsafe import clean_line, clean_text


def test_escape_sequences_and_controls_are_removed_newlines_kept() -> None:
    assert clean_text("\x1b]0;PWNED\x07I led\x1b[31m the\x1b[0m move") == "I led the move"
    assert clean_text("one\r\ntwo\tthree\x00\x7f\x85") == "one\ntwo three"
    assert clean_line("one\ntwo") == "one two"
    assert clean_text("\ud800ok") == "ok"


def test_a_long_unterminated_sequence_is_linear() -> None:
    assert clean_text("\x1b]" + "a" * 300_000) == ""
    assert clean_text("\x1b[" + "1;" * 300_000) .startswith("1;")


@given(st.text())
def test_output_never_holds_a_control_character(text: str) -> None:
    out = clean_text(text)
    assert not any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F for c in out)
    assert clean_text(out) == out
