"""Contradiction guards: signs that an answer says the opposite of a key point even though
its words match ("I didn't lead it", "costs went up", "went to 75 %" for 85 %, "but it was
canceled", "anything else I should know?" for "ask what else they'd like to know").

Each guard is a plain function on an AnswerIndex so that any matcher (the lexical one in
check.py, a semantic one) can ask the same questions about its own evidence. A guard that
fires names itself in PointResult.guards; the names in CONTRADICTIONS mean the answer
contradicts the point, and nothing may credit the point after that.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from tui.checker.lists import abbreviations, phrases, word_set
from tui.checker.matcher import AnswerIndex, Hit, note_units, stem
from tui.checker.text import Unit, clause_breaks, clause_ids, says_number, tokenize

NEGATED = "negated"  # the answer denies what the point claims, or claims what it denies
OPPOSITE = "opposite direction"  # "costs went up" for "reduced costs"
NUMBER_DIFFERS = "number differs"  # "went to 75 %" for 85 %
NUMBER_MISSING = "number missing"  # the point's figure is not said (not a contradiction)
END_MISSING = "change end missing"  # only where a change started is said ("it was 70 %" for "70% -> 90%")
ABANDONED = "abandoned"  # "..., but it was canceled", "before I finished"
IN_PROGRESS = "in progress"  # "I'm finishing the course", "I will complete it" for "completed the course"
NOT_ASKED = "not asked"  # an ask-point whose question the answer does not ask
CONTRADICTIONS = frozenset({NEGATED, OPPOSITE, NUMBER_DIFFERS, END_MISSING, ABANDONED, IN_PROGRESS, NOT_ASKED})

NEGATION_REACH = 4  # words before a matched word where a negation denies it
LOOSE_REACH = 6  # ... where a negation is enough to restate a "no"/"zero" point
CUE_REACH = 12  # words between an abandonment cue and the evidence it undoes
PROGRESS_REACH = 4  # words before the evidence where "will", "started", "I'm finishing" put it ahead
GAP_WORDS = 6  # words that "…" in a list phrase may skip
NAMED_WORDS = 6  # words of the thing an abandonment cue names ("the evening class of my welding course")

# Words a negation reaches through: "not a single error", "never even started".
_THROUGH = frozenset({"single", "even", "ever", "once", "yet", "always", "much", "really", "actually"})
_COORDINATORS = frozenset({"and", "then", "but", "or"})  # join two verbs: each has its own tense
# A negation word followed by one of these does not negate: "not only", "nothing but", "no doubt".
_NOT_NEGATING_AFTER = frozenset({"only", "just", "merely", "simply", "doubt", "but", "problem", "matter", "less"})


_PRONOUNS = frozenset({"i", "we", "you", "they", "he", "she", "it", "im", "ive", "id", "well", "yes", "yeah", "no"})


@dataclass(frozen=True)
class Found:
    """A list phrase found in an answer: its words and token span."""

    words: str
    first: int
    last: int


def _word_matches(pattern: str, form: str, stemmed: bool) -> bool:
    return form == pattern or (stemmed and stem(form) == stem(pattern))


def find_phrases(forms: Sequence[str], name: str, stemmed: bool = False,
                 skip: Iterable[str] = ()) -> list[Found]:
    """Where the phrases of a list file occur in a sequence of word forms. In an entry, "*"
    stands for at most one word and "…" for up to GAP_WORDS words."""
    return list(_find_phrases(tuple(forms), name, stemmed, frozenset(skip)))


@lru_cache(maxsize=512)
def _find_phrases(forms: tuple[str, ...], name: str, stemmed: bool, skip: frozenset[str]) -> tuple[Found, ...]:
    by_first = _phrases_by_first_word(name, stemmed)
    found = []
    for start, form in enumerate(forms):
        for entry, words in by_first.get(stem(form) if stemmed else form, ()):
            if entry in skip:
                continue
            end = _match_from(forms, start, words, stemmed)
            if end is not None:
                found.append(Found(entry, start, end))
    return tuple(found)


@lru_cache(maxsize=16)
def _phrases_by_first_word(name: str, stemmed: bool) -> dict[str, list[tuple[str, list[str]]]]:
    """A list's phrases keyed by their first word (its stem when `stemmed`): one look-up a word."""
    by_first: dict[str, list[tuple[str, list[str]]]] = {}
    for entry in phrases(name):
        words = [w.replace("'", "") for w in entry]
        key = stem(words[0]) if stemmed else words[0]
        by_first.setdefault(key, []).append((" ".join(entry), words))
    return by_first


