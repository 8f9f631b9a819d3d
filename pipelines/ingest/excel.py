"""Read .xlsx (openpyxl) and .xls (xlrd) workbooks: every non-empty sheet becomes a SourceTable of strings."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import xlrd
from openpyxl.reader.excel import ExcelReader
from openpyxl.reader.strings import read_string_table
from openpyxl.utils.cell import range_boundaries
from openpyxl.xml.constants import SHARED_STRINGS

from pipelines.hashing import sha256_file
from pipelines.ingest.headers import HEADER_SEARCH_ROWS, find_header_row, is_blank, map_header, unique_headers
from pipelines.ingest.model import BEYOND_HEADER, PRECISION_LOST, MalformedSourceError, SourceTable
from pipelines.ingest.sheet_xml import BLOCK_BYTES, NotPlain, SheetValues, plain_shared_strings

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
    if type(value) is str:  # most cells: a shared string (the checks below are for the rest)
        text = value.strip()
        return (text or None), None
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
    layout = _Layout.of(grid, merges)
    if layout is None:
        return None
    table = layout.empty_table(path, sha256, kind, sheet_index, sheet_name)
    layout.add_rows(table, list(enumerate(grid))[layout.header_index + 1 :], layout.origin)
    return table


@dataclass
class _Layout:
    """Where a sheet's header is and which columns are kept, decided on its first rows."""

    header_index: int
    width: int
    kept: list[int]
    raw_headers: list[str | None]
    # origin[(r, c)]: the row a merged value came from, so a header merged down never reads as data.
    origin: dict[tuple[int, int], int]

    @classmethod
    def of(cls, grid: list[list[Cell]], merges: Sequence[_Merge]) -> _Layout | None:
        """Fill the merged ranges of ``grid`` (in place) and locate its header; None when it is blank."""
        width = max((len(r) for r in grid), default=0)
        for row in grid:
            row.extend([(None, None)] * (width - len(row)))
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
        header_cells = texts[header_index]
        data = grid[header_index + 1 :]
        # Keep a column when it has a header or any data: a blank-headed column of values is data, not noise.
        kept = [
            c
            for c in range(width)
            if not is_blank(header_cells[c]) or any(not is_blank(row[c][0]) for row in data)
        ]
        return cls(header_index, width, kept, [header_cells[c] for c in kept], origin)

    def empty_table(
        self, path: Path, sha256: str, kind: str, sheet_index: int, sheet_name: str
    ) -> SourceTable:
        return SourceTable(
            path=path,
            sha256=sha256,
            kind=kind,
            sheet_index=sheet_index,
            sheet_name=sheet_name,
            headers=unique_headers(self.raw_headers),
            fields=[map_header(h) if h else None for h in self.raw_headers],
            rows=[],
            row_numbers=[],
            damaged=[],
            encoding="",
        )

    def add_rows(
        self,
        table: SourceTable,
        rows: Sequence[tuple[int, list[Cell]]],
        origin: dict[tuple[int, int], int],
    ) -> None:
        """Append the non-blank rows (0-based sheet row, cells) below the header to ``table``. A cell outside
        the kept columns (only possible in rows read after the layout was decided) damages its row."""
        kept = self.kept
        # The table column of each kept sheet column.
        column_of = {c: column for column, c in enumerate(kept)}
        # Every column of the table is kept: a row as wide as the table is kept whole.
        whole = kept == list(range(len(kept)))
        for r, cells in rows:
            # Rows below the header keep their cells, except those filled from a merged range that starts at or
            # above it (with no such range, a row is kept as it is).
            row = (
                [
                    (None, None) if origin.get((r, c), r) <= self.header_index else cell
                    for c, cell in enumerate(cells)
                ]
                if origin or r <= self.header_index
                else cells
            )
            if all(is_blank(text) for text, _ in row):
                continue
            position = len(table.rows)
            if whole and len(row) == len(kept):
                values = [text for text, _ in row]
                beyond = False
            else:
                values = [row[c][0] if c < len(row) else None for c in kept]
                beyond = any(c not in column_of and not is_blank(text) for c, (text, _) in enumerate(row))
            for c, (text, reason) in enumerate(row):
                if reason is not None and text is not None and c in column_of:
                    table.damaged.append((position, column_of[c], reason))
            if beyond:
                table.damaged.append((position, len(kept) - 1, BEYOND_HEADER))
            table.rows.append(values)
            table.row_numbers.append(r + 1)


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


