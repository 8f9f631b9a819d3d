"""The unit every detector returns: a typed span of the original text."""

from __future__ import annotations

from dataclasses import dataclass


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
