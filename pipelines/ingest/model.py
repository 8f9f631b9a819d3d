"""What ingest hands to the rest of the pipeline: one table per sheet or file, every value a string."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

# Reasons recorded in ``SourceTable.damaged``; fixed texts so reports can count them and no value leaks in.
PRECISION_LOST = "numeric cell with more than 15 digits (precision lost)"
BEYOND_HEADER = "cell beyond the last header column (row longer than the header)"


@dataclass
class SourceTable:
    """One sheet of a workbook, or one CSV / transcription file, read entirely as strings.

    The cells are in ``rows`` (one list per row), or — for a chunk a reader parsed column-wise — in ``cells``:
    String columns ``c0``, ``c1`` … holding exactly what ``rows`` would hold (stripped, blank as null), with
    ``rows`` left empty. ``column``, ``row_values`` and ``height`` read either."""

    path: Path
    sha256: str
    kind: str
    sheet_index: int
    sheet_name: str
    headers: list[str]
    fields: list[str | None]
    rows: list[list[str | None]]
    row_numbers: list[int]
    damaged: list[tuple[int, int, str]] = field(default_factory=list)
    encoding: str = ""
    cells: pl.DataFrame | None = None

    @property
    def height(self) -> int:
        """Number of rows, whichever form holds them."""
        return self.cells.height if self.cells is not None else len(self.rows)

    def row_values(self) -> list[list[str | None]]:
        """The rows as lists of cells, whichever form holds them (tests and small tables; a chunk of a large
        file is read column by column)."""
        if self.cells is not None:
            return [list(row) for row in self.cells.iter_rows()]
        return self.rows

    def column(self, index: int) -> list[str | None]:
        """The values of column ``index``, top to bottom."""
        if self.cells is not None:
            return self.cells[f"c{index}"].to_list()
        return [row[index] for row in self.rows]

    def pieces(self, rows: int) -> Iterator[SourceTable]:
        """This table cut into tables of at most ``rows`` rows, damage re-numbered (one empty piece when it
        has no rows, so its headers are still seen)."""
        if self.cells is not None:
            raise ValueError("a column-wise table is already a chunk")
        for start in range(0, max(len(self.rows), 1), rows):
            end = start + rows
            yield dataclasses.replace(
                self,
                rows=self.rows[start:end],
                row_numbers=self.row_numbers[start:end],
                damaged=[
                    (row - start, column, reason)
                    for row, column, reason in self.damaged
                    if start <= row < end
                ],
            )

    @property
    def location(self) -> str:
        """Human-readable place of the table for messages: the path, plus the sheet for workbooks."""
        if self.sheet_name:
            return f"{self.path} [sheet {self.sheet_index + 1} '{self.sheet_name}']"
        return str(self.path)


def cells_frame(rows: Sequence[Sequence[str | None]], width: int) -> pl.DataFrame:
    """Rows of cells as ``SourceTable.cells``: String columns ``c0`` … ``c{width-1}``."""
    return pl.DataFrame(
        {f"c{index}": [row[index] for row in rows] for index in range(width)},
        schema=dict.fromkeys((f"c{index}" for index in range(width)), pl.String),
    )


class MalformedSourceError(Exception):
    """A source file that cannot be read. The message names the file and what is wrong, never a cell value."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
