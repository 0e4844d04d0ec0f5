"""The meaning check: credit a paraphrase that the word matcher misses.

"I ran a crew of a dozen" says "ran kitchen of 12" without its words. all-MiniLM-L6-v2
(int8 ONNX in assets/models/, made by scripts/build_minilm_onnx.py) gives every word a
vector in its sentence's context. A point's "soft word recall" is the mean, over the
point's content words, of each word's best cosine with any word of the answer.

It only rescues what the word matcher called partial or missed, and never what it found
contradicted (negated, opposite direction, another figure, abandoned), an ask (judged as a
question) or a required item (the caller's name, the position: every word must be said):
see PointResult.rescuable.

The model loads on first use (the app starts loading it in a worker at start-up); numpy,
tokenizers and onnxruntime are imported only then. A missing, damaged (sha256) or failing
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

from tui.checker.lists import word_set
from tui.checker.result import COVERED, PARTIAL, Match, PointResult
from tui.checker.text import Token, tokenize

MODEL_FILE = "minilm-l6-v2-int8.onnx"
TOKENIZER_FILE = "minilm-tokenizer.json"
# Printed by scripts/build_minilm_onnx.py; a file with another digest is not loaded.
MODEL_FILES = {
    MODEL_FILE: "6c52918ca7657ed2b5fd21a6ea6e0797045ed50c724308455cee501ce4c1d317",
    TOKENIZER_FILE: "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
MAX_FILE_BYTES = 64 * 1024 * 1024  # the model is ~22 MB: anything much bigger is not it
WIDTH = 384  # the model's vector size
WINDOW_WORDS = 32  # words read together (measured: 16 to 64 do as well on short answers)
WINDOW_OVERLAP = 8  # words shared by two windows, so no word is read without its neighbours
MAX_PIECES = 256  # word pieces per window, a cap for words that split into many pieces

# Thresholds on the soft word recall, chosen on both dev sets (scripts/bench_checker.py).
RESCUE_PARTIAL_AT = 0.48  # a partial point becomes covered from this score
RESCUE_MISSED_AT = 0.58  # a missed point becomes covered from this score
EVIDENCE_AT = 0.5  # a point word's best answer word is shown as evidence from this cosine


class MeaningOff(Exception):
    """Why the meaning check is off (shown as "meaning check off: <reason>")."""


@dataclass(frozen=True)
class WordVectors:
    tokens: tuple[Token, ...]
    vectors: Any  # numpy array (tokens, 384), rows L2-normalised


class MeaningModel:
    """The loaded encoder and tokenizer; thread-safe for reading."""

    def __init__(self, folder: Path) -> None:
        model_bytes = _verified(folder / MODEL_FILE)
        tokenizer_bytes = _verified(folder / TOKENIZER_FILE)
        from tui.offline import quiet_onnxruntime

        quiet_onnxruntime()  # before any session: no telemetry, no socket
        import numpy
        import onnxruntime
        from tokenizers import Tokenizer

        self._np = numpy
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # two were slower on a busy 2-core machine
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_str(tokenizer_bytes.decode("utf-8"))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(MAX_PIECES)
        self.word_vectors("warm up")  # the first run allocates: do it while loading

    def word_vectors(self, text: str) -> WordVectors:
        """One vector per word of `tokenize(text)`: the mean of its word pieces' states.

        The words are read in overlapping windows of WINDOW_WORDS: a word's vector then
        depends on its own sentence, not on everything said before it."""
        np = self._np
        tokens = tuple(tokenize(text))
        if not tokens:
            return WordVectors(tokens, np.zeros((0, WIDTH), np.float32))
        step = WINDOW_WORDS - WINDOW_OVERLAP
        firsts = range(0, max(len(tokens) - WINDOW_OVERLAP, 1), step)
        windows = [tokens[first:first + WINDOW_WORDS] for first in firsts]
        ends = [tokens[first + len(window)].start if first + len(window) < len(tokens) else len(text)
                for first, window in zip(firsts, windows)]  # a window keeps its closing punctuation
        texts = [text[window[0].start:end] for window, end in zip(windows, ends)]
        # One at a time: encode_batch would start a thread per core.
        encodings = [self._tokenizer.encode(window_text) for window_text in texts]
        ids = np.zeros((len(encodings), max(len(e.ids) for e in encodings)), np.int64)  # 0 is [PAD]
        mask = np.zeros_like(ids)
        for row, encoding in enumerate(encodings):
            ids[row, :len(encoding.ids)] = encoding.ids
            mask[row, :len(encoding.ids)] = 1
        [states] = self._session.run(None, {"input_ids": ids, "attention_mask": mask})  # windows as one batch
        sums = np.zeros((len(tokens), WIDTH), np.float32)
        counts = np.zeros(len(tokens), np.float32)
        for first, window, end, encoding, state in zip(firsts, windows, ends, encodings, states):
            base = window[0].start
            owner = np.full(end - base + 1, -1, np.int64)  # character -> index of its word
            for i, token in enumerate(window):
                owner[token.start - base:token.end - base] = first + i
            pieces = np.array([owner[a] if b > a else -1 for a, b in encoding.offsets])
            keep = pieces >= 0
            np.add.at(sums, pieces[keep], state[:len(pieces)][keep])
            np.add.at(counts, pieces[keep], 1.0)
        vectors = sums / np.maximum(counts, 1.0)[:, None]
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        return WordVectors(tokens, vectors)

    @lru_cache(maxsize=4096)  # noqa: B019 - one model per process; points repeat across answers
    def point_vectors(self, text: str) -> WordVectors:
        """The vectors of a point's content words (numbers and negations kept)."""
        every = self.word_vectors(text)
        stop = word_set("stopwords")
        keep = [i for i, t in enumerate(every.tokens) if t.form not in stop] or list(range(len(every.tokens)))
        return WordVectors(tuple(every.tokens[i] for i in keep), every.vectors[keep])

    def recall(self, point: str, answer: WordVectors) -> tuple[float, tuple[Match, ...]]:
        """Soft word recall of the point in the answer's content words, and each point word's
        best answer word (from EVIDENCE_AT)."""
        words = self.point_vectors(point)
        stop = word_set("stopwords")
        content = [j for j, t in enumerate(answer.tokens) if t.form not in stop]
        if not len(words.tokens) or not content:
            return 0.0, ()
        similarity = words.vectors @ answer.vectors[content].T
        best = similarity.argmax(axis=1)
        cosines = similarity[self._np.arange(len(best)), best]
        evidence = tuple(
            Match(token.low, answer.tokens[content[j]].low, round(float(c), 3))
            for token, j, c in zip(words.tokens, best, cosines)
            if c >= EVIDENCE_AT
        )
        return float(cosines.mean()), evidence


