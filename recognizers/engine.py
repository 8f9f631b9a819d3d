"""The analyzer the pipeline uses: the recognizers from ``conf/recognizers.toml`` on the zh NLP engine.

``build_analyzer`` wires Presidio; ``Detector`` is what callers use: it folds width, analyzes, resolves
overlaps and caches answers, because the same cell values repeat across rows and batches.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult

import recognizers.cn
from conf import load_toml
from recognizers.context import ZhContextEnhancer
from recognizers.ner_model import load_configured_model, load_factory
from recognizers.nlp_engine import ZhNlpEngine
from recognizers.placeholders import placeholder_for
from recognizers.span import Span, resolve_overlaps
from recognizers.text import fold_width

CONF_NAME = "recognizers.toml"
__all__ = ["CONF_NAME", "Detector", "build_analyzer", "placeholder_for"]


def _recognizer_conf() -> dict[str, Any]:
    return load_toml(CONF_NAME)


def _instantiate(entry: dict[str, Any], language: str) -> EntityRecognizer:
    class_name = entry["class"]
    if class_name not in recognizers.cn.__all__:
        raise ValueError(
            f"conf/{CONF_NAME} names recognizer class '{class_name}', which recognizers.cn does not export"
        )
    recognizer_class = getattr(recognizers.cn, class_name)
    if "entities" in entry:  # a recognizer of several entities (the form recognizer)
        multi: EntityRecognizer = recognizer_class(
            supported_language=language, supported_entities=entry["entities"]
        )
        return multi
    extra: dict[str, Any] = {}
    if "model" in entry:  # a statistical model the recognizer takes as evidence (PERSON, EMPLOYER: LAC)
        extra["model"] = load_factory(str(entry["model"]))()
    recognizer: EntityRecognizer = recognizer_class(
        supported_language=language, supported_entity=entry["entity"], **extra
    )
    return recognizer


def build_analyzer() -> AnalyzerEngine:
    """An ``AnalyzerEngine`` holding only the configured Chinese recognizers, on the offline zh NLP engine."""
    conf = _recognizer_conf()
    settings = conf["analyzer"]
    language: str = settings["language"]
    configured = [_instantiate(entry, language) for entry in conf["recognizer"]]
    model = load_configured_model(conf.get("ner_model", {}), language)
    registry = RecognizerRegistry(
        recognizers=configured + ([model] if model is not None else []),
        supported_languages=[language],
    )
    # Context words are read from the characters around a match (before and after: Chinese labels often follow
    # the value, "13812345678（手机）"), so the fast path can skip spaCy and still score identically.
    enhancer = ZhContextEnhancer(
        prefix_chars=int(settings["context_prefix_chars"]),
        suffix_chars=int(settings["context_suffix_chars"]),
    )
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=ZhNlpEngine(),
        supported_languages=[language],
        default_score_threshold=float(settings["score_threshold"]),
        context_aware_enhancer=enhancer,
    )


class Detector:
    """Span detection over free text: width folding, Presidio analysis, overlap resolution, an LRU cache."""

    def __init__(self, analyzer: AnalyzerEngine | None = None, cache_size: int = 65536) -> None:
        settings = _recognizer_conf()["analyzer"]
        self.analyzer = analyzer if analyzer is not None else build_analyzer()
        self.language: str = settings["language"]
        self.score_threshold = float(settings["score_threshold"])
        # Per instance (not a decorated method) so the cache dies with the detector and holds no `self`.
        self._detect_cached = lru_cache(maxsize=cache_size)(self._detect_uncached)

    @property
    def entities(self) -> list[str]:
        """The entity names this detector can report, sorted."""
        return sorted(self.analyzer.get_supported_entities(language=self.language))

    @staticmethod
    def placeholder_for(entity: str) -> str:
        """The configured placeholder for an entity (see the module function)."""
        return placeholder_for(entity)

    def detect(self, text: str, context: Sequence[str] = ()) -> list[Span]:
        """Non-overlapping spans in ``text`` (offsets into the original text), sorted by start.

        ``context`` holds extra context words for this text, e.g. the column header of a spreadsheet cell.
        """
        if not text:
            return []
        return list(self._detect_cached(text, tuple(context)))

    def detect_column(self, texts: Sequence[str | None], context: Sequence[str] = ()) -> list[list[Span]]:
        """``detect`` for every value of a column (the Presidio path; ``FastDetector`` is the vectorized one)."""
        return [self.detect(text, context) if text else [] for text in texts]

    def _detect_uncached(self, text: str, context: tuple[str, ...]) -> tuple[Span, ...]:
        # fold_width keeps the length, so offsets found in the folded text are offsets in the original.
        folded = fold_width(text)
        results = self.analyzer.analyze(
            text=folded,
            language=self.language,
            context=list(context),
            score_threshold=self.score_threshold,
        )
        return tuple(self.to_spans(results))

    @staticmethod
    def to_spans(results: Sequence[RecognizerResult]) -> list[Span]:
        """Presidio results as non-overlapping spans sorted by start (the one place this is decided)."""
        spans = [
            Span(result.start, result.end, result.entity_type, float(result.score)) for result in results
        ]
        return sorted(resolve_overlaps(spans), key=lambda span: (span.start, span.end))
