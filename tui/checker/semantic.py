"""The meaning check: credit a paraphrase that the word matcher misses.

"I ran a crew of a dozen" says "ran kitchen of 12" without its words. all-MiniLM-L6-v2
(int8 ONNX in assets/models/, made by scripts/build_minilm_onnx.py) gives every word a
vector in its sentence's context. A point's "soft word recall" is the mean, over the
point's content words, of each word's best cosine with any word of the answer.

It only rescues what the word matcher called partial or missed, and never what it found
contradicted (negated, opposite direction, another figure, abandoned), an ask (judged as a
question) or a required item (the caller's name, the position: every word must be said):
see PointResult.rescuable. Its own evidence (each point word's closest answer word) then
goes through the word matcher's guards (checker/evidence.py): a paraphrase said under a
negation or undone by an abandonment cue ("It's not that I ...", "..., but it was
cancelled") is refused, and the result names the guard.

The model loads on first use (the app starts loading it in a worker at start-up); numpy,
tokenizers and onnxruntime are imported only then. Memory (scripts/bench_checker.py): the
word-piece table stays on disk (WordRows) and freed working memory goes back to the system
after a load and after each check (tui/memory.py): RSS +84 -> +67 MB. A missing, damaged (sha256) or failing
model turns the meaning check off with a reason: the word matcher then works alone.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from tui.checker.evidence import against, content_units, settled
from tui.checker.guards import CONTRADICTIONS
from tui.checker.lists import word_set
from tui.checker.matcher import NO_HIT, AnswerIndex, Hit
from tui.checker.result import COVERED, PARTIAL, Match, PointResult
from tui.checker.text import Token, tokenize
from tui.memory import give_back_freed_memory

MODEL_FILE = "minilm-l6-v2-int8.onnx"
WORD_TABLE_FILE = "minilm-word-pieces-u8.bin"  # the graph's word-piece table, kept out of memory
TOKENIZER_FILE = "minilm-tokenizer.json"
# Printed by scripts/build_minilm_onnx.py; a file with another digest is not loaded.
MODEL_FILES = {
    MODEL_FILE: "01c822e02a7d0b4fbb424b22969be5a28d519ba917aae74d35e89b333015b1cf",
    WORD_TABLE_FILE: "2655fab7816f43efb3fad20f05446eb86b486521b298db97d541c7a9c4d2202d",
    TOKENIZER_FILE: "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
MAX_FILE_BYTES = 64 * 1024 * 1024  # the model's files are 10-12 MB: anything much bigger is not it
WIDTH = 384  # the model's vector size
WINDOW_WORDS = 32  # a sentence is read on its own, in pieces of this many words if longer
MAX_WORDS = 600  # words of an answer read for meaning (4 minutes of speech; 0.3 s of work at most)
MAX_PIECES = 256  # word pieces per window, a cap for words that split into many pieces
MAX_PADDING = 1.1  # a batch of windows may be a tenth padding (measured: padding costs more than passes)

# Thresholds on the soft word recall, chosen on both dev sets (scripts/bench_checker.py), also
# counting the points of OTHER questions they credit (0.48 for partial: one pair more, 5 of those).
RESCUE_PARTIAL_AT = 0.51  # a partial point becomes covered from this score
RESCUE_MISSED_AT = 0.58  # a missed point becomes covered from this score
EVIDENCE_AT = 0.5  # a point word's best answer word is shown as evidence from this cosine


class MeaningOff(Exception):
    """Why the meaning check is off (shown as "meaning check off: <reason>")."""


@dataclass(frozen=True)
class Closest:
    """A point word's closest answer word: its token index in the answer, and their cosine."""

    point_word: Token
    at: int
    cosine: float


@dataclass(frozen=True)
class WordVectors:
    tokens: tuple[Token, ...]
    vectors: Any  # numpy array (tokens, 384), rows L2-normalised


