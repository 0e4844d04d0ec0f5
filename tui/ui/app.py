"""The followup Textual app: `make_app()` (CLI and tests) and `run_app()` (the CLI entry).

Start-up stays light: only textual.app is imported here; each screen module is imported
the first time it is shown, and the speech engines only when a call starts.
"""

from __future__ import annotations

import gc
import os
import random
import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding

from tui import paths
from tui.textsafe import clean_line, clean_text
from tui.ui.settings import Settings

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.worker import Worker

    from tui.prep.model import Prep
    from tui.speech.interfaces import Listener, Speaker
    from tui.store import Store


MEANING_LOAD_DELAY = 2.0  # seconds after start-up; an answer checked before then loads the model itself


def load_meaning_check() -> None:
    """Load the checker's meaning model (~0.3 s) in a worker thread while the first screens
    show, so that the first answer does not wait for it."""
    from tui.checker.semantic import SHIPPED

    SHIPPED.model()


def screen_commands() -> type:
    """The palette's provider of the screen's own commands (imported when the palette opens)."""
    from tui.ui.commands import ScreenCommands

    return ScreenCommands


class FollowupApp(App[int]):
    # The first screen's own CSS_PATH is not loaded by Textual: home's and the pre-call's are
    # here (each is scoped to its screen).
    CSS_PATH = ["app.tcss", "home.tcss", "precall.tcss"]
    TITLE = "followup"
    COMMANDS = App.COMMANDS | {screen_commands}
    SUB_TITLE = "rehearse the follow-up call"
    BINDINGS = [
        Binding("f1", "toggle_help", "Help", id="app.help", tooltip="Show or hide the keys and help for this screen"),
        # Priority: Ctrl+Q works in every screen and dialog, even with a text box focused.
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True,
                tooltip="Leave followup (asks about unsaved edits; a call in progress is hung up and scored)"),
    ]

    def __init__(
        self,
        prep: str | Path | None = None,
        *,
        speaker: Speaker | None = None,
        listener: Listener | None = None,
        now: datetime | None = None,
        seed: int | None = None,
    ):
        super().__init__()
        self.initial_prep = Path(prep) if prep else None
        self.speaker = speaker
        self.listener = listener
        self.fixed_now = now
        self.fixed_seed = seed
        # A fixed clock means a test or a snapshot: no blinking cursors, no running timers.
        self.frozen = now is not None
        self.settings = Settings.load()
        self._store: Store | None = None
        self._microphone: Listener | None = None  # the listener make_listener opened
        self._speaker_lock = threading.Lock()
        self.voice_problem = ""  # why voice mode fell back to typing (shown once, by the call)
        self._no_output_told = False  # the one audio notice already said there is no output
        # Set by exit(): a screen whose Mount comes after it finds its widgets already removed.
        self.leaving = False
        self._initial_prep_opened = False
        self._first_frame_shown = False
        self._after_first_frame: list[Callable[[], Any]] = []
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Notifications are plain text: they carry file names, paths and user text, which
        must never be read as markup ("Sam Green [/]" would crash the toast) nor send escapes."""
        super().notify(clean_text(message), title=clean_line(title), severity=severity, timeout=timeout,
                       markup=False)

    # -- services the screens share -------------------------------------------------
    def clock(self) -> datetime:
        return self.fixed_now or datetime.now()

    def next_seed(self) -> int:
        return self.fixed_seed if self.fixed_seed is not None else random.randrange(1_000_000)

    @property
    def store(self) -> Store:
        if self._store is None:
            from tui.store import Store

            self._store = Store()
            # A call a crash or a kill left "in progress" shows as interrupted, with its turns.
            self._store.mark_interrupted()
        return self._store

    def get_speaker(self) -> Speaker:
        """The injected speaker, else the real one (built on first use, in a worker thread);
        without audio output, a silent one: the call goes on with captions."""
        with self._speaker_lock:
            if self.speaker is None:
                from tui.speech.interfaces import ScriptedSpeaker

                try:
                    from tui.speech.tts import PyttsxSpeaker

                    speaker = PyttsxSpeaker()
                    if not speaker.has_audio:
                        raise RuntimeError("no audio output device")
                    self.speaker = speaker
                except Exception as exc:  # noqa: BLE001 - any engine failure means captions only
                    self.speaker = ScriptedSpeaker()
                    if not self._no_output_told:
                        self.notify(f"No voice ({exc}): the caller's lines are shown as captions.",
                                    title="Audio", severity="warning")
                        self._no_output_told = True
            return self.speaker

    def make_listener(self, vocabulary: list[str] | None = None) -> Listener | None:
        """The push-to-talk microphone listener for voice mode, or None when there is no
        microphone (or no recognizer): `voice_problem` then says why, in one sentence, for the
        call screen's one notice; the answers are typed."""
        self.voice_problem = ""
        try:
            from tui.speech.probe import probe_audio

            status = probe_audio()
            if status.input is None:
                why = status.input_reasons[0] if status.input_reasons else "none found"
                if status.output is None:
                    self._no_output_told = True
                    self.voice_problem = (f"No sound card ({why}): the caller's lines are shown as captions "
                                          "and you type your answers.")
                else:
                    self.voice_problem = f"No microphone ({why}): type your answers."
                return None
            from tui.speech.listener import ListenSettings, MicListener
            from tui.speech.stt import voice_recognizer

            recognizer = voice_recognizer(vocabulary or [])
            listener = MicListener(audio_dir=paths.audio_dir(), recognizer=recognizer,
                                   settings=ListenSettings(push_to_talk=True))
            listener.arm()  # hear the room (and keep a pre-roll) before the first F5
            self._microphone = listener
            return listener
        except Exception as exc:  # noqa: BLE001 - no microphone, no recognizer: typed answers
            self.voice_problem = f"The speech recognizer could not start ({exc}): type your answers."
            return None

    def release_listener(self) -> None:
        """After a call: close the microphone it opened (the next call opens it again, with
        its own prep's words). An injected listener (tests) is left alone."""
        if self.listener is not None and self.listener is self._microphone:
            self.listener.close()
            self.listener = self._microphone = None

    def watch_theme(self, theme: str) -> None:
        if theme != self.settings.theme:
            self.settings.theme = theme
            self.settings.save()

    # -- lifecycle ---------------------------------------------------------------------
    def get_default_screen(self) -> Screen:
        """Opened on a prep that reads well, its pre-call screen is the first screen: it is
        composed and drawn with the app, in one frame, and home is built only when the user
        goes back (see `go_back`). Otherwise home (and `on_mount` says what is wrong)."""
        if self.initial_prep is not None:
            screen = self._precall_screen(Path(self.initial_prep).expanduser(), quiet=True)
            self._initial_prep_opened = screen is not None
            if screen is not None:
                return screen
        from tui.ui.home import HomeScreen

        return HomeScreen()

    def go_back(self) -> None:
        """Leave the current screen. From the first screen (a pre-call opened from the command
        line), home is shown on top of it: Textual cannot replace the first screen, and home
        has no way back, so that pre-call is not seen again."""
        if len(self.screen_stack) > 1:
            self.pop_screen()
            return
        from tui.ui.home import HomeScreen

        if not isinstance(self.screen, HomeScreen):
            self.push_screen(HomeScreen())

    def on_mount(self) -> None:
        self.meaning_loader: Worker | None = None
        # After the first frame: the loader's imports would hold the GIL while it is drawn.
        self.set_timer(MEANING_LOAD_DELAY, self.start_meaning_loader)
        if self.initial_prep is not None and not self._initial_prep_opened:
            self.open_prep(self.initial_prep)  # it has problems: say so (and open the editor at them)

    def after_first_frame(self, callback: Callable[[], Any]) -> None:
        """Run `callback` once the first frame is on the terminal (after the next refresh
        when it already is). Work a screen does for its first showing waits here: at start-up
        a screen mounts while the app still batches its first updates, when
        `call_after_refresh` runs at once, before anything is drawn."""
        if self._first_frame_shown:
            self.call_after_refresh(callback)
        else:
            self._after_first_frame.append(callback)

    def on_ready(self) -> None:
        # Textual's Ready: the DOM is laid out and the start-up batch is over; what is queued
        # here runs after the refresh that draws the first frame.
        self._first_frame_shown = True
        waiting, self._after_first_frame = self._after_first_frame, []
        for callback in waiting:
            self.call_after_refresh(callback)

    def start_meaning_loader(self) -> None:
        self.meaning_loader = self.run_worker(load_meaning_check, name="meaning-check", group="meaning", thread=True,
                                              exit_on_error=False)

    def on_unmount(self) -> None:
        if self._store is not None:
            self._store.close()
        for device in (self.speaker, self.listener):
            if device is not None:
                try:
                    device.close()
                except Exception:  # noqa: BLE001 - closing must not mask the exit
                    pass

    # -- navigation ---------------------------------------------------------------------
    def load(self, path: Path) -> Prep | None:
        """Read a prep; on problems, say so and open the editor at them."""
        from tui.library import load_for_today
        from tui.prep import PrepError

        try:
            return load_for_today(path, self.clock().date())
        except PrepError as exc:
            if not path.is_file():
                self.notify(f"{path}: no such file", title="Cannot open", severity="error")
                return None
            self.notify("\n".join(str(p) for p in exc.problems[:4]), title=f"{path.name} has problems",
                        severity="warning", timeout=8)
            self.edit_prep(path, problems=exc)
            return None

    def open_prep(self, path: str | Path) -> None:
        """The pre-call screen of a prep: rules, readiness, timing and call settings."""
        screen = self._precall_screen(Path(path).expanduser())
        if screen is not None:
            self.push_screen(screen)

    def _precall_screen(self, path: Path, quiet: bool = False) -> Screen | None:
        """The pre-call screen of a prep that reads well; else None (`quiet`: without a
        word, before the app runs; otherwise `load` says what is wrong)."""
        from tui.prep import PrepError

        if quiet:
            from tui.library import load_for_today

            try:
                prep = load_for_today(path, self.clock().date())
            except PrepError:
                return None
        else:
            prep = self.load(path)
            if prep is None:
                return None
        self.settings.remember(path)
        from tui.ui.precall import PreCallScreen

        return PreCallScreen(prep)

    def edit_prep(self, path: str | Path, problems: Exception | None = None) -> None:
        from tui.ui.prep import PrepScreen

        self.settings.remember(path)
        self.push_screen(PrepScreen(Path(path), problems=problems))

    def show_history(self) -> None:
        from tui.ui.history import HistoryScreen

        self.push_screen(HistoryScreen())

    def show_feedback(self, rehearsal_id: int, replace: bool = False) -> None:
        from tui.ui.feedback import FeedbackScreen

        screen = FeedbackScreen(rehearsal_id)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    # -- quitting ---------------------------------------------------------------------
    async def action_quit(self) -> None:
        """Leave, losing nothing: unsaved edits ask first; a call in progress is hung up
        (recorded and scored as hung up) before the app exits."""
        for screen in reversed(self.screen_stack):
            unsaved = getattr(screen, "unsaved_question", None)
            question = unsaved() if unsaved is not None else None
            if question:
                from tui.ui.dialogs import ConfirmModal

                def decided(leave: bool | None) -> None:
                    if leave:
                        self._finish_calls_and_exit()

                if not isinstance(self.screen, ConfirmModal):
                    self.push_screen(ConfirmModal(f"{question} Quit anyway?", yes="Quit without saving"), decided)
                return
        self._finish_calls_and_exit()

    def exit(self, result: int | None = None, return_code: int = 0, message: Any = None) -> None:
        self.leaving = True
        super().exit(result, return_code, message)

    def _finish_calls_and_exit(self) -> None:
        for screen in self.screen_stack:
            end_call = getattr(screen, "end_call", None)
            if end_call is not None:
                end_call()
        self.exit(0)

    # -- help and commands ------------------------------------------------------------
    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if getattr(screen, "allows_history", True):  # not mid-call: it would leave the call
            yield SystemCommand("History", "All past rehearsals and score trends", self.show_history)
        # The screen's own commands quote user text: tui/ui/commands.py shows them unparsed.


def make_app(
    prep: str | None = None,
    *,
    speaker: Any = None,
    listener: Any = None,
    now: datetime | None = None,
    seed: int | None = None,
    data_dir: str | Path | None = None,
) -> FollowupApp:
    """The app, ready to run. `data_dir` overrides where history and preps are kept."""
    if data_dir is not None:
        os.environ[paths.ENV_VAR] = str(Path(data_dir).expanduser().resolve())
    return FollowupApp(prep, speaker=speaker, listener=listener, now=now, seed=seed)


def resume_collector() -> None:
    """Turn the cyclic collector back on, with what start-up built (modules, classes, the
    screen's widgets: it lives as long as the app) frozen out of its reach: otherwise its
    first collections walk all of it, ~40 ms as the first screen fills in."""
    gc.freeze()
    gc.enable()


def run_app(prep: str | None = None) -> int:
    app = make_app(prep)
    if not gc.isenabled():  # paused by the command line for start-up: on again after the first frame
        app.after_first_frame(resume_collector)
    result = app.run()
    return int(result or 0)