# How much of a worksheet's XML is read at a time when looking for its merged ranges.
_XML_BLOCK = 1 << 20
# A whole mergeCell tag (up to its ">": a tag cut at a block border is matched once, when complete).
_MERGE_REF = re.compile(
    rb"<(?:\w+:)?mergeCell\s[^>]*?ref=[\"']([A-Za-z]+[0-9]+(?::[A-Za-z]+[0-9]+)?)[\"'][^>]*>"
)


def iter_xlsx(path: Path, chunk_rows: int) -> Iterator[SourceTable]:
    """An .xlsx workbook as SourceTables of at most ``chunk_rows`` rows per sheet, read as a stream.

    openpyxl's read-only mode yields rows without building the workbook in memory; merged ranges, which it
    does not expose there, are read from each worksheet's XML first. The header and the kept columns are
    decided on a sheet's first ``HEADER_SEARCH_ROWS + chunk_rows`` rows, so a sheet that fits in them gives
    exactly the table of ``read_xlsx``. In a longer sheet, a later row with a value in a column that had
    neither a header nor a value in those first rows is flagged as damaged (it goes to quarantine, nothing is
    dropped silently)."""
    sha256 = sha256_file(path)
    try:
        workbook = _load_read_only(path)
    except MemoryError:
        raise
    except Exception as exc:  # the reader's own message may quote cell content, so only its type is kept
        raise MalformedSourceError(path, f"not a readable .xlsx workbook ({type(exc).__name__})") from None
    try:
        for sheet_index, sheet in enumerate(workbook.worksheets):
            merges = _sheet_merges(workbook, sheet)
            sheet.reset_dimensions()  # some writers record a wrong size: read every row that is there
            rows = ([cell_text(value) for value in row] for row in _sheet_values(workbook, sheet))
            yield from _sheet_chunks(path, sha256, sheet_index, sheet.title, rows, merges, chunk_rows)
    finally:
        workbook.close()


def _load_read_only(path: Path) -> Any:
    """``openpyxl.load_workbook(path, read_only=True, data_only=True)``, with the shared strings read by
    ``sheet_xml.plain_shared_strings`` where their XML is of the plain shape (openpyxl's reader otherwise)."""
    reader = ExcelReader(path, read_only=True, data_only=True)

    def read_strings() -> None:
        part = reader.package.find(SHARED_STRINGS)  # type: ignore[no-untyped-call]
        if part is not None:
            with reader.archive.open(part.PartName[1:]) as source:
                data = source.read()
            strings = plain_shared_strings(data)
            reader.shared_strings = strings if strings is not None else read_string_table(io.BytesIO(data))

    reader.read_strings = read_strings  # type: ignore[method-assign]
    reader.read()
    return reader.wb


def _sheet_values(workbook: Any, sheet: Any) -> Iterator[tuple[Any, ...]]:
    """``sheet.iter_rows(values_only=True)`` of a read-only worksheet without dimensions: read by
    ``sheet_xml.SheetValues`` while its XML is of the plain shape, by openpyxl from the first row it is not."""
    values = SheetValues(
        sheet._shared_strings, workbook.epoch, workbook._date_formats, workbook._timedelta_formats
    )
    yielded = 0
    try:
        with workbook._archive.open(sheet._worksheet_path) as source:
            for row in values.rows(iter(lambda: source.read(BLOCK_BYTES), b"")):
                yielded += 1
                yield row
        return
    except NotPlain:
        pass
    yield from itertools.islice(sheet.iter_rows(values_only=True), yielded, None)


def _sheet_merges(workbook: Any, sheet: Any) -> list[_Merge]:
    """The merged ranges of a read-only worksheet, from its XML (streamed: they follow the cell data)."""
    with workbook._archive.open(sheet._worksheet_path) as source:
        return merges_in_xml(iter(lambda: source.read(_XML_BLOCK), b""))


