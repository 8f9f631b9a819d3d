from __future__ import annotations

import json

import pandas as pd
import pytest
from great_expectations.execution_engine import pandas_execution_engine

from expectations.leak_checks import find_leaks
from expectations.output_guarantee import (
    SAFE_RESULT_FORMAT,
    OutputGuarantee,
    _holds_none,
    _suspects,
    build_screening_suite,
    build_suite,
    run_output_guarantee,
)

ALLOWED = ["record_id", "request", "note"]
PHONE = "13812345678"


def _frame(requests: list[str | None]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "record_id": [f"r{i}" for i in range(len(requests))],
            "request": requests,
            "note": [None] * len(requests),
        }
    )


def test_a_clean_archive_passes() -> None:
    result = run_output_guarantee(
        _frame(["门禁坏了", "〔手机号〕请回电", None]), ["request", "note"], ALLOWED, 3
    )
    assert result.passes, result.failed
    assert (
        result.checked == 3
    )  # the screening suite: columns, row count, one expectation for all text columns


def test_a_leaking_archive_fails_naming_the_expectation_never_the_value() -> None:
    result = run_output_guarantee(_frame(["门禁坏了", f"请回电{PHONE}"]), ["request", "note"], ALLOWED, 2)
    assert not result.passes
    assert result.failed == [
        "expect_column_values_to_hold_no_pii(column=request, entity=CN_MOBILE): 1 of 2 values"
    ]
    assert "1381234" not in json.dumps(result.failed)


def test_a_column_outside_the_allow_list_fails() -> None:
    frame = _frame(["门禁坏了"]).assign(phone=["〔手机号〕"])
    result = run_output_guarantee(frame, ["request"], ALLOWED, 1)
    assert not result.passes
    assert any("columns not allowed in the archive: phone" in failure for failure in result.failed)


def test_row_counts_must_add_up() -> None:
    result = run_output_guarantee(_frame(["门禁坏了"]), ["request"], ALLOWED, 2)
    assert result.failed == ["expect_table_row_count_to_equal(value=2): observed 1 rows"]


LEAKS = {
    "CN_MOBILE": "请回电138 1234 5678",
    "CN_LANDLINE": "座机(010)6234-5678",
    "CN_RESIDENT_ID": "证件11010519491231002X",
    "CN_BANK_CARD": "卡号6222 0212 3456 7890 128",
    "EMAIL_ADDRESS": "邮箱abc@example.com",
}


def test_every_leak_shape_fails_the_screening_and_is_named_by_the_full_suite() -> None:
    for entity, text in LEAKS.items():
        result = run_output_guarantee(_frame(["门禁坏了", text]), ["request", "note"], ALLOWED, 2)
        assert not result.passes
        assert any(f"column=request, entity={entity}" in failure for failure in result.failed), (
            entity,
            result,
        )
        assert result.checked == 3 + 2 + 2 * len(LEAKS)  # screening, then the full suite


def test_the_screening_suite_and_the_full_suite_agree() -> None:
    """Row by row, the one screening expectation over all text columns fails exactly when one of the full suite's
    expectations (per column and entity) fails — whichever column the leak is in."""
    requests = ["门禁坏了", "订单号2024112700123", "〔手机号〕", "日期2024-11-27", *LEAKS.values()]
    notes: list[str | None] = [None] * len(requests)
    notes[1] = "备用" + PHONE  # a leak in the other column only
    requests[1] = "门禁坏了"
    frame = _frame(requests).assign(note=notes)
    guarantee = OutputGuarantee(["request", "note"], ALLOWED)
    for rows in range(1, len(frame) + 1):
        part = frame.head(rows)
        batch = guarantee._batch_definition.get_batch(batch_parameters={"dataframe": part})
        screening = build_screening_suite(["request", "note"], ALLOWED, rows)
        screened = batch.validate(screening, result_format=SAFE_RESULT_FORMAT)
        detailed = batch.validate(
            build_suite(["request", "note"], ALLOWED, rows), result_format=SAFE_RESULT_FORMAT
        )
        assert screened.success == detailed.success == (rows == 1)
        assert len(screening.expectations) == 3
    assert len(build_suite(["request", "note"], ALLOWED, 1).expectations) == 2 + 2 * len(LEAKS)


def test_with_one_text_column_the_screening_is_the_full_suite() -> None:
    """great-expectations' multicolumn expectations need two columns: one text column is screened per entity."""
    result = run_output_guarantee(_frame(["门禁坏了", LEAKS["CN_MOBILE"]]), ["request"], ALLOWED, 2)
    assert result.failed == [
        "expect_column_values_to_hold_no_pii(column=request, entity=CN_MOBILE): 1 of 2 values"
    ]
    assert run_output_guarantee(_frame(["门禁坏了"]), ["request"], ALLOWED, 1).passes
    assert len(build_screening_suite(["request"], ALLOWED, 1).expectations) == 2 + len(LEAKS)


def test_only_values_that_may_leak_are_checked_and_the_verdict_is_unchanged() -> None:
    """polars picks the values ``find_leaks`` looks at (``_suspects``); per value, the verdict is the one of
    looking at every distinct value, for string columns of either pandas type and for a column of numbers."""
    texts = [
        *LEAKS.values(),
        "门禁坏了",
        None,
        "手机１３８１２３４５６７８",  # full-width digits
        "138\x1c1234\x1d5678",  # separators Python's \s takes and Rust's does not
        "订单号2024112700123",
        "日期2024-11-27",
        "邮箱ａｂｃ＠ｅｘａｍｐｌｅ．ｃｏｍ",
        "门禁坏了",
    ]

    def leaks(value: str) -> bool:
        return bool(find_leaks(value))

    def reference(column: pd.Series) -> list[bool]:
        return [value is None or pd.isna(value) or not leaks(str(value)) for value in column.tolist()]

    for column in (
        pd.Series(texts, dtype="str"),
        pd.Series(texts, dtype=object),
        pd.Series([13812345678, 20241127, 6222021234567890128], dtype="int64"),
    ):
        assert _holds_none(column, leaks).tolist() == reference(column)
    assert not all(reference(pd.Series(texts, dtype="str")))
    suspects = _suspects(pd.Series(texts, dtype="str"))
    assert "门禁坏了" not in suspects and "日期2024-11-27" not in suspects  # never looked at
    assert len(suspects) == len(set(suspects))


def test_parts_are_not_fingerprinted_and_each_part_is_judged_on_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """great-expectations' batch fingerprint (hashing every cell) is switched off; one guarantee still judges
    every part by its own values, clean, leaking and clean again."""

    def fingerprint(_: pd.DataFrame) -> str:
        raise AssertionError("great-expectations fingerprinted an archive part")

    monkeypatch.setattr(pandas_execution_engine, "hash_pandas_dataframe", fingerprint)
    guarantee = OutputGuarantee(["request", "note"], ALLOWED)
    verdicts = [
        guarantee.validate(_frame(requests), 2).passes
        for requests in (["门禁坏了", "请回电"], ["门禁坏了", f"请回电{PHONE}"], ["门禁坏了", "请回电"])
    ]
    assert verdicts == [True, False, True]
