"""History: every past rehearsal, a score trend per prep, and any past feedback."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Sparkline, Static

from tui.store import RehearsalRecord
from tui.textsafe import clean_line
from tui.ui.header import Header
from tui.wording import plural


def local_time(stamp: str) -> str:
    """The store's UTC time stamp in the user's time zone, to the minute."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp[:16].replace("T", " ")


class HistoryScreen(Screen):
    CSS_PATH = "history.tcss"
    HELP = """
## History

Every rehearsal you did, newest first, and how your score moves per prep.

- **Enter** opens the feedback of the highlighted rehearsal.
- **Delete** removes it from the history.
"""
    BINDINGS = [
        Binding("enter", "open", "Open feedback", id="history.open", tooltip="Feedback of this rehearsal"),
        Binding("delete,x", "delete", "Delete", id="history.delete", tooltip="Remove from the history"),
        Binding("escape", "back", "Back", id="history.back", tooltip="Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.records: list[RehearsalRecord] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="history"):
            yield Static("Rehearsals", classes="section")
            yield DataTable(id="rehearsals", cursor_type="row", zebra_stripes=True)
            yield Static("No rehearsals yet: open a prep and press F5 to start a call.", id="empty")
            yield Static("Score trend per prep, full calls only (oldest → newest)", classes="section")
            yield VerticalScroll(id="trends")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#rehearsals", DataTable)
        # No fixed widths: each column fits its longest value ("interrupted", a long title);
        # the table scrolls sideways on a narrow terminal instead of cutting words.
        # The long prep name goes last, so status and score stay in view at 80 columns.
        for label, key in (("#", "id"), ("When", "when"), ("Kind", "kind"), ("Outcome", "outcome"),
                           ("Status", "status"), ("Score", "score"), ("Interviewer", "persona"), ("Mode", "mode"),
                           ("Prep", "prep")):
            table.add_column(label, key=key)
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        store = self.app.store
        self.records = store.rehearsals()
        table = self.query_one("#rehearsals", DataTable)
        table.clear()
        for r in self.records:
            score = f"{r.score:.0f}" if r.score is not None else "—"
            cells = (str(r.id), local_time(r.started_at), r.kind, r.outcome, r.status.replace("_", " "), score,
                     r.persona, r.mode, f"{r.company} — {r.position}")
            table.add_row(*(Text(clean_line(cell)) for cell in cells), key=str(r.id))  # user text: never markup
        self.query_one("#empty").display = not self.records
        table.display = bool(self.records)
        trends = self.query_one("#trends", VerticalScroll)
        trends.remove_children()
        seen: dict[str, RehearsalRecord] = {}
        for r in self.records:
            seen.setdefault(r.prep_path, r)
        rows = []
        for prep_path, latest in seen.items():
            scores = store.scores(prep_path)
            if not scores:
                continue
            last = f"last {scores[-1]:.0f}, best {max(scores):.0f}, {plural(len(scores), 'call')}"
            rows.append(Horizontal(
                Static(Text(clean_line(f"{latest.company} — {latest.position}")), classes="trend-name"),
                Sparkline(scores, summary_function=max, classes="trend-line"),
                Static(last, classes="trend-figures"),
                classes="trend"))
        if rows:
            trends.mount_all(rows)
        else:
            trends.mount(Static("Scores appear here after your first finished call.", classes="muted"))
        if self.records:
            table.focus()

    @property
    def selected(self) -> RehearsalRecord | None:
        table = self.query_one("#rehearsals", DataTable)
        if not self.records or not 0 <= table.cursor_row < len(self.records):
            return None
        return self.records[table.cursor_row]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        record = self.selected
        if record is None:
            self.notify("No rehearsal to open yet.", severity="warning")
            return
        self.app.show_feedback(record.id)

    def action_delete(self) -> None:
        record = self.selected
        if record is None:
            return
        from tui.ui.dialogs import ConfirmModal

        def decided(yes: bool | None) -> None:
            if yes:
                self.app.store.delete_rehearsal(record.id)
                self.notify(f"Deleted rehearsal #{record.id}.")
                self.reload()

        self.app.push_screen(ConfirmModal(f"Delete rehearsal #{record.id} ({record.company}) from the history?",
                                          yes="Delete"), decided)

    def action_back(self) -> None:
        self.app.go_back()

    def commands(self) -> Iterable[SystemCommand]:
        if self.selected is not None:
            yield SystemCommand("Open feedback", f"Rehearsal #{self.selected.id}", self.action_open)
            yield SystemCommand("Delete rehearsal", f"Remove #{self.selected.id}", self.action_delete)
