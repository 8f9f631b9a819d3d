"""LeanPatternRecognizer (recognizers/cn/_pattern.py) gives the results of Presidio's own PatternRecognizer loop."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from presidio_analyzer import EntityRecognizer, PatternRecognizer, RecognizerResult

from pipelines.evalset import generate_domain_set
from recognizers.cn._pattern import LeanPatternRecognizer
from recognizers.cn._results import remove_duplicates
from recognizers.engine import Detector
from recognizers.text import fold_width


def _facts(results: list[RecognizerResult]) -> list[tuple[Any, ...]]:
    return [
        (
            result.entity_type,
            result.start,
            result.end,
            result.score,
            result.recognition_metadata,
            result.analysis_explanation.to_dict() if result.analysis_explanation else None,
        )
        for result in results
    ]


def test_the_lean_loop_gives_presidios_results() -> None:
    recognizers = [
        recognizer
        for recognizer in Detector().analyzer.registry.recognizers
        if isinstance(recognizer, LeanPatternRecognizer)
    ]
    assert len(recognizers) >= 10  # every pattern-based recognizer of conf/recognizers.toml
    texts = [fold_width(record["text"]) for record in generate_domain_set(seed=17, n=400)]
    texts += ["", "1", "电话：138-1234-5678，卡号6222 0212 3456 7890 128，邮箱abc@example.com。"]
    found = 0
    for recognizer in recognizers:
        for text in texts:
            lean = LeanPatternRecognizer.analyze(recognizer, text, recognizer.supported_entities)
            presidio = PatternRecognizer.analyze(recognizer, text, recognizer.supported_entities)
            assert _facts(lean) == _facts(presidio), (recognizer.name, len(text))
            found += len(lean)
    assert found > 500  # the texts do hold these entities


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["PERSON", "ROOM"]),
            st.integers(0, 6),
            st.integers(1, 4),
            st.sampled_from([0.0, 0.3, 0.5, 1.0]),
        ),
        max_size=4,
    )
)
def test_the_short_de_duplication_gives_presidios(found: list[tuple[str, int, int, float]]) -> None:
    """``_results.remove_duplicates`` (a short way for no result or one) keeps what Presidio's keeps, in its
    order, and never gives back the caller's list."""
    results = [
        RecognizerResult(entity, start, start + length, score) for entity, start, length, score in found
    ]
    kept = remove_duplicates(list(results))
    assert _facts(kept) == _facts(EntityRecognizer.remove_duplicates(list(results)))
    assert kept is not results
