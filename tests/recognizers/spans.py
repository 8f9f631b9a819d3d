"""Helpers shared by the recognizer test tables."""

from __future__ import annotations

from recognizers.engine import Detector
from recognizers.span import Span


def full_width(text: str) -> str:
    """ASCII printable characters as their full-width forms (１３８, ＱＱ, ＠): how some clerks type."""
    return "".join(chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char for char in text)


def entity_spans(detector: Detector, text: str, entity: str) -> list[Span]:
    """The spans of one entity that the real analyzer finds in ``text``."""
    return [span for span in detector.detect(text) if span.entity_type == entity]


def assert_found(
    detector: Detector,
    text: str,
    entity: str,
    expected: list[tuple[int, int]],
    score_range: tuple[float, float],
) -> None:
    """Exactly ``expected`` (start, end) spans of ``entity``, each scored within ``score_range``."""
    spans = entity_spans(detector, text, entity)
    assert [(span.start, span.end) for span in spans] == expected
    low, high = score_range
    assert all(low - 1e-9 <= span.score <= high + 1e-9 for span in spans)
