"""The scrub step: keep only the non-private request information of each record.

Policy 5.2.2: "将客户的其他诉求信息进行电子版归档管理，但不得保留客户电话、工作单位等私密信息". Private columns never
reach the archive; free text is redacted span by span with typed placeholders; each record gets a pseudonymous
customer key (keyed HMAC) in place of its phone or ID. A record whose scrubbed text still holds a PII shape goes to
quarantine, never to the archive.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import polars as pl

from expectations.leak_checks import MAYBE_LEAK_PATTERN, find_leaks
from recognizers.fields import field_entities
from recognizers.placeholders import placeholder_for
from recognizers.span import Span
from recognizers.text import fold_column, fold_width, python_whitespace

DetectFn = Callable[[str, Sequence[str]], list[Span]]
# Spans for every value of a column, given the column's context words (its header): the fast path's shape.
DetectColumnFn = Callable[[Sequence[str | None], Sequence[str]], list[list[Span]]]
Role = Literal["private", "context", "free_text", "other_text"]

# Canonical field → the entity its values are (conf/header_synonyms.toml [entities]; absent: private, but no
# entity of its own, e.g. gender).
FIELD_ENTITY: dict[str, str] = field_entities()

SOURCE_COLUMNS = ("record_id", "source_sha256", "source_sheet", "source_row")
SOURCE_SCHEMA = {
    "record_id": pl.String,
    "source_sha256": pl.String,
    "source_sheet": pl.Int64,
    "source_row": pl.Int64,
}
QUARANTINE_SCHEMA = {**SOURCE_SCHEMA, "reason": pl.String}


@dataclass(frozen=True)
class ColumnPlan:
    """What the scrub step does with one input column."""

    index: int
    header: str
    field: str | None
    role: Role
    entity: str | None = None
    confidence: float = 1.0


@dataclass
class ScrubResult:
    """Archive rows, quarantine rows and what was found (counts only)."""

    archive: pl.DataFrame
    quarantine: pl.DataFrame
    entity_counts: Counter[str] = field(default_factory=Counter)


def customer_key(key: bytes, field_name: str, value: str | None) -> str | None:
    """Keyed HMAC-SHA256 of the normalised phone or ID: stable across batches, irreversible without the key."""
    normalised = normalise_key_value(field_name, value)
    if normalised is None:
        return None
    return _digest(_keyed(key), f"{field_name}:".encode(), normalised)


@dataclass(frozen=True)
class _Keyed:
    """HMAC-SHA256 set up for one key (RFC 2104): SHA-256 states that have already taken the key's inner and
    outer pads. Copying the two states per value instead of an ``hmac.HMAC`` object (which wraps the same states
    in Python) makes a key 1.17 µs instead of 2.67 µs; ``hmac.new`` gives the same digests
    (tests/pipelines/test_scrub.py)."""

    inner: Any
    outer: Any


_SHA256_BLOCK = 64


@lru_cache(maxsize=4)
def _keyed(key: bytes) -> _Keyed:
    """The key's HMAC-SHA256 state, set up once (a fresh ``hmac.new`` per row costs more)."""
    if len(key) > _SHA256_BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(_SHA256_BLOCK, b"\0")
    return _Keyed(
        inner=hashlib.sha256(bytes(byte ^ 0x36 for byte in key)),
        outer=hashlib.sha256(bytes(byte ^ 0x5C for byte in key)),
    )


def _digest(keyed: _Keyed, prefix: bytes, normalised: str) -> str:
    """The customer key of a normalised value: keyed HMAC-SHA256 of ``field:value``, 32 hex digits."""
    inner = keyed.inner.copy()
    inner.update(prefix + normalised.encode())
    outer = keyed.outer.copy()
    outer.update(inner.digest())
    return str(outer.hexdigest()[:32])


_NOT_DIGIT = re.compile(r"\D")
_ID_SEPARATOR = re.compile(r"[\s\-]")
_ID_SHAPE = re.compile(r"\d{17}[\dX]|\d{15}")


