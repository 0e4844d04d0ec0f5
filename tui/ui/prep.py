"""Edit a prep: every field of the TOML file as a form, checked as you type (problems are
shown under their field), saved back into the same file with its comments kept."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Input, Label, Static, TextArea

from tui.prep import document as pd
from tui.textsafe import clean_line, clean_text
from tui.ui.header import Header
from tui.wording import plural

# (table, key, label, kind): kind is text | date | bool | list
FIELDS: list[tuple[str, list[tuple[str, str, str, str]]]] = [
    ("You", [
        ("candidate", "name", "Your full name, as you say it on the phone", "text"),
        ("candidate", "phone", "Your phone number (for voicemails)", "text"),
        ("candidate", "email", "Your e-mail", "text"),
    ]),
    ("The application", [
        ("application", "company", "Company", "text"),
        ("application", "position", "Position — the exact title", "text"),
        ("application", "interviewer", "Interviewer's full name", "text"),
        ("application", "interviewer_pronunciation", "How to pronounce it (e.g. JAYMZ oh-KON-er)", "text"),
        ("application", "interviewer_title", "Interviewer's title", "text"),
        ("application", "interview_date", "Interview date (2026-11-18)", "date"),
        ("application", "decision_date", "Decision date they gave, if any", "date"),
        ("application", "asked_not_to_call", "Asked not to call (by the interviewer or the posting)", "bool"),
        ("application", "asked_by", "Asked by: interviewer or posting", "text"),
        ("application", "phone", "Company phone", "text"),
    ]),
    ("The company", [
        ("company", "facts", "Facts that show you paid attention — one per line", "list"),
    ]),
    ("The interview, in your words", [
        ("recap", "memory_hook", "Memory hook: what reminds them of you", "text"),
        ("recap", "said", "What they said about the team or role — one per line", "list"),
        ("recap", "asked", "What they asked you — one per line", "list"),
        ("recap", "stressed", "What they stressed — one per line", "list"),
        ("recap", "concerns", "Concerns they voiced about you — one per line", "list"),
        ("recap", "topics", "Topics you discussed — one per line", "list"),
    ]),
    ("Closing", [
        ("closing", "questions", "Questions you will ask before hanging up — one per line", "list"),
    ]),
]


def field_id(table: str, key: str) -> str:
    return f"f-{table or 'root'}-{key}"


class AnswerCard(Vertical):
    """One prepared answer: id, the question, tags and its key points."""

    def __init__(self, uid: int, original: int | None, values: dict):
        super().__init__(classes="answer-card", id=f"answer-{uid}")
        self.uid = uid
        self.original = original  # index in the file's [[answers]], None when new
        self.values = values

    def compose(self) -> ComposeResult:
        u, v = self.uid, self.values
        with Horizontal(classes="row"):
            yield Label("Id")
            yield Input(v.get("id", ""), placeholder="e.g. migration", id=f"a{u}-id", compact=True)
            yield Button("Remove", id=f"remove-{u}", classes="remove", variant="error", compact=True)
        with Horizontal(classes="row"):
            yield Label("Question")
            yield Input(v.get("prompt", ""), placeholder="The question as they might ask it", id=f"a{u}-prompt",
                        compact=True)
        with Horizontal(classes="row"):
            yield Label("Tags (comma separated)")
            yield Input(v.get("tags", ""), placeholder="link resume questions: gap, aws", id=f"a{u}-tags",
                        compact=True)
        yield Label("Key points, one per line (1 to 5); a line starting with ! must be said in full",
                    classes="hint")
        yield TextArea(v.get("points", ""), id=f"a{u}-points", classes="list", soft_wrap=True, compact=True)
        yield Static(id=f"ae{u}", classes="error-text")


class PrepScreen(Screen):
    CSS_PATH = "prep.tcss"
    HELP = """
## Edit the prep

Every field of the prep file. Problems show in red under their field as you type.

