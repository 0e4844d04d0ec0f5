"""Find the best place in an answer for one key-point word.

A note word can be said many ways and heard wrongly, so each word is tried, best first:
the same word or Snowball stem; a synonym from assets/lists/synonyms.txt; an acronym said in
full ("Amazon Web Services" for AWS); the same sound (double metaphone, "cooper netties" for
Kubernetes); a close spelling (rapidfuzz ratio). Answer words are also joined in runs of
2-4 ("a w s" -> "aws", "back end" -> "backend"), from both the raw words and the words with
spoken numbers read as digits.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import Stemmer
from doublemetaphone import doublemetaphone
from rapidfuzz import fuzz, process

from tui.checker.lists import abbreviations, common_words, synonym_groups, word_set
from tui.checker.text import Token, Unit, clause_breaks, clause_ids, spell_small, tokenize, units

MAX_JOIN = 4  # answer words joined to compare with one note word
FUZZY_CUTOFF = 78.0  # rapidfuzz ratio below this is no match
SYNONYM_FACTOR = 0.9
SOUND_SCORE = 0.85
ACRONYM_SCORE = 1.0
# Heard answers (a recognizer's transcript) only: a rare point word that the recognizer did
# not know, written as a sound-alike phrase ("for a cliff" for "forklift") whose double-metaphone
# code is close though not equal. Chosen on synthesised dev answers (scripts/bench_speech.py).
HEARD_MIN_LETTERS = 4  # words this long or longer (short ones have too many sound-alikes)
HEARD_MIN_CODE = 3  # ... with a sound code this long
HEARD_CODE_AT = 80.0  # rapidfuzz ratio between the two sound codes
HEARD_SPELLING_AT = 55.0  # ... and a loosely similar spelling (rapidfuzz ratio, joined words)
HEARD_SCORE = 0.75  # what such a hit is worth: evidence, less than a same-sound match
HEARD_MAX_WORDS = 3  # answer words a sound-alike may span

_stemmer = Stemmer.Stemmer("english")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def stem_phrase(phrase: str) -> str:
    return " ".join(stem(w) for w in phrase.split())


@lru_cache(maxsize=8192)
def sound_codes(word: str) -> tuple[str, ...]:
    return tuple(code for code in dict.fromkeys(doublemetaphone(word)) if code)


@cache
def _synonym_index() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(entry as written -> other entries of its groups, same keyed by stem phrase)."""
    exact: dict[str, list[str]] = {}
    stemmed: dict[str, list[str]] = {}
    for group in synonym_groups():
        for entry in group:
            for index, key in ((exact, entry), (stemmed, stem_phrase(entry))):
                others = index.setdefault(key, [])
                others.extend(e for e in group if e != entry and e not in others)
    freeze = lambda index: {key: tuple(value) for key, value in index.items()}  # noqa: E731
    return freeze(exact), freeze(stemmed)


def synonyms(word: str) -> tuple[str, ...]:
    """Other ways to say `word`. The word as written is looked up first: stems collide
    ("billing" and "bill" are both "bill")."""
    exact, stemmed = _synonym_index()
    return exact.get(word) or stemmed.get(stem_phrase(word), ())


@dataclass(frozen=True)
class Hit:
    score: float
    first: int  # token indexes in the answer, inclusive
    last: int
    how: str  # "exact", "stem", "synonym", "acronym", "sound", "fuzzy", "number"


NO_HIT = Hit(0.0, -1, -1, "")


@dataclass(frozen=True)
class _Candidate:
    joined: str  # forms joined without spaces
    first: int
    last: int


