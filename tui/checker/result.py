"""The checker's results: plain frozen data with a JSON form."""

from __future__ import annotations

from dataclasses import dataclass

COVERED, PARTIAL, MISSED = "covered", "partial", "missed"


@dataclass(frozen=True)
class Match:
    point_word: str  # the key point's word, e.g. "aws"
    answer_words: str  # the answer's words that matched it, e.g. "a w s"
    score: float


@dataclass(frozen=True)
class PointResult:
    text: str
    required: bool
    status: str  # COVERED | PARTIAL | MISSED (required items: covered or missed only)
    score: float
    evidence: tuple[Match, ...]
    note: str = ""  # why a guard lowered the score: "negated: didn't", "number differs: 15 vs 25"
    guards: tuple[str, ...] = ()  # the guards that fired (tui.checker.guards names)
    ask: str = ""  # for a point the applicant must ask: which ask ("decision", "anything_else", "other")
    by_meaning: bool = False  # covered by the meaning check (said in other words)

    @property
    def contradicted(self) -> bool:
        """The answer says the opposite of the point (negated, other direction or figure,
        abandoned, the ask not asked): no other matcher may credit it."""
        from tui.checker.guards import CONTRADICTIONS

        return any(g in CONTRADICTIONS for g in self.guards)

    @property
    def rescuable(self) -> bool:
        """Whether a meaning-based matcher may upgrade this lexical result: not a required
        item (those need every word), not an ask (judged as a question), not contradicted."""
        return not self.required and not self.ask and not self.contradicted and self.status != COVERED

    @classmethod
    def from_dict(cls, data: dict) -> PointResult:
        evidence = tuple(Match(m["point_word"], m["answer_words"], m.get("score", 0.0)) for m in data.get("evidence", []))
        return cls(data["text"], data.get("required", False), data["status"], data.get("score", 0.0), evidence,
                   data.get("note", ""), tuple(data.get("guards", ())), data.get("ask", ""),
                   bool(data.get("by_meaning", False)))

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "required": self.required,
            "status": self.status,
            "score": round(self.score, 3),
            "evidence": [
                {"point_word": m.point_word, "answer_words": m.answer_words, "score": round(m.score, 3)}
                for m in self.evidence
            ],
            "note": self.note,
            "guards": list(self.guards),
            "ask": self.ask,
            "by_meaning": self.by_meaning,
        }


@dataclass(frozen=True)
class AnswerCheck:
    points: tuple[PointResult, ...]
    fillers: dict[str, int]
    hedges: dict[str, int]
    words: int
    duration: float | None
    wpm: float | None
    meaning_off: str = ""  # why the meaning check could not help with this answer, if it could not

    @property
    def covered(self) -> int:
        return sum(p.status == COVERED for p in self.points)

    @property
    def partial(self) -> int:
        return sum(p.status == PARTIAL for p in self.points)

    @property
    def missed(self) -> int:
        return sum(p.status == MISSED for p in self.points)

    @property
    def filler_count(self) -> int:
        return sum(self.fillers.values())

    @property
    def hedge_count(self) -> int:
        return sum(self.hedges.values())

    @property
    def filler_rate(self) -> float:
        """Fillers per word (0.04 = 4 %)."""
        return self.filler_count / self.words if self.words else 0.0

    def verdict(self) -> str:
        """One line, e.g. "2/3 points (1 partial) · 1 filler · 142 wpm"."""
        parts = []
        if self.points:
            head = f"{self.covered}/{len(self.points)} points"
            if self.partial:
                head += f" ({self.partial} partial)"
            parts.append(head)
        n = self.filler_count
        # A timed answer was spoken: the recogniser writes few of the fillers said (report.py).
        parts.append(f"{n} filler" + ("" if n == 1 else "s") + (" heard" if self.wpm is not None else ""))
        if self.hedge_count:
            h = self.hedge_count
            parts.append(f"{h} hedge" + ("" if h == 1 else "s"))
        if self.wpm is not None:
            parts.append(f"{self.wpm:.0f} wpm")
        else:
            parts.append(f"{self.words} words")
        return " · ".join(parts)

    @classmethod
    def from_dict(cls, data: dict) -> AnswerCheck:
        """The stored (JSON) form back into a check."""
        return cls(tuple(PointResult.from_dict(p) for p in data.get("points", [])), dict(data.get("fillers", {})),
                   dict(data.get("hedges", {})), int(data.get("words", 0)), data.get("duration"), data.get("wpm"),
                   str(data.get("meaning_off", "")))

    def to_dict(self) -> dict:
        return {
            "points": [p.to_dict() for p in self.points],
            "fillers": dict(self.fillers),
            "hedges": dict(self.hedges),
            "words": self.words,
            "wpm": None if self.wpm is None else round(self.wpm, 1),
            "duration": self.duration,
            "meaning_off": self.meaning_off,
        }
