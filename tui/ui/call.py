"""The call: who is speaking, the caption, the transcript, a timer, and the answer box.

The voice goes through the injected Speaker in a thread worker (never on the UI thread);
in voice mode the Listener also runs in a thread worker and posts its level and result.
Answers (and skips, repeats) are checked and recorded by the Rehearsal in a thread worker too,
one at a time in the order they were given: the checker's meaning model takes tens of
milliseconds, more under load, and the screen keeps drawing meanwhile.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable

from rich.text import Text
from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from tui.checker.limits import too_long
from tui.flow.call import CallBlocked, CallFlow, Entry, Step
from tui.prep.model import Prep
from tui.textsafe import clean_line, clean_text
from tui.ui.answer_box import AnswerBox
from tui.ui.precall import CallOptions

PHASE_LABELS = {
    "ring": "Ringing", "reception": "Reception", "voicemail": "Voicemail", "message": "Leaving a message",
    "intro": "Introduction", "questions": "Questions", "closing": "Closing", "goodbye": "Goodbye",
    "ended": "Call ended",
}
SPEAKER_STYLES = {"receptionist": "bold magenta", "interviewer": "bold cyan", "voicemail": "bold yellow",
                  "candidate": "bold green", "system": "dim"}
LEVEL_BARS = 20


class Transcript(VerticalScroll):
    """The call so far, one Static per line: lines re-wrap when the width changes (a help
    panel opening), which a RichLog's pre-rendered lines cannot."""

    MAX_LINES = 400

    def add(self, line: Text) -> None:
        self.mount(Static(line, classes="line"))
        extra = len(self.children) - self.MAX_LINES
        if extra > 0:
            for old in list(self.children)[:extra]:
                old.remove()
        self.call_after_refresh(self.scroll_end, animate=False)

    @property
    def lines(self) -> list[str]:
        return [str(child.render()) for child in self.children]


class Speaking(Message):
    """The worker is about to say this line (the caption follows the voice)."""

    def __init__(self, entry: Entry):
        super().__init__()
        self.entry = entry


class SpeechDone(Message):
    def __init__(self, call_over: bool):
        super().__init__()
        self.call_over = call_over


class Level(Message):
    """Microphone level 0..1; only the latest one matters."""

    def __init__(self, level: float):
        super().__init__()
        self.level = level

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, Level)


class HungUp(Message):
    """F9's worker has recorded the end of the call."""


class Checked(Message):
    """One queued turn done by the worker ("answer", "skip" or "repeat"), in queue order."""

    def __init__(self, kind: str, step: Step, said: str):
        super().__init__()
        self.kind = kind
        self.step = step
        self.said = said


class HeardAnswer(Message):
    def __init__(self, heard):
        super().__init__()
        self.heard = heard


