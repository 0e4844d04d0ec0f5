"""A rehearsal in progress: drives a CallFlow and records every turn in the history store
as it happens, so a crash or a kill loses at most the turn in progress."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tui.flow.call import CallFlow, Entry, Step
from tui.report import build_report
from tui.store import Store
from tui.textsafe import clean_text


@dataclass
class Rehearsal:
    flow: CallFlow
    store: Store
    mode: str = "keyboard"  # keyboard | voice | script
    rehearsal_id: int | None = None
    report: dict | None = None

    def start(self) -> Step:
        flow = self.flow
        step = flow.start()  # raises CallBlocked before anything is stored
        prep = flow.prep
        self.rehearsal_id = self.store.start_rehearsal(
            prep_path=str(Path(prep.path).resolve()) if prep.path else "",
            company=prep.application.company,
            position=prep.application.position,
            persona=flow.interviewer.name,
            outcome=flow.outcome.value,
            mode=self.mode,
            seed=flow.seed,
            kind="drill" if flow.start_at_questions else "call",
            drill=flow.questions[0].id if flow.start_at_questions and flow.questions else None,
        )
        self._record_lines(step)
        return step

    def answer(self, text: str, duration: float | None = None, audio_path: str | None = None,
               heard: bool = False) -> Step:
        # Pasted control characters and escape sequences are neither stored nor matched.
        return self._after(self.flow.answer(clean_text(text), duration, audio_path, heard))

    def skip(self) -> Step:
        return self._after(self.flow.skip())

    def repeat(self) -> Step:
        return self.flow.repeat()

    def hang_up(self) -> Step:
        return self._after(self.flow.hang_up())

    def _after(self, step: Step) -> Step:
        if step.answer is not None:
            self._record(step.answer)
        self._record_lines(step)
        if step.ended:
            self.finish()
        return step

    def _record_lines(self, step: Step) -> None:
        for line in step.lines:
            self._record(line)

    def _record(self, entry: Entry) -> None:
        assert self.rehearsal_id is not None, "start() first"
        if entry.cue:
            return  # sounds are not part of the transcript
        self.store.add_turn(
            self.rehearsal_id,
            speaker=entry.speaker,
            phase=entry.phase.value,
            text=entry.text,
            question_id=entry.prompt.question_id if entry.prompt else None,
            duration=entry.duration,
            check=entry.check.to_dict() if entry.check else None,
            audio_path=entry.audio_path,
        )

    def interrupt(self) -> None:
        """The call stopped early (Ctrl-C, an error): keep its turns, marked "interrupted"."""
        if self.rehearsal_id is None or self.report is not None:
            return
        try:
            self.store.finish_rehearsal(self.rehearsal_id, "interrupted", None, None)
        except Exception:  # noqa: BLE001 - the store itself may be what failed (full disk)
            pass

    def finish(self) -> dict:
        if self.report is None:
            self.report = build_report(self.flow)
            assert self.rehearsal_id is not None
            self.store.finish_rehearsal(self.rehearsal_id, self.flow.status,
                                        self.report["score"], self.report)
        return self.report