class WordRows:
    """The graph's int8 word-piece table (one row of WIDTH bytes per token id), read from its
    file row by row: an answer uses a few hundred of the 30522 rows, and the 11.7 MB table,
    over half the model, never sits in the process's memory (a memory map would: the kernel
    maps 64 KB around every row read). Reading 150 rows costs ~0.2 ms."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows = path.stat().st_size // WIDTH

    def __call__(self, ids: Any) -> Any:
        """The rows of `ids` (any shape), as an array of that shape + (WIDTH,), uint8."""
        import numpy as np

        unique, inverse = np.unique(ids.ravel(), return_inverse=True)
        if len(unique) and not 0 <= unique[0] <= unique[-1] < self.rows:
            raise ValueError(f"token id out of the table ({self.rows} rows)")
        data = bytearray(len(unique) * WIDTH)
        with self.path.open("rb", buffering=0) as file:  # one file object per call: thread-safe
            for n, i in enumerate(unique.tolist()):
                file.seek(i * WIDTH)
                file.readinto(memoryview(data)[n * WIDTH:(n + 1) * WIDTH])
        return np.frombuffer(data, np.uint8).reshape(len(unique), WIDTH)[inverse].reshape(*ids.shape, WIDTH)


class MeaningModel:
    """The loaded encoder and tokenizer; thread-safe for reading."""

    def __init__(self, folder: Path) -> None:
        model_path, tokenizer_path = _verified(folder / MODEL_FILE), _verified(folder / TOKENIZER_FILE)
        table_path = _verified(folder / WORD_TABLE_FILE)
        from tui.heavy import heavy_imports
        from tui.offline import quiet_onnxruntime

        with heavy_imports():
            quiet_onnxruntime()  # before any session: no telemetry, no socket
            import numpy
            import onnxruntime
            from tokenizers import Tokenizer

        self._np = numpy
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # two were slower on a busy 2-core machine
        options.inter_op_num_threads = 1
        # Measured: the same speed with 10-20 MB less memory than the defaults.
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_BASIC
        options.enable_cpu_mem_arena = False
        options.enable_mem_pattern = False
        self._session = onnxruntime.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self._rows = WordRows(table_path)
        if self._rows.rows != self._tokenizer.get_vocab_size():
            raise MeaningOff(f"{WORD_TABLE_FILE} does not fit the tokenizer (reinstall followup)")
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(MAX_PIECES)
        self.word_vectors("warm up")  # the first run allocates: do it while loading
        give_back_freed_memory()  # the model file's parse buffers, freed but still counted in RSS

    def word_vectors(self, text: str) -> WordVectors:
        """One vector per word of `tokenize(text)`: the mean of its word pieces' states.

        Each sentence is read on its own (measured: a paraphrase at the end of a long answer
        scored 0.72 alone, 0.57-0.65 read with what came before it)."""
        np = self._np
        tokens = tuple(tokenize(text)[:MAX_WORDS])
        if not tokens:
            return WordVectors(tokens, np.zeros((0, WIDTH), np.float32))
        spans = _windows(text, tokens)
        texts = [text[tokens[first].start:tokens[last].end + 1] for first, last in spans]  # with its full stop
        encodings = [self._tokenizer.encode(window) for window in texts]  # encode_batch would start threads
        states: list[Any] = [None] * len(encodings)
        for batch in _batches([len(e.ids) for e in encodings]):
            ids = np.zeros((len(batch), max(len(encodings[i].ids) for i in batch)), np.int64)  # 0 is [PAD]
            mask = np.zeros_like(ids)
            for row, i in enumerate(batch):
                ids[row, :len(encodings[i].ids)] = encodings[i].ids
                mask[row, :len(encodings[i].ids)] = 1
            [out] = self._session.run(None, {"input_ids": ids, "attention_mask": mask, "word_rows": self._rows(ids)})
            for row, i in enumerate(batch):
                states[i] = out[row]
        vectors = np.zeros((len(tokens), WIDTH), np.float32)
        for (first, last), window, encoding, state in zip(spans, texts, encodings, states):
            base = tokens[first].start
            owner = np.full(len(window) + 1, -1, np.int64)  # character of the window -> index of its word
            for i in range(first, last + 1):
                owner[tokens[i].start - base:tokens[i].end - base] = i
            pieces = np.array([owner[a] if b > a else -1 for a, b in encoding.offsets])
            keep = pieces >= 0
            np.add.at(vectors, pieces[keep], state[:len(pieces)][keep])  # a word's pieces add up
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)  # ... and the sum's direction is their mean's
        return WordVectors(tokens, vectors)

    @lru_cache(maxsize=4096)  # noqa: B019 - one model per process; points repeat across answers
    def point_vectors(self, text: str) -> WordVectors:
        """The vectors of a point's content words (numbers and negations kept)."""
        every = self.word_vectors(text)
        stop = word_set("stopwords")
        keep = [i for i, t in enumerate(every.tokens) if t.form not in stop] or list(range(len(every.tokens)))
        return WordVectors(tuple(every.tokens[i] for i in keep), every.vectors[keep])

    def recall(self, point: str, answer: WordVectors) -> tuple[float, tuple[Match, ...], tuple[Closest, ...]]:
        """Soft word recall of the point in the answer's content words, each point word's
        best answer word as evidence (from EVIDENCE_AT), and where each one is."""
        words = self.point_vectors(point)
        stop = word_set("stopwords")
        content = [j for j, t in enumerate(answer.tokens) if t.form not in stop]
        if not len(words.tokens) or not content:
            return 0.0, (), ()
        similarity = words.vectors @ answer.vectors[content].T
        best = similarity.argmax(axis=1)
        cosines = self._np.clip(similarity[self._np.arange(len(best)), best], 0.0, 1.0)  # float32 may pass 1
        closest = tuple(Closest(token, content[j], float(c)) for token, j, c in zip(words.tokens, best, cosines))
        evidence = tuple(Match(c.point_word.low, answer.tokens[c.at].low, round(c.cosine, 3))
                         for c in closest if c.cosine >= EVIDENCE_AT)
        return float(cosines.mean()), evidence, closest