def merges_in_xml(blocks: Iterable[bytes]) -> list[_Merge]:
    """The ``<mergeCell ref="A1:C1"/>`` ranges of a worksheet's XML given as consecutive blocks of bytes."""
    merges: list[_Merge] = []
    tail = b""
    for block in blocks:
        text = tail + block
        # Most blocks are cell data: a substring search (memchr speed) spares them the regex, which would stop
        # at every tag. A tag cut at the block border is whole in the next text (the tail below).
        for match in _MERGE_REF.finditer(text) if b"mergeCell" in text else ():
            ref = match.group(1).decode("ascii")
            min_col, min_row, max_col, max_row = range_boundaries(ref if ":" in ref else f"{ref}:{ref}")
            if min_col and min_row and max_col and max_row:
                merges.append(_Merge(min_row - 1, max_row, min_col - 1, max_col))
        # Keep the unfinished end of the block (a tag cut in two) for the next one.
        cut = text.rfind(b"<")
        tail = text[cut:] if cut >= 0 and b">" not in text[cut:] else b""
    return merges


def _sheet_chunks(
    path: Path,
    sha256: str,
    sheet_index: int,
    sheet_name: str,
    rows: Iterator[list[Cell]],
    merges: list[_Merge],
    chunk_rows: int,
) -> Iterator[SourceTable]:
    """A streamed sheet's rows as tables of at most ``chunk_rows`` rows."""
    head = list(itertools.islice(rows, HEADER_SEARCH_ROWS + chunk_rows))
    layout = _Layout.of(head, merges)
    if layout is None:
        return
    table = layout.empty_table(path, sha256, "xlsx", sheet_index, sheet_name)
    layout.add_rows(table, list(enumerate(head))[layout.header_index + 1 :], layout.origin)
    filler = _MergeFiller(
        merges,
        start=len(head),
        tops={
            m_index: head[m.first_row][m.first_col]
            for m_index, m in enumerate(merges)
            if m.first_row < len(head) and m.first_col < layout.width
        },
    )
    yield from table.pieces(chunk_rows)
    number = len(head)
    while block := list(itertools.islice(rows, chunk_rows)):
        table = layout.empty_table(path, sha256, "xlsx", sheet_index, sheet_name)
        numbered = list(enumerate(block, start=number))
        origin = filler.fill(numbered)
        layout.add_rows(table, numbered, origin)
        number += len(block)
        yield from table.pieces(chunk_rows)


class _MergeFiller:
    """Fills merged ranges into rows read after a sheet's first block, which may start in an earlier block."""

    def __init__(self, merges: Sequence[_Merge], start: int, tops: dict[int, Cell]) -> None:
        self.merges = sorted(enumerate(merges), key=lambda item: item[1].first_row)
        self.tops = tops
        self.active: list[tuple[int, _Merge]] = []
        self.next = 0
        while self.next < len(self.merges) and self.merges[self.next][1].first_row < start:
            self.active.append(self.merges[self.next])
            self.next += 1

    def fill(self, rows: Sequence[tuple[int, list[Cell]]]) -> dict[tuple[int, int], int]:
        """Fill the merged cells of ``rows`` (0-based sheet row, cells) in place; returns their origin rows."""
        origin: dict[tuple[int, int], int] = {}
        for r, cells in rows:
            while self.next < len(self.merges) and self.merges[self.next][1].first_row <= r:
                self.active.append(self.merges[self.next])
                self.next += 1
            self.active = [(index, merge) for index, merge in self.active if merge.end_row > r]
            for index, merge in self.active:
                if r == merge.first_row:
                    self.tops[index] = (
                        cells[merge.first_col] if merge.first_col < len(cells) else (None, None)
                    )
                    top = self.tops[index]
                else:
                    top = self.tops.get(index, (None, None))
                if len(cells) < merge.end_col:
                    cells.extend([(None, None)] * (merge.end_col - len(cells)))
                for c in range(merge.first_col, merge.end_col):
                    if (r, c) != (merge.first_row, merge.first_col):
                        cells[c] = top
                        origin[(r, c)] = merge.first_row
        return origin


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
