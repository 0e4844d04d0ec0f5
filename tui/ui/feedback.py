"""Feedback on one rehearsal: score, comparison with the previous attempt, the three
improvements, the phase checks, and the call turn by turn with matched words highlighted."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from tui import paths
from tui.checker import AnswerCheck, matched_spans
from tui.report import fillers_said, outcome_shown
from tui.store import RehearsalRecord, TurnRecord
from tui.textsafe import clean_line, clean_text
from tui.ui.header import Header
from tui.wording import plural

STATUS_MARK = {"covered": ("✓", "green"), "partial": ("~", "yellow"), "missed": ("✗", "red")}


def highlighted(answer: str, check: AnswerCheck) -> Text:
    text = Text(answer)
    for start, end in matched_spans(answer, check):
        text.stylize("bold reverse green", start, end)
    return text


def previous_attempt(records: list[RehearsalRecord], rehearsal_id: int) -> RehearsalRecord | None:
    """The scored attempt just before this one that is like it: same prep, kind (a drill of
    the same question) and outcome (records are newest first)."""
    ids = [r.id for r in records]
    if rehearsal_id not in ids:
        return None
    this = records[ids.index(rehearsal_id)]
    for record in records[ids.index(rehearsal_id) + 1:]:
        if record.score is not None and record.comparable(this):
            return record
    return None


OUTCOME_WORDS = {"available": "the interviewer answered", "voicemail": "you reached voicemail",
                 "message": "you left a message"}


class FeedbackScreen(Screen):
    CSS_PATH = "feedback.tcss"
    HELP = """
## Feedback

Your score, what to change first, and every answer with the key points it covered
(matched words are highlighted).

