from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from typing import Any

import polars as pl
import pytest

from conf import load_toml
from pipelines import scrub
from pipelines.scrub import ColumnPlan, ScrubResult, customer_key, known_value_spans, redact, scrub_records
from pipelines.synthetic import PiiFaker
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


@pytest.mark.parametrize("key_length", [0, 1, 31, 32, 63, 64, 65, 200])
def test_customer_key_is_hmac_sha256_of_field_and_normalised_value(key_length: int) -> None:
    # Keys link a customer across batches: they must stay HMAC-SHA256 exactly, whatever computes them.
    key = bytes((7 * index + key_length) % 256 for index in range(key_length))
    for field_name, value, normalised in [
        ("phone", "138 1234 5678", "13812345678"),
        ("phone", "+86 19866048764", "19866048764"),
        ("id_number", "11010119900307123x", "11010119900307123X"),
        ("id_number", "110101900307123", "110101900307123"),
    ]:
        expected = hmac.new(key, f"{field_name}:{normalised}".encode(), hashlib.sha256).hexdigest()[:32]
        assert customer_key(key, field_name, value) == expected


def test_customer_keys_of_earlier_batches_still_match() -> None:
    # The key of one phone under the test key, as every earlier version computed it.
    assert customer_key(KEY, "phone", "138-1234-5678") == "3c241b959ad46402c2ee9f6d169640f9"


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


