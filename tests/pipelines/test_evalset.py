"""Tests for the generated domain evaluation set: exact, non-overlapping, exhaustive-by-construction spans."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from pipelines.evalset import generate_domain_set, main, write_jsonl
from pipelines.evaluation import PredSpan, load_gold, score
from pipelines.synthetic import luhn_valid, resident_id_check_char

ENTITIES = frozenset(
    {
        "CN_MOBILE",
        "CN_LANDLINE",
        "CN_RESIDENT_ID",
        "CN_BANK_CARD",
        "EMAIL_ADDRESS",
        "CN_PASSPORT",
        "CN_HK_MACAO_PERMIT",
        "CN_LICENSE_PLATE",
        "QQ_NUMBER",
        "WECHAT_ID",
        "PERSON",
        "EMPLOYER",
        "ADDRESS",
        "ROOM",
        "CN_USCC",
    }
)
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return generate_domain_set(seed=5, n=600)


def test_record_shape_and_kinds(records: list[dict[str, Any]]) -> None:
    assert len(records) == 600
    assert len({r["id"] for r in records}) == 600
    kinds = Counter(r["kind"] for r in records)
    assert set(kinds) == {"request", "form", "note", "negative"}
    requests = [r for r in records if r["kind"] == "request"]
    clean = sum(1 for r in requests if not r["spans"])
    assert clean == len(requests) // 2  # half of the requests carry no PII
    assert all(not r["spans"] for r in records if r["kind"] == "negative")
    assert all(r["spans"] for r in records if r["kind"] in ("form", "note"))


def test_spans_are_exact_sorted_and_do_not_overlap(records: list[dict[str, Any]]) -> None:
    for record in records:
        text, spans = record["text"], record["spans"]
        previous_end = 0
        for span in spans:
            assert span["label"] in ENTITIES
            assert previous_end <= span["start"] < span["end"] <= len(text)
            value = text[span["start"] : span["end"]]
            assert value == value.strip() and value
            previous_end = span["end"]


def test_every_label_occurs(records: list[dict[str, Any]]) -> None:
    labels = {span["label"] for record in records for span in record["spans"]}
    assert labels == ENTITIES


def test_span_values_are_valid(records: list[dict[str, Any]]) -> None:
    for record in records:
        for span in record["spans"]:
            value = record["text"][span["start"] : span["end"]].translate(_FULLWIDTH_DIGITS)
            if span["label"] == "CN_RESIDENT_ID":
                assert resident_id_check_char(value[:17]) == value[17]
            elif span["label"] == "CN_BANK_CARD":
                assert luhn_valid(re.sub(r"[ -]", "", value))
            elif span["label"] == "CN_MOBILE":
                assert re.sub(r"\D", "", value)[-11:][0] == "1"


def test_forms_use_key_value_lines(records: list[dict[str, Any]]) -> None:
    forms = [r["text"] for r in records if r["kind"] == "form"]
    assert all(re.search(r"[:：]", text) for text in forms)
    assert any("：" in text for text in forms) and any(":" in text for text in forms)


def test_deterministic_per_seed() -> None:
    assert generate_domain_set(seed=3, n=40) == generate_domain_set(seed=3, n=40)
    assert generate_domain_set(seed=3, n=40) != generate_domain_set(seed=4, n=40)
    assert generate_domain_set(seed=3, n=60)[:40] == generate_domain_set(seed=3, n=40)


def test_write_jsonl_round_trips_through_the_scorer(tmp_path: Path, records: list[dict[str, Any]]) -> None:
    path = tmp_path / "domain.jsonl"
    write_jsonl(records, path)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and len(lines) == len(records) + 1
    assert json.loads(lines[0]) == records[0]
    gold = load_gold(path)
    assert [g.id for g in gold] == [r["id"] for r in records]
    # A perfect prediction scores perfectly.
    predictions = {g.id: [PredSpan(s.start, s.end, s.label, 1.0) for s in g.spans] for g in gold}
    report = score(gold, predictions)
    assert report.overall.typed_recall == 1.0
    assert report.overall.precision == 1.0
    assert report.false_alarm_rate == 0.0


def test_main_writes_file(tmp_path: Path) -> None:
    out = tmp_path / "set.jsonl"
    main(["--out", str(out), "--seed", "9", "--n", "12"])
    assert len(out.read_text(encoding="utf-8").splitlines()) == 12
