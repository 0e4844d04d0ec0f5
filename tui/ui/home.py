"""Home: the user's preps with their last score and when to call; new, open, copy, delete."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from tui.textsafe import clean_line
from tui.ui.header import Header
from tui.wording import plural

if TYPE_CHECKING:
    from tui.library import PrepEntry


class HomeScreen(Screen):
    HELP = """
## Your preps

One prep file per application: what you will say in the follow-up call.

- **Enter** opens a prep: rules, readiness and call settings, then the call.
- **n** writes a new prep from the template into your preps folder.
- **o** opens a prep file from anywhere; **s** opens the sample prep.
- **e** edits, **d** duplicates, **Delete** removes the highlighted prep.
- **h** shows the history of all your rehearsals.
"""
    BINDINGS = [
        Binding("enter", "open_selected", "Open", id="home.open", tooltip="Rules, readiness and the call", priority=False),
        Binding("n", "new", "New", id="home.new", tooltip="A new prep from the template"),
        Binding("o", "open_file", "Open file", id="home.open_file", tooltip="Open a prep file by path"),
        Binding("s", "sample", "Sample", id="home.sample", tooltip="Open the bundled sample prep", show=False),
        Binding("e", "edit", "Edit", id="home.edit", tooltip="Edit the highlighted prep"),
        Binding("d", "duplicate", "Copy", id="home.duplicate", tooltip="Duplicate the highlighted prep"),
        Binding("delete,x", "delete", "Delete", id="home.delete", tooltip="Delete (or forget) the highlighted prep"),
        Binding("h", "history", "History", id="home.history", tooltip="All past rehearsals"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[PrepEntry] = []
        self._listed = False  # the list has been read once

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static("Your preps", classes="title")
            yield DataTable(id="preps", cursor_type="row", zebra_stripes=True)
            empty = Static(id="empty", classes="empty")
            empty.display = False  # until the list is read: there may well be preps
            yield empty
            yield Static(id="details")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self.app.leaving:  # the app exited in its first frame: these widgets are gone
            return
        table = self.query_one("#preps", DataTable)
        # What matters first: at 80 columns the file and folder scroll out of view, not the score.
        # A wider terminal gives the prep's name what the other columns (about 70) leave.
        table.add_column("Prep", key="title", width=max(34, min(60, self.app.size.width - 70)))
        table.add_column("Last score", key="score", width=10)
        table.add_column("Calls", key="attempts", width=5)
        table.add_column("Call", key="when", width=16)
        table.add_column("Where", key="where")
        table.add_column("File", key="file")

    def on_screen_resume(self) -> None:
        # Also the first showing, when the list is read after the screen's first frame: reading
        # every prep and its scores (and importing the prep parser and the store) would delay it.
        if self._listed:
            self.refresh_preps()
        else:
            self.app.after_first_frame(self._first_listing)

    def _first_listing(self) -> None:
        if not self.app.leaving and not self._listed:
            self.refresh_preps()

    # -- data -----------------------------------------------------------------------
    def refresh_preps(self, select: Path | None = None) -> None:
        app = self.app
        if app.leaving:
            return
        from tui.library import list_preps

        self._listed = True
        self.entries = list_preps(app.settings.recent, app.store, app.clock())
        table = self.query_one("#preps", DataTable)
        current = self.selected
        table.clear()
        for entry in self.entries:
            score = f"{entry.last_score:.0f}/100" if entry.last_score is not None else "—"
            title = entry.title if entry.prep else f"⚠ {entry.title} ({plural(len(entry.problems), 'problem')})"
            # Text, not str: a DataTable reads str cells as markup, and these are the user's words.
            cells = (title, score, str(entry.attempts or "—"), entry.when or "fix the file", entry.where, entry.path.name)
            table.add_row(*(Text(clean_line(cell), overflow="ellipsis", no_wrap=True) for cell in cells),
                          key=str(entry.path))
        empty = self.query_one("#empty", Static)
        empty.display = not self.entries
        table.display = bool(self.entries)
        empty.update(
            "No preps yet.\n\n"
            "  [b]n[/b]  write a new prep from the template (into your preps folder)\n"
            "  [b]o[/b]  open a prep file you already have\n"
            "  [b]s[/b]  try the sample prep (Maria calls Northwind Payments)"
        )
        target = select or (current.path if current else None)
        for index, entry in enumerate(self.entries):
            if entry.path == target:
                table.move_cursor(row=index)
        self._show_details()
        self.refresh_bindings()  # the footer follows whether there is a prep to act on
        if self.entries:
            table.focus()

    @property
    def selected(self) -> PrepEntry | None:
        table = self.query_one("#preps", DataTable)
        if not self.entries or table.cursor_row is None or not 0 <= table.cursor_row < len(self.entries):
            return None
        return self.entries[table.cursor_row]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_details()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_selected()

    def _show_details(self) -> None:
        details = self.query_one("#details", Static)
        entry = self.selected
        if entry is None:
            details.update("")
            return
        # Built as Text: names and problems are the user's words, never markup.
        if entry.prep is None:
            text = Text.assemble((clean_line(entry.path.name), "bold"), " has problems (press ", ("e", "bold"), " to fix them):")
            for problem in entry.problems[:6]:
                text.append(f"\n  • {clean_line(problem)}")
            details.update(text)
            return
        app_ = entry.prep.application
        interviewed = f"interviewed {app_.interview_date:%a %d %b %Y}" if app_.interview_date else "no interview date"
        decision = f", decision due {app_.decision_date:%a %d %b %Y}" if app_.decision_date else ""
        text = Text.assemble((app_.interviewer, "bold"),
                             f" ({app_.interviewer_title or 'interviewer'}) — {interviewed}{decision}\n")
        if app_.asked_not_to_call:
            text.append("Asked not to call:", style="bold yellow")
            text.append(" send the e-mail or letter instead (open it for the drafts).")
        else:
            from tui.flow.timing import advise

            text.append(advise(entry.prep, self.app.clock()).summary())
        details.update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """With no preps, Open, Edit, Duplicate and Delete are not offered."""
        if action in ("open_selected", "edit", "duplicate", "delete") and not self.entries:
            return False
        return True

    # -- actions --------------------------------------------------------------------
    def action_open_selected(self) -> None:
        entry = self.selected
        if entry is None:
            self.notify("No prep yet: press n for a new one, or s for the sample.", severity="warning")
            return
        self.app.open_prep(entry.path)

    def action_edit(self) -> None:
        entry = self.selected
        if entry is None:
            self.notify("Nothing to edit yet.", severity="warning")
            return
        if entry.is_sample:
            self.notify("The sample is read-only: duplicate it (d) and edit the copy.", severity="warning")
            return
        self.app.edit_prep(entry.path)

    def action_new(self) -> None:
        def created(name: str | None) -> None:
            if not name:
                return
            try:
                from tui.library import new_prep

                path = new_prep(name)
            except (ValueError, OSError) as exc:
                self.notify(str(exc), title="Cannot create the prep", severity="error")
                return
            self.notify(f"Created {path.name} from the template: fill it in.")
            self.refresh_preps(select=path)
            self.app.edit_prep(path)

        from tui.ui.dialogs import TextModal  # here, not at start-up: home's first frame has no dialog

        self.app.push_screen(TextModal("Name of the new prep (e.g. the company):", "acme-backend", ok="Create"), created)

    def action_open_file(self) -> None:
        def chosen(name: str | None) -> None:
            if not name:
                return
            path = Path(name).expanduser()
            if not path.is_file():
                self.notify(f"{path}: no such file", title="Cannot open", severity="error")
                return
            self.app.settings.remember(path)
            self.refresh_preps(select=path.resolve())
            self.app.open_prep(path)

        from tui.ui.dialogs import TextModal

        self.app.push_screen(TextModal("Path of the prep file (.toml):", "~/jobs/acme.toml", ok="Open"), chosen)

    def action_sample(self) -> None:
        from tui.assets import sample_prep_path

        self.app.settings.remember(sample_prep_path())
        self.refresh_preps(select=sample_prep_path().resolve())
        self.app.open_prep(sample_prep_path())

    def action_duplicate(self) -> None:
        entry = self.selected
        if entry is None:
            self.notify("Nothing to duplicate yet.", severity="warning")
            return
        try:
            from tui.library import duplicate_prep

            copy = duplicate_prep(entry.path)
        except OSError as exc:
            self.notify(str(exc), title="Cannot copy", severity="error")
            return
        self.notify(f"Copied to {copy.name} in your preps folder.")
        self.refresh_preps(select=copy)

    def action_delete(self) -> None:
        entry = self.selected
        if entry is None:
            return
        if entry.in_preps_dir:
            question, yes = f"Delete {entry.path.name} from your preps folder? This cannot be undone.", "Delete"
        else:
            question, yes = f"Remove {entry.path.name} from this list? The file itself is kept.", "Remove"

        def decided(yes_: bool | None) -> None:
            if not yes_:
                return
            if entry.in_preps_dir:
                try:
                    entry.path.unlink()
                except OSError as exc:
                    self.notify(str(exc), title="Cannot delete", severity="error")
                    return
            self.app.settings.forget(entry.path)
            self.notify(f"{'Deleted' if entry.in_preps_dir else 'Removed'} {entry.path.name}.")
            self.refresh_preps()

        from tui.ui.dialogs import ConfirmModal

        self.app.push_screen(ConfirmModal(question, yes=yes), decided)

    def action_history(self) -> None:
        self.app.show_history()

    def commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("New prep", "Write a new prep from the template", self.action_new)
        yield SystemCommand("Open prep file", "Open a prep file by path", self.action_open_file)
        yield SystemCommand("Open the sample prep", "Maria calls Northwind Payments", self.action_sample)
        if self.selected is not None:
            yield SystemCommand("Duplicate prep", f"Copy {self.selected.path.name}", self.action_duplicate)
            yield SystemCommand("Delete prep", f"Delete {self.selected.path.name}", self.action_delete)