def _match_from(forms: Sequence[str], i: int, words: list[str], stemmed: bool) -> int | None:
    """The last index of `words` matched from forms[i], or None (gaps are bounded: linear)."""
    last = None
    for k, word in enumerate(words):
        if word in ("*", "…"):
            continue
        gap = 1 if k and words[k - 1] == "*" else GAP_WORDS if k and words[k - 1] == "…" else 0
        for j in range(i, min(i + gap + 1, len(forms))):
            if _word_matches(word, forms[j], stemmed):
                last, i = j, j + 1
                break
        else:
            return None
    return last


# --- negation ------------------------------------------------------------------------------


def negator_at(forms: Sequence[str], j: int) -> str | None:
    """The negation that ends at word j ("never", "rather than", "zero"), if any."""
    negations = word_set("negations")
    form = forms[j]
    after = forms[j + 1] if j + 1 < len(forms) else ""
    if form in negations or form == "0":
        if after in _NOT_NEGATING_AFTER or (form == "not" and after == "to") or (form == "no" and after in _PRONOUNS):
            return None  # "not only", "not to mention", "no, I led it" (heard without the comma)
        return form
    if j and f"{forms[j - 1]} {form}" in negations:
        return f"{forms[j - 1]} {form}"
    return None


def negation_before(index: AnswerIndex, i: int, reach: int = NEGATION_REACH,
                    through: frozenset[int] | None = None, point_words: frozenset[int] = frozenset(),
                    span: frozenset[int] = frozenset()) -> str | None:
    """The negation in the clause of word i that governs it: within `reach` words before it,
    with nothing between but little words and, when `through` is given, the words of those
    token indexes ("didn't lead the migration"). Without `through` any words may sit between.
    A word between that already says something went wrong ("never missed a deadline") makes
    it a double negative: no negation (words at `point_words` indexes are the point's own).
    Words of the matched `span` between do not count in `reach`: a negation just before the
    span denies all of it ("it's not that I gave night lessons")."""
    stop = word_set("stopwords")
    wrong = _double_negative_stems()
    forms = [t.form for t in index.tokens]
    j, left = i, reach
    while left > 0:  # bounded: each step is one word back, and span words are few
        if j <= 0 or index.breaks[j]:
            return None
        j -= 1
        left -= j not in span
        found = negator_at(forms, j)
        if found:
            return index.tokens[j].low if " " not in found else found
        if stem(forms[j]) in wrong and j not in point_words and j not in (through or ()):
            return None  # "never missed a deadline" says the deadlines were met
        if through is not None and forms[j] not in stop and forms[j] not in _THROUGH and j not in through:
            return None  # another content word: "haven't run Kafka" does not deny "Kafka course"
    return None


@lru_cache(maxsize=1)
def _double_negative_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in word_set("double_negatives"))


@lru_cache(maxsize=1024)
def point_polarity(text: str) -> dict[str, bool | None]:
    """For each word of a key point: True when the point denies it ("didn't kick to HR",
    "0 lost-time injuries", "no hospital job"), False when it claims it, None when both."""
    tokens = tokenize(text)
    breaks = clause_breaks(text, tokens)
    forms = [t.form for t in tokens]
    negations = word_set("negations")
    # A zero ("0 errors") and a short form of a negation ("w/o") deny what follows, too.
    zero = {u.last for u in note_units(text)
            if u.value == 0 or any(long in negations for long in abbreviations().get(u.form, ()))}
    polarity: dict[str, bool | None] = {}
    for i, form in enumerate(forms):
        negated = False
        j = i
        for _ in range(NEGATION_REACH):
            if j <= 0 or breaks[j]:
                break
            j -= 1
            if negator_at(forms, j) or j in zero:
                negated = True
                break
        previous = polarity.get(form, negated)
        polarity[form] = negated if previous == negated else None
    return polarity