def _verified(path: Path) -> bytes:
    """The file's bytes if its sha256 is the one the build printed."""
    try:
        size = path.stat().st_size
    except OSError:
        raise MeaningOff(f"{path.name} is missing (reinstall followup)") from None
    if size > MAX_FILE_BYTES:
        raise MeaningOff(f"{path.name} is too large ({size} bytes): not the shipped model")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MeaningOff(f"{path.name} cannot be read ({exc.strerror or exc})") from None
    if hashlib.sha256(data).hexdigest() != MODEL_FILES[path.name]:
        raise MeaningOff(f"{path.name} is damaged (its sha256 is not the shipped one; reinstall followup)")
    return data


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

    def rescue(self, answer: str, results: Sequence[PointResult]) -> tuple[tuple[PointResult, ...], str]:
        """The results with partial/missed points covered when the answer says them in other
        words, and why the check is off ("" when it is on or was not needed)."""
        results = tuple(results)
        candidates = [i for i, r in enumerate(results) if r.rescuable]
        if not candidates or not answer.strip():
            return results, ""
        model = self.model()
        if model is None:
            return results, self._off or "not loaded"
        said = model.word_vectors(answer)
        out = list(results)
        for i in candidates:
            result = results[i]
            score, evidence = model.recall(result.text, said)
            needed = RESCUE_PARTIAL_AT if result.status == PARTIAL else RESCUE_MISSED_AT
            if score >= needed:
                out[i] = replace(result, status=COVERED, score=score, evidence=evidence or result.evidence,
                                 by_meaning=True)
        return tuple(out), ""


SHIPPED = MeaningCheck()  # the model in assets/models/, for the whole process
