"""The output guarantee: a great-expectations suite the archive must pass before it is committed.

It checks that no text column holds a value shaped like a mobile, landline, ID, bank-card or email value (the
shapes of ``leak_checks``), that exactly the allow-listed columns exist (the archive has a fixed schema), and
that the row count is the one the run summary accounts for. Every chunk is validated with a screening suite (one
multicolumn expectation for all text columns and shapes); only when it fails is the full suite (one expectation
per column and shape) run on the same batch, so the failure names the column and the entity. Results are
requested in SUMMARY format with no partial unexpected values, so a failing value — PII by definition — is never
copied into a result or a message.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import pandas as pd
import polars as pl

from recognizers.deferred_imports import Deferral

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
# Modules great-expectations imports for an expectation baomi never runs: loaded on first use instead
# (recognizers/deferred_imports.py).
_DEFERRAL = Deferral(("scipy.stats", "altair"))

import great_expectations as gx
from great_expectations.data_context.types.base import ProgressBarsConfig
from great_expectations.execution_engine import pandas_execution_engine
from great_expectations.execution_engine.pandas_execution_engine import PandasExecutionEngine
from great_expectations.expectations.core.expect_table_columns_to_match_set import (
    ExpectTableColumnsToMatchSet,
)
from great_expectations.expectations.core.expect_table_row_count_to_equal import (
    ExpectTableRowCountToEqual,
)
from great_expectations.expectations.expectation import ColumnMapExpectation, MulticolumnMapExpectation
from great_expectations.expectations.metrics.map_metric_provider.column_condition_partial import (
    column_condition_partial,
)
from great_expectations.expectations.metrics.map_metric_provider.column_map_metric_provider import (
    ColumnMapMetricProvider,
)
from great_expectations.expectations.metrics.map_metric_provider.multicolumn_condition_partial import (
    multicolumn_condition_partial,
)
from great_expectations.expectations.metrics.map_metric_provider.multicolumn_map_metric_provider import (
    MulticolumnMapMetricProvider,
)
from great_expectations.validator.v1_validator import Validator

from expectations.leak_checks import LEAK_PATTERNS, MAYBE_LEAK_PATTERN, find_leaks, holds_leak

_DEFERRAL.release()

# great-expectations fingerprints every batch under HASH_THRESHOLD bytes (an MD5 over pandas' hash of every
# cell, ~11 % of a batch's main process) only to put it in the batch's markers, which baomi never reads; batches
# over the threshold it leaves without one. At 0, every archive part is such a batch. (A batch's id, which keys
# great-expectations' metric cache, never held the fingerprint: it is the data source's and asset's names.)
pandas_execution_engine.HASH_THRESHOLD = 0

# Never hand failing values back: they are PII.
SAFE_RESULT_FORMAT: dict[str, Any] = {"result_format": "SUMMARY", "partial_unexpected_count": 0}


def _holds_none(column: pd.Series, leaks: Callable[[str], bool]) -> pd.Series:
    """Per value: True when ``leaks`` finds nothing in it. Archive columns repeat values (requests, categories,
    dates): each distinct value that may leak (``_suspects``) is checked once."""
    return ~column.isin([value for value in _suspects(column) if leaks(str(value))])


def _suspects(column: pd.Series) -> list[Any]:
    """The distinct non-null values of ``column`` that ``leaks`` has to look at. In a string column, polars
    keeps only those ``MAYBE_LEAK_PATTERN`` matches — a condition every leak shape needs (``find_leaks`` checks
    it first with Python's re; Rust's regex matches at least where Python's does). A column of any other type
    gives all its distinct values, read as one Python list."""
    try:
        series = pl.from_pandas(column)
    except (TypeError, ValueError, pl.exceptions.PolarsError):
        series = None
    if series is not None and series.dtype == pl.String:
        distinct = series.drop_nulls().unique()
        return distinct.filter(distinct.str.contains(MAYBE_LEAK_PATTERN)).to_list()
    values = column.dropna().unique()
    return values.tolist() if hasattr(values, "tolist") else list(values)


class ColumnValuesHoldNoPii(ColumnMapMetricProvider):
    """Per value: True when the value holds nothing shaped like ``entity``."""

    condition_metric_name = "column_values.hold_no_pii"
    condition_value_keys = ("entity",)

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, entity: str, **kwargs: Any) -> pd.Series:
        return _holds_none(column, lambda value: holds_leak(value, entity))


class ExpectColumnValuesToHoldNoPii(ColumnMapExpectation):
    """Expect no value of the column to hold a value shaped like ``entity`` (CN_MOBILE, CN_RESIDENT_ID, …)."""

    entity: str
    map_metric = "column_values.hold_no_pii"
    success_keys = ("entity", "mostly")
    args_keys = ("column", "entity")
    library_metadata: ClassVar[dict[str, Any]] = {"tags": ["baomi", "pii"], "contributors": ["baomi"]}


class MulticolumnValuesHoldNoPiiShape(MulticolumnMapMetricProvider):
    """Per row: True when none of the columns holds anything shaped like an entity of ``LEAK_PATTERNS``."""

    condition_metric_name = "multicolumn_values.hold_no_pii_shape"
    condition_domain_keys = (
        "batch_id",
        "table",
        "column_list",
        "row_condition",
        "condition_parser",
        "ignore_row_if",
    )
    condition_value_keys = ()

    @multicolumn_condition_partial(engine=PandasExecutionEngine)  # type: ignore[untyped-decorator]  # unannotated in GX
    def _pandas(cls, column_list: pd.DataFrame, **kwargs: Any) -> pd.Series:
        clean = pd.Series(True, index=column_list.index)
        for name in column_list.columns:
            clean &= _holds_none(column_list[name], lambda value: bool(find_leaks(value)))
        return clean


class ExpectMulticolumnValuesToHoldNoPiiShape(MulticolumnMapExpectation):
    """Expect no value in any of ``column_list`` to hold a value shaped like a PII entity of ``LEAK_PATTERNS``:
    the screening form of ``ExpectColumnValuesToHoldNoPii``, one expectation for all text columns and entities
    (great-expectations' cost per validation grows with the number of expectations, not with the rows)."""

    map_metric = "multicolumn_values.hold_no_pii_shape"
    success_keys = ("mostly",)
    args_keys = ("column_list",)
    ignore_row_if: Literal["all_values_are_missing", "any_value_is_missing", "never"] = "never"
    library_metadata: ClassVar[dict[str, Any]] = {"tags": ["baomi", "pii"], "contributors": ["baomi"]}


@dataclass
class GuaranteeResult:
    """Structured outcome: passes, and for each failed expectation a message that holds no values."""

    passes: bool
    failed: list[str] = field(default_factory=list)
    checked: int = 0


def build_suite(
    text_columns: Sequence[str], allowed_columns: Sequence[str], row_count: int
) -> gx.ExpectationSuite:
    """The output-guarantee suite for an archive with these text columns and this many rows: one expectation
    per column and leak entity, so a failure names the entity."""
    suite = gx.ExpectationSuite(name="baomi_output_guarantee")
    suite.add_expectation(ExpectTableColumnsToMatchSet(column_set=list(allowed_columns), exact_match=True))
    suite.add_expectation(ExpectTableRowCountToEqual(value=row_count))
    for column in text_columns:
        for entity in LEAK_PATTERNS:
            suite.add_expectation(ExpectColumnValuesToHoldNoPii(column=column, entity=entity))
    return suite


def build_screening_suite(
    text_columns: Sequence[str], allowed_columns: Sequence[str], row_count: int
) -> gx.ExpectationSuite:
    """The same guarantee with one expectation for all text columns and leak entities: what every chunk is
    validated with (great-expectations' cost grows with the number of expectations). It fails exactly when
    ``build_suite`` fails; ``OutputGuarantee`` then runs that suite to name what failed. With fewer than two
    text columns it is that suite (great-expectations' multicolumn expectations take two columns or more)."""
    if not _screens_in_one(text_columns):
        return build_suite(text_columns, allowed_columns, row_count)
    suite = gx.ExpectationSuite(name="baomi_output_guarantee_screening")
    suite.add_expectation(ExpectTableColumnsToMatchSet(column_set=list(allowed_columns), exact_match=True))
    suite.add_expectation(ExpectTableRowCountToEqual(value=row_count))
    suite.add_expectation(ExpectMulticolumnValuesToHoldNoPiiShape(column_list=list(text_columns)))
    return suite


def _screens_in_one(text_columns: Sequence[str]) -> bool:
    """Whether the screening suite checks these columns with one multicolumn expectation (else it is the full
    suite)."""
    return len(text_columns) >= 2


class OutputGuarantee:
    """The suite bound to one great-expectations context, validated chunk by chunk (context set-up is costly)."""

    def __init__(self, text_columns: Sequence[str], allowed_columns: Sequence[str]) -> None:
        self.text_columns = list(text_columns)
        self.allowed_columns = list(allowed_columns)
        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False)  # baomi draws its own
        asset = context.data_sources.add_pandas("baomi_archive").add_dataframe_asset("archive")
        self._batch_definition = asset.add_batch_definition_whole_dataframe("whole")

    def validate(self, archive: pd.DataFrame, expected_rows: int) -> GuaranteeResult:
        """Validate one archive frame (or chunk) that must hold ``expected_rows`` rows: with the screening suite,
        and when that fails, with the full suite, whose failures name the column and the entity."""
        # One validator for both suites: the frame is made a batch (and fingerprinted) once.
        validator = Validator(
            self._batch_definition, result_format=SAFE_RESULT_FORMAT, batch_parameters={"dataframe": archive}
        )
        present = [column for column in self.text_columns if column in archive.columns]
        screening = validator.validate_expectation_suite(
            build_screening_suite(present, self.allowed_columns, expected_rows)
        )
        if screening.success:
            return GuaranteeResult(passes=True, checked=len(screening.results))
        validation = screening  # the screening was the full suite: its results name what failed
        if _screens_in_one(present):
            validation = validator.validate_expectation_suite(
                build_suite(present, self.allowed_columns, expected_rows)
            )
        failed: list[str] = []
        for result in validation.results:
            if result.success:
                continue
            config = result.expectation_config
            if config is None:
                failed.append("an expectation without configuration failed")
                continue
            kwargs = {
                key: value for key, value in config.kwargs.items() if key in ("column", "entity", "value")
            }
            detail = _describe_failure(config.type, result.result)
            failed.append(
                f"{config.type}({', '.join(f'{k}={v}' for k, v in sorted(kwargs.items()))}){detail}"
            )
        if not failed:  # cannot happen (the suites check the same shapes); never let a failure pass silently
            failed.append("the screening suite failed but the full suite passed")
        checked = len(screening.results) + (len(validation.results) if validation is not screening else 0)
        return GuaranteeResult(passes=False, failed=failed, checked=checked)


def run_output_guarantee(
    archive: pd.DataFrame,
    text_columns: Sequence[str],
    allowed_columns: Sequence[str],
    expected_rows: int,
) -> GuaranteeResult:
    """Validate the archive frame; ``expected_rows`` is rows read minus rows quarantined."""
    return OutputGuarantee(text_columns, allowed_columns).validate(archive, expected_rows)


def _describe_failure(expectation_type: str, result: dict[str, Any]) -> str:
    """Counts and column names only: the unexpected values themselves are never read."""
    if expectation_type == "expect_table_columns_to_match_set":
        mismatched = result.get("details", {}).get("mismatched", {})
        unexpected = mismatched.get("unexpected", [])
        missing = mismatched.get("missing", [])
        parts = []
        if unexpected:
            parts.append(f"columns not allowed in the archive: {', '.join(map(str, unexpected))}")
        if missing:
            parts.append(f"allow-listed columns missing: {', '.join(map(str, missing))}")
        return ": " + "; ".join(parts) if parts else ""
    if expectation_type == "expect_table_row_count_to_equal":
        return f": observed {result.get('observed_value')} rows"
    count = result.get("unexpected_count")
    return f": {count} of {result.get('element_count')} values" if count is not None else ""
