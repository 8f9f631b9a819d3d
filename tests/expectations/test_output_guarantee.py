from __future__ import annotations

import json

import pandas as pd

from expectations.output_guarantee import run_output_guarantee

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
    assert result.checked > 10


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