class AnswerIndex:
    """Everything about an answer that the matcher looks up, built once per answer."""

    def __init__(self, text: str, heard: bool = False) -> None:
        self.text = text
        self.heard = heard  # a recognizer's transcript: sound-alikes of point words count
        self._stop = word_set("stopwords")
        self.tokens: list[Token] = tokenize(text)
        self.breaks = clause_breaks(text, self.tokens)  # what separates each word from the one before
        self.clauses, self.sentences = clause_ids(self.breaks)
        # Each word's first letter ("\0" for one-letter words): acronyms are found with str.find.
        self._initials = "".join(t.form[:1] if len(t.form) > 1 else "\0" for t in self.tokens)
        read = units(self.tokens, text, ordinal_words=True)
        self.number_units: list[Unit] = [u for u in read if u.value is not None]
        self.number_units += shares_said(read)
        raw = [Unit(t.form, i, i) for i, t in enumerate(self.tokens)]
        self.candidates: list[_Candidate] = []
        self._by_joined: dict[str, list[int]] = {}  # words joined without spaces -> candidate ids
        self._by_phrase: dict[str, list[int]] = {}  # stem phrase / stem of joined -> candidate ids
        self._by_sound: dict[str, list[int]] = {}
        seen: set[tuple[str, int, int]] = set()
        for sequence in (raw, read) if self.number_units else (raw,):
            forms = [u.form for u in sequence]
            stems = [stem(f) for f in forms]
            for start in range(len(sequence)):
                joined, stem_words = "", []
                for end in range(start, min(start + MAX_JOIN, len(sequence))):
                    joined += forms[end]
                    stem_words.append(stems[end])
                    key = (joined, sequence[start].first, sequence[end].last)
                    if key not in seen:
                        seen.add(key)
                        self._add(key, " ".join(stem_words))
        # A lone stop word is never a near-spelling of a content word ("i've" is not "live").
        self._fuzzy_targets = [
            "" if c.first == c.last and c.joined in self._stop else c.joined for c in self.candidates
        ]
        self._heard_targets: tuple[list[str], list[int]] | None = None  # built on first use

    def _sound_targets(self) -> tuple[list[str], list[int]]:
        """The sound codes of every run of up to HEARD_MAX_WORDS answer words (no lone stop
        word) and of its stem, and the candidate id of each code."""
        if self._heard_targets is None:
            pairs = [(code, cid) for cid, c in enumerate(self.candidates)
                     if c.last - c.first < HEARD_MAX_WORDS and c.joined.isalpha() and self._fuzzy_targets[cid]
                     for code in dict.fromkeys(sound_codes(c.joined) + sound_codes(stem(c.joined)))]
            self._heard_targets = ([code for code, _ in pairs], [cid for _, cid in pairs])
        return self._heard_targets

    def _add(self, key: tuple[str, int, int], stem_words: str) -> None:
        cid = len(self.candidates)
        joined, first, last = key
        self.candidates.append(_Candidate(joined, first, last))
        self._by_joined.setdefault(joined, []).append(cid)
        self._by_phrase.setdefault(stem_words, []).append(cid)
        joined_stem = stem(joined)
        if joined_stem != stem_words:
            self._by_phrase.setdefault(joined_stem, []).append(cid)
        if len(joined) >= 3 and joined.isalpha():
            for code in sound_codes(joined):
                self._by_sound.setdefault(code, []).append(cid)

    def words(self, first: int, last: int) -> str:
        return " ".join(t.low for t in self.tokens[first:last + 1])

    # --- lookups -------------------------------------------------------------------

    def _hit(self, cid: int, score: float, how: str) -> Hit:
        c = self.candidates[cid]
        return Hit(score, c.first, c.last, how)

    def _shortest(self, cids: list[int]) -> int:
        return min(cids, key=lambda cid: (self.candidates[cid].last - self.candidates[cid].first, cid))

    def find_phrase(self, phrase: str, factor: float, how: str) -> Hit:
        """The phrase as written (spaces or not), else the same stems."""
        cids = self._by_joined.get(phrase.replace(" ", ""))
        if cids:
            return self._hit(self._shortest(cids), factor, "exact" if factor >= 1 else how)
        for key in (stem_phrase(phrase), stem(phrase.replace(" ", ""))):
            cids = self._by_phrase.get(key)
            if cids:
                return self._hit(self._shortest(cids), factor, how)
        return NO_HIT

    def find_fuzzy(self, word: str, factor: float) -> Hit:
        if not self._fuzzy_targets:
            return NO_HIT
        found = process.extractOne(word, self._fuzzy_targets, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if found is None:
            return NO_HIT
        return self._hit(found[2], found[1] / 100 * factor, "fuzzy")

    def find_sound(self, word: str, factor: float, min_closeness: float = 60.0) -> Hit:
        """Same double-metaphone code and a loosely similar spelling ("let" for "led")."""
        if len(word) < 3 or not word.isalpha():
            return NO_HIT
        best = NO_HIT
        for code in sound_codes(word):
            for cid in self._by_sound.get(code, ()):
                candidate = self.candidates[cid]
                if candidate.first == candidate.last and candidate.joined in self._stop:
                    continue  # "was" sounds like "aws", "that" like "data"
                if fuzz.ratio(word, candidate.joined) < min_closeness:
                    continue
                hit = self._hit(cid, SOUND_SCORE * factor, "sound")
                if best.first < 0 or (hit.last - hit.first) < (best.last - best.first):
                    best = hit
        return best

    def find_heard(self, word: str) -> Hit:
        """A rare word heard as a sound-alike phrase ("for a cliff" for "forklift", "tab blow"
        for "Tableau", "re-stalking" for "restocked"): 2-3 answer words whose sound code (or
        their stem's) starts like the word's and is close to it, with a loosely similar
        spelling. One answer word must have the very same code: a common word said on its own
        ("service") is no misheard "ServSafe"."""
        if not self.heard or len(word) < HEARD_MIN_LETTERS or not word.isalpha() or not rare(word):
            return NO_HIT
        targets, ids = self._sound_targets()
        best, best_key = NO_HIT, (0.0, 0)
        codes = dict.fromkeys(c for form in (word, stem(word)) for c in sound_codes(form) if len(c) >= HEARD_MIN_CODE)
        for code in codes:
            for said, closeness, k in process.extract(code, targets, scorer=fuzz.ratio, score_cutoff=HEARD_CODE_AT,
                                                      limit=None):
                c = self.candidates[ids[k]]
                spelling = max(fuzz.ratio(word, c.joined), fuzz.ratio(stem(word), stem(c.joined)))
                if said[0] != code[0] or (c.first == c.last and closeness < 100) or spelling < HEARD_SPELLING_AT:
                    continue
                key = (spelling, c.first - c.last)  # the closest spelling, then the fewest words
                if key > best_key:
                    best, best_key = Hit(HEARD_SCORE, c.first, c.last, "heard"), key
        return best

    def find_acronym(self, word: str) -> Hit:
        """ "aws" said as "Amazon Web Services"."""
        n = len(word)
        if not 2 <= n <= 5 or not word.isalpha():
            return NO_HIT
        start = self._initials.find(word)
        if start < 0:
            return NO_HIT
        return Hit(ACRONYM_SCORE, start, start + n - 1, "acronym")

    def find_number(self, note: Unit) -> Hit:
        for u in self.number_units:
            if numbers_agree(note, u):
                return Hit(1.0, u.first, u.last, "number")
        return NO_HIT

    # --- one note word ---------------------------------------------------------------

    def best(self, note: Unit) -> Hit:
        """The best match in this answer for one word (or number) of a key point."""
        if note.value is not None:
            hit = self.find_number(note)
            if hit.score:
                return hit
            spelled = spell_small(note.value)  # "ate" heard for "eight" (spelling closeness 57)
            if not spelled:
                return NO_HIT
            sound = self.find_sound(spelled.replace(" ", ""), 1.0, 50.0)
            if sound.first != sound.last:  # one misheard word ("ate"), not a run ("th we" for "two")
                sound = NO_HIT
            hit = _better(self.find_phrase(spelled, 1.0, "number"), sound)
            if any(u.weak and u.first <= hit.first <= u.last for u in self.number_units):
                return NO_HIT  # "the one who", "9:30": read as no amount, so not one now
            return hit
        return self._best_word(note.form, allow_synonyms=True)

    def _best_word(self, word: str, allow_synonyms: bool) -> Hit:
        best = self.find_phrase(word, 1.0, "stem")
        if best.score >= 1.0:
            return best
        for long in abbreviations().get(word, ()):  # "ppl" is said "people": the same word
            best = _better(best, self.find_phrase(long, 1.0, "abbreviation"))
            if best.score >= 1.0:
                return best
            word = long  # and its synonyms, spellings and sounds are the long form's
        for finder in (self.find_acronym, lambda w: self.find_fuzzy(w.replace(" ", ""), 1.0),
                       lambda w: self.find_sound(w.replace(" ", ""), 1.0)):
            best = _better(best, finder(word))
        if self.heard and best.score < HEARD_SCORE:
            best = _better(best, self.find_heard(word.replace(" ", "")))
        if allow_synonyms and best.score < SYNONYM_FACTOR:
            for alt in synonyms(word):
                best = _better(best, self.find_phrase(alt, SYNONYM_FACTOR, "synonym"))
                if best.score >= SYNONYM_FACTOR:
                    break
                if " " not in alt and len(alt) >= 4:  # no sound-alikes of synonyms: too loose
                    best = _better(best, self.find_fuzzy(alt, SYNONYM_FACTOR))
        return best


def rare(word: str) -> bool:
    """Not a common English word (so a recognizer may not know it); False when unknown."""
    common = common_words()
    return bool(common) and word not in common


def _better(a: Hit, b: Hit) -> Hit:
    return b if b.score > a.score else a


APPROX_SHARE = 0.05  # "about 40" may be 38-42
FRACTION_SHARE = 0.12  # "a third" for 30 %
BOUND_REACH = 1.25  # "over 15" fits 16 or 18, not 40


def numbers_agree(note: Unit, said: Unit) -> bool:
    """Whether a number said in an answer is the note's number: the same value, of the same
    sort (a rank is not an amount), within the slack that "about", "a third", "15+" or
    "under an hour" give, and not the start of a change for its end ("from 85 to 75")."""
    if said.value is None or note.value is None or note.rank != said.rank or (said.weak and not note.weak):
        return False  # "the one who" is no 1, "the 2nd" no 2 apples
    if said.fraction and not note.percent:
        return False  # "time and a half" is no count
    if note.role in ("from", "to") and said.role in ("from", "to") and note.role != said.role:
        return False
    want, got = note.value, said.value
    if (note.bound or said.bound) and note.percent != said.percent:
        return False
    if note.bound == "min" and said.bound != "max":
        return got >= want
    if note.bound == "max" and said.bound != "min":
        return got <= want
    if said.bound == "min":
        return got <= want <= got * BOUND_REACH
    if said.bound == "max":
        return got / BOUND_REACH <= want <= got
    if note.fraction or said.fraction:
        share = FRACTION_SHARE
    elif note.approx or said.approx:
        share = APPROX_SHARE
    else:
        share = 0.0
    return abs(got - want) <= share * max(abs(want), 1.0) + 1e-9


_SHARE_OF = {"every", "each", "the", "a"}


def shares_said(read: list[Unit]) -> list[Unit]:
    """ "nine out of ten", "4 of every 100", "one in four": the share as a percentage too,
    rounded as people round ("two out of three" is 67 %); the two counts stay ("passed three
    out of four" still says 3)."""
    shares = []
    for k, unit in enumerate(read):
        if unit.value is None or unit.rank or unit.percent:
            continue
        if unit.weak and (read[k + 1].form if k + 1 < len(read) else "") not in ("in", "out"):
            continue  # "the one who" (but "it was one in two hundred" is a share)
        out = next((j for j in range(k + 1, min(k + 4, len(read))) if read[j].form == "out"), None)
        j = out + 1 if out is not None else k + 1  # "four orders out of every hundred"
        if j >= len(read) or read[j].form not in ("of", "in") or (read[j].form == "in" and out is not None):
            continue
        said_in = read[j].form == "in"  # "one in four", "1 in every 10" (not "5 in 2019")
        j += 1
        if j < len(read) and read[j].form in _SHARE_OF and not (said_in and read[j].form != "every"):
            j += 1
        whole = read[j] if j < len(read) else None
        if whole is None or not whole.value or whole.percent or whole.rank or unit.value > whole.value:
            continue
        if said_in and (whole.weak or 1900 <= whole.value <= 2100 or not float(whole.value).is_integer()):
            continue
        if out is not None or said_in or read[j - 1].form in _SHARE_OF:
            value = 100 * unit.value / whole.value
            shares.append(Unit(f"{value:g}", unit.first, whole.last, value, percent=True, approx=True))
    return shares


@lru_cache(maxsize=1024)
def note_units(text: str) -> tuple[Unit, ...]:
    return tuple(units(tokenize(text), text))
