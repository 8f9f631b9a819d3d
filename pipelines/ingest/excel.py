"""Read .xlsx (openpyxl) and .xls (xlrd) workbooks: every non-empty sheet becomes a SourceTable of strings."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import xlrd

from pipelines.ingest.headers import find_header_row, is_blank, map_header, unique_headers
from pipelines.ingest.model import PRECISION_LOST, MalformedSourceError, SourceTable

# Excel keeps 15 significant digits; a number this large stored in a numeric cell has already lost digits
# (an 18-digit ID or a bank card number typed without a leading apostrophe).
PRECISION_LIMIT = 1e15

Cell = tuple[str | None, str | None]  # (text, damage reason)


@dataclass
class _Merge:
    """A merged range, 0-based, end-exclusive."""

    first_row: int
    end_row: int
    first_col: int
    end_col: int


def _number_text(value: float) -> str:
    """Digits of a number as stored; integral values never in exponent form (1.1e+17 → 110…0)."""
    if value != value or value in (float("inf"), float("-inf")):
        return repr(value)
    if value == int(value):
        if abs(value) < PRECISION_LIMIT:
            return str(int(value))
        return f"{Decimal(repr(value)):f}"
    return repr(value)


def cell_text(value: Any) -> Cell:
    """A cell value as (stripped text or None, damage reason or None)."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), None
    if isinstance(value, int):
        return str(value), (PRECISION_LOST if abs(value) >= PRECISION_LIMIT else None)
    if isinstance(value, float):
        return _number_text(value), (PRECISION_LOST if abs(value) >= PRECISION_LIMIT else None)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat(), None
        return value.isoformat(timespec="seconds"), None
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat(), None
    text = str(value).strip()
    return (text or None), None


def _title_rows(grid: Sequence[Sequence[Cell]], merges: Sequence[_Merge]) -> set[int]:
    """Rows whose only content is one horizontally merged cell: a title, never the header."""
    titles: set[int] = set()
    for merge in merges:
        if merge.end_col - merge.first_col < 2:
            continue
        for r in range(merge.first_row, min(merge.end_row, len(grid))):
            filled = [c for c, (text, _) in enumerate(grid[r]) if not is_blank(text)]
            if filled and all(merge.first_col <= c < merge.end_col for c in filled):
                titles.add(r)
    return titles


def table_from_grid(
    path: Path,
    sha256: str,
    kind: str,
    sheet_index: int,
    sheet_name: str,
    grid: list[list[Cell]],
    merges: Sequence[_Merge],
) -> SourceTable | None:
    """A sheet's cells as a SourceTable (merged ranges filled, header located); None when empty."""
    width = max((len(r) for r in grid), default=0)
    for row in grid:
        row.extend([(None, None)] * (width - len(row)))
    # origin[r][c] is the row a merged value came from, so a header merged down never reads as data.
    origin: dict[tuple[int, int], int] = {}
    for merge in merges:
        if merge.first_row >= len(grid) or merge.first_col >= width:
            continue
        top_left = grid[merge.first_row][merge.first_col]
        for r in range(merge.first_row, min(merge.end_row, len(grid))):
            for c in range(merge.first_col, min(merge.end_col, width)):
                if (r, c) != (merge.first_row, merge.first_col):
                    grid[r][c] = top_left
                    origin[(r, c)] = merge.first_row
    texts = [[text for text, _ in row] for row in grid]
    header_index = find_header_row(texts, excluded=_title_rows(grid, merges))
    if header_index is None:
        return None

    data: list[tuple[int, list[Cell]]] = []
    for r in range(header_index + 1, len(grid)):
        row = [
            (None, None) if origin.get((r, c), r) <= header_index else cell for c, cell in enumerate(grid[r])
        ]
        if any(not is_blank(text) for text, _ in row):
            data.append((r, row))

    header_cells = texts[header_index]
    # Keep a column when it has a header or any data: a blank-headed column of values is data, not noise.
    kept = [
        c
        for c in range(width)
        if not is_blank(header_cells[c]) or any(not is_blank(row[c][0]) for _, row in data)
    ]
    raw_headers = [header_cells[c] for c in kept]
    table = SourceTable(
        path=path,
        sha256=sha256,
        kind=kind,
        sheet_index=sheet_index,
        sheet_name=sheet_name,
        headers=unique_headers(raw_headers),
        fields=[map_header(h) if h else None for h in raw_headers],
        rows=[],
        row_numbers=[],
        damaged=[],
        encoding="",
    )
    for r, row in data:
        position = len(table.rows)
        values: list[str | None] = []
        for column, c in enumerate(kept):
            text, reason = row[c]
            values.append(text)
            if reason is not None and text is not None:
                table.damaged.append((position, column, reason))
        table.rows.append(values)
        table.row_numbers.append(r + 1)
    return table


def read_xlsx(path: Path, data: bytes, sha256: str) -> list[SourceTable]:
    """Every non-empty worksheet of an .xlsx workbook (formulas read as their cached values)."""
    try:
        # Not read-only: read-only worksheets do not expose merged ranges.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except MemoryError:
        raise
    except Exception as exc:  # the reader's own message may quote cell content, so only its type is kept
        raise MalformedSourceError(path, f"not a readable .xlsx workbook ({type(exc).__name__})") from None
    tables: list[SourceTable] = []
    try:
        for sheet_index, sheet in enumerate(workbook.worksheets):
            grid = [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            merges = [
                _Merge(m.min_row - 1, m.max_row, m.min_col - 1, m.max_col) for m in sheet.merged_cells.ranges
            ]
            table = table_from_grid(path, sha256, "xlsx", sheet_index, sheet.title, grid, merges)
            if table is not None:
                tables.append(table)
    finally:
        workbook.close()
    return tables


def _xls_cell(book: xlrd.book.Book, sheet: xlrd.sheet.Sheet, r: int, c: int) -> Cell:
    """One .xls cell as text; xlrd keeps every number as a float and dates as serial numbers."""
    kind = sheet.cell_type(r, c)
    value = sheet.cell_value(r, c)
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None, None
    if kind == xlrd.XL_CELL_DATE:
        try:
            return cell_text(xlrd.xldate_as_datetime(value, book.datemode))
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return cell_text(value)
    if kind == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(value))
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERROR"), None
    return cell_text(value)


def read_xls(path: Path, data: bytes, sha256: str) -> list[SourceTable]:
    """Every non-empty sheet of a legacy .xls workbook."""
    try:
        try:
            book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=False)
        except NotImplementedError:  # very old BIFF versions: no merged-cell information, still readable
            book = xlrd.open_workbook(file_contents=data, formatting_info=False, on_demand=False)
    except MemoryError:
        raise
    except Exception as exc:
        raise MalformedSourceError(path, f"not a readable .xls workbook ({type(exc).__name__})") from None
    tables: list[SourceTable] = []
    for sheet_index in range(book.nsheets):
        sheet = book.sheet_by_index(sheet_index)
        grid = [[_xls_cell(book, sheet, r, c) for c in range(sheet.ncols)] for r in range(sheet.nrows)]
        merges = [_Merge(r0, r1, c0, c1) for r0, r1, c0, c1 in sheet.merged_cells]
        table = table_from_grid(path, sha256, "xls", sheet_index, sheet.name, grid, merges)
        if table is not None:
            tables.append(table)
    book.release_resources()
    return tables
