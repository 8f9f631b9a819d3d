"""Read Parquet tables (the data team's exports) in chunks of rows, every value as a string."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl

from pipelines.hashing import sha256_file
from pipelines.ingest.excel import cell_text
from pipelines.ingest.headers import map_header, unique_headers
from pipelines.ingest.model import MalformedSourceError, SourceTable
from recognizers.text import python_whitespace


def _as_text(column: pl.Series) -> tuple[pl.Series, list[tuple[int, str]]]:
    """A column's values as stripped strings (null when empty) and (row, reason) for damaged values.

    Integers are exact in Parquet (an 18-digit ID stored as int64 is intact); a float of 16 or more digits has
    lost digits already, as in a spreadsheet.
    """
    if column.dtype.is_float():
        values: list[str | None] = []
        damaged: list[tuple[int, str]] = []
        for row, number in enumerate(column.to_list()):
            text, reason = cell_text(number)
            values.append(text)
            if reason:
                damaged.append((row, reason))
        return pl.Series(values, dtype=pl.String), damaged
    if column.dtype == pl.String:
        stripped = column.str.strip_chars(python_whitespace())
        return stripped.replace("", None), []
    return column.cast(pl.String), []


def iter_parquet(path: Path, chunk_rows: int) -> Iterator[SourceTable]:
    """A Parquet file as column-wise SourceTables (``cells``) of at most ``chunk_rows`` rows; row numbers are
    1-based record numbers."""
    sha256 = sha256_file(path)
    try:
        frame = pl.scan_parquet(path)
        schema = frame.collect_schema()
        total = frame.select(pl.len()).collect().item()
    except Exception as exc:  # keep only the type: library messages may quote content
        raise MalformedSourceError(path, f"not a readable Parquet file ({type(exc).__name__})") from None
    headers = unique_headers(list(schema.names()))
    fields = [map_header(name) for name in headers]
    for offset in range(0, max(int(total), 1), chunk_rows):
        chunk = frame.slice(offset, chunk_rows).collect()
        if chunk.height == 0:
            return
        columns: list[pl.Series] = []
        damaged: list[tuple[int, int, str]] = []
        for index, name in enumerate(schema.names()):
            values, column_damage = _as_text(chunk[name])
            columns.append(values.alias(f"c{index}"))
            damaged.extend((row, index, reason) for row, reason in column_damage)
        cells = pl.DataFrame(columns).with_row_index("position")
        cells = cells.filter(pl.any_horizontal(pl.col(series.name).is_not_null() for series in columns))
        positions = cells["position"].to_list()
        renumber = {old: new for new, old in enumerate(positions)} if damaged else {}
        yield SourceTable(
            path=path,
            sha256=sha256,
            kind="parquet",
            sheet_index=0,
            sheet_name="",
            headers=headers,
            fields=fields,
            rows=[],
            row_numbers=[offset + position + 1 for position in positions],
            damaged=[(renumber[row], column, reason) for row, column, reason in damaged if row in renumber],
            encoding="",
            cells=cells.drop("position"),
        )