def negation_conflict(index: AnswerIndex, text: str, words: Sequence[Unit], hits: Sequence[Hit],
                      evidence_at: float) -> tuple[str, bool]:
    """(why, zero said). `why` is non-empty when the answer denies a word the point claims
    ("I never had to write anybody up" for "did the write-ups") or claims every word the point
    denies. `zero said` is True when the answer restates the point's "no"/"zero" with a
    negation ("not a single dispensing error" for "0 dispensing errors")."""
    polarity = point_polarity(text)
    matched = [(u, h) for u, h in zip(words, hits) if h.score >= evidence_at and u.value is None]
    through = frozenset(i for _, h in matched for i in range(h.first, h.last + 1))
    # What a point says went down may be said gone: "no more complaints" for "cut complaints"
    # (but "didn't cut complaints" and "we never had complaints" still deny the cut).
    reduced = _reduced_things(text)
    if reduced and find_phrases([t.form for t in index.tokens], "said_gone"):
        matched = [(u, h) for u, h in matched if u.form not in reduced]
    # The span of what the point claims: a word the point denies is no part of the claim.
    span = frozenset(i for u, h in matched if polarity.get(u.form) is False for i in range(h.first, h.last + 1))
    claimed = claimed_negated = denied_said = denied_negated = 0
    why = loose = ""
    for unit, hit in matched:
        wanted = polarity.get(unit.form)
        if wanted is False:
            claimed += 1
            found = negation_before(index, hit.first, NEGATION_REACH, point_words=through, span=span)
            claimed_negated += bool(found)
            loose = loose or found or ""
            if found and not why and negation_before(index, hit.first, NEGATION_REACH, through, span=span):
                why = found  # the negation governs the point's own words: "didn't lead the migration"
        elif wanted is True:
            denied_said += 1
            denied_negated += bool(negation_before(index, hit.first, LOOSE_REACH, point_words=through))
    if not why and claimed and claimed_negated * 2 >= claimed:
        why = loose  # most of the evidence sits under a negation: "haven't used Kubernetes in production"
    if not why and denied_said and not denied_negated:
        why = "said without the note's negation"
    zero = any(u.value == 0 for u in words)
    if zero and not denied_negated:  # "nobody on my crew got hurt in two years" for "0 injuries, 2 yrs"
        clauses = {index.clauses[h.first] for _, h in zip(words, hits) if h.score >= evidence_at}
        forms = [t.form for t in index.tokens]
        denied_negated = any(negator_at(forms, j) for j in range(len(forms)) if index.clauses[j] in clauses)
    return why, denied_negated > 0


@lru_cache(maxsize=1024)
def _reduced_things(point_text: str) -> frozenset[str]:
    """The words of a point that says something went down, other than its words for going
    down: "complaints" in "cut complaints 30%"."""
    if point_direction(point_text) != "down":
        return frozenset()
    forms = [t.form for t in tokenize(point_text)]
    way = {i for f in _found(forms, "direction_down", True) for i in range(f.first, f.last + 1)}
    return frozenset(f for i, f in enumerate(forms) if i not in way) - {forms[i] for i in way}


# --- abandonment ----------------------------------------------------------------------------


