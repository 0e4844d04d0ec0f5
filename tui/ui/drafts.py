"""Rule 1: the follow-up e-mail and letter, to read, edit and save to a file."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static, TabbedContent, TabPane, TextArea

from tui import paths
from tui.flow.drafts import Drafts
from tui.prep.model import Prep
from tui.ui.header import Header


class DraftsScreen(Screen):
    CSS_PATH = "drafts.tcss"
    HELP = """
## Follow up in writing

When the interviewer or the posting asked you not to call, write instead.
Edit the text freely, then:

- **F6** copies the tab you are on to the clipboard, to paste into your mail program;
- **Ctrl+S** saves it to a text file (you choose where; your data folder by default);
- **Escape** goes back (asks first if your edits are not saved or copied).
"""
    BINDINGS = [
        Binding("f6", "copy", "Copy", id="drafts.copy", priority=True, tooltip="Copy this draft to the clipboard"),
        Binding("ctrl+s", "save", "Save to file", id="drafts.save", priority=True, tooltip="Save this draft as a .txt file"),
        Binding("escape", "back", "Back", id="drafts.back", priority=True, tooltip="Back to the pre-call screen"),
    ]

    def __init__(self, prep: Prep, drafts: Drafts):
        super().__init__()
        self.prep = prep
        self.drafts = drafts
        self.saved: dict[str, Path] = {}
        self.copied: str | None = None  # the last text copied to the clipboard
        # The text last kept (saved or copied) per tab: edits beyond it are asked about.
        self._kept = {"email": drafts.email, "letter": drafts.letter}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(self.drafts.reason), id="reason")
        with TabbedContent(id="tabs"):
            with TabPane("E-mail", id="email"):
                yield TextArea(self.drafts.email, id="email-text", soft_wrap=True)
            with TabPane("Letter", id="letter"):
                yield TextArea(self.drafts.letter, id="letter-text", soft_wrap=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        for area in self.query(TextArea):
            area.cursor_blink = not self.app.frozen
        self.query_one("#email-text", TextArea).focus()

    def _current(self) -> tuple[str, str]:
        kind = self.query_one("#tabs", TabbedContent).active or "email"
        return kind, self.query_one(f"#{kind}-text", TextArea).text

    @staticmethod
    def _kind_name(kind: str) -> str:
        return "e-mail" if kind == "email" else "letter"

    def action_copy(self) -> None:
        kind, text = self._current()
        self.app.copy_to_clipboard(text)
        self.copied = text
        self._kept[kind] = text
        self.notify(f"Copied the {self._kind_name(kind)} to the clipboard.", title="Copied")

    def action_save(self) -> None:
        from tui.ui.dialogs import TextModal

        kind, _ = self._current()
        stem = self.prep.path.stem if self.prep.path else "prep"
        default = paths.drafts_dir() / f"{stem}-{kind}.txt"
        self.app.push_screen(TextModal(f"Save the {self._kind_name(kind)} to:", value=str(default), ok="Save"),
                             lambda target: self.save(kind, target))

    def save(self, kind: str, target: str | None) -> None:
        if not target:
            return
        path = Path(target).expanduser()
        text = self.query_one(f"#{kind}-text", TextArea).text
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            self.notify(f"{path}: {exc.strerror or exc}", title="Cannot save", severity="error")
            return
        self.saved[kind] = path
        self._kept[kind] = text
        self.notify(f"Saved the {self._kind_name(kind)} to {path}", title="Saved")

    def unsaved_question(self) -> str | None:
        edited = [self._kind_name(kind) for kind in ("email", "letter")
                  if self.query_one(f"#{kind}-text", TextArea).text != self._kept[kind]]
        if not edited:
            return None
        return f"Your edits to the {' and the '.join(edited)} are not saved or copied."

    def action_back(self) -> None:
        question = self.unsaved_question()
        if question is None:
            self.app.go_back()
            return
        from tui.ui.dialogs import ConfirmModal

        def decided(leave: bool | None) -> None:
            if leave:
                self.app.go_back()

        self.app.push_screen(ConfirmModal(f"{question} Leave anyway?", yes="Discard edits"), decided)