def test_column_wise_assembly_equals_the_row_loop(
    detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = [
        ColumnPlan(0, "业主姓名", "name", "private", "PERSON"),
        ColumnPlan(1, "联系电话", "phone", "private", "CN_MOBILE"),
        ColumnPlan(2, "诉求", "request", "free_text"),
        ColumnPlan(3, "问题描述", "request", "free_text"),
        ColumnPlan(4, "装修情况", None, "other_text"),
        ColumnPlan(5, "登记日期", "date", "context"),
        ColumnPlan(6, "备用说明", None, "other_text"),
    ]
    records = _records(
        c0=["王建国", "李梅", None, "赵强", "孙丽"],
        c1=["13812345678", None, "13987654321", None, "13700000000"],
        c2=["电梯坏了", "王建国家漏水", None, "门禁坏了，电话13812345678", "=SUM(A1)"],
        c3=[None, "楼上噪音", None, "停车难", None],
        c4=["已入住", None, None, "装修中", None],
        c5=["2026-10-01", None, "2026-10-03", None, None],
        c6=[None, "无", None, None, "孙丽来访"],
    )
    quick = _same_as_the_row_loop(records, plan, detector, monkeypatch)
    assert quick.archive["request"].to_list()[:3] == ["电梯坏了", "〔姓名〕家漏水\n楼上噪音", None]


def test_column_wise_redaction_equals_the_row_loop_on_generated_records(
    detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows with spans, leak shapes left after redaction, damaged rows, owners named in their own request and
    empty cells: the column-wise path gives the row loop's archive, quarantine (in row order) and counts."""
    faker = PiiFaker(seed=11)
    rows = 240
    names = [faker.person() if i % 7 else None for i in range(rows)]
    phones = [faker.mobile() if i % 5 else None for i in range(rows)]
    requests: list[str | None] = []
    repeated = [f"联系人{faker.person()}，电话{faker.mobile()}，{faker.request()}" for _ in range(8)]
    for i in range(rows):
        if i % 11 == 0:
            requests.append(None)
        elif i % 13 == 0 and names[i]:
            requests.append(f"{names[i]}反映门禁坏了")  # a private value recurring in the text: row loop
        elif i % 17 == 0:
            requests.append("回电1 3 8 1 2 3 4 5 6 7 8")  # a mobile shape the recognizers do not read
        elif i % 3 == 1:  # requests with PII, each repeated across rows (detected once, counted per row)
            requests.append(repeated[i % len(repeated)])
        else:
            requests.append(faker.request())
    notes = [faker.request() if i % 3 == 0 else ("装修中" if i % 4 else None) for i in range(rows)]
    plan = [
        ColumnPlan(0, "业主姓名", "name", "private", "PERSON"),
        ColumnPlan(1, "联系电话", "phone", "private", "CN_MOBILE"),
        ColumnPlan(2, "诉求", "request", "free_text"),
        ColumnPlan(3, "备注", None, "other_text"),
        ColumnPlan(4, "登记日期", "date", "context"),
    ]
    records = _records(
        c0=names, c1=phones, c2=requests, c3=notes, c4=["2026-10-01" if i % 2 else None for i in range(rows)]
    ).with_columns(
        pl.Series(
            "damaged",
            ["damaged cell in column 联系电话: precision lost" if i % 29 == 5 else None for i in range(rows)],
        )
    )
    flagged = _spy_on_row_loop_choice(monkeypatch)
    quick = _same_as_the_row_loop(records, plan, detector, monkeypatch)
    # Most rows with something to redact took the column-wise path.
    redacted = sum("〔" in (text or "") for text in quick.archive["request"].to_list())
    assert 0 < sum(flagged[0]) < redacted
    # The case mix is really there: redacted requests, leak shapes and damage in quarantine.
    assert any("〔" in (text or "") for text in quick.archive["request"].to_list())
    reasons = quick.quarantine["reason"].to_list()
    assert any(reason.startswith("residual PII shape") for reason in reasons)
    assert any(reason.startswith("damaged cell") for reason in reasons)
    assert quick.quarantine["source_row"].is_sorted()


def test_a_private_value_with_trailing_control_whitespace_is_still_found_in_the_text(
    detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Python's strip() removes \x1c-\x1f, polars' strip_chars() does not (a Parquet cell keeps them): the row
    # loop finds "星河" in the request, so the column-wise path must send the row there.
    plan = [
        ColumnPlan(0, "工作单位", "employer", "private", "EMPLOYER"),
        ColumnPlan(1, "诉求", "request", "free_text"),
    ]
    records = _records(c0=["星河\x1f", "星河"], c1=["我在星河上班，请周末上门"] * 2)
    quick = _same_as_the_row_loop(records, plan, detector, monkeypatch)
    assert quick.archive["request"].to_list() == ["我在〔工作单位〕上班，请周末上门"] * 2


def test_a_private_value_recurring_in_any_scanned_column_sends_its_row_to_the_row_loop(
    detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The private values are searched for in the record's scanned texts all at once: a value in the second or
    # third text, or in a context column, must be found as surely as one in the first.
    plan = [
        ColumnPlan(0, "工作单位", "employer", "private", "EMPLOYER"),
        ColumnPlan(1, "联系电话", "phone", "private", "CN_MOBILE"),
        ColumnPlan(2, "诉求", "request", "free_text"),
        ColumnPlan(3, "备注", None, "other_text"),
        ColumnPlan(4, "处理状态", "status", "context"),
    ]
    employers = ["星河", "星河", "星河", "星河", "星河", "河\x00电", "水已"]
    records = _records(
        c0=employers,
        c1=["13812345678", None, "13812345678", None, None, None, "13812345678"],
        c2=["我在星河上班", "电梯坏了", None, "电梯坏了", "电梯坏了", "星河", "漏水"],
        c3=[None, "星河来电", "回电13812345678", None, "装修中", "电梯", None],
        c4=["已处理", "已处理", "已处理", "星河处理", "已处理", "已处理", "已处理"],
    )
    flagged = _spy_on_row_loop_choice(monkeypatch)
    _same_as_the_row_loop(records, plan, detector, monkeypatch)
    # Rows 0-3 hold a private value in one of the texts; row 4 holds none. Row 5's value holds the separator
    # ("河" + separator + "电" spans two of its texts): found in no single text, it may only add a row. Row 6's
    # value straddles two of its texts ("漏水" and "已处理"): the texts are not simply run together.
    assert flagged[0][:5] == [True, True, True, True, False]
    assert flagged[0][6] is False


def _spy_on_row_loop_choice(monkeypatch: pytest.MonkeyPatch) -> list[list[bool]]:
    """Per ``_needs_row_loop`` call from now on: which rows it sent to the row loop."""
    flagged: list[list[bool]] = []
    needs_row_loop = scrub._needs_row_loop

    def spy(*args: Any) -> pl.Series:
        slow = needs_row_loop(*args)
        flagged.append(slow.to_list())
        return slow

    monkeypatch.setattr("pipelines.scrub._needs_row_loop", spy)
    return flagged


def _same_as_the_row_loop(
    records: pl.DataFrame, plan: list[ColumnPlan], detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> ScrubResult:
    """Scrub ``records`` as the pipeline does, and again with every row sent through the row loop (which
    defines the result); the two must agree on the archive, the quarantine and the counts."""
    quick = scrub_records(records, plan, detector.detect_column, KEY, ARCHIVE)
    with monkeypatch.context() as patched:
        patched.setattr(
            "pipelines.scrub._needs_row_loop", lambda frame, *args: pl.Series([True] * frame.height)
        )
        looped = scrub_records(records, plan, detector.detect_column, KEY, ARCHIVE)
    assert quick.archive.equals(looped.archive)
    assert quick.quarantine.equals(looped.quarantine)
    assert quick.entity_counts == looped.entity_counts
    return quick


def test_column_wise_customer_keys_are_customer_key_of_the_first_usable_field() -> None:
    """Keys found column-wise (canonical values keyed as they are, the rest normalised one by one) are
    ``customer_key`` of the ID, or of the phone when the ID is unusable, for values in every form a key field
    takes."""
    odd = [
        None, "", "  ", "13812345678", " 13812345678 ", "138-1234-5678", "+86 138 1234 5678", "008613812345678",
        "8613812345678", "１３８１２３４５６７８", "1３８１２３４５６７８", "23812345678", "1381234567", "٣٨١٢٣٤٥٦٧٨١", "110101199003071234",
        "11010119900307123x", "11010119900307123X", "110101 19900307 1234", "１１０１０１１９９００３０７１２３４",
        "110101900307123", "11010119900307123", "ABC", "0755-12345678",
    ]  # fmt: skip
    rows = pl.DataFrame(
        {"c0": [a for a in odd for _ in odd], "c1": [b for _ in odd for b in odd]},
        schema={"c0": pl.String, "c1": pl.String},
    )
    private = [
        ColumnPlan(1, "电话", "phone", "private", "CN_MOBILE"),
        ColumnPlan(0, "证件", "id_number", "private"),
    ]
    key = b"k" * 32
    expected = [
        customer_key(key, "id_number", id_number) or customer_key(key, "phone", phone)
        for id_number, phone in rows.iter_rows()
    ]
    assert scrub._record_keys(rows, private, ["id_number", "phone"], key) == expected
    assert 0 < sum(k is None for k in expected) < len(expected)