def _windows(text: str, tokens: tuple[Token, ...]) -> list[tuple[int, int]]:
    """(first, last) token indexes of the sentences; a sentence longer than WINDOW_WORDS
    words (or unpunctuated speech) is cut every WINDOW_WORDS words."""
    ends = [i for i in range(len(tokens) - 1) if any(c in ".!?;" for c in text[tokens[i].end:tokens[i + 1].start])]
    windows, first = [], 0
    for end in [*ends, len(tokens) - 1]:
        windows += [(start, min(start + WINDOW_WORDS, end + 1) - 1) for start in range(first, end + 1, WINDOW_WORDS)]
        first = end + 1
    return windows


def _batches(lengths: list[int]) -> list[list[int]]:
    """Window indexes in batches of similar length: one forward pass per batch, little padding."""
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    batches = [[order[0]]]
    for i in order[1:]:
        batch = batches[-1]
        padded = lengths[i] * (len(batch) + 1)  # everything padded to this, the longest so far
        if padded > MAX_PADDING * (sum(lengths[j] for j in batch) + lengths[i]):
            batches.append([i])
        else:
            batch.append(i)
    return batches


def _verified(path: Path) -> Path:
    """The path, if the file's sha256 is the one the build printed."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise MeaningOff(f"{path.name} is too large ({size} bytes): not the shipped model")
        with path.open("rb") as file:
            digest = hashlib.file_digest(file, "sha256").hexdigest()
    except FileNotFoundError:
        raise MeaningOff(f"{path.name} is missing (reinstall followup)") from None
    except OSError as exc:
        raise MeaningOff(f"{path.name} cannot be read ({exc.strerror or exc})") from None
    if digest != MODEL_FILES[path.name]:
        raise MeaningOff(f"{path.name} is damaged (its sha256 is not the shipped one; reinstall followup)")
    return path


class MeaningCheck:
    """The meaning check of one model folder: loaded once, on first use, by any thread."""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder
        self._lock = threading.Lock()
        self._model: MeaningModel | None = None
        self._off: str | None = None
        self.load_seconds: float | None = None

    @property
    def folder(self) -> Path:
        if self._folder is None:
            from tui.assets import asset_path

            return asset_path("models")
        return self._folder

    def model(self) -> MeaningModel | None:
        """The loaded model (loading it now if needed), or None when the check is off."""
        with self._lock:
            if self._model is None and self._off is None:
                started = time.perf_counter()
                try:
                    self._model = MeaningModel(self.folder)
                except MeaningOff as exc:
                    self._off = str(exc)
                except Exception as exc:  # noqa: BLE001 - any engine failure: the word matcher works alone
                    self._off = f"the model failed to load ({type(exc).__name__}: {exc})"
                self.load_seconds = time.perf_counter() - started
            return self._model

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def off_reason(self) -> str | None:
        """Why the check is off, or None when it is on or not loaded yet."""
        return self._off

    def status(self) -> str:
        """ "meaning check on", "meaning check off: <reason>" or "meaning check not loaded yet"."""
        if self._model is not None:
            return "meaning check on"
        if self._off is not None:
            return f"meaning check off: {self._off}"
        return "meaning check not loaded yet"

    def rescue(self, index: AnswerIndex, results: Sequence[PointResult]) -> tuple[tuple[PointResult, ...], str]:
        """The results with partial/missed points covered when the answer says them in other
        words, and why the check is off ("" when it is on or was not needed). A rescue whose
        own evidence is contradicted (negated in its clause, abandoned, the other direction,
        another figure) is refused, and the result says why."""
        results = tuple(results)
        candidates = [i for i, r in enumerate(results) if r.rescuable]
        if not candidates or not index.text.strip():
            return results, ""
        model = self.model()
        if model is None:
            return results, self._off or "not loaded"
        said = model.word_vectors(index.text)
        out = list(results)
        for i in candidates:
            result = results[i]
            score, evidence, closest = model.recall(result.text, said)
            if score < (RESCUE_PARTIAL_AT if result.status == PARTIAL else RESCUE_MISSED_AT):
                continue
            refused = contradictions(index, result.text, closest)
            if refused:
                note = "; ".join(n for n in (result.note, *(f"{g}: {why}" for g, why in refused)) if n)
                out[i] = replace(result, note=note, guards=(*result.guards, *(g for g, _ in refused)))
            else:
                out[i] = replace(result, status=COVERED, score=score, evidence=evidence or result.evidence,
                                 by_meaning=True)
        give_back_freed_memory(after_use=True)  # the encoder's ~7 MB of working memory (~2 ms a check)
        return tuple(out), ""


def contradictions(index: AnswerIndex, point: str, closest: Sequence[Closest]) -> list[tuple[str, str]]:
    """The contradiction guards on the meaning's own evidence, as on the word matcher's hits.

    The evidence is each point word's closest answer word from EVIDENCE_AT, and also a weaker
    closest word in a clause that carries the meaning: the model reads a clause as a whole,
    and that word may be where the clause says it ("It's not that I switched ..." for
    "moved"). Figures are read by the number rules, as the word matcher reads them."""
    clauses = {index.clauses[c.at] for c in closest if c.cosine >= EVIDENCE_AT}
    said_at = {c.point_word.start: c.at for c in closest if c.cosine >= EVIDENCE_AT or index.clauses[c.at] in clauses}
    point_tokens = tokenize(point)
    words = content_units(point)
    hits = []
    for unit in words:
        found = [said_at[t.start] for t in point_tokens[unit.first:unit.last + 1] if t.start in said_at]
        if unit.value is not None:
            hits.append(index.best(unit))
        else:
            hits.append(Hit(1.0, found[-1], found[-1], "meaning") if found else NO_HIT)
    words, hits = settled(index, point, words, hits)
    return [(g, why) for g, why in against(index, point, words, hits, EVIDENCE_AT) if g in CONTRADICTIONS]


SHIPPED = MeaningCheck()  # the model in assets/models/, for the whole process
