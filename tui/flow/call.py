"""One rehearsal call as a pure state machine: no I/O, a seeded generator, an injected clock.

The flow is driven by `start()` and then `answer(text)` (or `skip()`, `repeat()`,
`hang_up()`); each returns a `Step`: the lines the other side says next and the prompt the
candidate must answer, or `ended`. Rule 1 is checked before anything starts.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from tui.checker import AnswerCheck, check_answer
from tui.checker.phases import closing_asks, said_reason
from tui.flow.drafts import Drafts, draft
from tui.flow.personas import Persona, load_persona
from tui.prep.model import KeyPoint, Prep
from tui.speech.interfaces import Voice

MAX_REASKS = 2  # "Sorry, I didn't catch that" at most twice per prompt
DEFAULT_MAX_QUESTIONS = 4


class Outcome(StrEnum):
    AVAILABLE = "available"  # put through to the interviewer
    VOICEMAIL = "voicemail"  # the interviewer is unavailable: leave a voicemail
    MESSAGE = "message"  # the receptionist takes a message


class Phase(StrEnum):
    RING = "ring"
    RECEPTION = "reception"
    VOICEMAIL = "voicemail"
    MESSAGE = "message"
    INTRO = "intro"
    QUESTIONS = "questions"
    CLOSING = "closing"
    GOODBYE = "goodbye"
    ENDED = "ended"


class CallBlocked(RuntimeError):
    """Rule 1: the applicant was asked not to call; `drafts` holds the e-mail and letter."""

    def __init__(self, drafts: Drafts):
        super().__init__(drafts.reason)
        self.drafts = drafts


@dataclass(frozen=True)
class CallQuestion:
    """A question the interviewer may ask, with the key points a good answer covers."""

    id: str
    text: str
    points: tuple[KeyPoint, ...] = ()
    kind: str = "prepared"
    topic: str = ""


@dataclass(frozen=True)
class Prompt:
    """What the candidate must answer now."""

    kind: str  # reception | reception_who | reception_name | reception_regarding | intro |
    #            question | probe | closing | goodbye | voicemail | message
    phase: Phase
    question: str  # the line being answered
    question_id: str | None = None
    points: tuple[KeyPoint, ...] = ()
    max_words: int = 0
    max_seconds: float = 0.0
    topic: str = ""  # what the question is about, for feedback ("the 2020 gap")


@dataclass(frozen=True)
class Entry:
    """One line of the transcript: said by the other side, or the candidate's answer."""

    speaker: str  # receptionist | interviewer | voicemail | candidate | system
    text: str
    phase: Phase
    persona: str = ""
    cue: str | None = None  # a sound to play instead of speech: "ring" | "beep"
    prompt: Prompt | None = None  # for candidate entries: what was answered
    check: AnswerCheck | None = None
    duration: float | None = None
    audio_path: str | None = None
    skipped: bool = False


@dataclass
class Step:
    lines: list[Entry]
    prompt: Prompt | None
    answer: Entry | None = None  # the candidate entry this step responded to
    ended: bool = False


@dataclass
class _State:
    phase: Phase = Phase.RING
    prompt: Prompt | None = None
    last_lines: list[Entry] = field(default_factory=list)
    reasks: int = 0
    probes: int = 0
    closing_turns: int = 0
    asked_anything_else: bool = False
    asked_decision: bool = False
    reception_tries: int = 0
    gave_name: bool = False
    named_interviewer: bool = False
    gave_purpose: bool = False
    status: str = "in_progress"  # in_progress | finished | hung_up


def _daypart(now: datetime) -> str:
    return "morning" if now.hour < 12 else "afternoon" if now.hour < 17 else "evening"


def prepared_questions(prep: Prep) -> list[CallQuestion]:
    return [CallQuestion(a.id, a.prompt, a.points, "prepared") for a in prep.answers]