def normalise_key_value(field_name: str, value: str | None) -> str | None:
    """Canonical form of a phone (11 digits, no +86) or an ID (upper-case, no separators); None when unusable."""
    if not value:
        return None
    if field_name == "phone":
        if len(value) == 11 and value.isascii() and value.isdigit():  # already canonical, or not a mobile
            return value if value[0] == "1" else None
        digits = _NOT_DIGIT.sub("", fold_width(value))
        if digits.startswith("0086"):
            digits = digits[4:]
        elif digits.startswith("86") and len(digits) == 13:
            digits = digits[2:]
        return digits if len(digits) == 11 and digits.startswith("1") else None
    if field_name == "id_number":
        compact = _ID_SEPARATOR.sub("", fold_width(value)).upper()
        return compact if _ID_SHAPE.fullmatch(compact) else None
    return None


def known_value_spans(text: str, values: Sequence[tuple[str, str | None]]) -> list[Span]:
    """Spans where a private value of the same record recurs verbatim in its free text (after width folding)."""
    return _needle_spans(fold_width(text), record_needles(values))


def record_needles(values: Sequence[tuple[str, str | None]]) -> list[tuple[str, str]]:
    """A record's private values as (folded needle, entity), without those too short to search for: a short
    number or a single character would redact ordinary text."""
    return _needles([(fold_width(value), entity) for value, entity in values])


def _needles(folded_values: Sequence[tuple[str, str | None]]) -> list[tuple[str, str]]:
    """``record_needles`` of values already width-folded."""
    needles = []
    for value, entity in folded_values:
        needle = value.strip()
        if len(needle) >= 2 and not (needle.isdigit() and len(needle) < 5):
            needles.append((needle, entity or "PRIVATE"))
    return needles


def _needle_spans(folded: str, needles: Sequence[tuple[str, str]]) -> list[Span]:
    spans: list[Span] = []
    for needle, entity in needles:
        start = folded.find(needle)
        while start >= 0:
            spans.append(Span(start, start + len(needle), entity, 1.0))
            start = folded.find(needle, start + len(needle))
    return spans


