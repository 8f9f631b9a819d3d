"""Classify a structured column by the content of a sample of its values.

A column is one entity only when most of its values ARE that entity (a span covers the value) and the column is
mostly filled; a mostly-empty 备注 column with the occasional phone number stays free text, to be scanned span by
span — never wiped whole.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from recognizers.span import Span

# A value counts as "being" an entity when that entity's spans cover this share of its non-space characters.
VALUE_COVERAGE = 0.8

DetectFn = Callable[[str, Sequence[str]], list[Span]]


@dataclass(frozen=True)
class ColumnClass:
    """The verdict on one column: ``entity`` is None for free text."""

    entity: str | None
    confidence: float
    hit_ratios: dict[str, float] = field(default_factory=dict)
    sampled: int = 0


def sample_values(values: Sequence[str | None], size: int) -> list[str]:
    """Up to ``size`` non-empty values spread evenly over the column (deterministic)."""
    filled = [value for value in values if value and value.strip()]
    if len(filled) <= size:
        return filled
    step = len(filled) / size
    return [filled[int(index * step)] for index in range(size)]


def value_entity(value: str, spans: Sequence[Span]) -> str | None:
    """The entity whose spans cover at least VALUE_COVERAGE of the value's non-space characters."""
    significant = [index for index, char in enumerate(value) if not char.isspace()]
    if not significant:
        return None
    for entity in {span.entity_type for span in spans}:
        covered = sum(
            1
            for index in significant
            if any(span.start <= index < span.end for span in spans if span.entity_type == entity)
        )
        if covered / len(significant) >= VALUE_COVERAGE:
            return entity
    return None


def classify_column(
    values: Sequence[str | None],
    detect: DetectFn,
    header: str = "",
    sample_size: int = 200,
    min_ratio: float = 0.6,
    min_fill: float = 0.3,
    min_hits: int = 3,
) -> ColumnClass:
    """Assign an entity (or None = free text) and a confidence to a column from sampled values."""
    sample = sample_values(values, sample_size)
    if not sample:
        return ColumnClass(entity=None, confidence=1.0, sampled=0)
    hits: Counter[str] = Counter()
    context = [header] if header else []
    for value in sample:
        entity = value_entity(value, detect(value, context))
        if entity is not None:
            hits[entity] += 1
    ratios = {entity: count / len(sample) for entity, count in hits.items()}
    fill = sum(1 for value in values if value and value.strip()) / max(len(values), 1)
    if hits:
        entity, count = hits.most_common(1)[0]
        if ratios[entity] >= min_ratio and count >= min_hits and fill >= min_fill:
            return ColumnClass(
                entity=entity, confidence=ratios[entity], hit_ratios=ratios, sampled=len(sample)
            )
    top = max(ratios.values(), default=0.0)
    return ColumnClass(entity=None, confidence=1.0 - top, hit_ratios=ratios, sampled=len(sample))
