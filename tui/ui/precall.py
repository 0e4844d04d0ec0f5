"""Pre-call: the four rules, readiness, timing advice, and the call's settings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Static
from textual.worker import get_current_worker

from tui.prep.model import Prep
from tui.textsafe import clean_line
from tui.ui.header import Header

# The readiness states (tui.flow.readiness), named here so the screen does not import the
# checker before its first frame.
OK, WARN, BAD = "ok", "warn", "bad"

MARK = {OK: "✓", WARN: "!", BAD: "✗"}

OUTCOMES = [("Random (like real life)", "random"), ("Interviewer answers", "available"),
            ("Voicemail", "voicemail"), ("Receptionist takes a message", "message")]
MODES = [("Keyboard: type your answers", "keyboard"), ("Voice: speak your answers", "voice")]


@dataclass(frozen=True)
class CallOptions:
    persona: str = "friendly"
    outcome: str | None = None  # None = random by seed
    mode: str = "keyboard"
    max_questions: int = 4
    drill: str | None = None  # question id: ask only this question, straight away


class ReadinessReady(Message):
    """The worker's checks for `prep` (quick ones first, then with the resume's questions)."""

    def __init__(self, prep: Prep, readiness):
        super().__init__()
        self.prep = prep
        self.readiness = readiness


class PreCallScreen(Screen):
    CSS_PATH = "precall.tcss"
    AUTO_FOCUS = "#start"
    HELP = """
## Before the call

The four rules, checked against your prep, and what you have ready.