def abandonment_cue(index: AnswerIndex, spans: Sequence[tuple[int, int]], point_text: str) -> str:
    """An abandonment cue ("dropped out", "before I finished", "signed up … but") that undoes
    the evidence: in the clause of most of the evidence, or in the clause right after it in
    the same sentence ("I started automating it, but we switched banks before I finished"),
    unless the cue names something else the point does not ("..., and then the job offer fell
    through"). Cues the point itself contains are expected and ignored."""
    if not spans:
        return ""
    point_forms = [t.form for t in tokenize(point_text)]
    own = {f.words for f in find_phrases(point_forms, "abandonment")}
    forms = [t.form for t in index.tokens]
    point_stems = {stem(f) for f in point_forms} - {stem(w) for w in word_set("stopwords")}
    # A one-word cue that is the point's own subject is no abandonment: "cut cancellations"
    # said as "fewer cancelled orders" (but "never finished" still undoes "finished the course").
    cues = [c for c in find_phrases(forms, "abandonment", skip=own)
            if " " in c.words or stem(c.words.replace("'", "")) not in point_stems]
    if not cues:
        return ""
    clauses, sentences = index.clauses, index.sentences
    for cue in sorted(cues, key=lambda c: ("…" in c.words, c.first)):  # "canceled" says more than "signed up … but"
        undone = 0
        for first, last in spans:
            if cue.words.endswith("… but"):  # "signed up … but" undoes what was signed up for, in between
                undone += cue.first < first and last < cue.last
                continue
            near = min(abs(cue.first - last), abs(first - cue.last)) <= CUE_REACH
            same = clauses[first] == clauses[cue.first] or clauses[last] == clauses[cue.last]
            after = clauses[cue.first] == clauses[last] + 1 and sentences[cue.first] == sentences[last]
            undone += near and (same or after) and not cue_names_other(index, cue, point_stems)
        if undone * 2 >= len(spans):
            return index.words(cue.first, cue.last)
    return ""


# Little words between a cue and what it is about: "called off the whole rollout", "the offer
# had fallen through", "dropped out last spring" (a time is not what was dropped).
_ARTICLES = frozenset({"the", "a", "an", "my", "our", "his", "her", "their", "its", "this", "that", "these", "those",
                       "whole", "entire", "last", "next", "week", "month", "year", "semester", "term", "spring",
                       "summer", "fall", "autumn", "winter", "later", "eventually", "anyway"})
_AUXILIARIES = frozenset({"was", "were", "is", "are", "be", "been", "being", "got", "get", "gets", "had", "has",
                          "have", "then", "just", "also", "eventually", "finally", "ultimately", "all", "um", "uh",
                          "basically", "totally", "completely", "suddenly", "kind", "sort", "of"})
_REFERRING = _PRONOUNS | {"that", "this", "them", "those", "which", "everything"}


def cue_names_other(index: AnswerIndex, cue: Found, point_stems: set[str]) -> bool:
    """Whether a cue is about something the point does not name: its object ("called off
    the warehouse move") or, with none, its subject ("the job offer fell through"). A
    pronoun or nothing ("but dropped out", "before I finished", "they canceled it") refers
    back to what came before: then the cue is about the evidence."""
    forms = [t.form for t in index.tokens]
    clause = index.clauses[cue.first]
    stop = word_set("stopwords")

    def inside(j: int) -> bool:
        return 0 <= j < len(forms) and index.clauses[j] == clause

    def phrase_at(j: int, step: int) -> bool | None:
        """From word j on, the words that name a thing ("the evening class of my welding
        course" after a cue): None if there are none, else whether none is the point's."""
        if not inside(j):
            return None
        if forms[j] in _REFERRING:
            return False
        named: list[str] = []
        while inside(j) and len(named) < NAMED_WORDS:
            if forms[j] not in stop:
                named.append(forms[j])
            elif step > 0 and named and forms[j] in ("of", "for") and inside(j + 1):
                j += 1  # "the class of my welding course": the thing goes on
                while inside(j + 1) and forms[j] in _ARTICLES:
                    j += 1
                continue
            else:
                break
            j += step
        if len(named) == 1 and named[0] in word_set("undertakings"):
            return False  # "the rollout", "the project": what the answer just said, like "it"
        return None if not named else not ({stem(w) for w in named} & point_stems)

    j = cue.last + 1  # the object, past an article or a time ("canceled the evening class")
    while inside(j) and forms[j] in _ARTICLES:
        j += 1
    said = phrase_at(j, 1)
    if said is None:
        j = cue.first - 1  # else the subject, before any auxiliary ("the offer had fallen through")
        while inside(j) and forms[j] in _AUXILIARIES:
            j -= 1
        said = phrase_at(j, -1)
    return bool(said)


