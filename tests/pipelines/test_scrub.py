from __future__ import annotations

from collections.abc import Sequence

import polars as pl
import pytest

from conf import load_toml
from pipelines.scrub import ColumnPlan, customer_key, known_value_spans, redact, scrub_records
from recognizers.engine import Detector
from recognizers.span import Span

KEY = b"k" * 32
ARCHIVE = load_toml("defaults.toml")["archive"]


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("+86 138-1234-5678", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("138 1234 5678", "13812345678"),
    ],
)
def test_customer_key_is_the_same_for_every_way_a_phone_is_written(written: str, canonical: str) -> None:
    assert customer_key(KEY, "phone", written) == customer_key(KEY, "phone", canonical)


def test_customer_key_depends_on_the_workspace_key_and_is_not_the_value() -> None:
    first = customer_key(KEY, "id_number", "11010119900307123x")
    assert first == customer_key(KEY, "id_number", "11010119900307123X")
    assert first != customer_key(b"j" * 32, "id_number", "11010119900307123X")
    assert first is not None and "110101" not in first


def test_customer_key_is_none_for_unusable_values() -> None:
    assert customer_key(KEY, "phone", "无") is None
    assert customer_key(KEY, "id_number", "12345") is None


def test_redact_merges_overlapping_spans_into_one_placeholder() -> None:
    text = "电话13812345678谢谢"
    spans = [Span(2, 13, "CN_MOBILE", 0.9), Span(5, 13, "CN_LANDLINE", 0.5)]
    assert redact(text, spans) == "电话〔手机号〕谢谢"


def test_known_values_of_the_record_are_redacted_in_its_free_text() -> None:
    spans = known_value_spans(
        "我是张建国，在腾达科技有限公司上班", [("张建国", "PERSON"), ("腾达科技有限公司", "EMPLOYER")]
    )
    assert [(s.start, s.end, s.entity_type) for s in spans] == [(2, 5, "PERSON"), (7, 15, "EMPLOYER")]


def test_short_known_numbers_do_not_redact_ordinary_text() -> None:
    assert known_value_spans("面积35平方米", [("35", None)]) == []


def _records(**columns: Sequence[str | None]) -> pl.DataFrame:
    count = len(next(iter(columns.values())))
    data: dict[str, Sequence[object]] = {
        "record_id": [f"r{i}" for i in range(count)],
        "source_sha256": ["0" * 64] * count,
        "source_sheet": [0] * count,
        "source_row": list(range(2, count + 2)),
        "damaged": [None] * count,
        **columns,
    }
    return pl.DataFrame(data)


def test_private_columns_never_reach_the_archive(detector: Detector) -> None:
    plan = [
        ColumnPlan(0, "业主姓名", "name", "private", "PERSON"),
        ColumnPlan(1, "联系电话", "phone", "private", "CN_MOBILE"),
        ColumnPlan(2, "诉求", "request", "free_text"),
        ColumnPlan(3, "装修情况", None, "other_text"),
    ]
    records = _records(
        c0=["王建国", "李梅"],
        c1=["13812345678", "13987654321"],
        c2=["王建国反映楼上漏水，请回电13812345678", "电梯经常停运"],
        c3=["已入住", None],
    )
    result = scrub_records(records, plan, detector.detect_column, KEY, ARCHIVE)
    assert result.archive.columns == list(ARCHIVE["allowed_columns"])
    assert result.archive["request"].to_list() == ["〔姓名〕反映楼上漏水，请回电〔手机号〕", "电梯经常停运"]
    assert result.archive["other_info"].to_list() == ["装修情况：已入住", None]
    dumped = result.archive.write_csv()
    assert "王建国" not in dumped and "13812345678" not in dumped and "李梅" not in dumped
    assert result.archive["customer_key"].null_count() == 0
    assert result.quarantine.height == 0


def test_damaged_rows_and_residual_shapes_go_to_quarantine(detector: Detector) -> None:
    plan = [ColumnPlan(0, "诉求", "request", "free_text")]
    records = _records(c0=["门禁坏了", "电话1 3 8 1 2 3 4 5 6 7 8"]).with_columns(
        pl.Series("damaged", ["damaged cell in column 身份证号: precision lost", None])
    )
    result = scrub_records(records, plan, detector.detect_column, KEY, ARCHIVE)
    assert result.archive.height == 0
    reasons = result.quarantine["reason"].to_list()
    assert reasons[0].startswith("damaged cell")
    assert reasons[1] == "residual PII shape after scrubbing: CN_MOBILE"
    assert "1381" not in "".join(reasons)