- **Ctrl+S** saves into the same file; your comments in it are kept.
- **Ctrl+N** adds a prepared answer.
- Lists take one item per line. In key points, a line starting with **!** must be said in full.
- **Escape** goes back (asks first when there are unsaved changes).
"""
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="prep.save", priority=True, tooltip="Save into the prep file"),
        Binding("ctrl+n", "add_answer", "Add answer", id="prep.add_answer", priority=True,
                tooltip="Add a prepared answer"),
        Binding("escape", "back", "Back", id="prep.back", tooltip="Back (asks if unsaved)"),
    ]

    def __init__(self, path: Path, problems: Exception | None = None, text: str | None = None):
        """`text`: open this (unsaved) text instead of the file's, e.g. after a key was renamed."""
        super().__init__()
        self.path = Path(path)
        self.saved_text = self.path.read_text(encoding="utf-8") if self.path.is_file() else ""
        self.text = self.saved_text if text is None else text
        self.syntax_error = ""
        self.syntax_at: tuple[int, int] | None = None  # (line, column), 1-based
        try:
            self.doc = pd.parse(self.text)
        except Exception as exc:  # noqa: BLE001 - tomlkit raises several kinds: show the raw text
            self.doc = None
            self.syntax_error = str(exc)
            line, col = getattr(exc, "line", None), getattr(exc, "col", None)
            if isinstance(line, int) and line > 0:
                self.syntax_at = (line, col if isinstance(col, int) and col > 0 else 1)
        # What the form showed when it opened: "unsaved" means the user changed something
        # since, not that the form writes a wrongly typed value differently from the file.
        self._baseline: str | None = None
        self._unknown: dict[int, tuple[str, str, str | None]] = {}
        self._file_problems: list[str] = []
        self.cards: list[AnswerCard] = []
        self._next_uid = 0
        self.problems: list[str] = []
        self._validate_timer = None

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="file-bar")
        if self.doc is None:
            yield Static(self._syntax_message(), id="syntax")
            yield TextArea(self.text, id="raw", soft_wrap=True, show_line_numbers=True)
            yield Footer(compact=True)
            return
        doc = self.doc
        with VerticalScroll(id="form"):
            yield Static(id="general-errors", classes="error-text")
            yield Vertical(id="unknown-keys")
            for title, fields in FIELDS:
                yield Static(title, classes="section")
                for table_name, key, label, kind in fields:
                    yield from self._field(doc, table_name, key, label, kind)
            yield Static("Prepared answers", classes="section")
            with Vertical(id="answers"):
                for index, answer in enumerate(pd.answers(doc)):
                    yield self._card(index, answer)
            yield Button("Add a prepared answer  (Ctrl+N)", id="add-answer")
            yield Static("Resume", classes="section")
            yield Static("JSON Resume, PDF, DOCX, Markdown or text; a path relative to the prep file.",
                         classes="muted")
            with Horizontal(id="resume-row", classes="row"):
                yield Label("Resume file")
                yield Input(pd.get_text(doc, "resume"), placeholder="resume.pdf", id=field_id("", "resume"),
                            compact=True)
                yield Button("Read resume", id="read-resume", compact=True)
            yield Static(id="e-root-resume", classes="error-text")
            yield Static(id="resume-jobs")
            yield Static("Questions they may ask about your resume", classes="section")
            yield Static("Save the prep to see the clarifying questions.", id="clarifying")
        yield Footer(compact=True)

    def _field(self, doc, table_name: str, key: str, label: str, kind: str) -> Iterable:
        container = pd.table(doc, table_name)
        fid = field_id(table_name, key)
        if kind == "bool":
            yield Checkbox(label, pd.get_bool(container, key), id=fid, compact=True)
        elif kind == "list":
            yield Label(label)
            yield TextArea("\n".join(pd.get_list(container, key)), id=fid, classes="list", soft_wrap=True,
                           compact=True)
        else:
            with Horizontal(classes="row"):
                yield Label(label)
                yield Input(pd.get_text(container, key), id=fid, compact=True,
                            placeholder="YYYY-MM-DD" if kind == "date" else "")
        yield Static(id=f"e-{table_name or 'root'}-{key}", classes="error-text")

    def _card(self, original: int | None, answer=None) -> AnswerCard:
        values = {}
        if answer is not None:
            values = {"id": pd.get_text(answer, "id"), "prompt": pd.get_text(answer, "prompt"),
                      "tags": ", ".join(pd.get_list(answer, "tags")), "points": "\n".join(pd.points_lines(answer))}
        card = AnswerCard(self._next_uid, original, values)
        self._next_uid += 1
        self.cards.append(card)
        return card

    def _syntax_message(self) -> Text:
        text = Text("This file is not valid TOML, so it opens as text", style="bold red")
        if self.syntax_at:
            text.append(f" (the cursor is on line {self.syntax_at[0]})", style="bold red")
        text.append(f":\n{clean_text(self.syntax_error)}\nFix it and save (Ctrl+S): the form opens again.", style="red")
        return text

    def on_mount(self) -> None:
        blink = not self.app.frozen
        for widget in self.query("Input, TextArea"):
            widget.cursor_blink = blink
        if self.doc is None:
            raw = self.query_one("#raw", TextArea)
            raw.focus()
            if self.syntax_at:
                raw.move_cursor((self.syntax_at[0] - 1, self.syntax_at[1] - 1), center=True)
        else:
            self._baseline = self.render_text()
            self._file_problems = self._file_only_problems()
        self._validate()
        if self.doc is not None:
            self.query_one(f"#{field_id('candidate', 'name')}", Input).focus()
            self._load_clarifying()
            if pd.get_text(self.doc, "resume"):
                self.action_read_resume()

    # -- building the text from the form ----------------------------------------------------
    def render_text(self) -> str:
        """The file text the form describes now (comments and untouched lines as they were)."""
        if self.doc is None:
            return self.query_one("#raw", TextArea).text
        doc = pd.parse(pd.dumps(self.doc))  # a copy: the form is applied fresh every time
        for _, fields in FIELDS:
            for table_name, key, _, kind in fields:
                widget = self.query_one(f"#{field_id(table_name, key)}")
                container = pd.table(doc, table_name)
                if container is None:
                    if not self._has_value(widget):
                        continue
                    container = pd.table(doc, table_name, create=True)
                if kind == "bool":
                    pd.set_bool(container, key, widget.value)
                elif kind == "list":
                    pd.set_list(container, key, pd.lines(widget.text))
                elif kind == "date":
                    pd.set_date(container, key, widget.value)
                else:
                    pd.set_text(container, key, widget.value)
        kept = [c.original for c in self.cards if c.original is not None]
        new_cards = [c for c in self.cards if c.original is None]
        tables = pd.rebuild_answers(doc, kept, len(new_cards))
        for card, answer in zip(self.cards, tables):
            u = card.uid
            pd.set_text(answer, "id", self.query_one(f"#a{u}-id", Input).value)
            pd.set_text(answer, "prompt", self.query_one(f"#a{u}-prompt", Input).value)
            tags = pd.commas(self.query_one(f"#a{u}-tags", Input).value)
            if tags or "tags" in answer:
                pd.set_list(answer, "tags", tags)
            pd.set_points(answer, pd.lines(self.query_one(f"#a{u}-points", TextArea).text))
            if card.original is None:
                answer.add(pd.tomlkit.nl())
        pd.set_text(doc, "resume", self.query_one(f"#{field_id('', 'resume')}", Input).value)
        return pd.dumps(doc)

    @staticmethod
    def _has_value(widget) -> bool:
        if isinstance(widget, Checkbox):
            return widget.value
        if isinstance(widget, TextArea):
            return bool(widget.text.strip())
        return bool(widget.value.strip())

    # -- validation --------------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        self._changed()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._changed()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._changed()

    def _changed(self) -> None:
        if self._validate_timer is not None:
            self._validate_timer.stop()
        self._validate_timer = self.set_timer(0.4, self._validate)

    def _validate(self) -> list[str]:
        """Parse what the form holds now and show each problem under its field."""
        from tui.prep import PrepError, parse_prep

        for error in self.query(".error-text"):
            if error.id not in ("syntax",):
                error.update("")
                error.display = False
        try:
            text = self.render_text()
            parse_prep(text, source=self.path.name, base_dir=self.path.parent, path=self.path)
            problems = []
        except PrepError as exc:
            problems = exc.problems
        except Exception as exc:  # noqa: BLE001 - e.g. tomlkit refusing a value
            self._show_errors({"general-errors": [str(exc)]})
            self.problems = [str(exc)]
            self._update_bar()
            return self.problems
        by_widget: dict[str, list[str]] = {}
        unknown = [p for p in problems if p.message.startswith("unknown key (")]
        for problem in problems:
            if problem in unknown:
                continue
            slot = self._error_slot(problem.where)
            # Under its field the message is enough; elsewhere it needs its key and line.
            by_widget.setdefault(slot, []).append(str(problem) if slot == "general-errors" else problem.message)
        self.problems = [str(p) for p in problems]
        if self._file_problems and text == self._baseline:  # said until the form is changed
            by_widget.setdefault("general-errors", []).extend(self._file_problems)
            self.problems += self._file_problems
        self._show_errors(by_widget)
        self._show_unknown_keys(unknown)
        self._update_bar()
        return self.problems

    def _error_slot(self, where: str) -> str:
        table_name, index, key = pd.split_where(where)
        if table_name == "answers" and index is not None:
            if index < len(self.cards):
                return f"ae{self.cards[index].uid}"
            return "general-errors"
        slot = f"e-{table_name or 'root'}-{key}"
        return slot if self.query(f"#{slot}") else "general-errors"

    def _show_errors(self, by_widget: dict[str, list[str]]) -> None:
        for slot, messages in by_widget.items():
            found = self.query(f"#{slot}")
            if found:
                error = found.first(Static)
                error.update(Text(clean_text("\n".join(f"⚠ {m}" for m in messages))))  # they quote keys
                error.display = True

    def _file_only_problems(self) -> list[str]:
        """Problems the file has but the form does not (a number where text belongs: the form
        shows it as text), so the file is not silently different from what is shown."""
        from tui.prep import PrepError, parse_prep

        try:
            parse_prep(self._baseline or "", source=self.path.name, base_dir=self.path.parent, path=self.path)
            form = []
        except PrepError as exc:
            form = [str(p) for p in exc.problems]
        except Exception:  # noqa: BLE001 - the form's own validation reports the rest
            return []
        try:
            parse_prep(self.saved_text, source=self.path.name, base_dir=self.path.parent, path=self.path)
            return []
        except PrepError as exc:
            return [f"In the file, {p} — the form shows it as text; save (Ctrl+S) to write it so."
                    for p in exc.problems if str(p) not in form]
        except Exception:  # noqa: BLE001
            return []

    def _show_unknown_keys(self, unknown: list) -> None:
        """One row per unknown key, with its line, and buttons to rename it (to the known key
        it most looks like) or remove it."""
        if self.doc is None:
            return
        box = self.query_one("#unknown-keys", Vertical)
        box.remove_children()
        self._unknown = {}
        rows = []
        for index, problem in enumerate(unknown):
            table_name, _, key = pd.split_where(problem.where)
            suggestion = self._closest_key(table_name, key)
            self._unknown[index] = (table_name, key, suggestion)
            at = f"line {problem.line}: " if problem.line else ""
            label = Static(Text(clean_line(f"⚠ {at}{problem.where}: unknown key")), classes="unknown-label")
            buttons = [Button(f"Rename to {suggestion}", id=f"rename-key-{index}", compact=True)] if suggestion else []
            buttons.append(Button("Remove", id=f"remove-key-{index}", variant="error", compact=True))
            rows.append(Vertical(label, Horizontal(*buttons, classes="unknown-buttons"), classes="unknown-row"))
        if rows:
            box.mount_all(rows)

    @staticmethod
    def _closest_key(table_name: str, key: str) -> str | None:
        import difflib

        known = [k for _, fields in FIELDS for t, k, _, _ in fields if t == table_name]
        if table_name == "":
            known += ["resume"]
        match = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        return match[0] if match else None

    def _fix_unknown_key(self, index: int, rename: bool) -> None:
        """Rename or remove an unknown key in the text the form describes, and reopen the form
        on that (unsaved) text, so the renamed value shows in its field."""
        table_name, key, suggestion = self._unknown[index]
        doc = pd.parse(self.render_text())
        container = pd.table(doc, table_name) if table_name else doc
        if container is None or key not in container:
            return
        value = container[key]
        del container[key]
        if rename and suggestion:
            if suggestion in container and str(container[suggestion]).strip() in ("", '""'):
                del container[suggestion]  # the form's empty field gives way to the renamed value
            if suggestion not in container:
                container[suggestion] = value
        self.app.switch_screen(PrepScreen(self.path, text=pd.dumps(doc)))

    def _update_bar(self) -> None:
        bar = self.query_one("#file-bar", Static)
        dirty = self.dirty
        state = "unsaved changes" if dirty else "saved"
        problems = "[b $error]$count[/]" if self.problems else "[b $success]no problems[/]"
        bar.update(Content.from_markup(f"$name  [dim]($state)[/] · {problems}", name=clean_line(self.path.name),
                                       state=state, count=plural(len(self.problems), "problem")))

    @property
    def dirty(self) -> bool:
        try:
            text = self.render_text()
        except Exception:  # noqa: BLE001
            return True
        if self.doc is None or self._baseline is None:
            return text != self.saved_text
        return text != self._baseline or self.text != self.saved_text

    # -- saving ------------------------------------------------------------------------------
    def action_save(self) -> bool:
        problems = self._validate()
        text = self.render_text()
        try:
            self.path.write_text(text, encoding="utf-8")
        except OSError as exc:
            self.notify(f"{self.path}: {exc.strerror or exc}", title="Cannot save", severity="error")
            return False
        self.saved_text = self.text = text
        self._baseline = None
        self._file_problems = []  # the file now holds what the form shows
        if self.doc is None:
            try:
                pd.parse(text)
            except Exception as exc:  # noqa: BLE001
                self.syntax_error = str(exc)
                line, col = getattr(exc, "line", None), getattr(exc, "col", None)
                self.syntax_at = (line, col or 1) if isinstance(line, int) and line > 0 else None
                self.query_one("#syntax", Static).update(self._syntax_message())
                if self.syntax_at:
                    self.query_one("#raw", TextArea).move_cursor((self.syntax_at[0] - 1, self.syntax_at[1] - 1))
                self.notify("Saved, but it is still not valid TOML: see the line above the text.",
                            severity="warning")
                return True
            self.app.switch_screen(PrepScreen(self.path))
            return True
        self.doc = pd.parse(text)
        self._baseline = self.render_text()
        for card, index in zip(self.cards, range(len(self.cards))):
            card.original = index
        self._update_bar()
        if problems:
            self.notify(f"Saved {self.path.name} with {plural(len(problems), 'problem')}: see the fields in red.",
                        title="Saved", severity="warning")
        else:
            self.notify(f"Saved {self.path.name}.", title="Saved")
            self._load_clarifying()
        return True

    # -- answers -----------------------------------------------------------------------------
    async def action_add_answer(self) -> None:
        if self.doc is None:
            return
        card = self._card(None)
        await self.query_one("#answers", Vertical).mount(card)
        for widget in card.query("Input, TextArea"):
            widget.cursor_blink = not self.app.frozen
        self.query_one(f"#a{card.uid}-id", Input).focus()
        card.scroll_visible()
        self._changed()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        button_id = event.button.id or ""
        if button_id == "add-answer":
            await self.action_add_answer()
        elif button_id == "read-resume":
            self.action_read_resume()
        elif button_id.startswith(("rename-key-", "remove-key-")):
            self._fix_unknown_key(int(button_id.rsplit("-", 1)[1]), rename=button_id.startswith("rename"))
        elif button_id.startswith("remove-"):
            uid = int(button_id.removeprefix("remove-"))
            card = next(c for c in self.cards if c.uid == uid)
            self.cards.remove(card)
            card.remove()
            self._changed()

    # -- resume ------------------------------------------------------------------------------
    def action_read_resume(self) -> None:
        name = self.query_one(f"#{field_id('', 'resume')}", Input).value.strip()
        if not name:
            self.notify("Type the resume's file name first.", severity="warning")
            return
        path = Path(name).expanduser()
        if not path.is_absolute():
            path = self.path.parent / path
        self.query_one("#resume-jobs", Static).update("Reading the resume…")
        self._read_resume(path)

    @work(thread=True, exclusive=True, group="resume", exit_on_error=False)
    def _read_resume(self, path: Path) -> None:
        try:
            from tui.resume import load_resume

            resume = load_resume(path, self.app.clock().date())
        except Exception as exc:  # noqa: BLE001 - ResumeError and friends: shown, not raised
            self.app.call_from_thread(self._show_jobs, None, str(exc))
            return
        self.app.call_from_thread(self._show_jobs, resume, "")

    def _show_jobs(self, resume, error: str) -> None:
        jobs = self.query_one("#resume-jobs", Static)
        if resume is None:
            jobs.update(Text(clean_line(f"⚠ {error}"), style="red"))
            return
        if not resume.work:
            jobs.update("No jobs found in this resume.")
            return
        text = Text(f"{plural(len(resume.work), 'job')} read:", style="bold")
        for job in resume.work:
            text.append(f"\n  • {job.header()}", style="not bold")
        jobs.update(text)

    @work(thread=True, exclusive=True, group="clarifying", exit_on_error=False)
    def _load_clarifying(self) -> None:
        from tui.prep import PrepError, load_prep
        from tui.flow.readiness import clarifying

        try:
            prep = load_prep(self.path)
        except PrepError:
            return
        questions = clarifying(prep, today=self.app.clock().date()).questions
        self.app.call_from_thread(self._show_clarifying, questions)

    def _show_clarifying(self, questions: list) -> None:
        box = self.query_one("#clarifying", Static)
        if not questions:
            box.update("No clarifying questions found (add a resume and your interview notes).")
            return
        lines = []
        for q in questions[:12]:  # the questions quote the resume and the ids the prep: variables, not markup
            mark = "[$success]✓[/]" if q.answer_id else "[$warning]![/]"
            lines.append(Content.from_markup(f"{mark} $text  [dim]($likely likely · $notes)[/]", text=clean_line(q.text),
                                             likely=f"{q.likelihood:.0%}",
                                             notes=f"notes: {clean_line(q.answer_id)}" if q.answer_id else "no notes"))
        box.update(Content("\n").join(lines))

    # -- leaving -----------------------------------------------------------------------------
    def unsaved_question(self) -> str | None:
        """What to ask before quitting the app from here (None when nothing would be lost)."""
        return f"{self.path.name} has unsaved changes." if self.dirty else None

    def action_back(self) -> None:
        if not self.dirty:
            self.app.go_back()
            return
        from tui.ui.dialogs import ConfirmModal

        def decided(leave: bool | None) -> None:
            if leave:
                self.app.go_back()

        self.app.push_screen(ConfirmModal("Leave without saving your changes?", yes="Discard changes"), decided)

    def commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Save prep", "Save into the prep file", self.action_save)
        yield SystemCommand("Add a prepared answer", "A new [[answers]] block", self.action_add_answer)
        yield SystemCommand("Read resume", "Read the resume file and list its jobs", self.action_read_resume)
