"""The scorer behind ``baomi eval``: compare ``baomi detect`` output with gold spans.

Pure functions over in-memory records, plus three small loaders; the CLI wiring lives elsewhere.

What the numbers mean (all offsets are Python ``str`` code-point offsets, end exclusive):

* **scrub recall** of a gold group: the share of its gold spans whose characters are at least 80 % covered by
  the union of *all* predicted spans of the record, whatever their type. This is what scrubbing needs: a
  phone redacted as a bank card is still gone.
* **typed recall**: the same, counting only predictions whose type is compatible with the group
  (:data:`COMPATIBLE_TYPES`: e.g. gold ``PHONE`` accepts ``CN_MOBILE`` and ``CN_LANDLINE``).
* **precision**: the share of predicted spans of which at least 50 % of their own characters fall inside the
  union of the record's gold spans, of any label: kept *and* ignored ones. An ignored label (a job title, a
  bare place name) is not PII for baomi, but a prediction on it is a disagreement about scope, not a
  hallucination, so it is not counted as a false positive. The union (rather than one gold span) is used so
  that a single prediction covering two adjacent gold spans (an address followed by a room) counts as right.
  A group's precision counts the predictions whose type is compatible with that group.
* **false alarms on PII-free texts**: the share of records with no kept gold span (after label mapping) that
  have at least one predicted span.

Nested or overlapping gold spans (some public corpora keep them) are each scored on their own: each is a gold
span that must be covered, and each contributes to the gold union used for precision.

The 80 % and 50 % thresholds are inclusive and compared in exact integer arithmetic.
"""

from __future__ import annotations

import fnmatch
import json
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LabelMap = Mapping[str, str | None]

# Gold group -> predicted entity types that count as the right type for it. Groups not listed accept only
# themselves.
COMPATIBLE_TYPES: dict[str, frozenset[str]] = {
    "PHONE": frozenset({"CN_MOBILE", "CN_LANDLINE"}),
    "ADDRESS": frozenset({"ADDRESS", "ROOM"}),
    "ROOM": frozenset({"ROOM", "ADDRESS"}),
    "EMPLOYER": frozenset({"EMPLOYER"}),
    "PERSON": frozenset({"PERSON"}),
}

SCRUB_COVERAGE = (4, 5)  # a gold span is found when covered chars / span length >= 4/5
PRECISION_OVERLAP = (1, 2)  # a prediction is right when overlap chars / its length >= 1/2
OVERALL = "ALL"