- **F5** (or **c**) starts the call with the settings on the right.
- **e** edits the prep; **w** opens the e-mail and letter drafts.
- **Escape** goes back to your preps.
"""
    BINDINGS = [
        Binding("f5,c", "start", "Call", id="precall.start", tooltip="Start the rehearsal call"),
        Binding("e", "edit", "Edit", id="precall.edit", tooltip="Edit this prep"),
        Binding("w", "drafts", "Write", id="precall.drafts", tooltip="Follow-up e-mail and letter drafts"),
        Binding("h", "history", "History", id="precall.history", tooltip="Past rehearsals"),
        Binding("escape", "back", "Back", id="precall.back", tooltip="Back to your preps"),
    ]

    def __init__(self, prep: Prep):
        super().__init__()
        self.prep = prep
        self.readiness = None
        self._resumed = False
        # What each call setting shows: a Select reports the value it opens with as a change,
        # and fitting "questions" to a short prep is not the user's choice to remember.
        self._shown: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        app_ = self.prep.application
        yield Header()
        yield Static(Text.assemble((app_.company, "bold"), f" — {app_.position}   ·   calling ",
                                   (app_.interviewer, "bold")), id="who")
        with Horizontal(id="columns"):
            with VerticalScroll(id="left"):
                yield Static("The four rules", classes="section")
                yield Static("Checking your prep…", id="rules")
                yield Static("Readiness", classes="section")
                yield Static(id="items")
            with VerticalScroll(id="right"):
                yield Static("Call settings", classes="section")
                blocked = self.prep.application.asked_not_to_call
                yield Button("Calling is off: rule 1" if blocked else "Start the call  (F5)", variant="primary",
                             id="start", disabled=blocked)
                yield Button("E-mail / letter drafts  (w)", id="drafts")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        # After the first frame: the call settings (four Selects are a good part of the
        # frame's cost) and the checks (they import the checker and read the resume).
        self.app.after_first_frame(self._add_settings)
        self.app.after_first_frame(self.refresh_checks)

    def _settings_widgets(self) -> list:
        from textual.widgets import Label, Select

        from tui.flow.personas import available_personas, load_persona

        settings, shown = self.app.settings, self._shown
        personas = [(load_persona(n).title, n) for n in available_personas("interviewer")]
        shown["persona"] = settings.persona if settings.persona in [n for _, n in personas] else "friendly"
        outcomes = [value for _, value in OUTCOMES]
        shown["outcome"] = settings.outcome if settings.outcome in outcomes else "random"
        shown["mode"] = settings.mode if settings.mode in ("keyboard", "voice") else "keyboard"
        count = max(1, len(self.prep.answers))
        shown["questions"] = min(settings.questions, count) if settings.questions >= 1 else count
        counts = [(str(n), n) for n in range(1, count + 1)]
        widgets = []
        for label, key, options in (("Interviewer", "persona", personas), ("Who picks up", "outcome", OUTCOMES),
                                    ("Mode", "mode", MODES), ("Questions the interviewer asks", "questions", counts)):
            widgets += [Label(label), Select(options, value=shown[key], allow_blank=False, compact=True, id=key)]
        return widgets

    async def _add_settings(self) -> None:
        await self.query_one("#right").mount_all(self._settings_widgets(), before="#start")

    def on_screen_resume(self) -> None:
        if self._resumed:
            self._reload()  # back from the editor or a call: the prep may have changed
        self._resumed = True

    def _reload(self) -> None:
        """The prep may have been edited: read it again."""
        if self.prep.path is None:
            return
        from tui.library import load_for_today
        from tui.prep import PrepError

        try:
            self.prep = load_for_today(self.prep.path, self.app.clock().date())
        except PrepError:
            return  # the editor already showed the problems; keep the last good version
        self.refresh_checks()

    def refresh_checks(self) -> None:
        """Fill in the checks from a thread: first the quick ones, then again with the
        resume's clarifying questions. The screen is shown first; the worker only posts."""
        self._assess(self.prep)

    @work(thread=True, exclusive=True, group="readiness", exit_on_error=False)
    def _assess(self, prep: Prep) -> None:
        from tui.flow.readiness import assess, clarifying

        worker = get_current_worker()
        now = self.app.clock()
        self.post_message(ReadinessReady(prep, assess(prep, now)))
        report = clarifying(prep, today=now.date())
        if (report.questions or report.warnings) and not worker.is_cancelled:
            self.post_message(ReadinessReady(prep, assess(prep, now, report.questions, report.warnings)))

    def on_readiness_ready(self, message: ReadinessReady) -> None:
        if message.prep is self.prep:  # not a late answer about a prep since reloaded
            self._show(message.readiness)

    def _show(self, r) -> None:
        # Labels and details quote the prep: template variables, never parsed as markup.
        self.readiness = r
        rules = [self._line("[$color]$mark[/] [b]$label[/b]\n    $detail", c.state, f"{n}. {c.label}", c.detail)
                 for n, c in enumerate(r.rules, 1)]
        self.query_one("#rules", Static).update(Content("\n").join([*rules, self._timing_line(r)]))
        self.query_one("#items", Static).update(Content("\n").join(
            self._line("[$color]$mark[/] $label — [dim]$detail[/]" if c.detail else "[$color]$mark[/] $label",
                       c.state, c.label, c.detail) for c in r.items))
        start = self.query_one("#start", Button)
        start.disabled = r.blocked
        start.label = "Calling is off: rule 1" if r.blocked else "Start the call  (F5)"

    def _line(self, template: str, state: str, label: str, detail: str = "") -> Content:
        return Content.from_markup(template, color=self._color(state), mark=MARK[state], label=clean_line(label),
                                   detail=clean_line(detail))

    def _timing_line(self, r) -> Content:
        timing = r.timing
        template = "\n[$color]$mark[/] [b]$label[/b]\n    $detail"
        if r.blocked:  # rule 1: there is no good time to call
            return self._line(template, BAD, "When to call",
                              "Don't call: you were asked not to. Send the e-mail or letter instead.")
        reason = timing.now_reason[:1].upper() + timing.now_reason[1:]
        return self._line(template, OK if timing.now_ok else WARN, "When to call", f"{reason}. {timing.summary()}")

    @staticmethod
    def _color(state: str) -> str:
        return {"ok": "$success", "warn": "$warning", "bad": "$error"}[state]

    # -- settings -------------------------------------------------------------------
    def options(self) -> CallOptions:
        if not self.query("#outcome"):  # F5 before the settings are shown: the remembered ones
            settings = self.app.settings
            return CallOptions(persona=settings.persona, outcome=None if settings.outcome == "random"
                               else settings.outcome, mode=settings.mode,
                               max_questions=max(1, min(settings.questions, len(self.prep.answers) or 1)))
        value = {key: self.query_one(f"#{key}").value for key in ("persona", "outcome", "mode", "questions")}
        return CallOptions(
            persona=str(value["persona"]),
            outcome=None if value["outcome"] == "random" else str(value["outcome"]),
            mode=str(value["mode"]),
            max_questions=int(value["questions"]),
        )

    def on_select_changed(self, event) -> None:  # Select.Changed
        """Remember the call settings for next time: only what the user changed is written."""
        settings = self.app.settings
        key = event.select.id
        if key not in ("persona", "outcome", "mode", "questions"):
            return
        if self._shown.get(key) == event.value:
            return  # the value the screen opened with (a Select reports it as a change)
        self._shown[key] = event.value
        if getattr(settings, key) != event.value:
            setattr(settings, key, event.value)
            settings.save()

    # -- actions ----------------------------------------------------------------------
    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()
        elif event.button.id == "drafts":
            self.action_drafts()

    def action_start(self) -> None:
        if self.prep.application.asked_not_to_call:  # rule 1, known before the checks are in
            self.notify("Rule 1: you were asked not to call. Send the e-mail or letter instead.",
                        title="No call", severity="warning")
            self.action_drafts()
            return
        from tui.ui.call import CallScreen

        self.app.push_screen(CallScreen(self.prep, self.options()))

    def action_drafts(self) -> None:
        from tui.flow.drafts import draft
        from tui.ui.drafts import DraftsScreen

        self.app.push_screen(DraftsScreen(self.prep, draft(self.prep, self.app.clock().date())))

    def action_edit(self) -> None:
        if self.prep.path is None:
            return
        from tui.assets import sample_prep_path

        if self.prep.path.resolve() == sample_prep_path().resolve():
            self.notify("The sample is read-only: duplicate it on the home screen (d) and edit the copy.",
                        severity="warning")
            return
        self.app.edit_prep(self.prep.path)

    def action_history(self) -> None:
        self.app.show_history()

    def action_back(self) -> None:
        self.app.go_back()

    def commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Start the call", "Rehearse the follow-up call now", self.action_start)
        yield SystemCommand("Edit prep", "Edit this prep", self.action_edit)
        yield SystemCommand("E-mail and letter drafts", "Follow-up in writing", self.action_drafts)