class CallFlow:
    def __init__(
        self,
        prep: Prep,
        *,
        persona: str | Persona = "friendly",
        outcome: Outcome | str | None = None,
        seed: int = 0,
        questions: Sequence[CallQuestion] | None = None,
        max_questions: int = DEFAULT_MAX_QUESTIONS,
        now: datetime | None = None,
        start_at_questions: bool = False,
    ):
        self.prep = prep
        # A drill: the interviewer asks the questions straight away, then says goodbye.
        self.start_at_questions = start_at_questions
        self.rng = random.Random(seed)
        self.seed = seed
        self.now = now or datetime.now()
        self.interviewer = persona if isinstance(persona, Persona) else load_persona(persona)
        self.receptionist = load_persona("receptionist")
        self.voicemail = load_persona("voicemail")
        self.outcome = Outcome(outcome) if outcome else self._random_outcome()
        if start_at_questions:
            self.outcome = Outcome.AVAILABLE
        pool = list(questions) if questions is not None else prepared_questions(prep)
        self.questions = pool[:max_questions] if max_questions > 0 else pool
        self._queue = list(self.questions)
        self._current: CallQuestion | None = None
        self.transcript: list[Entry] = []
        self.state = _State()
        app = prep.application
        names = app.interviewer.split()
        self.values = {
            "company": app.company,
            "position": app.position,
            "interviewer": app.interviewer,
            "interviewer_first": names[0] if names else app.interviewer,
            "interviewer_last": names[-1] if names else app.interviewer,
            "interviewer_title": app.interviewer_title or "the hiring manager",
            "candidate": prep.candidate.name,
            "candidate_first": prep.first_name,
            "decision_date": spoken_date(decision_date(app.decision_date, self.now.date())),
            "daypart": _daypart(self.now),
        }

    # -- public API ----------------------------------------------------------------
    @property
    def blocked(self) -> Drafts | None:
        if self.prep.application.asked_not_to_call:
            return draft(self.prep, self.now.date())
        return None

    @property
    def phase(self) -> Phase:
        return self.state.phase

    @property
    def prompt(self) -> Prompt | None:
        return self.state.prompt

    @property
    def ended(self) -> bool:
        return self.state.phase is Phase.ENDED

    @property
    def status(self) -> str:
        return self.state.status

    @property
    def answers(self) -> list[Entry]:
        return [e for e in self.transcript if e.speaker == "candidate"]

    def start(self) -> Step:
        drafts = self.blocked
        if drafts is not None:
            raise CallBlocked(drafts)
        if self.transcript:
            raise RuntimeError("this call has already started")
        if self.start_at_questions:
            return self._next_question([])
        lines = [self._cue("ring", Phase.RING)]
        lines.append(self._say(self.receptionist, "hello", Phase.RECEPTION))
        return self._ask(lines, Prompt("reception", Phase.RECEPTION, lines[-1].text))

    def answer(self, text: str, duration: float | None = None, audio_path: str | None = None,
               heard: bool = False) -> Step:
        """The applicant's answer to the current prompt. `heard`: the text is the recognizer's
        transcript of a spoken answer (the checker then counts sound-alikes of rare words)."""
        prompt = self._require_prompt()
        text = " ".join(text.split())
        if not text:
            return self._not_heard(prompt)
        self.state.reasks = 0
        check = check_answer(text, prompt.points, duration=duration, heard=heard)
        entry = Entry("candidate", text, prompt.phase, prompt=prompt, check=check,
                      duration=duration, audio_path=audio_path)
        self.transcript.append(entry)
        step = self._respond(prompt, entry)
        step.answer = entry
        return step

    def skip(self) -> Step:
        """Give no answer to this prompt: it counts as missed and the call moves on."""
        prompt = self._require_prompt()
        check = check_answer("", prompt.points)
        entry = Entry("candidate", "", prompt.phase, prompt=prompt, check=check, skipped=True)
        self.transcript.append(entry)
        self.state.reasks = 0
        step = self._respond(prompt, entry)
        step.answer = entry
        return step

    def repeat(self) -> Step:
        """Say the last lines again (the candidate asked "could you repeat that?")."""
        prompt = self._require_prompt()
        lines = [e for e in self.state.last_lines if e.cue is None][-1:]
        return Step(lines, prompt)

    def hang_up(self) -> Step:
        """End the call now. After the other side's goodbye that is how a call ends: finished."""
        if self.state.prompt is not None and self.state.prompt.kind == "goodbye":
            return self._finish([])
        if not self.ended:
            self.state.status = "hung_up"
            self._end()
        return Step([], None, ended=True)

    def likely_replies(self) -> list[tuple[str, Voice]]:
        """The lines the other side may say first after the answer to the current prompt,
        phrased as the flow would phrase them now (on a copy of its generator: nothing is
        drawn). Voice mode renders them while the applicant speaks, so that the reply starts
        at once; which one is said depends on the answer (a probe for a missed point, "cut
        short" for a long one, "didn't catch that" for silence)."""
        prompt = self.state.prompt
        if prompt is None:
            return []
        p, r = self.interviewer, self.receptionist
        kind = prompt.kind
        options: list[tuple[Persona, str, dict[str, str]]] = []
        if kind.startswith("reception"):
            route = {Outcome.AVAILABLE: "transfer", Outcome.VOICEMAIL: "to_voicemail"}.get(self.outcome, "take_message")
            options = [(r, key, {}) for key in ("who_for", "whos_calling", "regarding", route)]
        elif kind == "intro":
            options = [(p, "after_intro", {})]
        elif kind in ("question", "probe"):
            options = [(p, "cut_short", {})]
            if kind == "question" and p.probe_missed and self.state.probes < p.max_probes:
                options.append(self._probe_line())
            last = "acknowledge" if self._queue else "goodbye" if self.start_at_questions else "out_of_questions"
            options.append((p, last, {}))
        elif kind == "closing":
            decision = "answer_decision" if self.prep.application.decision_date else "answer_decision_unknown"
            options = [(p, key, {}) for key in ("answer_anything_else", decision, "answer_other", "anything_else", "goodbye")]
        elif kind == "voicemail":
            options = [(self.voicemail, "end", {})]
        elif kind == "message":
            options = [(r, "message_taken", {})]
        if kind != "voicemail":
            options.append((r if prompt.phase in (Phase.RECEPTION, Phase.MESSAGE) else p, "didnt_catch", {}))
        replies: dict[tuple[str, Voice], None] = {}
        for persona, key, extra in options:
            if key in persona.lines:
                rng = random.Random()
                rng.setstate(self.rng.getstate())
                replies[(persona.line(key, rng, **{**self.values, **extra}), persona.voice)] = None
        return list(replies)

    # -- the branches ----------------------------------------------------------------
    def _respond(self, prompt: Prompt, entry: Entry) -> Step:
        handler = {
            "reception": self._after_reception,
            "reception_who": self._after_reception,
            "reception_name": self._after_reception,
            "reception_regarding": self._after_reception,
            "intro": self._after_intro,
            "question": self._after_question,
            "probe": self._after_question,
            "closing": self._after_closing,
            "goodbye": self._after_goodbye,
            "voicemail": self._after_voicemail,
            "message": self._after_message,
        }[prompt.kind]
        return handler(entry)

    def _after_reception(self, entry: Entry) -> Step:
        s = self.state
        s.reception_tries += 1
        text = entry.text
        s.named_interviewer |= self._mentions_interviewer(text)
        s.gave_name |= self._mentions_own_name(text)
        s.gave_purpose |= self._mentions_purpose(text)
        r = self.receptionist
        if not s.named_interviewer and s.reception_tries <= 2:
            line = self._say(r, "who_for", Phase.RECEPTION)
            return self._ask([line], Prompt("reception_who", Phase.RECEPTION, line.text))
        if not s.gave_name and s.reception_tries <= 3:
            line = self._say(r, "whos_calling", Phase.RECEPTION)
            return self._ask([line], Prompt("reception_name", Phase.RECEPTION, line.text))
        if not s.gave_purpose and s.reception_tries <= 3:
            line = self._say(r, "regarding", Phase.RECEPTION)
            return self._ask([line], Prompt("reception_regarding", Phase.RECEPTION, line.text))
        return self._route()

    def _route(self) -> Step:
        r = self.receptionist
        if self.outcome is Outcome.AVAILABLE:
            lines = [self._say(r, "transfer", Phase.RECEPTION)]
            lines.append(self._say(self.interviewer, "greeting", Phase.INTRO))
            points = (
                KeyPoint(self.prep.candidate.name, required=True),
                KeyPoint(self.prep.application.position, required=True),
            ) + ((KeyPoint(self.prep.recap.memory_hook),) if self.prep.recap.memory_hook else ())
            return self._ask(lines, Prompt("intro", Phase.INTRO, lines[-1].text, points=points))
        if self.outcome is Outcome.VOICEMAIL:
            lines = [self._say(r, "to_voicemail", Phase.RECEPTION)]
            lines.append(self._say(self.voicemail, "greeting", Phase.VOICEMAIL))
            lines.append(self._cue("beep", Phase.VOICEMAIL))
            points = (
                KeyPoint(self.prep.candidate.name, required=True),
                KeyPoint(self.prep.application.position, required=True),
            )
            v = self.voicemail
            return self._ask(lines, Prompt("voicemail", Phase.VOICEMAIL, lines[-2].text, points=points,
                                           max_words=v.max_words, max_seconds=v.max_seconds))
        line = self._say(r, "take_message", Phase.MESSAGE)
        points = (KeyPoint(self.prep.candidate.name, required=True),
                  KeyPoint(self.prep.application.position, required=True))
        return self._ask([line], Prompt("message", Phase.MESSAGE, line.text, points=points))

    def _after_intro(self, entry: Entry) -> Step:
        lines = [self._say(self.interviewer, "after_intro", Phase.QUESTIONS)]
        return self._next_question(lines)

    def _after_question(self, entry: Entry) -> Step:
        p, s = self.interviewer, self.state
        lines: list[Entry] = []
        check = entry.check
        too_long = (p.max_words and check and check.words > p.max_words) or (
            p.max_seconds and entry.duration and entry.duration > p.max_seconds
        )
        if too_long:
            lines.append(self._say(p, "cut_short", Phase.QUESTIONS))
        missed = self._missed_points(entry)
        if (entry.prompt and entry.prompt.kind == "question" and missed and p.probe_missed
                and s.probes < p.max_probes and not entry.skipped):
            s.probes += 1
            point = missed[0]
            _, key, extra = self._probe_line()
            line = self._say(p, key, Phase.QUESTIONS, **extra)
            lines.append(line)
            current = self._current
            # Its topic (kept in the report) is the question's too, not the note's words.
            return self._ask(lines, Prompt("probe", Phase.QUESTIONS, line.text,
                                           question_id=current.id if current else None,
                                           points=(point,), max_words=p.max_words, max_seconds=p.max_seconds,
                                           topic=(current.topic or f"\"{current.text}\"") if current else ""))
        if not too_long and self._queue:
            lines.append(self._say(p, "acknowledge", Phase.QUESTIONS))
        return self._next_question(lines)

    def _probe_line(self) -> tuple[Persona, str, dict[str, str]]:
        """The follow-up on a missed point: it names what the question is about, never the
        note (reading the missed key point back would give the answer away)."""
        p = self.interviewer
        subject = spoken_topic(self._current.topic if self._current else "")
        key = "probe" if subject or "probe_general" not in p.lines else "probe_general"
        return p, key, {"topic": subject or "that"}

    def _next_question(self, lines: list[Entry]) -> Step:
        p = self.interviewer
        if not self._queue:
            self._current = None
            if self.start_at_questions:
                lines.append(self._say(p, "goodbye", Phase.GOODBYE))
                return self._finish(lines)
            lines.append(self._say(p, "out_of_questions", Phase.CLOSING))
            return self._ask(lines, Prompt("closing", Phase.CLOSING, lines[-1].text))
        first = self._current is None and len(self._queue) == len(self.questions)
        self._current = question = self._queue.pop(0)
        key = "ask_first" if first and "ask_first" in p.lines else "ask"
        lines.append(self._say(p, key, Phase.QUESTIONS, question=question.text))
        return self._ask(lines, Prompt("question", Phase.QUESTIONS, lines[-1].text,
                                       question_id=question.id, points=question.points,
                                       max_words=p.max_words, max_seconds=p.max_seconds,
                                       topic=question.topic or f"\"{question.text}\""))

    def _after_closing(self, entry: Entry) -> Step:
        p, s = self.interviewer, self.state
        s.closing_turns += 1
        asks = closing_asks(entry.text)
        lines: list[Entry] = []
        if "anything_else" in asks and not s.asked_anything_else:
            lines.append(self._say(p, "answer_anything_else", Phase.CLOSING))
        if "decision" in asks and not s.asked_decision:
            key = "answer_decision" if self.prep.application.decision_date else "answer_decision_unknown"
            lines.append(self._say(p, key, Phase.CLOSING))
        s.asked_anything_else |= "anything_else" in asks
        s.asked_decision |= "decision" in asks
        if not asks and "?" in entry.text:
            lines.append(self._say(p, "answer_other", Phase.CLOSING))
        if s.closing_turns < 2 and not (s.asked_anything_else and s.asked_decision):
            lines.append(self._say(p, "anything_else", Phase.CLOSING))
            return self._ask(lines, Prompt("closing", Phase.CLOSING, lines[-1].text))
        lines.append(self._say(p, "goodbye", Phase.GOODBYE))
        return self._ask(lines, Prompt("goodbye", Phase.GOODBYE, lines[-1].text))

    def _after_goodbye(self, entry: Entry) -> Step:
        return self._finish([])

    def _after_voicemail(self, entry: Entry) -> Step:
        return self._finish([self._say(self.voicemail, "end", Phase.VOICEMAIL)])

    def _after_message(self, entry: Entry) -> Step:
        r = self.receptionist
        lines = [self._say(r, "message_taken", Phase.MESSAGE), self._say(r, "goodbye", Phase.GOODBYE)]
        return self._finish(lines)

    def _not_heard(self, prompt: Prompt) -> Step:
        """Nothing was heard: ask again (at most twice), then treat it as skipped."""
        s = self.state
        if s.reasks >= MAX_REASKS:
            s.reasks = 0
            return self.skip()
        s.reasks += 1
        persona = self.receptionist if prompt.phase in (Phase.RECEPTION, Phase.MESSAGE) else self.interviewer
        if prompt.kind == "voicemail":  # a voicemail box does not answer back
            return Step([], prompt)
        line = Entry(persona.role, self._line(persona, "didnt_catch", "Sorry, I didn't catch that."),
                     prompt.phase, persona.name)
        self.transcript.append(line)
        lines = [line] + ([Entry(persona.role, prompt.question, prompt.phase, persona.name)]
                          if prompt.kind in ("question", "probe") else [])
        if len(lines) > 1:
            self.transcript.append(lines[-1])
        s.last_lines = lines
        return Step(lines, prompt)

    # -- helpers ---------------------------------------------------------------------
    def _random_outcome(self) -> Outcome:
        weights = self.receptionist.outcomes or {"available": 1, "voicemail": 1, "message": 1}
        names = [o for o in Outcome if weights.get(o.value, 0) > 0]
        return self.rng.choices(names, weights=[weights[o.value] for o in names])[0]

    def _line(self, persona: Persona, key: str, fallback: str, **extra: str) -> str:
        if key in persona.lines:
            return persona.line(key, self.rng, **{**self.values, **extra})
        return fallback

    def _say(self, persona: Persona, key: str, phase: Phase, **extra: str) -> Entry:
        entry = Entry(persona.role, persona.line(key, self.rng, **{**self.values, **extra}), phase, persona.name)
        self.transcript.append(entry)
        return entry

    def _cue(self, name: str, phase: Phase) -> Entry:
        entry = Entry("system", "", phase, cue=name)
        self.transcript.append(entry)
        return entry

    def _ask(self, lines: list[Entry], prompt: Prompt) -> Step:
        self.state.phase = prompt.phase
        self.state.prompt = prompt
        self.state.last_lines = lines
        return Step(lines, prompt)

    def _finish(self, lines: list[Entry]) -> Step:
        self.state.status = "finished"
        self._end()
        return Step(lines, None, ended=True)

    def _end(self) -> None:
        self.state.phase = Phase.ENDED
        self.state.prompt = None

    def _require_prompt(self) -> Prompt:
        if self.state.prompt is None:
            raise RuntimeError("the call is not waiting for an answer")
        return self.state.prompt

    def _missed_points(self, entry: Entry) -> list[KeyPoint]:
        if entry.check is None:
            return []
        return [KeyPoint(r.text, r.required) for r in entry.check.points
                if r.status == "missed" and not r.required]

    def _mentions_interviewer(self, text: str) -> bool:
        names = self.prep.application.interviewer.split()
        if not names:
            return False
        candidates = [self.prep.application.interviewer, names[-1]]
        return any(check_answer(text, [KeyPoint(n, required=True)]).points[0].status == "covered"
                   for n in candidates)

    def _mentions_own_name(self, text: str) -> bool:
        first = self.prep.first_name
        return bool(first) and check_answer(text, [KeyPoint(first, required=True)]).points[0].status == "covered"

    def _mentions_purpose(self, text: str) -> bool:
        return said_reason(text, self.prep)


def decision_date(promised: date | None, today: date) -> date | None:
    """The date the interviewer gives on the phone: the one they promised, or, once that has
    passed, a few business days from today (a decision is never due in the past)."""
    from tui.flow.timing import add_business_days

    if promised is None or promised >= today:
        return promised
    return add_business_days(today, 3)


def spoken_date(value: date | None) -> str:
    return f"{value:%A, %B} {value.day}" if value else ""


def spoken_topic(topic: str) -> str:
    """A question's topic as an interviewer can say it inside a sentence ("the 2020 gap"),
    or "" when it is a whole question or a long phrase (a prepared answer's prompt)."""
    topic = topic.strip()
    if not topic or topic.endswith("?") or len(topic.split()) > 6:
        return ""
    return topic
