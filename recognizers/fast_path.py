"""The vectorized fast path: the same spans as the Presidio path, for whole columns at once.

How it stays one definition: it runs the very same recognizers, context enhancer, thresholds and de-duplication
as the ``AnalyzerEngine`` — it only decides, vectorized, which texts need which recognizers:

1. each distinct text once (requests repeat): polars ``unique``;
2. width folding with the one fold table (``recognizers.text.fold_table``) through polars ``replace_many``;
3. every recognizer's ``PREFILTER`` — a necessary condition for it to find anything, in Rust-regex syntax (no
   look-around) — runs over the whole column in polars, and so do its ``SECOND_PREFILTER`` (another necessary
   condition, where one regex would not do: the address recognizer's administrative, town or road component)
   and its ``CUE_PREFILTER`` unless the caller's context words (a column header) lift the recognizer (a
   necessary condition for a reported result: a label or context word in the text); a text whose gates all
   fail gets no spans without Python touching it;
4. a candidate text is analysed only by the recognizers whose gates opened, for their entities, with empty NLP
   artifacts: the recognizers read raw text and context words come from characters around the match
   (``recognizers.context.ZhContextEnhancer``), so spaCy's tokenisation — most of Presidio's time — is skipped.
   The engine's steps are taken as ``AnalyzerEngine.analyze`` takes them, with what depends only on the set of
   open gates (which recognizers, in which order) decided once per set (``_Plan``);
5. a recognizer with a compiled equivalent of its own work (``analyze_fast``: PERSON's rule candidates in C,
   ``recognizers/_person.c``) is asked through it; its tests hold the two to the same results;
6. before a block of texts is analysed, the clauses its recognizers will ask the name model about
   (``model_positions``) are tagged in batches of equal length (``LacModel.prefetch``: bit-identical to tagging
   them one by one), so the analysis finds the model's answers cached.

The differential test (tests/recognizers/test_fast_path.py) holds the two paths to the same spans.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

import polars as pl
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.tokens import Doc
from spacy.vocab import Vocab

from recognizers.cn._results import remove_duplicates
from recognizers.context import ZhContextEnhancer
from recognizers.engine import Detector
from recognizers.lac_model import clauses_near
from recognizers.lru import Lru
from recognizers.span import Span, spans_by_value
from recognizers.text import fold_column, fold_width


def prefilter_of(recognizer: EntityRecognizer, attribute: str = "PREFILTER") -> str | None:
    """A recognizer's vectorized prefilter, or None when it has none (then it runs on every text).

    ``PREFILTER`` is a necessary condition for the recognizer to return anything, and so is ``SECOND_PREFILTER``
    (optional; the text must match both). ``CUE_PREFILTER`` (optional)
    is a necessary condition for a result at or above the report threshold when the caller's context words (a
    column header) hold none of the recognizer's context words: a recognizer whose unlabelled matches score
    below the threshold until a context word lifts them (QQ numbers, WeChat IDs) then needs a label or a context
    word in the text itself."""
    prefilter = getattr(recognizer, attribute, None)
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
SMALL_COLUMN = 256

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
        # Per recognizer: its PREFILTER, SECOND_PREFILTER and CUE_PREFILTER (see ``prefilter_of``).
        self._gates = [
            tuple(
                prefilter_of(recognizer, name) for name in ("PREFILTER", "SECOND_PREFILTER", "CUE_PREFILTER")
            )
            for recognizer in self._recognizers
        ]
        # Recognizers that ask a batchable model about parts of a text (``model_positions``): their model's work
        # for a block of texts is done in batches before the texts are analysed one by one.
        self._planners: dict[int, tuple[PlansModelWork, BatchedModel]] = {
            index: (recognizer, recognizer.model)
            for index, recognizer in enumerate(self._recognizers)
            if isinstance(recognizer, PlansModelWork) and isinstance(recognizer.model, BatchedModel)
        }
        # Per set of prefilter hits: the engine's decisions that do not depend on the text (see ``_Plan``).
        self._plans: dict[tuple[int, ...], _Plan] = {}
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
        """Width-fold a string column (same result as ``fold_width`` on every value). ``fold_column`` costs
        about 1 ms even for a few texts (its scans and the matcher polars builds), which a few hundred texts
        cost when folded one by one with ``str.translate``: short columns are folded in Python."""
        if len(texts) < SMALL_COLUMN:
            folded = [None if text is None else fold_width(text) for text in texts.to_list()]
            return pl.Series(texts.name, folded, dtype=pl.String)
        return fold_column(texts)

    def candidates(self, folded: pl.Series, context: Sequence[str] = ()) -> list[list[int]]:
        """For each text, the indexes of the recognizers whose prefilters match it (and whose ``CUE_PREFILTER``
        matches it too, unless ``context`` lifts the recognizer's results).

        Every gate is one expression of a single ``select``: polars then pays its fixed cost per call once, not
        once per pattern (~0.1-0.25 ms each, ~5 ms a column of any size for all of them — most of the cost of a
        small file's column or a single text)."""
        gates = (
            folded.rename("text")
            .to_frame()
            .select(
                self._gate(
                    (prefilter, second, cue if cue and self._cue_applies(index, context) else None)
                ).alias(f"r{index}")
                for index, (prefilter, second, cue) in enumerate(self._gates)
            )
        )
        names = gates.columns
        return [
            [int(name[1:]) for name, hit in zip(names, row, strict=True) if hit] for row in gates.iter_rows()
        ]

    def _cue_applies(self, index: int, context: Sequence[str]) -> bool:
        """Whether a recognizer's ``CUE_PREFILTER`` may close the gate: not when the caller's context words lift
        the recognizer (the context enhancer decides, ``ZhContextEnhancer.lifted_by``), nor under an enhancer
        that cannot say."""
        enhancer = self.detector.analyzer.context_aware_enhancer
        if not isinstance(enhancer, ZhContextEnhancer):
            return False
        return not (context and enhancer.lifted_by(list(context), self._recognizers[index]))

    @staticmethod
    def _gate(patterns: Sequence[str | None]) -> pl.Expr:
        """True for the texts every one of ``patterns`` matches (None matches every text)."""
        gate = pl.repeat(True, pl.len())
        for pattern in patterns:
            if pattern:
                gate = gate & pl.col("text").str.contains(pattern)
        return gate

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
        hits = self.candidates(folded_column, context)
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
        """``AnalyzerEngine.analyze`` of ``text`` by the recognizers in ``hits``, for their entities, step for
        step (see ``_Plan``), without the bookkeeping that is the same for every text with the same hits."""
        if not hits:
            return []
        key = tuple(hits)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = _Plan.of(
                self.detector.analyzer,
                self.detector.language,
                self._hit_entities(hits),
                [self._recognizers[index] for index in hits],
            )
        return self.detector.to_spans(
            plan.analyze(text, list(context), self._no_nlp, self.detector.score_threshold)
        )

    def _hit_entities(self, hits: list[int]) -> list[str]:
        return sorted({entity for index in hits for entity in self._recognizers[index].supported_entities})


def _overrides_context(recognizer: EntityRecognizer) -> bool:
    """Whether a recognizer has its own ``enhance_using_context`` (Presidio's returns the results unchanged)."""
    return type(recognizer).enhance_using_context is not EntityRecognizer.enhance_using_context


class _Plan:
    """What ``AnalyzerEngine.analyze`` decides from the requested entities alone — which recognizers run (here
    less those whose gates stayed shut, see ``of``), in which order, and which of them re-score their own
    results by context — decided once per set of prefilter hits instead of once per text (Presidio's
    ``get_recognizers`` scans the registry per entity on every call, and its context step filters every result
    list once per recognizer).

    ``analyze`` then takes the engine's steps in the engine's order, for requested entities, given NLP
    artifacts and an explicit score threshold (as the fast path calls it): each recognizer's ``analyze`` (its
    ``analyze_fast`` where it has one), recognizer ids added where missing, each recognizer's own context step
    on its own results, the engine's context enhancer, the threshold, ``EntityRecognizer.remove_duplicates``
    (``recognizers.cn._results.remove_duplicates``: Presidio's, with a short way for no result or one). The
    differential test holds the spans to ``AnalyzerEngine.analyze``'s."""

    def __init__(
        self, analyzer: AnalyzerEngine, entities: list[str], recognizers: list[EntityRecognizer]
    ) -> None:
        self.analyzer = analyzer
        self.entities = entities
        self.recognizers = recognizers
        self.rescoring = [_overrides_context(recognizer) for recognizer in recognizers]
        # Recognizers with a compiled ``analyze_fast`` (the same results as ``analyze``, held by their tests).
        # Not a runtime-checkable protocol: isinstance against one costs ~25 us, and plans are many.
        self.compiled = [callable(getattr(recognizer, "analyze_fast", None)) for recognizer in recognizers]

    @classmethod
    def of(
        cls, analyzer: AnalyzerEngine, language: str, entities: list[str], open_gates: list[EntityRecognizer]
    ) -> _Plan:
        """The engine's recognizers for ``entities``, in its order, less those whose gates stayed shut: a
        recognizer that shares an entity with an open one (the form-field recognizer reads QQ numbers, rooms …)
        would be asked by the engine, and finds nothing it could report (its gates are necessary conditions)."""
        recognizers = analyzer.registry.get_recognizers(
            language=language, entities=entities, all_fields=False
        )
        opened = {id(recognizer) for recognizer in open_gates}
        return cls(analyzer, entities, [recognizer for recognizer in recognizers if id(recognizer) in opened])

    def analyze(
        self, text: str, context: list[str], nlp_artifacts: NlpArtifacts, score_threshold: float
    ) -> list[RecognizerResult]:
        identifier_key = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY
        name_key = RecognizerResult.RECOGNIZER_NAME_KEY
        own: dict[str, list[RecognizerResult]] = {}
        raw: list[RecognizerResult] = []
        for recognizer, compiled in zip(self.recognizers, self.compiled, strict=True):
            if not recognizer.is_loaded:
                recognizer.load()
                recognizer.is_loaded = True
            analyze = recognizer.analyze_fast if compiled else recognizer.analyze  # type: ignore[attr-defined]
            found = analyze(text=text, entities=self.entities, nlp_artifacts=nlp_artifacts)
            for result in found or ():
                if not result.recognition_metadata:
                    result.recognition_metadata = {}
                metadata = result.recognition_metadata
                metadata.setdefault(identifier_key, recognizer.id)
                metadata.setdefault(name_key, recognizer.name)  # type: ignore[has-type]  # unannotated in Presidio
                own.setdefault(metadata[identifier_key], []).append(result)
                raw.append(result)
        if not raw:
            return []
        results: list[RecognizerResult] = []
        for recognizer, rescoring in zip(self.recognizers, self.rescoring, strict=True):
            mine = own.get(recognizer.id, [])
            if rescoring:
                others = [
                    result for result in raw if result.recognition_metadata[identifier_key] != recognizer.id
                ]
                mine = recognizer.enhance_using_context(
                    text=text,
                    raw_recognizer_results=mine,
                    other_raw_recognizer_results=others,
                    nlp_artifacts=nlp_artifacts,
                    context=context,
                )
            results.extend(mine)
        results = self.analyzer.context_aware_enhancer.enhance_using_context(
            text=text,
            raw_results=results,
            nlp_artifacts=nlp_artifacts,
            recognizers=self.recognizers,
            context=context,
        )
        results = [result for result in results if result.score >= score_threshold]
        return remove_duplicates(results)