@dataclass(frozen=True)
class GoldSpan:
    """One labelled gold span."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class GoldRecord:
    """A text with its gold spans; ``id`` is a string (the 0-based line index when the file has none)."""

    id: str
    text: str
    spans: tuple[GoldSpan, ...]


@dataclass(frozen=True)
class PredSpan:
    """One predicted span from ``baomi detect``."""

    start: int
    end: int
    entity_type: str
    score: float = 1.0


@dataclass
class GroupScore:
    """Counts for one gold entity group (or for all groups together)."""

    group: str
    n_gold: int = 0
    scrub_found: int = 0
    typed_found: int = 0
    n_pred: int = 0
    pred_right: int = 0

    @property
    def scrub_recall(self) -> float | None:
        """Share of gold spans covered by any prediction; None when there is no gold span."""
        return self.scrub_found / self.n_gold if self.n_gold else None

    @property
    def typed_recall(self) -> float | None:
        """Share of gold spans covered by compatible predictions; None when there is no gold span."""
        return self.typed_found / self.n_gold if self.n_gold else None

    @property
    def precision(self) -> float | None:
        """Share of predictions that land on gold text; None when there is no prediction."""
        return self.pred_right / self.n_pred if self.n_pred else None

    def to_json(self) -> dict[str, Any]:
        """Counts and ratios as a JSON-ready dict."""
        return {
            "group": self.group,
            "n": self.n_gold,
            "scrub_found": self.scrub_found,
            "typed_found": self.typed_found,
            "scrub_recall": self.scrub_recall,
            "typed_recall": self.typed_recall,
            "n_pred": self.n_pred,
            "pred_right": self.pred_right,
            "precision": self.precision,
        }


@dataclass
class EvalReport:
    """The result of :func:`score`."""

    groups: dict[str, GroupScore]
    overall: GroupScore
    n_records: int
    n_pii_free: int
    n_false_alarm: int
    unmatched_prediction_ids: int = 0
    ignored_gold_spans: dict[str, int] = field(default_factory=dict)

    @property
    def false_alarm_rate(self) -> float | None:
        """Share of PII-free records with at least one prediction; None when there is no PII-free record."""
        return self.n_false_alarm / self.n_pii_free if self.n_pii_free else None

    def to_json(self) -> dict[str, Any]:
        """The whole report as a JSON-ready dict."""
        return {
            "n_records": self.n_records,
            "groups": {name: g.to_json() for name, g in sorted(self.groups.items())},
            "overall": self.overall.to_json(),
            "false_alarms": {
                "n_pii_free_records": self.n_pii_free,
                "n_records_with_predictions": self.n_false_alarm,
                "rate": self.false_alarm_rate,
            },
            "unmatched_prediction_ids": self.unmatched_prediction_ids,
            "ignored_gold_spans": dict(sorted(self.ignored_gold_spans.items())),
        }


# -- loading -------------------------------------------------------------------------------------------------


def _json_lines(path: str | Path) -> Iterable[tuple[int, dict[str, Any]]]:
    """Yield (line index, object) for non-blank lines, splitting on "\\n" only (texts may hold U+2028)."""
    content = Path(path).read_text(encoding="utf-8-sig")
    for index, line in enumerate(content.split("\n")):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}: line {index + 1} is not valid JSON ({error.msg})") from None
        if not isinstance(obj, dict):
            raise ValueError(f"{path}: line {index + 1} is not a JSON object")
        yield index, obj


def _span_bounds(raw: Mapping[str, Any], path: str | Path, index: int) -> tuple[int, int]:
    start, end = raw.get("start"), raw.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or start < 0 or end <= start:
        raise ValueError(f"{path}: line {index + 1} has a span with invalid start/end")
    return start, end


def load_gold(path: str | Path) -> list[GoldRecord]:
    """Read gold JSON lines ``{"id"?, "text", "spans": [{"start", "end", "label" | "entity_type"}]}``."""
    records: list[GoldRecord] = []
    for index, obj in _json_lines(path):
        text = obj.get("text")
        if not isinstance(text, str):
            raise ValueError(f"{path}: line {index + 1} has no text")
        spans: list[GoldSpan] = []
        for raw in obj.get("spans") or []:
            start, end = _span_bounds(raw, path, index)
            if end > len(text):
                raise ValueError(f"{path}: line {index + 1} has a span past the end of its text")
            label = raw.get("label", raw.get("entity_type"))
            if not isinstance(label, str):
                raise ValueError(f"{path}: line {index + 1} has a span without a label")
            spans.append(GoldSpan(start, end, label))
        record_id = str(obj["id"]) if obj.get("id") is not None else str(index)
        records.append(GoldRecord(record_id, text, tuple(spans)))
    return records


def load_predictions(path: str | Path) -> dict[str, list[PredSpan]]:
    """Read ``baomi detect`` lines ``{"id", "spans": [{"start", "end", "entity_type", "score"}]}``.

    Keyed by ``str(id)`` (the 0-based line index when a line has no id) so ids match :func:`load_gold`.
    """
    predictions: dict[str, list[PredSpan]] = {}
    for index, obj in _json_lines(path):
        record_id = str(obj["id"]) if obj.get("id") is not None else str(index)
        spans = predictions.setdefault(record_id, [])
        for raw in obj.get("spans") or []:
            start, end = _span_bounds(raw, path, index)
            entity_type = raw.get("entity_type", raw.get("label"))
            if not isinstance(entity_type, str):
                raise ValueError(f"{path}: line {index + 1} has a span without an entity_type")
            spans.append(PredSpan(start, end, entity_type, float(raw.get("score", 1.0))))
    return predictions


def load_label_map(path: str | Path) -> dict[str, str | None]:
    """Read a TOML label map: gold label (or glob such as ``*_NOMINAL``) -> baomi group; ``""`` ignores it.

    The mapping may sit at the top level or under a ``[labels]`` table. Labels a map omits are ignored.
    """
    with Path(path).open("rb") as handle:
        data = tomllib.load(handle)
    table = data.get("labels", data)
    label_map: dict[str, str | None] = {}
    for label, group in table.items():
        if not isinstance(group, str):
            raise ValueError(f'{path}: label {label!r} must map to a string ("" to ignore it)')
        label_map[label] = group or None
    return label_map


def map_label(label: str, label_map: LabelMap | None) -> str | None:
    """The baomi group for a gold label: exact entry, else first matching glob, else ignored (None).

    Without a label map every label is its own group.
    """
    if label_map is None:
        return label
    if label in label_map:
        return label_map[label]
    for pattern, group in label_map.items():
        if any(ch in pattern for ch in "*?[") and fnmatch.fnmatchcase(label, pattern):
            return group
    return None


def compatible_types(group: str) -> frozenset[str]:
    """Predicted entity types that count as the right type for a gold group."""
    return COMPATIBLE_TYPES.get(group, frozenset({group}))


# -- scoring -------------------------------------------------------------------------------------------------


def _merge(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _overlap(start: int, end: int, merged: Sequence[tuple[int, int]]) -> int:
    return sum(max(0, min(end, b) - max(start, a)) for a, b in merged)


def _at_least(part: int, whole: int, ratio: tuple[int, int]) -> bool:
    numerator, denominator = ratio
    return part * denominator >= whole * numerator


def _groups_of_type(entity_type: str, known_groups: Iterable[str]) -> set[str]:
    groups = {g for g in known_groups if entity_type in compatible_types(g)}
    return groups or {entity_type}


def score(
    gold: Sequence[GoldRecord],
    predictions: Mapping[str, Sequence[PredSpan]],
    label_map: LabelMap | None = None,
) -> EvalReport:
    """Score predictions against gold: scrub/typed recall and precision per group, and false alarms."""
    groups: dict[str, GroupScore] = {}
    overall = GroupScore(OVERALL)
    ignored: dict[str, int] = {}
    n_pii_free = n_false_alarm = 0

    kept_per_record: list[list[tuple[GoldSpan, str]]] = []
    for record in gold:
        kept: list[tuple[GoldSpan, str]] = []
        for span in record.spans:
            group = map_label(span.label, label_map)
            if group is None:
                ignored[span.label] = ignored.get(span.label, 0) + 1
            else:
                kept.append((span, group))
                groups.setdefault(group, GroupScore(group))
        kept_per_record.append(kept)
    gold_groups = set(groups)

    for record, kept in zip(gold, kept_per_record, strict=True):
        preds = [p for p in predictions.get(record.id, ()) if p.end > p.start]
        any_cover = _merge((p.start, p.end) for p in preds)
        for span, group in kept:
            length = span.end - span.start
            row = groups[group]
            row.n_gold += 1
            overall.n_gold += 1
            if _at_least(_overlap(span.start, span.end, any_cover), length, SCRUB_COVERAGE):
                row.scrub_found += 1
                overall.scrub_found += 1
            accepted = compatible_types(group)
            typed_cover = _merge((p.start, p.end) for p in preds if p.entity_type in accepted)
            if _at_least(_overlap(span.start, span.end, typed_cover), length, SCRUB_COVERAGE):
                row.typed_found += 1
                overall.typed_found += 1

        gold_cover = _merge((s.start, s.end) for s in record.spans)
        for pred in preds:
            right = _at_least(
                _overlap(pred.start, pred.end, gold_cover), pred.end - pred.start, PRECISION_OVERLAP
            )
            overall.n_pred += 1
            overall.pred_right += right
            for group in _groups_of_type(pred.entity_type, gold_groups):
                row = groups.setdefault(group, GroupScore(group))
                row.n_pred += 1
                row.pred_right += right

        if not kept:
            n_pii_free += 1
            n_false_alarm += bool(preds)

    gold_ids = {record.id for record in gold}
    return EvalReport(
        groups=groups,
        overall=overall,
        n_records=len(gold),
        n_pii_free=n_pii_free,
        n_false_alarm=n_false_alarm,
        unmatched_prediction_ids=sum(1 for record_id in predictions if record_id not in gold_ids),
        ignored_gold_spans=ignored,
    )


# -- presentation --------------------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:6.1%}"


def format_report(report: EvalReport) -> str:
    """A plain-text table of the report, one row per gold group plus the overall row."""
    header = f"{'group':<20}{'n':>7}{'scrub R':>10}{'typed R':>10}{'pred':>8}{'precision':>11}"
    lines = [header, "-" * len(header)]
    rows = [*sorted(report.groups.values(), key=lambda g: g.group), report.overall]
    for row in rows:
        if row is report.overall:
            lines.append("-" * len(header))
        lines.append(
            f"{row.group:<20}{row.n_gold:>7}{_pct(row.scrub_recall):>10}{_pct(row.typed_recall):>10}"
            f"{row.n_pred:>8}{_pct(row.precision):>11}"
        )
    lines.append("")
    lines.append(
        f"false alarms on PII-free records: {report.n_false_alarm} / {report.n_pii_free}"
        f" ({_pct(report.false_alarm_rate).strip()})"
    )
    lines.append(f"records: {report.n_records}")
    if report.unmatched_prediction_ids:
        lines.append(f"prediction ids not in gold (ignored): {report.unmatched_prediction_ids}")
    if report.ignored_gold_spans:
        ignored = ", ".join(f"{label} {count}" for label, count in sorted(report.ignored_gold_spans.items()))
        lines.append(f"ignored gold labels: {ignored}")
    return "\n".join(lines)