# --- completion still ahead ------------------------------------------------------------------

# A progressive is a subject and a form of "be" before an -ing word: "I'm finishing", "we were
# completing", "I've been working" (not "my best year was finishing the course").
_SUBJECTS = frozenset({"i", "we", "they", "you", "he", "she"})
_BE = frozenset({"am", "is", "are", "was", "were"})
_CONTRACTED_BE = frozenset({"i'm", "im", "we're", "they're", "theyre", "you're", "youre", "he's", "she's"})
_ADVERBS = frozenset({"still", "currently", "just", "now", "actually", "really", "almost", "finally"})


def _progressive_at(index: AnswerIndex, j: int) -> bool:
    """Whether word j is the -ing word of a progressive: "I'm (still) finishing"."""
    low = [t.low for t in index.tokens]
    if not (low[j].endswith("ing") and len(low[j]) > 5):
        return False
    k = j - 1
    if k >= 0 and low[k] in _ADVERBS and not index.breaks[j]:
        k -= 1
    if k < 0 or index.breaks[k + 1]:
        return False
    if low[k] in _CONTRACTED_BE or low[k] == "been":
        return True
    return low[k] in _BE and k > 0 and low[k - 1] in _SUBJECTS and not index.breaks[k]


@lru_cache(maxsize=1024)
def claims_completion(point_text: str) -> frozenset[str]:
    """The point's words that claim something was completed ("completed", "passed",
    "certified"), if any."""
    done = {stem(w) for w in word_set("completion")}
    return frozenset(t.form for t in tokenize(point_text) if stem(t.form) in done)


def still_ahead(index: AnswerIndex, point_text: str, words: Sequence[Unit], hits: Sequence[Hit],
                evidence_at: float) -> str:
    """For a point that claims a completion, the answer's words that put it still ahead ("I'm
    finishing", "will complete", "started", "working toward"): they govern the answer's word
    for the completion, or, when that is not said, most of the evidence."""
    claims = claims_completion(point_text)
    if not claims:
        return ""
    said = [(u, h) for u, h in zip(words, hits) if h.score >= evidence_at and h.first >= 0]
    if not said:
        return ""
    through = frozenset(i for _, h in said for i in range(h.first, h.last + 1))
    forms = [t.form for t in index.tokens]
    markers = {f.last: f for f in find_phrases(forms, "in_progress")}
    # "before I finished", "never completed": a completion word inside a cue claims nothing.
    undone = {i for cue in find_phrases(forms, "abandonment") for i in range(cue.first, cue.last + 1)}
    done = [h for u, h in said if u.form in claims and h.first not in undone]
    judged = done or [h for _, h in said]
    found = [_ahead_marker(index, h, markers, through) for h in judged]
    ahead = [m for m in found if m]
    if ahead and (done or len(ahead) * 2 >= len(judged)):
        return ahead[0]
    return ""


def _ahead_marker(index: AnswerIndex, hit: Hit, markers: dict[int, Found], through: frozenset[int]) -> str:
    """The words before `hit` in its clause that put it ahead, with only little words or
    the point's own words between; the -ing word of a progressive may be the hit itself."""
    if _progressive_at(index, hit.first):
        return index.words(hit.first - 1, hit.first)
    stop = word_set("stopwords")
    done = {stem(w) for w in word_set("completion")}
    j, left = hit.first, PROGRESS_REACH
    while left > 0 and j > 0 and not index.breaks[j]:
        j -= 1
        left -= j not in through
        if j in markers:
            return index.words(markers[j].first, j)
        if _progressive_at(index, j):
            return index.words(j - 1, j)
        form = index.tokens[j].form
        if form in _COORDINATORS:
            return ""  # a marker of another verb: "I started and completed the training"
        if form not in stop and form not in _THROUGH and j not in through and stem(form) not in done:
            return ""  # another word: "I will tell you I completed it" ("about to finish the cert" goes on)
    return ""


