"""Read delimited text (.csv): encoding detected from the bytes, delimiter sniffed, header row located."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import charset_normalizer

from pipelines.ingest.headers import HEADER_SEARCH_ROWS, find_header_row, is_blank, map_header, unique_headers
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
    """The candidate delimiter that splits the most sample records into the same number (≥ 2) of cells,
    preferring one that splits the first record (usually the header) into that many too: cells may hold other
    candidates (tabs inside a quoted request), the header rarely does."""
    sample_lines = [line for line in text.splitlines() if line.strip()][:SNIFF_LINES]
    sample = "\n".join(sample_lines)
    best, best_score = ",", (False, 0, 0)
    for delimiter in DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter)]
        except csv.Error:
            continue
        counts = [width for width in widths if width > 1]
        if not counts:
            continue
        width, frequency = Counter(counts).most_common(1)[0]
        score = (widths[0] == width, frequency, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def probe_text_file(path: Path) -> tuple[str, str | None]:
    """(sha256, encoding) in one streaming pass: the hash of the bytes, and the first of UTF-8 (with or without
    BOM) and GB18030 that decodes the WHOLE file strictly — None when neither does (the caller then falls back
    to ``decode_text`` on the whole file)."""
    digest = hashlib.sha256()
    candidates = {name: codecs.getincrementaldecoder(name)(errors="strict") for name in ("utf-8", "gb18030")}
    alive = list(candidates)
    first = True
    bom = False
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            if first:
                first = False
                bom = block.startswith(codecs.BOM_UTF8)
                if block.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in block:
                    alive = []
            for name in list(alive):
                try:
                    candidates[name].decode(block)
                except UnicodeDecodeError:
                    alive.remove(name)
    for name in list(alive):
        try:
            candidates[name].decode(b"", final=True)
        except UnicodeDecodeError:
            alive.remove(name)
    if bom:
        return digest.hexdigest(), "utf-8-sig" if "utf-8" in alive else None
    return digest.hexdigest(), alive[0] if alive else None


def iter_csv(path: Path, chunk_rows: int) -> Iterator[SourceTable]:
    """A delimited text file as SourceTables of at most ``chunk_rows`` rows each, read as a stream.

    Memory grows with the chunk, not the file. Rows of later chunks that are wider than the first chunk's
    widest row are flagged as damaged (their extra cells stay in the source file, the row goes to quarantine).
    """
    sha256, encoding = probe_text_file(path)
    if encoding is None:  # UTF-16 or an unusual code page: small exports only, decoded whole
        yield from read_csv(path, path.read_bytes(), sha256)
        return
    try:
        with path.open(encoding=encoding, newline="") as handle:
            yield from _csv_tables(path, handle, sha256, encoding, chunk_rows)
    except UnicodeDecodeError:
        raise MalformedSourceError(path, f"not valid {encoding} text") from None


def read_csv(path: Path, data: bytes, sha256: str) -> list[SourceTable]:
    """A delimited text file as one SourceTable; rows longer than the header keep their extra cells."""
    text, encoding = decode_text(path, data)
    return list(_csv_tables(path, io.StringIO(text, newline=""), sha256, encoding, chunk_rows=None))


def _csv_tables(
    path: Path, handle: TextIO, sha256: str, encoding: str, chunk_rows: int | None
) -> Iterator[SourceTable]:
    head = list(itertools.islice(handle, SNIFF_LINES))
    delimiter = sniff_delimiter("".join(head))
    reader = csv.reader(itertools.chain(head, handle), delimiter=delimiter)
    records = _records(path, reader)
    buffered: list[tuple[int, list[str | None]]] = list(itertools.islice(records, HEADER_SEARCH_ROWS))
    header_index = find_header_row([cells for _, cells in buffered])
    if header_index is None:
        raise MalformedSourceError(path, "no non-empty line")
    header_cells = buffered[header_index][1]
    raw_headers: list[str | None] = list(header_cells)
    while raw_headers and is_blank(raw_headers[-1]):
        raw_headers.pop()
    header_width = max((i + 1 for i, h in enumerate(header_cells) if not is_blank(h)), default=0)
    data_rows = itertools.chain(buffered[header_index + 1 :], records)
    first = list(itertools.islice(data_rows, chunk_rows)) if chunk_rows else list(data_rows)
    width = len(raw_headers)
    # A row longer than the header: its extra cells get generated headers rather than being dropped.
    for _, record in first:
        last = max((i for i, c in enumerate(record) if not is_blank(c)), default=-1)
        width = max(width, last + 1)
    raw_headers.extend([None] * (width - len(raw_headers)))
    headers = unique_headers(raw_headers)
    fields = [map_header(h) if h else None for h in raw_headers]
    chunk = first
    emitted = False
    while chunk or not emitted:  # a header without data rows is still one (empty) table
        emitted = True
        table = SourceTable(
            path=path,
            sha256=sha256,
            kind="csv",
            sheet_index=0,
            sheet_name="",
            headers=headers,
            fields=fields,
            rows=[],
            row_numbers=[],
            damaged=[],
            encoding=encoding,
        )
        # Cells from _records are stripped, blank ones None: a cell is blank exactly when it is None.
        beyond_header = range(header_width, width)
        for line_number, record in chunk:
            position = len(table.rows)
            if len(record) == width:  # the common case: nothing to pad, nothing beyond the widest row
                values = record
                overflow = False
            else:
                values = (record + [None] * width)[:width]
                overflow = any(cell is not None for cell in record[width:])
            table.rows.append(values)
            table.row_numbers.append(line_number)
            for column in beyond_header:
                if values[column] is not None:
                    table.damaged.append((position, column, BEYOND_HEADER))
            if overflow:
                table.damaged.append((position, width - 1, BEYOND_HEADER))
        yield table
        # Let go of this chunk's records before reading the next: two chunks never sit in memory at once.
        chunk = []
        del table
        chunk = list(itertools.islice(data_rows, chunk_rows)) if chunk_rows else []


def _records(path: Path, reader: Any) -> Iterator[tuple[int, list[str | None]]]:
    """(line number where the record starts, stripped cells) for every non-blank record."""
    start = 1
    try:
        for parsed in reader:
            cells: list[str | None] = [c.strip() or None for c in parsed]
            if cells.count(None) < len(cells):  # not a blank record (a C-speed test: this runs per row)
                yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        # csv.Error texts describe the syntax problem, not the cell content.
        reason = f"line {reader.line_num}: malformed delimited text ({exc})"
        raise MalformedSourceError(path, reason) from None
