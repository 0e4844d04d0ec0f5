"""Rule 1: the follow-up e-mail and letter, to read, edit and save to a file."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane, TextArea

from tui import paths
from tui.flow.drafts import Drafts
from tui.prep.model import Prep


class DraftsScreen(Screen):
    CSS_PATH = "drafts.tcss"
    HELP = """
## Follow up in writing

When the interviewer or the posting asked you not to call, write instead.
Edit the text freely; **Ctrl+S** saves the tab you are on to a text file in your
data folder (the path is shown after saving).
"""
    BINDINGS = [
        Binding("ctrl+s", "save", "Save to file", id="drafts.save", priority=True, tooltip="Save this draft as a .txt file"),
        Binding("escape", "back", "Back", id="drafts.back", tooltip="Back to the pre-call screen"),
    ]

    def __init__(self, prep: Prep, drafts: Drafts):
        super().__init__()
        self.prep = prep
        self.drafts = drafts
        self.saved: dict[str, Path] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(self.drafts.reason), id="reason")
        with TabbedContent(id="tabs"):
            with TabPane("E-mail", id="email"):
                yield TextArea(self.drafts.email, id="email-text", soft_wrap=True)
            with TabPane("Letter", id="letter"):
                yield TextArea(self.drafts.letter, id="letter-text", soft_wrap=True)
        yield Footer()

    def on_mount(self) -> None:
        for area in self.query(TextArea):
            area.cursor_blink = not self.app.frozen
        self.query_one("#email-text", TextArea).focus()

    def action_save(self) -> None:
        kind = self.query_one("#tabs", TabbedContent).active or "email"
        text = self.query_one(f"#{kind}-text", TextArea).text
        stem = self.prep.path.stem if self.prep.path else "prep"
        target = paths.drafts_dir() / f"{stem}-{kind}.txt"
        try:
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            self.notify(str(exc), title="Cannot save", severity="error")
            return
        self.saved[kind] = target
        self.notify(f"Saved the {'e-mail' if kind == 'email' else 'letter'} to {target}", title="Saved")

    def action_back(self) -> None:
        self.app.pop_screen()