def redact(text: str, spans: Sequence[Span]) -> str:
    """Replace spans with their placeholders; overlapping spans merge into one placeholder (the widest's type)."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            widest = last if last.end - last.start >= span.end - span.start else span
            merged[-1] = Span(
                last.start, max(last.end, span.end), widest.entity_type, max(last.score, span.score)
            )
        else:
            merged.append(span)
    pieces: list[str] = []
    cursor = 0
    for span in merged:
        pieces.append(text[cursor : span.start])
        pieces.append(placeholder_for(span.entity_type))
        cursor = span.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def scrub_records(
    records: pl.DataFrame,
    plan: Sequence[ColumnPlan],
    detect_column: DetectColumnFn,
    pseudonym_key: bytes,
    archive_settings: dict[str, Any],
) -> ScrubResult:
    """Scrub one chunk of a table's records.

    ``records`` holds SOURCE_COLUMNS, ``damaged`` (a reason or null) and one string column ``c{index}`` per
    planned input column. Detection runs column-wise (each distinct value once). Rows that are not damaged and
    where no private value of the record recurs in its text — most rows — are redacted and assembled
    column-wise (each distinct text redacted once); the others go through the row loop, which defines the
    result (tests/pipelines/test_scrub.py holds the two to the same archive, quarantine and counts).
    Returns archive rows with exactly the allow-listed columns (in input order), and quarantine rows.
    """
    allowed: list[str] = list(archive_settings["allowed_columns"])
    private = [column for column in plan if column.role == "private"]
    scanned = [column for column in plan if column.role != "private"]
    column_spans = {
        column.index: detect_column(records[f"c{column.index}"].to_list(), [column.header])
        for column in scanned
    }
    positioned = records.with_row_index(_POSITION)
    # Width-folded private and scanned values (f{index}), for finding a private value again in the text.
    folded = (
        pl.DataFrame(
            [
                positioned[_POSITION],
                *(
                    fold_column(positioned[f"c{column.index}"]).alias(f"f{column.index}")
                    for column in [*private, *scanned]
                ),
            ]
        )
        if private and scanned
        else None
    )
    slow = _needs_row_loop(positioned, private, scanned, folded)
    quick = positioned.filter(~slow)
    if _has_repeated_context(scanned):  # which column lands in other_info then depends on the row
        quick = quick.head(0)
    slow_rows = positioned.join(quick.select(_POSITION), on=_POSITION, how="anti")
    if folded is not None:
        slow_rows = slow_rows.join(folded, on=_POSITION, how="left")
    archive, quarantine, counts = _row_loop(
        slow_rows, private, scanned, column_spans, pseudonym_key, archive_settings
    )
    quick_archive, quick_quarantine, quick_counts = _assemble(
        quick, private, scanned, column_spans, pseudonym_key, archive_settings
    )
    counts.update(quick_counts)
    merged = pl.concat([quick_archive, archive]).sort(_POSITION).drop(_POSITION)
    set_aside = pl.concat([quick_quarantine, quarantine]).sort(_POSITION).drop(_POSITION)
    return ScrubResult(archive=merged.select(allowed), quarantine=set_aside, entity_counts=counts)


_POSITION = "__position"
QUARANTINE_ROWS_SCHEMA: dict[str, Any] = {**QUARANTINE_SCHEMA, _POSITION: pl.UInt32()}


def _needs_row_loop(
    records: pl.DataFrame,
    private: Sequence[ColumnPlan],
    scanned: Sequence[ColumnPlan],
    folded: pl.DataFrame | None,
) -> pl.Series:
    """Rows that need the row loop: damaged, or a private value that may recur in the record's text
    (``folded``: the width-folded values, f{index}) — a superset of the rows where the row loop finds one."""
    slow = records["damaged"].is_not_null()
    if folded is not None:
        # Each needle is searched for once, in the record's scanned texts joined by a separator, not once per
        # text: a needle in any text is in the join, so the rows found are still a superset (a needle that
        # holds the separator could also match across two texts, which only sends its row to the row loop).
        # The row loop searches for value.strip(): strip as Python does (polars' default set lacks \x1c-\x1f).
        whitespace = python_whitespace()
        searched = folded.select(
            pl.concat_str(
                [pl.col(f"f{text.index}").fill_null("") for text in scanned], separator=_TEXT_SEPARATOR
            ).alias("texts"),
            *(
                pl.col(f"f{value.index}").str.strip_chars(whitespace).alias(f"n{value.index}")
                for value in private
            ),
        )
        hits = [
            pl.col("texts").str.contains(pl.col(f"n{value.index}"), literal=True)
            & (pl.col(f"n{value.index}").str.len_chars() >= 2)
            for value in private
        ]
        slow = slow | searched.select(pl.any_horizontal(hits).fill_null(False)).to_series()
    return slow


# Between a record's scanned texts when its private values are searched for in all of them at once.
_TEXT_SEPARATOR = "\x00"


def _has_repeated_context(scanned: Sequence[ColumnPlan]) -> bool:
    fields = [column.field for column in scanned if column.role == "context"]
    return len(fields) != len(set(fields))


def _assemble(
    rows: pl.DataFrame,
    private: Sequence[ColumnPlan],
    scanned: Sequence[ColumnPlan],
    column_spans: dict[int, list[list[Span]]],
    pseudonym_key: bytes,
    archive_settings: dict[str, Any],
) -> tuple[pl.DataFrame, pl.DataFrame, Counter[str]]:
    """The row loop's archive rows, quarantine rows and counts for records without damage or a recurring
    private value, built column-wise: each distinct text with spans is redacted once and put in place by
    polars, the texts are joined per target as the row loop joins them, and only joined texts with a possible
    leak shape (``MAYBE_LEAK_PATTERN``, run by polars) are checked one by one."""
    allowed: list[str] = list(archive_settings["allowed_columns"])
    counts: Counter[str] = Counter()
    for column in private:
        counts[column.entity or "PRIVATE"] += int(
            rows.select(_present(pl.col(f"c{column.index}")).sum()).item()
        )
    positions: list[int] = rows[_POSITION].to_list()
    parts: dict[str, list[pl.Expr]] = {}
    for column in scanned:
        target = _target(column)
        value = _redacted(rows[f"c{column.index}"], positions, column_spans[column.index], counts)
        parts.setdefault(target, []).append(
            pl.lit(f"{column.header}：") + value if target == "other_info" else value
        )
    # Every target's text (the row loop checks them all for leaks, allow-listed or not).
    texts = rows.select(
        *(
            pl.when(pl.any_horizontal([part.is_not_null() for part in target_parts]))
            .then(pl.concat_str(target_parts, separator=_separator(name), ignore_nulls=True))
            .otherwise(None)
            .alias(name)
            for name, target_parts in parts.items()
        )
    )
    leaked = _leaking_rows(texts, positions)
    keys = _record_keys(rows, private, list(archive_settings["key_fields"]), pseudonym_key)
    columns: list[pl.Expr | pl.Series] = []
    for name in allowed:
        if name in SOURCE_COLUMNS:
            columns.append(pl.col(name))
        elif name == "customer_key":
            columns.append(pl.Series(name, keys, dtype=pl.String))
        elif name in parts:
            columns.append(texts[name])
        else:
            columns.append(pl.lit(None, pl.String).alias(name))
    # Typed Any: polars' cast mapping is invariant in its key type.
    casts: dict[Any, pl.DataType] = {**archive_schema(allowed), _POSITION: pl.UInt32()}
    assembled = rows.select(*columns, pl.col(_POSITION)).cast(casts)
    if not leaked:
        return assembled, pl.DataFrame(schema=QUARANTINE_ROWS_SCHEMA), counts
    set_aside = pl.DataFrame(
        [
            {
                **{name: row[name] for name in SOURCE_COLUMNS},
                "reason": leaked[row[_POSITION]],
                _POSITION: row[_POSITION],
            }
            for row in assembled.filter(pl.col(_POSITION).is_in(list(leaked))).iter_rows(named=True)
        ],
        schema=QUARANTINE_ROWS_SCHEMA,
    )
    return assembled.filter(~pl.col(_POSITION).is_in(list(leaked))), set_aside, counts


def _target(column: ColumnPlan) -> str:
    """The archive column a scanned column's text goes to (other columns' texts go to other_info, labelled)."""
    return str(column.field) if column.role in ("free_text", "context") else "other_info"


def _separator(target: str) -> str:
    """What joins the texts of one archive column."""
    return "；" if target == "other_info" else "\n"


def _leak_reason(texts: Iterable[str | None]) -> str | None:
    """The quarantine reason for a record whose archive texts hold a leak shape (``find_leaks``), else None."""
    leaks = sorted({entity for text in texts for entity in find_leaks(text)})
    return "residual PII shape after scrubbing: " + ", ".join(leaks) if leaks else None


def _leaking_rows(texts: pl.DataFrame, positions: Sequence[int]) -> dict[int, str]:
    """Chunk position → quarantine reason, for the rows whose texts (one column per target) hold a leak shape
    (``find_leaks``); only texts that ``MAYBE_LEAK_PATTERN`` matches are looked at."""
    if not texts.width:
        return {}
    suspect = texts.select(
        pl.any_horizontal(
            [pl.col(name).str.contains(MAYBE_LEAK_PATTERN) for name in texts.columns]
        ).fill_null(False)
    ).to_series()
    leaked: dict[int, str] = {}
    for index, values in zip(suspect.arg_true().to_list(), texts.filter(suspect).iter_rows(), strict=True):
        reason = _leak_reason(values)
        if reason is not None:
            leaked[positions[index]] = reason
    return leaked


def _present(value: pl.Expr) -> pl.Expr:
    """Whether a cell holds a value, as the row loop reads it (neither null nor empty)."""
    return value.is_not_null() & (value != "")


def _redacted(
    values: pl.Series, positions: Sequence[int], spans_at: Sequence[Sequence[Span]], counts: Counter[str]
) -> pl.Expr:
    """A scanned column with its spans redacted (null for an empty cell: the row loop skips it), counting the
    spans of every row as the row loop does. The rows are at chunk ``positions``; a text has the same spans
    wherever it occurs (detection answers each distinct text once)."""
    occurrences: Counter[str] = Counter()
    spans_of: dict[str, Sequence[Span]] = {}
    for position, value in zip(positions, values.to_list(), strict=True):
        spans = spans_at[position]
        if spans and value:
            occurrences[value] += 1
            spans_of[value] = spans
    for text, times in occurrences.items():
        for span in spans_of[text]:
            counts[span.entity_type] += times
    column = pl.col(str(values.name))
    if spans_of:
        column = column.replace(list(spans_of), [redact(text, spans) for text, spans in spans_of.items()])
    return pl.when(_present(pl.col(str(values.name)))).then(column).otherwise(None)


# Values already in the canonical form ``normalise_key_value`` gives (ASCII digits; an ID's check letter upper
# case, no separators), found column-wise: they are keyed as they are.
_CANONICAL_KEY_VALUE = {"phone": r"^1[0-9]{10}$", "id_number": r"^(?:[0-9]{17}[0-9X]|[0-9]{15})$"}


def _record_keys(
    rows: pl.DataFrame, private: Sequence[ColumnPlan], key_fields: Sequence[str], pseudonym_key: bytes
) -> list[str | None]:
    """The customer key of each row: ``customer_key`` of the first key field (in ``key_fields`` order) with a
    usable value, None when there is none."""
    keys: list[str | None] = [None] * rows.height
    keyless = list(range(rows.height))
    state = _keyed(pseudonym_key)
    for column in [c for field_name in key_fields for c in private if c.field == field_name]:
        field_name = str(column.field)
        series = rows[f"c{column.index}"]
        values = series.to_list()
        pattern = _CANONICAL_KEY_VALUE.get(field_name)
        canonical = (
            series.str.contains(pattern).fill_null(False).to_list() if pattern else [False] * rows.height
        )
        prefix = f"{field_name}:".encode()
        still: list[int] = []
        for position in keyless:
            value = (
                values[position] if canonical[position] else normalise_key_value(field_name, values[position])
            )
            if value is None:
                still.append(position)
                continue
            keys[position] = _digest(state, prefix, value)
        keyless = still
        if not keyless:
            break
    return keys


def _row_loop(
    records: pl.DataFrame,
    private: Sequence[ColumnPlan],
    scanned: Sequence[ColumnPlan],
    column_spans: dict[int, list[list[Span]]],
    pseudonym_key: bytes,
    archive_settings: dict[str, Any],
) -> tuple[pl.DataFrame, pl.DataFrame, Counter[str]]:
    """Redact record by record; the rows carry their chunk position in ``_POSITION``."""
    allowed: list[str] = list(archive_settings["allowed_columns"])
    keys = _record_keys(records, private, list(archive_settings["key_fields"]), pseudonym_key)
    archive_rows: list[dict[str, Any]] = []
    quarantine_rows: list[dict[str, Any]] = []
    counts: Counter[str] = Counter()
    for row, key in zip(records.iter_rows(named=True), keys, strict=True):
        position = row[_POSITION]
        source = {name: row[name] for name in SOURCE_COLUMNS}
        if row.get("damaged"):
            quarantine_rows.append({**source, "reason": row["damaged"], _POSITION: position})
            continue
        private_values = [(row[f"c{c.index}"], c.entity) for c in private if row[f"c{c.index}"]]
        for _, entity in private_values:
            counts[entity or "PRIVATE"] += 1
        # record_needles on the values folded column-wise (folding and stripping commute: the fold keeps
        # whitespace whitespace and every other character not whitespace).
        needles = _needles(
            [(row[f"f{c.index}"], c.entity) for c in private if row[f"c{c.index}"]] if scanned else []
        )
        archived: dict[str, Any] = dict.fromkeys(allowed)
        archived.update(source)
        archived["customer_key"] = key
        archived[_POSITION] = position
        texts: dict[str, list[str]] = {}
        for column in scanned:
            value = row[f"c{column.index}"]
            if not value:
                continue
            spans = column_spans[column.index][position]
            if needles:
                spans = spans + _needle_spans(row[f"f{column.index}"], needles)
            counts.update(span.entity_type for span in spans)
            scrubbed = redact(value, spans) if spans else value
            target = _target(column)
            if target == "other_info" or (column.role == "context" and target in texts):
                texts.setdefault("other_info", []).append(f"{column.header}：{scrubbed}")
            else:
                texts.setdefault(target, []).append(scrubbed)
        for target, parts in texts.items():
            archived[target] = _separator(target).join(parts)
        reason = _leak_reason(archived[target] for target in texts)
        if reason is not None:
            quarantine_rows.append({**source, "reason": reason, _POSITION: position})
            continue
        archive_rows.append(archived)
    return (
        pl.DataFrame(archive_rows, schema={**archive_schema(allowed), _POSITION: pl.UInt32}),
        pl.DataFrame(quarantine_rows, schema=QUARANTINE_ROWS_SCHEMA),
        counts,
    )


def archive_schema(allowed: Sequence[str]) -> dict[str, pl.DataType]:
    """The archive's fixed schema: every allow-listed column, strings except the source location."""
    return {name: (pl.Int64() if name in ("source_sheet", "source_row") else pl.String()) for name in allowed}


def archive_frame(rows: list[dict[str, Any]], allowed: Sequence[str]) -> pl.DataFrame:
    """Rows in the archive's fixed schema."""
    return pl.DataFrame(rows, schema=archive_schema(allowed))