class CallScreen(Screen):
    CSS_PATH = "call.tcss"
    allows_history = False  # the palette offers no History mid-call
    # Below 30 rows the stage and the answer box shrink so the transcript keeps its lines.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    AUTO_FOCUS = "#answer"
    HELP = """
## On the call

Answer as you would on the phone. **Enter** sends your answer.

- **F2** asks them to repeat the last line, **F3** skips this question,
  **F4** mutes or unmutes the voice, **F9** hangs up.
- Voice mode: **F5** starts and stops talking (push to talk).

After each answer you get a one-line verdict; the full feedback comes when the call ends.
"""
    BINDINGS = [
        Binding("f2", "repeat", "Repeat", id="call.repeat", priority=True, tooltip="Could you repeat that?"),
        Binding("f3", "skip", "Skip", id="call.skip", priority=True, tooltip="Skip this question"),
        Binding("f4", "mute", "Mute", id="call.mute", priority=True, tooltip="Mute or unmute the voice"),
        Binding("f5", "talk", "Talk", id="call.talk", priority=True, tooltip="Push to talk (voice mode)"),
        Binding("f9", "hang_up", "Hang up", id="call.hang_up", priority=True, tooltip="End the call now"),
        Binding("escape", "confirm_hang_up", "Hang up…", id="call.escape", show=False),
    ]

    def __init__(self, prep: Prep, options: CallOptions):
        super().__init__()
        self.prep = prep
        self.options = options
        self.rehearsal = None
        self.flow: CallFlow | None = None
        self.muted = False
        self.over = False
        self.listening = False
        self.voice_mode = options.mode == "voice"
        self._listen_cancel = threading.Event()
        self._started = time.monotonic()
        self._timer = None
        self.verdicts: list[str] = []
        # Turns waiting for the worker: (kind, what the Rehearsal does, what was said).
        self._queued: deque[tuple[str, Callable[[], Step], str]] = deque()
        self._queue_lock = threading.Lock()  # held briefly, by either thread
        self._rehearsal_lock = threading.Lock()  # held while the Rehearsal checks and records
        self._working = False  # a worker is taking turns from the queue
        self._call_done = False  # the rehearsal took its last turn (worker's view; under the lock)
        self.hanging_up = False  # F9 pressed: the answers still being checked are finished off the UI thread

    # -- layout ------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        app_ = self.prep.application
        with Horizontal(id="topbar"):
            yield Static(Text(clean_line(f"☎  {app_.company} · {app_.position}")), id="line")
            yield Static(id="phase")
            yield Static(id="status")
            yield Static("00:00", id="timer")
        with Horizontal(id="stage"):
            with Vertical(id="card"):
                yield Static(id="who")
                yield Static(id="role")
                yield Static(id="state")
            yield Static(id="caption")
        yield Transcript(id="transcript")
        yield Static(id="verdict")
        with Horizontal(id="mic"):
            yield Static("Mic", id="mic-label")
            yield Static(id="level")
        yield AnswerBox(id="answer", soft_wrap=True, show_line_numbers=False,
                        placeholder="Type your answer as you would say it · Enter sends · Ctrl+J new line")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        box = self.query_one("#answer", AnswerBox)
        box.cursor_blink = not self.app.frozen
        self.query_one("#mic").display = self.voice_mode
        self._show_level(0.0)
        if not self.app.frozen:
            self._timer = self.set_interval(1, self._tick)
        self._begin()

    def _begin(self) -> None:
        from tui.flow.questions import call_questions
        from tui.session import Rehearsal

        now = self.app.clock()
        seed = self.app.next_seed()
        questions = call_questions(self.prep, seed=seed, today=now.date())
        drill = self.options.drill
        if drill is not None:
            questions = [q for q in questions if q.id == drill] or questions[:1]
        self.flow = CallFlow(self.prep, persona=self.options.persona, outcome=self.options.outcome, seed=seed,
                             questions=questions, max_questions=1 if drill else self.options.max_questions,
                             now=now, start_at_questions=drill is not None)
        if self.voice_mode and self.flow.blocked is None:
            self._check_listener()  # before the record: it keeps the mode really used
        mode = "voice" if self.voice_mode else "keyboard"
        self.rehearsal = Rehearsal(self.flow, self.app.store, mode=mode)
        try:
            step = self.rehearsal.start()
        except CallBlocked as exc:
            self.notify(str(exc), title="No call", severity="warning")
            self.app.go_back()
            return
        self.show_step(step)

    # -- showing the call ----------------------------------------------------------------
    def show_step(self, step: Step, repeated: bool = False) -> None:
        for entry in step.lines:
            self._log(self._line(entry, repeated))
        spoken = [e for e in step.lines if e.cue is None]
        if spoken:
            self._caption(spoken[-1])
        self._update_bars()
        if step.ended:
            self.over = True
            self._stop_timer()
            self.query_one("#answer", AnswerBox).disabled = True
            self.query_one("#state", Static).update("call ended")
        self.speak(step.lines, step.ended)

    def _log(self, line: Text) -> None:
        self.query_one("#transcript", Transcript).add(line)

    def _line(self, entry: Entry, repeated: bool = False) -> Text:
        if entry.cue == "ring":
            return Text("  ☎ ring… ring…", style="dim italic")
        if entry.cue == "beep":
            return Text("  ⏺ beep — leave your message now", style="dim italic")
        if entry.cue:
            return Text(f"  ({entry.cue})", style="dim")
        who = self._who(entry)
        line = Text.assemble((f"{who}: ", SPEAKER_STYLES.get(entry.speaker, "bold")), clean_line(entry.text))
        if repeated:
            line.append(" (repeated)", style="dim")
        return line

    def _who(self, entry: Entry) -> str:
        if entry.speaker == "interviewer":
            return clean_line(self.prep.application.interviewer)
        if entry.speaker == "candidate":
            return "You"
        return entry.speaker.capitalize()

    def _caption(self, entry: Entry) -> None:
        self.query_one("#who", Static).update(Text(self._who(entry), style=SPEAKER_STYLES.get(entry.speaker, "")))
        role = {"interviewer": self.prep.application.interviewer_title or "Interviewer",
                "receptionist": f"Reception, {self.prep.application.company}",
                "voicemail": "Voicemail greeting"}.get(entry.speaker, "")
        self.query_one("#role", Static).update(Text(clean_line(role)))
        self.query_one("#caption", Static).update(Text(f"“{clean_line(entry.text)}”"))

    def _update_bars(self) -> None:
        flow = self.flow
        if flow is None:
            return
        self.query_one("#phase", Static).update(PHASE_LABELS.get(flow.phase.value, flow.phase.value))
        status = []
        if self.muted:
            status.append("🔇 muted")
        if self.voice_mode:
            status.append("🎙 listening" if self.listening else "🎙 F5 to talk")
        self.query_one("#status", Static).update("  ".join(status))
        if not self.over:
            self.query_one("#state", Static).update("your turn" if flow.prompt else "")

    def _tick(self) -> None:
        seconds = int(time.monotonic() - self._started)
        self.query_one("#timer", Static).update(f"{seconds // 60:02d}:{seconds % 60:02d}")

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _show_level(self, level: float) -> None:
        filled = round(max(0.0, min(1.0, level)) * LEVEL_BARS)
        self.query_one("#level", Static).update("▮" * filled + "▯" * (LEVEL_BARS - filled))

    # -- the voice -------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="voice", exit_on_error=False)
    def speak(self, lines: list[Entry], call_over: bool) -> None:
        worker = get_current_worker()
        speaker = self.app.get_speaker()
        flow = self.flow
        voices = {"receptionist": flow.receptionist.voice, "interviewer": flow.interviewer.voice,
                  "voicemail": flow.voicemail.voice}
        if not self.muted:
            for entry in lines:  # render every line ahead, so each one starts at once
                if entry.cue is None and entry.speaker in voices:
                    speaker.prepare(entry.text, voices[entry.speaker])
            if not call_over:  # and the replies to the coming answer, while it is given
                with self._rehearsal_lock:  # the check worker may be moving the flow on
                    replies = flow.likely_replies()
                speaker.speculate(replies)
        for entry in lines:
            if worker.is_cancelled or self.muted:
                break
            if entry.cue:
                speaker.play_cue(entry.cue)
            elif entry.speaker in voices:
                self.post_message(Speaking(entry))
                speaker.say(entry.text, voices[entry.speaker])
        self.post_message(SpeechDone(call_over))

    def on_speaking(self, message: Speaking) -> None:
        self._caption(message.entry)
        self.query_one("#state", Static).update("speaking…")

    def on_speech_done(self, message: SpeechDone) -> None:
        flow = self.flow
        if not message.call_over and flow is not None and flow.prompt is not None \
                and flow.prompt.kind == "goodbye" and not self.over:
            self._goodbye_heard()
            return
        if message.call_over:
            self._to_feedback()
        else:
            self._update_bars()

    def _goodbye_heard(self) -> None:
        """They said goodbye: the call is over (finished, not hung up); on to the feedback."""
        self.end_call()  # after their goodbye, hanging up is the natural end: finished
        self._log(Text("  (they said goodbye: the call is over)", style="dim italic"))
        self.query_one("#state", Static).update("call ended")
        self._to_feedback()

    def _interrupt(self) -> None:
        speaker = self.app.speaker
        if speaker is not None:
            speaker.interrupt()
        self.workers.cancel_group(self, "voice")

    # -- answering ---------------------------------------------------------------------------
    def on_answer_box_submitted(self, event: AnswerBox.Submitted) -> None:
        if not clean_text(event.text).strip():
            # An empty typed answer is a slip of the Enter key, not a bad line: nothing is sent.
            self.notify("Type your answer first (F3 skips this question).", severity="warning", timeout=3)
            return
        problem = too_long(clean_text(event.text))
        if problem:  # the command line refuses it too; the text stays in the box to shorten
            self.notify(f"Your answer {problem}: shorten it and press Enter again.", title="Answer too long",
                        severity="error", timeout=8)
            return
        self.send(event.text)
        event.box.clear()

    def send(self, text: str, duration: float | None = None, audio_path: str | None = None,
             heard: bool = False) -> None:
        if self.over or self.hanging_up or self.rehearsal is None:
            return
        self._interrupt()
        rehearsal = self.rehearsal
        self._queue_turn("answer", lambda: rehearsal.answer(text, duration, audio_path, heard), text)

    # -- the turns, checked and recorded off the UI thread -----------------------------------
    def _queue_turn(self, kind: str, turn: Callable[[], Step], said: str = "") -> None:
        with self._queue_lock:
            self._queued.append((kind, turn, said))
            start, self._working = not self._working, True
        if kind != "repeat":
            self.query_one("#state", Static).update("checking your answer…" if kind == "answer" else "")
        if start:
            # An error here (a full disk) ends the app as it did on the UI thread: never a lost turn.
            self.run_worker(self._take_turns, name="check", group="check", thread=True)

    def _take_turns(self) -> None:
        """Worker: the queued turns, one by one; each result is posted in order."""
        while True:
            # The turn is taken from the queue under the rehearsal lock: end_call (which holds
            # it) then finds every turn either done or still queued, never one in between.
            with self._rehearsal_lock:
                with self._queue_lock:
                    if not self._queued:
                        self._working = False
                        return
                    kind, turn, said = self._queued.popleft()
                if self._call_done:
                    continue  # the call ended before this turn: the flow takes no more
                step = turn()
                self._call_done = step.ended
            self.post_message(Checked(kind, step, said))

    def on_checked(self, message: Checked) -> None:
        if self.over or self.hanging_up:
            return  # hung up meanwhile: the turn is recorded, the screen is leaving
        step = message.step
        if message.kind == "answer":
            shown = " ".join(clean_text(message.said).split())
            self._log(Text.assemble(("You: ", SPEAKER_STYLES["candidate"]), shown or Text("(silence)", style="dim")))
        elif message.kind == "skip":
            self._log(Text("You: (skipped)", style="dim green"))
        if message.kind != "repeat":
            self._verdict(step)
        self.show_step(step, repeated=message.kind == "repeat")

    def _verdict(self, step: Step) -> None:
        answer = step.answer
        if answer is None or answer.check is None:
            self.query_one("#verdict", Static).update("")
            return
        verdict = "skipped" if answer.skipped else answer.check.verdict()
        self.verdicts.append(verdict)
        self.query_one("#verdict", Static).update(Text.assemble(("↳ ", "dim"), verdict))
        self._log(Text(f"   ↳ {verdict}", style="dim"))

    # -- voice mode ------------------------------------------------------------------------
    def _check_listener(self) -> None:
        if self.app.listener is None:
            self.app.listener = self.app.make_listener(self.prep.vocabulary())
        if self.app.listener is None:
            self.voice_mode = False
            self.query_one("#mic").display = False
            self.notify(self.app.voice_problem or "No microphone: type your answers.",
                        title="Voice mode unavailable", severity="warning", timeout=10)

    def action_talk(self) -> None:
        if not self.voice_mode or self.over:
            self.notify("Push to talk works in voice mode (choose it before the call).", severity="warning")
            return
        if self.listening:
            # Push-to-talk released: the listener ends the answer and returns what it heard.
            finish = getattr(self.app.listener, "finish", None)
            if finish is not None:
                finish()
            else:
                self._listen_cancel.set()
            return
        self._interrupt()
        self.listening = True
        self._listen_cancel = threading.Event()
        self._update_bars()
        self.listen(self._listen_cancel)

    @work(thread=True, exclusive=True, group="listen", exit_on_error=False)
    def listen(self, cancel: threading.Event) -> None:
        heard = self.app.listener.listen(on_level=lambda level: self.post_message(Level(level)), cancel=cancel)
        self.post_message(HeardAnswer(heard))

    def on_level(self, message: Level) -> None:
        self._show_level(message.level)

    def on_heard_answer(self, message: HeardAnswer) -> None:
        self.listening = False
        self._show_level(0.0)
        heard = message.heard
        path = str(heard.audio_path) if heard.audio_path else None
        self.send(heard.text, heard.duration, path, heard=True)

    # -- keys ---------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("repeat", "skip", "hang_up", "mute", "confirm_hang_up", "talk") and (self.over or self.hanging_up):
            return False
        if action == "talk" and not self.voice_mode:
            return False  # hidden: there is no push to talk in keyboard mode
        return True

    def action_repeat(self) -> None:
        if self.rehearsal is None or self.over:
            return
        self._interrupt()
        self._queue_turn("repeat", self.rehearsal.repeat)

    def action_skip(self) -> None:
        if self.rehearsal is None or self.over:
            return
        self.query_one("#answer", AnswerBox).clear()  # the draft belonged to the skipped question
        self._interrupt()
        self._queue_turn("skip", self.rehearsal.skip)

    def action_mute(self) -> None:
        self.muted = not self.muted
        if self.muted:
            self._interrupt()
        self.notify("Voice muted: captions only." if self.muted else "Voice on.", timeout=2)
        self._update_bars()

    def action_hang_up(self) -> None:
        """F9: the call stops at once; the answers still being checked are finished and the
        call recorded on a worker (a check can take a second), then the feedback shows."""
        if self.rehearsal is None or self.over or self.hanging_up or self.rehearsal.rehearsal_id is None:
            return
        self.hanging_up = True
        self._interrupt()
        self._listen_cancel.set()
        self._stop_timer()
        self.query_one("#state", Static).update("hanging up…")
        self._hang_up_off_the_ui_thread()

    # An error here (a full disk) ends the app as the check worker's does: never a screen stuck
    # on "hanging up…".
    @work(thread=True, exclusive=True, group="hang-up")
    def _hang_up_off_the_ui_thread(self) -> None:
        self._record_the_end()
        self.post_message(HungUp())  # thread-safe; dropped if the app has quit meanwhile

    def on_hung_up(self, message: HungUp) -> None:
        if self.over:
            return  # the app quit meanwhile: end_call recorded the call
        self.over = True
        self._to_feedback()

    def end_call(self) -> None:
        """Hang up now and wait (the app quitting mid-call, their goodbye): the rehearsal is
        recorded and scored as hung up instead of staying "in progress"."""
        if self.rehearsal is None or self.over or self.rehearsal.rehearsal_id is None:
            return
        self._interrupt()
        self._listen_cancel.set()
        self._record_the_end()
        self.over = True
        self._stop_timer()

    def _record_the_end(self) -> None:
        """An answer being checked is finished first, and answers still queued are taken in
        order: what was said before hanging up is kept. (Any thread.)"""
        with self._rehearsal_lock:  # waits for the worker's turn in progress
            with self._queue_lock:
                queued = list(self._queued)
                self._queued.clear()
            for _, turn, _ in queued:
                if self._call_done:
                    break
                self._call_done = turn().ended
            if not self._call_done:
                self.rehearsal.hang_up()
                self._call_done = True

    def action_confirm_hang_up(self) -> None:
        from tui.ui.dialogs import ConfirmModal

        def decided(yes: bool | None) -> None:
            if yes:
                self.action_hang_up()

        self.app.push_screen(ConfirmModal("Hang up now? You will see the feedback on the call so far.",
                                          yes="Hang up"), decided)

    def _to_feedback(self) -> None:
        if self.rehearsal is None or self.rehearsal.rehearsal_id is None:
            return
        if self.app.screen is not self:
            return  # already left (e.g. hung up while the last line played)
        self.app.show_feedback(self.rehearsal.rehearsal_id, replace=True)

    def on_unmount(self) -> None:
        self._listen_cancel.set()
        self.app.release_listener()  # the microphone is open during calls only
        speaker = self.app.speaker
        if speaker is not None:
            speaker.interrupt()

    def commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Repeat", "Ask them to repeat the last line", self.action_repeat)
        yield SystemCommand("Skip question", "Give no answer and move on", self.action_skip)
        yield SystemCommand("Mute / unmute", "Turn the voice off or on", self.action_mute)
        yield SystemCommand("Hang up", "End the call and see the feedback", self.action_hang_up)
