"""The vectorized fast path: the same spans as the Presidio path, for whole columns at once.

How it stays one definition: it calls the very same ``AnalyzerEngine`` (same recognizers, context enhancement,
thresholds and de-duplication) — it only decides, vectorized, which texts need which recognizers:

1. each distinct text once (requests repeat): polars ``unique``;
2. width folding with the one fold table (``recognizers.text.fold_table``) through polars ``replace_many``;
3. every recognizer's ``PREFILTER`` — a necessary condition for it to find anything, in Rust-regex syntax (no
   look-around) — runs over the whole column in polars; a text whose prefilters all fail gets no spans without
   Python touching it;
4. a candidate text is analysed only for the entities of the recognizers whose prefilter matched, with empty NLP
   artifacts: the recognizers read raw text and context words come from characters around the match
   (``recognizers.context.ZhContextEnhancer``), so spaCy's tokenisation — most of Presidio's time — is skipped;
5. before a block of texts is analysed, the clauses its recognizers will ask the name model about
   (``model_positions``) are tagged in batches of equal length (``LacModel.prefetch``: bit-identical to tagging
   them one by one), so the analysis finds the model's answers cached.

The differential test (tests/recognizers/test_fast_path.py) holds the two paths to the same spans.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

import polars as pl
from presidio_analyzer import EntityRecognizer
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.tokens import Doc
from spacy.vocab import Vocab

from recognizers.engine import Detector
from recognizers.lac_model import clauses_near
from recognizers.lru import Lru
from recognizers.span import Span, spans_by_value
from recognizers.text import fold_table, fold_width


def prefilter_of(recognizer: EntityRecognizer) -> str | None:
    """A recognizer's vectorized prefilter, or None when it has none (then it runs on every text)."""
    prefilter = getattr(recognizer, "PREFILTER", None)
    if prefilter is None:
        return None
    return prefilter if isinstance(prefilter, str) else str(prefilter.pattern)


@runtime_checkable
class BatchedModel(Protocol):
    """A statistical model that can tag many texts ahead of the calls that will ask for them."""

    def prefetch(self, texts: Iterable[str]) -> None: ...


@runtime_checkable
class PlansModelWork(Protocol):
    """A recognizer that asks a model about the clauses around ``model_positions(text)``."""

    model: object

    def model_positions(self, text: str) -> list[int]: ...


# Columns shorter than this are width-folded in Python (see ``FastDetector.fold``).
SMALL_COLUMN = 4096

# Distinct texts whose model work is batched together (the model's window cache and PERSON's candidate cache
# must hold a block's worth).
PLAN_BLOCK = 2048


