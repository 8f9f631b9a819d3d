"""How a rule-based recognizer reports a span: one place for Presidio's metadata convention; and Presidio's
de-duplication with a short way for the common case."""

from __future__ import annotations

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult


def rule_result(
    recognizer: EntityRecognizer,
    entity: str,
    start: int,
    end: int,
    score: float,
    explanation: str,
    context_weighed: bool = False,
) -> RecognizerResult:
    """A result carrying the recognizer's name and id (the context enhancer finds the recognizer by id).

    ``context_weighed``: the recognizer already scored the cue words around the span, so Presidio's context
    enhancer must not add its bonus on top.
    """
    metadata: dict[str, object] = {
        RecognizerResult.RECOGNIZER_NAME_KEY: type(recognizer).__name__,
        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
    }
    if context_weighed:
        metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
    return RecognizerResult(
        entity_type=entity,
        start=start,
        end=end,
        score=score,
        analysis_explanation=AnalysisExplanation(
            recognizer=type(recognizer).__name__, original_score=score, textual_explanation=explanation
        ),
        recognition_metadata=metadata,
    )


def remove_duplicates(results: list[RecognizerResult]) -> list[RecognizerResult]:
    """``EntityRecognizer.remove_duplicates``: a recognizer or a text mostly has no result or one, and then
    Presidio's set, sorts and grouping (several microseconds a call, the fast path makes tens of thousands)
    come down to dropping a zero score. Two results or more go to Presidio."""
    if len(results) > 1:
        return EntityRecognizer.remove_duplicates(results)
    return [result for result in results if result.score != 0]