# --- direction ------------------------------------------------------------------------------

_NOTE_ONLY = {"up", "down"}  # notes write "OT hrs down 40%"; answers say "ended up", "set up"


# Pairs of lists that say opposite things: a quantity that went down or up, and something
# that ended (closed, laid off) or carried on (stayed intact, still open).
OPPOSITES = (("direction_down", "direction_up"), ("state_ended", "state_continued"))


_BOUND_STARTS = frozenset({"a", "an", "half"})  # "less than an hour", "more than half"


def _found(forms: Sequence[str], name: str, in_note: bool) -> list[Found]:
    """The list's phrases that say a direction here: not under a negation ("no more", "didn't
    go up") and not a bound on a figure ("more than 20 people", "less than an hour")."""
    return [f for f in find_phrases(forms, name, stemmed=True, skip=() if in_note else _NOTE_ONLY)
            if not (f.first and negator_at(forms, f.first - 1))
            and not (forms[f.last + 1:f.last + 2] == ["than"] and f.last + 2 < len(forms)
                     and (says_number(forms[f.last + 2]) or forms[f.last + 2] in _BOUND_STARTS))]


@lru_cache(maxsize=1024)
def _point_sides(point_text: str) -> tuple[tuple[str, str], ...]:
    """(the point's side, the other side) for each opposite pair the point takes one side of."""
    forms = [t.form for t in tokenize(point_text)]
    sides = []
    for first, second in OPPOSITES:
        one, other = bool(_found(forms, first, True)), bool(_found(forms, second, True))
        if one != other:
            sides.append((first, second) if one else (second, first))
    return tuple(sides)


def point_direction(point_text: str) -> str:
    """ "down" or "up" when a key point says which way a quantity went, else ""."""
    for wanted, _ in _point_sides(point_text):
        if wanted.startswith("direction_"):
            return wanted.removeprefix("direction_")
    return ""


# "more", "less", "fewer" say which way the thing named after them went: "more complaints"
# is up for "cut complaints", "more efficient" says nothing about complaints.
_COMPARATIVES = frozenset({"more", "less", "fewer"})
COMPARED_REACH = 2  # words after a comparative where the thing it compares sits ("way more repeat customers")


def _compares_point(index: AnswerIndex, found: Found, point_text: str) -> bool:
    point = {stem(t.form) for t in tokenize(point_text)}
    after = range(found.last + 1, min(found.last + 1 + COMPARED_REACH, len(index.tokens)))
    return any(stem(index.tokens[k].form) in point and not index.breaks[k] for k in after)


def opposite_direction(index: AnswerIndex, point_text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The answer's words for the opposite of what the point says ("reduced costs" said as
    "costs went up", "the team was dissolved" as "my team stayed intact") in a clause of the
    evidence (`spans`; anywhere when there is none, to say why), unless the answer also says
    the point's way."""
    forms = [t.form for t in index.tokens]
    clauses = {index.clauses[i] for first, last in spans for i in (first, last)} or set(index.clauses)
    for wanted, opposite in _point_sides(point_text):
        if _found(forms, wanted, False):
            continue
        said = [f for f in _found(forms, opposite, False)
                if (index.clauses[f.first] in clauses or index.clauses[f.last] in clauses)
                and (f.words not in _COMPARATIVES or _compares_point(index, f, point_text))]
        if said:
            first = min(said, key=lambda f: f.first)
            return index.words(first.first, first.last)
    return ""


__all__ = [
    "ABANDONED", "CONTRADICTIONS", "END_MISSING", "IN_PROGRESS", "NEGATED", "NOT_ASKED", "NUMBER_DIFFERS", "NUMBER_MISSING", "OPPOSITE",
    "Found", "abandonment_cue", "clause_ids", "find_phrases", "negation_before", "negation_conflict",
    "negator_at", "opposite_direction", "point_direction", "point_polarity", "still_ahead",
]
