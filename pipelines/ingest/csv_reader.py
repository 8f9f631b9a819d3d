"""Read delimited text (.csv): encoding detected from the bytes, delimiter sniffed, header row located."""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from pathlib import Path

import charset_normalizer

from pipelines.ingest.headers import find_header_row, is_blank, map_header, unique_headers
from pipelines.ingest.model import BEYOND_HEADER, MalformedSourceError, SourceTable

DELIMITERS = (",", "\t", ";", "|")
# Lines examined to choose the delimiter.
SNIFF_LINES = 50


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """(text, encoding) of a text file: BOM, strict UTF-8, strict GB18030, else charset-normalizer."""
    if not data:
        raise MalformedSourceError(path, "file is empty")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise MalformedSourceError(path, "file starts with a UTF-8 BOM but is not valid UTF-8") from None
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(name), "utf-16"
            except UnicodeDecodeError:
                reason = "file starts with a UTF-16 BOM but is not valid UTF-16"
                raise MalformedSourceError(path, reason) from None
    # NUL bytes decode "successfully" as UTF-8 but mean binary content or BOM-less UTF-16.
    if b"\x00" not in data:
        for name in ("utf-8", "gb18030"):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise MalformedSourceError(path, "cannot determine the text encoding")
    text = str(best)
    if "\x00" in text:
        raise MalformedSourceError(path, "cannot determine the text encoding (binary content)")
    return text, str(best.encoding)


def sniff_delimiter(text: str) -> str:
    """The candidate delimiter that splits the most sample lines into the same number (≥ 2) of cells."""
    sample_lines = [line for line in text.splitlines() if line.strip()][:SNIFF_LINES]
    sample = "\n".join(sample_lines)
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if len(r) > 1]
        except csv.Error:
            continue
        if not counts:
            continue
        width, frequency = Counter(counts).most_common(1)[0]
        score = (frequency, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(path: Path, data: bytes, sha256: str) -> list[SourceTable]:
    """A delimited text file as one SourceTable; rows longer than the header keep their extra cells."""
    text, encoding = decode_text(path, data)
    delimiter = sniff_delimiter(text)
    records: list[list[str | None]] = []
    line_numbers: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for parsed in reader:
            cells: list[str | None] = [c.strip() or None for c in parsed]
            records.append(cells)
            line_numbers.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        # csv.Error texts describe the syntax problem, not the cell content.
        reason = f"line {reader.line_num}: malformed delimited text ({exc})"
        raise MalformedSourceError(path, reason) from None

    header_index = find_header_row(records)
    if header_index is None:
        raise MalformedSourceError(path, "no non-empty line")
    raw_headers: list[str | None] = list(records[header_index])
    while raw_headers and is_blank(raw_headers[-1]):
        raw_headers.pop()
    data_rows = [
        (line_numbers[i], records[i])
        for i in range(header_index + 1, len(records))
        if any(not is_blank(c) for c in records[i])
    ]
    width = len(raw_headers)
    # A row longer than the header: its extra cells get generated headers rather than being dropped.
    for _, record in data_rows:
        last = max((i for i, c in enumerate(record) if not is_blank(c)), default=-1)
        width = max(width, last + 1)
    raw_headers.extend([None] * (width - len(raw_headers)))
    header_width = max((i + 1 for i, h in enumerate(records[header_index]) if not is_blank(h)), default=0)
    table = SourceTable(
        path=path,
        sha256=sha256,
        kind="csv",
        sheet_index=0,
        sheet_name="",
        headers=unique_headers(raw_headers),
        fields=[map_header(h) if h else None for h in raw_headers],
        rows=[],
        row_numbers=[],
        damaged=[],
        encoding=encoding,
    )
    for line_number, record in data_rows:
        position = len(table.rows)
        values = (record + [None] * width)[:width]
        table.rows.append(values)
        table.row_numbers.append(line_number)
        for column in range(header_width, width):
            if not is_blank(values[column]):
                table.damaged.append((position, column, BEYOND_HEADER))
    return [table]
