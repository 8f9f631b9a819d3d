"""Tests for the evaluation scorer: each number pinned on small hand-made cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.evaluation import (
    GoldRecord,
    GoldSpan,
    PredSpan,
    format_report,
    load_gold,
    load_label_map,
    load_predictions,
    map_label,
    score,
)

REPO = Path(__file__).resolve().parents[2]
TEXT = "x" * 200  # offsets are all that matter to the scorer


def gold(record_id: str, *spans: tuple[int, int, str]) -> GoldRecord:
    return GoldRecord(record_id, TEXT, tuple(GoldSpan(s, e, label) for s, e, label in spans))


def pred(start: int, end: int, entity_type: str) -> PredSpan:
    return PredSpan(start, end, entity_type, 0.9)


@pytest.mark.parametrize(
    ("pred_end", "found"),
    [(18, True), (17, False), (20, True), (11, False)],  # 8/10 = 80 % counts, 7/10 does not
)
def test_scrub_coverage_threshold_is_80_percent_inclusive(pred_end: int, found: bool) -> None:
    report = score([gold("a", (10, 20, "PERSON"))], {"a": [pred(10, pred_end, "PERSON")]})
    assert report.groups["PERSON"].scrub_found == int(found)
    assert report.groups["PERSON"].typed_found == int(found)


def test_79_percent_is_not_enough() -> None:
    # Two 100-character spans: 79 characters covered vs 80 characters covered.
    records = [gold("a", (0, 100, "ADDRESS")), gold("b", (0, 100, "ADDRESS"))]
    preds = {"a": [pred(0, 79, "ADDRESS")], "b": [pred(20, 100, "ADDRESS")]}
    report = score(records, preds)
    assert report.groups["ADDRESS"].n_gold == 2
    assert report.groups["ADDRESS"].scrub_found == 1  # only b (80/100)
    assert report.groups["ADDRESS"].scrub_recall == 0.5


def test_coverage_uses_the_union_of_predictions() -> None:
    # Two predictions of 4 characters each cover 8 of 10: found, although neither alone would be.
    report = score(
        [gold("a", (0, 10, "CN_MOBILE"))], {"a": [pred(0, 4, "CN_MOBILE"), pred(6, 10, "CN_BANK_CARD")]}
    )
    row = report.groups["CN_MOBILE"]
    assert row.scrub_found == 1
    assert row.typed_found == 0  # the compatible predictions alone cover only 4/10


def test_typed_versus_untyped_recall() -> None:
    records = [gold("a", (0, 11, "PHONE"), (20, 31, "PHONE"), (40, 43, "PERSON"))]
    preds = {"a": [pred(0, 11, "CN_LANDLINE"), pred(20, 31, "CN_BANK_CARD"), pred(40, 43, "EMPLOYER")]}
    report = score(records, preds)
    phone, person = report.groups["PHONE"], report.groups["PERSON"]
    assert (phone.n_gold, phone.scrub_found, phone.typed_found) == (2, 2, 1)
    assert (person.n_gold, person.scrub_found, person.typed_found) == (1, 1, 0)
    assert report.overall.scrub_recall == 1.0
    assert report.overall.typed_recall == pytest.approx(1 / 3)


def test_address_and_room_are_compatible() -> None:
    records = [gold("a", (0, 20, "ADDRESS"), (20, 30, "ROOM"))]
    report = score(records, {"a": [pred(0, 30, "ADDRESS")]})
    assert report.groups["ADDRESS"].typed_found == 1
    assert report.groups["ROOM"].typed_found == 1
    # One prediction straddling two adjacent gold spans is a true positive (gold union).
    assert (report.overall.n_pred, report.overall.pred_right) == (1, 1)


@pytest.mark.parametrize(
    ("start", "end", "right"),
    [(10, 20, True), (15, 25, True), (16, 26, False), (0, 30, False), (5, 25, True)],
)
def test_precision_needs_half_of_the_prediction_on_gold(start: int, end: int, right: bool) -> None:
    report = score([gold("a", (10, 20, "PERSON"))], {"a": [pred(start, end, "PERSON")]})
    assert report.overall.n_pred == 1
    assert report.overall.pred_right == int(right)
    assert report.groups["PERSON"].precision == (1.0 if right else 0.0)


def test_predictions_on_ignored_labels_are_not_false_positives() -> None:
    label_map = {"PERSON": "PERSON", "TITLE": None}
    records = [gold("a", (0, 3, "PERSON"), (3, 7, "TITLE"))]
    preds = {"a": [pred(0, 3, "PERSON"), pred(3, 7, "EMPLOYER"), pred(50, 55, "EMPLOYER")]}
    report = score(records, preds, label_map)
    assert set(report.groups) == {"PERSON", "EMPLOYER"}
    assert report.groups["PERSON"].n_gold == 1
    assert (report.overall.n_pred, report.overall.pred_right) == (3, 2)
    assert report.groups["EMPLOYER"].n_gold == 0
    assert report.groups["EMPLOYER"].precision == 0.5
    assert report.groups["EMPLOYER"].scrub_recall is None
    assert report.ignored_gold_spans == {"TITLE": 1}


def test_label_map_ignores_omitted_labels_and_globs() -> None:
    label_map = {"ORG": "EMPLOYER", "LOCATION": None, "*_NOMINAL": None}
    assert map_label("ORG", label_map) == "EMPLOYER"
    assert map_label("PER_NOMINAL", label_map) is None
    assert map_label("LOCATION", label_map) is None
    assert map_label("SOMETHING_ELSE", label_map) is None
    assert map_label("SOMETHING_ELSE", None) == "SOMETHING_ELSE"


def test_false_alarms_count_records_without_kept_gold() -> None:
    label_map = {"PERSON": "PERSON", "LOCATION": None}
    records = [
        gold("pii", (0, 3, "PERSON")),
        gold("clean-quiet"),
        gold("clean-noisy"),
        gold("only-ignored", (0, 2, "LOCATION")),  # PII-free after mapping
    ]
    preds = {
        "pii": [pred(0, 3, "PERSON")],
        "clean-noisy": [pred(5, 8, "PERSON")],
        "only-ignored": [pred(0, 2, "PERSON")],
    }
    report = score(records, preds, label_map)
    assert report.n_pii_free == 3
    assert report.n_false_alarm == 2
    assert report.false_alarm_rate == pytest.approx(2 / 3)


def test_nested_gold_spans_are_scored_on_their_own() -> None:
    records = [gold("a", (0, 20, "ORG"), (0, 5, "ADDRESS"))]
    report = score(records, {"a": [pred(0, 5, "ADDRESS")]}, {"ORG": "EMPLOYER", "ADDRESS": "ADDRESS"})
    assert report.groups["ADDRESS"].scrub_found == 1
    assert report.groups["EMPLOYER"].scrub_found == 0
    assert report.overall.n_gold == 2


def test_unmatched_prediction_ids_are_counted() -> None:
    report = score([gold("a")], {"a": [], "zzz": [pred(0, 1, "PERSON")]})
    assert report.unmatched_prediction_ids == 1
    assert report.n_false_alarm == 0


def test_loaders_round_trip(tmp_path: Path) -> None:
    gold_path = tmp_path / "gold.jsonl"
    texts = ["王先生电话13812345678", "第二行\u2028仍是同一条记录", "李女士"]
    lines = [
        json.dumps(
            {"text": texts[0], "spans": [{"start": 0, "end": 3, "label": "PERSON"}]}, ensure_ascii=False
        ),
        json.dumps({"text": texts[1], "spans": []}, ensure_ascii=False),
        json.dumps(
            {"id": "r3", "text": texts[2], "spans": [{"start": 0, "end": 3, "entity_type": "PERSON"}]}
        ),
    ]
    gold_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = load_gold(gold_path)
    assert [r.id for r in records] == ["0", "1", "r3"]
    assert records[1].text == texts[1]
    assert records[2].spans == (GoldSpan(0, 3, "PERSON"),)

    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text(
        "\n".join(
            json.dumps(obj)
            for obj in (
                {"id": 0, "spans": [{"start": 0, "end": 3, "entity_type": "PERSON", "score": 0.85}]},
                {"id": "r3", "spans": []},
            )
        ),
        encoding="utf-8",
    )
    predictions = load_predictions(pred_path)
    assert predictions == {"0": [PredSpan(0, 3, "PERSON", 0.85)], "r3": []}

    report = score(records, predictions)
    assert report.groups["PERSON"].scrub_recall == 0.5
    assert report.n_false_alarm == 0 and report.n_pii_free == 1
    json.dumps(report.to_json())
    table = format_report(report)
    assert "PERSON" in table and "false alarms" in table


def test_load_gold_rejects_bad_spans(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        json.dumps({"text": "abc", "spans": [{"start": 2, "end": 9, "label": "PERSON"}]}), "utf-8"
    )
    with pytest.raises(ValueError, match="line 1"):
        load_gold(path)


def test_shipped_corpora_label_map() -> None:
    label_map = load_label_map(REPO / "conf" / "label_map_corpora.toml")
    assert label_map["ORG"] == "EMPLOYER"
    assert label_map["PHONE"] == "PHONE"
    assert label_map["EMAIL"] == "EMAIL_ADDRESS"
    for ignored in (
        "LOCATION",
        "TITLE",
        "WORK_OF_ART",
        "EDUCATION",
        "PROFESSION",
        "NATIONALITY",
        "ETHNICITY",
    ):
        assert map_label(ignored, label_map) is None
    assert map_label("PER_NOMINAL", label_map) is None
    # Gold PHONE accepts both kinds of Chinese phone number.
    report = score(
        [gold("a", (0, 11, "PHONE"), (20, 32, "PHONE"))],
        {"a": [pred(0, 11, "CN_MOBILE"), pred(20, 32, "CN_LANDLINE")]},
        label_map,
    )
    assert report.groups["PHONE"].typed_recall == 1.0
    assert report.groups["PHONE"].precision == 1.0