- **r** retries one question as a short drill.
- **p** plays a spoken answer back, after the line it answered.
- **x** exports this report as Markdown.
- **Escape** goes back.
"""
    BINDINGS = [
        Binding("r", "retry", "Retry a question", id="feedback.retry", tooltip="Drill one question again"),
        Binding("p", "listen", "Listen back", id="feedback.listen",
                tooltip="Play a spoken answer, after the line it answered"),
        Binding("x", "export", "Export", id="feedback.export", tooltip="Save the report as Markdown"),
        Binding("h", "history", "History", id="feedback.history", tooltip="All past rehearsals"),
        Binding("escape", "back", "Back", id="feedback.back", tooltip="Back"),
    ]

    def __init__(self, rehearsal_id: int):
        super().__init__()
        self.rehearsal_id = rehearsal_id
        self.record: RehearsalRecord | None = None
        self.turns: list[TurnRecord] = []
        self.exported: Path | None = None

    def compose(self) -> ComposeResult:
        store = self.app.store
        self.record = record = store.rehearsal(self.rehearsal_id)
        yield Header()
        if record is None:
            yield Static(f"Rehearsal #{self.rehearsal_id} is not in the history any more.", classes="empty")
            yield Footer(compact=True)
            return
        self.turns = store.turns(self.rehearsal_id)
        report = record.report or {}
        with VerticalScroll(id="feedback"):
            yield Static(self._summary(record, report), id="summary")
            if record.report is None:  # interrupted: no score, but every turn it recorded
                yield Static("The call, turn by turn", classes="section")
                for turn in self.turns:
                    yield from self._turn(turn)
                yield Footer(compact=True)
                return
            with Horizontal(id="overview"):
                with Vertical(id="improve-box"):
                    yield Static("Most useful improvements", classes="section")
                    tips = report.get("improvements") or []
                    yield Static(Text(clean_text("\n".join(f"{i}. {t}" for i, t in enumerate(tips, 1))))
                                 or "Nothing major: well done.", id="improvements")  # tips quote key points
                    yield Static("Delivery", classes="section")
                    yield Static(self._delivery(report), id="delivery")
                with Vertical(id="checks-box"):
                    yield Static("Call checks", classes="section")
                    yield Static(self._phases(report), id="phases")
            yield Static("The call, turn by turn", classes="section")
            for turn in self.turns:
                yield from self._turn(turn)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self.query("#feedback"):
            self.query_one("#feedback").focus()  # arrows and page keys scroll the report

    # -- pieces ------------------------------------------------------------------------
    def _summary(self, record: RehearsalRecord, report: dict) -> Text:
        text = Text()
        what = "drill" if record.is_drill else "call"
        like = "drill of this question" if record.is_drill else \
            f"call at this prep where {OUTCOME_WORDS.get(record.outcome, record.outcome)}"
        if record.score is None:
            if record.status in ("interrupted", "in_progress"):
                text.append(f"Interrupted: followup closed before this {what} ended, so it has no score. "
                            "Its turns are below.", style="bold yellow")
            else:
                text.append(f"No score: this {what} did not finish.", style="bold yellow")
        else:
            text.append(f"{'Drill score' if record.is_drill else 'Score'} {record.score:.0f}/100", style="bold")
            records = self.app.store.rehearsals(record.prep_path) if record.prep_path else []
            before = previous_attempt(records, record.id)
            if before is not None:
                delta = record.score - before.score
                arrow, style = ("▲", "green") if delta > 0 else ("▼", "red") if delta < 0 else ("=", "yellow")
                text.append(f"   {arrow} {delta:+.0f} since the previous {like} ({before.score:.0f})", style=style)
            else:
                text.append(f"   first scored {like}", style="dim")
        parts = [clean_line(f"{record.company} — {record.position}"), "a one-question drill" if record.is_drill else "full call",
                 f"interviewer: {record.persona}", f"outcome: {outcome_shown(record.outcome, [t.phase for t in self.turns])}", f"mode: {record.mode}",
                 record.status.replace("_", " ")]
        for key, label in (("content_score", "content"), ("phase_score", "call steps")):
            if report.get(key) is not None:
                parts.append(f"{label} {report[key]}")
        text.append("\n" + " · ".join(parts), style="dim")
        if report.get("meaning_off"):
            text.append(f"\nmeaning check off: {report['meaning_off']} (points were checked by their words only)",
                        style="yellow")
        return text

    @staticmethod
    def _delivery(report: dict) -> Text:
        fluency = report.get("fluency") or {}
        text = Text()
        text.append(plural(int(fluency.get("words", 0)), "word"))
        text.append(" · fillers: " + fillers_said(fluency))
        hedges = fluency.get("hedges") or {}
        if hedges:
            text.append(" · hedges: " + ", ".join(f"{w} ×{n}" for w, n in hedges.items()))
        if fluency.get("wpm"):
            text.append(f" · pace {fluency['wpm']} words/min (aim 110-160)")
        return text

    @staticmethod
    def _phases(report: dict) -> Text:
        text = Text()
        for phase in report.get("phases") or []:
            text.append(phase["phase"].capitalize() + "\n", style="bold")
            for item in phase["items"]:
                mark, style = ("✓", "green") if item["ok"] else ("✗", "red")
                text.append(f" {mark} ", style=style)
                text.append(item["label"])
                if item.get("evidence"):
                    text.append(f" — “{item['evidence']}”", style="dim")
                text.append("\n")
        if not text:
            text.append("No call steps were checked (the call ended early).", style="dim")
        return text

    def _turn(self, turn: TurnRecord) -> Iterable:
        if turn.speaker != "candidate":
            report = self.record.report or {}
            who = (report.get("interviewer") or "Interviewer") if turn.speaker == "interviewer" \
                else turn.speaker.capitalize()
            line = Text.assemble((who, "bold cyan" if turn.speaker == "interviewer" else "bold magenta"),
                                 ": ", clean_text(turn.text))
            yield Static(line, classes="turn")
            return
        check = AnswerCheck.from_dict(turn.check) if turn.check else None
        body = Text.assemble(("You: ", "bold green"))
        said = clean_text(turn.text)  # rows stored before answers were cleaned may hold escapes
        if not said:
            body.append("(no answer)", style="dim")
        elif check is not None and said == turn.text:
            body.append_text(highlighted(said, check))
        else:
            body.append(said)
        if check is not None:
            for point in check.points:
                mark, style = STATUS_MARK.get(point.status, ("?", ""))
                body.append(f"\n   {mark} ", style=style)
                body.append(point.text + (" (required)" if point.required else ""))
                if point.evidence:
                    said = ", ".join(f"“{m.answer_words}”→{m.point_word}" for m in point.evidence)
                    body.append(f"  {said}", style="dim")
                if point.by_meaning:
                    body.append("  (said in other words)", style="dim italic")
                if point.note:
                    body.append(f"  ({point.note})", style="yellow")
            body.append(f"\n   ↳ {check.verdict()}", style="dim")
        with Vertical(classes="answer"):
            yield Static(body)
            retry = turn.question_id and turn.phase == "questions"
            if turn.audio_path:  # a spoken answer: listen back, beside the retry
                with Horizontal(classes="answer-actions"):
                    yield Button("▶ Listen back", id=f"listen-{turn.seq}", classes="listen")
                    if retry:
                        yield Button("Retry this question", id=f"retry-{turn.seq}", classes="retry")
            elif retry:
                yield Button("Retry this question", id=f"retry-{turn.seq}", classes="retry")

    # -- actions ------------------------------------------------------------------------------
    def questions(self) -> list[tuple[str, str]]:
        """(question id, question text) of the questions asked, in order, once each."""
        asked: list[tuple[str, str]] = []
        last_line = ""
        for turn in self.turns:
            if turn.speaker == "interviewer":
                last_line = turn.text
            elif turn.question_id and turn.phase == "questions" and turn.question_id not in dict(asked):
                asked.append((turn.question_id, last_line))
        return asked

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id and event.button.id.startswith("listen-"):
            self.listen_back(int(event.button.id.removeprefix("listen-")))
        elif event.button.id and event.button.id.startswith("retry-"):
            seq = int(event.button.id.removeprefix("retry-"))
            turn = next(t for t in self.turns if t.seq == seq)
            self.retry(turn.question_id)

    def action_retry(self) -> None:
        asked = self.questions()
        if not asked:
            self.notify("This call had no interviewer questions to retry.", severity="warning")
            return
        if len(asked) == 1:
            self.retry(asked[0][0])
            return
        from tui.ui.dialogs import PickModal

        self.app.push_screen(PickModal("Retry which question?", asked), self.retry)

    def retry(self, question_id: str | None) -> None:
        if not question_id or self.record is None:
            return
        from tui.library import load_for_today
        from tui.prep import PrepError
        from tui.flow.personas import INTERVIEWERS
        from tui.ui.call import CallScreen
        from tui.ui.precall import CallOptions

        try:
            prep = load_for_today(self.record.prep_path, self.app.clock().date())
        except PrepError as exc:
            self.notify(str(exc.problems[0]) if exc.problems else str(exc), title="Cannot reopen the prep",
                        severity="error")
            return
        persona = self.record.persona if self.record.persona in INTERVIEWERS else "friendly"
        self.app.push_screen(CallScreen(prep, CallOptions(persona=persona, mode=self.record.mode
                                                          if self.record.mode == "voice" else "keyboard",
                                                          drill=question_id)))

    # -- listen back ------------------------------------------------------------------------
    def recordings(self) -> list[tuple[str, str]]:
        """(turn seq, label) of the answers that were spoken and saved, in call order."""
        return [(str(t.seq), f"{t.phase}: {' '.join(t.text.split())[:60] or '(nothing heard)'}")
                for t in self.turns if t.speaker == "candidate" and t.audio_path]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "listen":
            return bool(self.recordings())  # typed calls have nothing to play: no key shown
        if action == "retry":
            return bool(self.questions())  # a message or voicemail call asked no question
        return True

    def action_listen(self) -> None:
        spoken = self.recordings()
        if len(spoken) == 1:
            self.listen_back(int(spoken[0][0]))
        else:
            from tui.ui.dialogs import PickModal

            self.app.push_screen(PickModal("Listen to which answer?", spoken),
                                 lambda seq: self.listen_back(int(seq)) if seq else None)

    def listen_back(self, seq: int) -> None:
        turn = next((t for t in self.turns if t.seq == seq), None)
        if turn is None or not turn.audio_path:
            return
        if not Path(turn.audio_path).is_file():
            self.notify(f"The recording is gone: {turn.audio_path}", title="Listen back", severity="warning",
                        markup=False)
            return
        before = [t for t in self.turns if t.seq < seq and t.speaker != "candidate" and t.text]
        self.play(before[-1] if before else None, Path(turn.audio_path))

    @work(thread=True, exclusive=True, group="listen-back", exit_on_error=False)
    def play(self, line: TurnRecord | None, recording: Path) -> None:
        """The line the applicant answered, in its speaker's voice, then their recording."""
        speaker = self.app.get_speaker()
        if not getattr(speaker, "has_audio", False):
            self.app.call_from_thread(self.notify, f"No audio output on this machine. The recording is {recording}",
                                      title="Listen back", severity="warning", timeout=12, markup=False)
            return
        speaker.interrupt()
        if line is not None:
            speaker.say(line.text, self._voice_of(line.speaker))
        speaker.play_recording(recording)

    def _voice_of(self, speaker: str):
        from tui.flow.personas import INTERVIEWERS, load_persona
        from tui.speech.interfaces import Voice

        name = "receptionist" if speaker == "receptionist" else self.record.persona if self.record else ""
        if name != "receptionist" and name not in INTERVIEWERS:
            return Voice()
        return load_persona(name).voice

    def on_unmount(self) -> None:
        speaker = self.app.speaker
        if speaker is not None:
            speaker.interrupt()

    def action_export(self) -> None:
        if self.record is None:
            return
        from tui.ui.dialogs import TextModal

        default = paths.reports_dir() / f"rehearsal-{self.record.id}.md"
        self.app.push_screen(TextModal("Save the report as Markdown to:", value=str(default), ok="Save"),
                             self.export)

    def export(self, target: str | None) -> None:
        if not target or self.record is None:
            return
        from tui.report import render_markdown

        path = Path(target).expanduser()
        text = render_markdown(self.record.report, self.record.__dict__, [t.__dict__ for t in self.turns])
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            self.notify(f"{path}: {exc.strerror or exc}", title="Cannot save", severity="error")
            return
        self.exported = path
        self.notify(f"Saved the report to {path}", title="Exported")

    def action_history(self) -> None:
        self.app.show_history()

    def action_back(self) -> None:
        self.app.go_back()

    def commands(self) -> Iterable[SystemCommand]:
        for qid, text in self.questions():
            yield SystemCommand(f"Retry: {text}", "Drill this question again", lambda q=qid: self.retry(q))
        if self.recordings():
            yield SystemCommand("Listen back", "Play a spoken answer after the line it answered", self.action_listen)
        yield SystemCommand("Export report", "Save this feedback as Markdown", self.action_export)