class FastDetector:
    """Column-wise detection with the spans of ``Detector.detect`` (the Presidio path)."""

    def __init__(self, detector: Detector | None = None, cache_size: int = 1 << 17) -> None:
        self.detector = detector if detector is not None else Detector()
        # Requests repeat across chunks of a batch: answers are kept per (text, context), least recently used
        # dropped first, so memory stays bounded by cache_size texts whatever the input size.
        self._cache: Lru[tuple[str, tuple[str, ...]], list[Span]] = Lru(cache_size)
        analyzer = self.detector.analyzer
        self._recognizers = list(analyzer.registry.recognizers)
        self._prefilters = [prefilter_of(recognizer) for recognizer in self._recognizers]
        # Recognizers that ask a batchable model about parts of a text (``model_positions``): their model's work
        # for a block of texts is done in batches before the texts are analysed one by one.
        self._planners: dict[int, tuple[PlansModelWork, BatchedModel]] = {
            index: (recognizer, recognizer.model)
            for index, recognizer in enumerate(self._recognizers)
            if isinstance(recognizer, PlansModelWork) and isinstance(recognizer.model, BatchedModel)
        }
        table = fold_table()
        self._fold_from = [chr(code_point) for code_point in table]
        self._fold_to = list(table.values())
        # Recognizers must not need NLP artifacts (a test checks it); Presidio only needs an object to pass on.
        self._no_nlp = NlpArtifacts(
            entities=[],
            tokens=Doc(Vocab(), words=[]),
            tokens_indices=[],
            lemmas=[],
            nlp_engine=analyzer.nlp_engine,
            language=self.detector.language,
        )

    def fold(self, texts: pl.Series) -> pl.Series:
        """Width-fold a string column (same result as ``fold_width`` on every value). polars builds a matcher
        for the whole fold table on every call (about 5 ms), which a few thousand texts cost less than when
        folded one by one with ``str.translate``: short columns are folded in Python."""
        if len(texts) < SMALL_COLUMN:
            folded = [None if text is None else fold_width(text) for text in texts.to_list()]
            return pl.Series(texts.name, folded, dtype=pl.String)
        return texts.str.replace_many(self._fold_from, self._fold_to)

    def candidates(self, folded: pl.Series) -> list[list[int]]:
        """For each text, the indexes of the recognizers whose prefilter matches it."""
        gates = pl.DataFrame(
            {
                f"r{index}": (
                    folded.str.contains(prefilter) if prefilter else pl.repeat(True, len(folded), eager=True)
                )
                for index, prefilter in enumerate(self._prefilters)
            }
        )
        names = gates.columns
        return [
            [int(name[1:]) for name, hit in zip(names, row, strict=True) if hit] for row in gates.iter_rows()
        ]

    def detect(self, text: str, context: Sequence[str] = ()) -> list[Span]:
        """Spans of one text (the same as ``Detector.detect``)."""
        return self.detect_column([text], context)[0]

    def detect_column(self, texts: Sequence[str | None], context: Sequence[str] = ()) -> list[list[Span]]:
        """Spans for every value of a column (None and "" give no spans); each distinct value is analysed once."""
        column = pl.Series("text", texts, dtype=pl.String)
        distinct = column.drop_nulls().unique()
        distinct = distinct.filter(distinct.str.len_chars() > 0)
        key_context = tuple(context)
        answers: dict[str, list[Span]] = {}
        unseen: list[str] = []
        for text in distinct.to_list():
            cached = self._cache.get((text, key_context))
            if cached is None:
                unseen.append(text)
            else:
                answers[text] = cached
        fresh = self.detect_distinct(pl.Series("text", unseen, dtype=pl.String), context) if unseen else []
        for text, spans in zip(unseen, fresh, strict=True):
            answers[text] = spans
            self._cache.put((text, key_context), spans)
        return spans_by_value(column, {text: spans for text, spans in answers.items() if spans})

    def detect_distinct(self, distinct: pl.Series, context: Sequence[str] = ()) -> list[list[Span]]:
        """Spans for each value of a column of distinct, non-empty texts."""
        folded_column = self.fold(distinct)
        folded = folded_column.to_list()
        hits = self.candidates(folded_column)
        spans: list[list[Span]] = []
        for first in range(0, len(folded), PLAN_BLOCK):
            block = list(
                zip(folded[first : first + PLAN_BLOCK], hits[first : first + PLAN_BLOCK], strict=True)
            )
            self._prefetch(block)
            spans.extend(self._analyze(text, text_hits, context) for text, text_hits in block)
        return spans

    def _prefetch(self, block: Sequence[tuple[str, list[int]]]) -> None:
        """Tag, in batches, every clause the block's texts will ask a statistical model about (each recognizer's
        ``model_positions``), so that analysing them one by one finds the model's answers cached."""
        wanted: dict[int, tuple[BatchedModel, list[str]]] = {}
        for text, text_hits in block:
            for index in text_hits:
                planner = self._planners.get(index)
                if planner is None:
                    continue
                recognizer, model = planner
                clauses = wanted.setdefault(id(model), (model, []))[1]
                clauses.extend(clause for _, clause in clauses_near(text, recognizer.model_positions(text)))
        for model, clauses in wanted.values():
            model.prefetch(clauses)

    def _analyze(self, text: str, hits: list[int], context: Sequence[str]) -> list[Span]:
        if not hits:
            return []
        entities = sorted(
            {entity for index in hits for entity in self._recognizers[index].supported_entities}
        )
        results = self.detector.analyzer.analyze(
            text=text,
            language=self.detector.language,
            entities=entities,
            context=list(context),
            score_threshold=self.detector.score_threshold,
            nlp_artifacts=self._no_nlp,
        )
        return self.detector.to_spans(results)
