"""The unit every detector returns: a typed span of the original text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True, order=True)
class Span:
    """A detected entity: ``text[start:end]`` in code points of the ORIGINAL text, end exclusive."""

    start: int
    end: int
    entity_type: str
    score: float

    def to_json(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "entity_type": self.entity_type,
            "score": round(self.score, 4),
        }


def resolve_overlaps(spans: list[Span]) -> list[Span]:
    """Keep a non-overlapping subset: higher score first, then longer span, then earlier start."""
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (-s.score, -(s.end - s.start), s.start)):
        if all(span.end <= kept.start or span.start >= kept.end for kept in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: (s.start, s.end))


def spans_by_value(column: pl.Series, answers: Mapping[str, list[Span]]) -> list[list[Span]]:
    """The spans of every value of a string column, looked up in ``answers`` (distinct text -> spans; a value
    missing from it, None or "" has none). The lookup runs in polars: a column repeats its values, and hashing
    each Python string again costs more than the detection answers it fetches."""
    if not answers:
        return [[] for _ in range(len(column))]
    found = list(answers.values())
    positions = (
        column.replace_strict(list(answers), list(range(len(found))), default=-1, return_dtype=pl.Int64)
        .fill_null(-1)
        .to_list()
    )
    return [found[position] if position >= 0 else [] for position in positions]
