"""Read delimited text (.csv): encoding detected from the bytes, delimiter sniffed, header row located."""

from __future__ import annotations

import codecs
import csv
import dataclasses
import hashlib
import io
import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, AnyStr, Generic, TextIO

import charset_normalizer
import polars as pl

from pipelines.ingest.headers import HEADER_SEARCH_ROWS, find_header_row, is_blank, map_header, unique_headers
from pipelines.ingest.model import BEYOND_HEADER, MalformedSourceError, SourceTable, cells_frame
from recognizers.text import python_whitespace

DELIMITERS = (",", "\t", ";", "|")
# Lines examined to choose the delimiter.
SNIFF_LINES = 50
# Bytes read at a time while hashing the file and finding its encoding (``probe_text_file``).
PROBE_BLOCK_BYTES = 1 << 20


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
    to ``decode_text`` on the whole file).

    It runs before any of the file reaches a worker, so it is kept cheap: UTF-8 is checked by polars
    (``Utf8Check``: Rust's validator, several times faster than decoding to text), and a block of plain ASCII
    is not decoded as GB18030 (every decoder accepts it)."""
    digest = hashlib.sha256()
    utf8: Utf8Check | None = Utf8Check()
    gb18030: codecs.IncrementalDecoder | None = codecs.getincrementaldecoder("gb18030")(errors="strict")
    first = True
    bom = False
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(PROBE_BLOCK_BYTES), b""):
            digest.update(block)
            if first:
                first = False
                bom = block.startswith(codecs.BOM_UTF8)
                if block.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in block:
                    utf8 = gb18030 = None
            if utf8 is not None and not utf8.feed(block):
                utf8 = None
            if gb18030 is not None and not (block.isascii() and gb18030.getstate()[0] == b""):
                try:
                    gb18030.decode(block)
                except UnicodeDecodeError:
                    gb18030 = None
    if utf8 is not None and not utf8.feed(b"", final=True):
        utf8 = None
    if gb18030 is not None:
        try:
            gb18030.decode(b"", final=True)
        except UnicodeDecodeError:
            gb18030 = None
    if bom:
        return digest.hexdigest(), "utf-8-sig" if utf8 is not None else None
    return digest.hexdigest(), "utf-8" if utf8 is not None else "gb18030" if gb18030 is not None else None


class Utf8Check:
    """Whether a stream of byte blocks is strict UTF-8 (what ``bytes.decode("utf-8")`` accepts: no surrogates,
    no overlong forms), checked block by block without decoding. A character cut by a block's end is carried
    into the next block."""

    def __init__(self) -> None:
        self._carried = b""

    def feed(self, block: bytes, final: bool = False) -> bool:
        """False once the bytes so far cannot be UTF-8 (with ``final``: or end inside a character)."""
        data = self._carried + block if self._carried else block
        end = len(data) if final else _last_character_end(data)
        self._carried = data[end:]
        if data.isascii():
            return True
        try:
            pl.Series([data[:end]], dtype=pl.Binary).cast(pl.String)
        except pl.exceptions.PolarsError:
            return False
        return True


def _last_character_end(data: bytes) -> int:
    """Where the last complete UTF-8 character of ``data`` ends: before a lead byte among the last three whose
    continuation bytes have not all arrived, else at the end (invalid bytes stay for the validator to see)."""
    for back in range(1, min(3, len(data)) + 1):
        lead = data[-back]
        if lead & 0xC0 != 0x80:  # not a continuation byte
            needed = (
                2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 1
            )
            return len(data) - back if needed > back else len(data)
    return len(data)


def iter_csv(path: Path, chunk_rows: int, columnar: bool = True) -> Iterator[SourceTable]:
    """A delimited text file as SourceTables of at most ``chunk_rows`` rows each, read as a stream.

    Memory grows with the chunk, not the file. Rows of later chunks that are wider than the first chunk's
    widest row are flagged as damaged (their extra cells stay in the source file, the row goes to quarantine).
    Chunks after the first are parsed column-wise by polars where the text allows (``_column_chunks``: the
    same tables), unless ``columnar`` is False (then Python's csv reader parses every record).
    """
    sha256, encoding = probe_text_file(path)
    if encoding is None:  # UTF-16 or an unusual code page: small exports only, decoded whole
        yield from read_csv(path, path.read_bytes(), sha256)
        return
    try:
        with path.open(encoding=encoding, newline="") as handle:
            yield from _csv_tables(path, handle, sha256, encoding, chunk_rows, columnar)
    except UnicodeDecodeError:
        raise MalformedSourceError(path, f"not valid {encoding} text") from None


def read_csv(path: Path, data: bytes, sha256: str) -> list[SourceTable]:
    """A delimited text file as one SourceTable; rows longer than the header keep their extra cells."""
    text, encoding = decode_text(path, data)
    return list(_csv_tables(path, io.StringIO(text, newline=""), sha256, encoding, chunk_rows=None))


def _csv_tables(
    path: Path, handle: TextIO, sha256: str, encoding: str, chunk_rows: int | None, columnar: bool = False
) -> Iterator[SourceTable]:
    # readline, not the handle's own iteration, which would switch off ``tell`` (see ``_utf8_tail_at``).
    lines = iter(handle.readline, "")
    head = list(itertools.islice(lines, SNIFF_LINES))
    delimiter = sniff_delimiter("".join(head))
    unread_head = iter(head)
    reader = csv.reader(itertools.chain(unread_head, lines), delimiter=delimiter)
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
    template = SourceTable(
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
    shape = _Shape(header_width, width)
    yield _rows_table(template, shape, first)
    if not chunk_rows or len(first) < chunk_rows:
        return
    fields = max([width, len(header_cells)] + [len(record) for _, record in first])
    # Records read while looking for the header that the first chunk did not take.
    unused = buffered[header_index + 1 + len(first) :]
    # Let go of the first chunk's records before reading the next: two chunks never sit in memory at once.
    first = []
    if not columnar:
        yield from _row_chunks(template, shape, data_rows, chunk_rows)
        return
    # The reader has read exactly the lines of every record so far: the rest of the file is the unread sniffing
    # lines and what the handle still holds.
    rest = "".join(unread_head)
    before = _Parsed.of_records(unused, shape)
    position = _utf8_tail_at(handle, encoding)
    if position is None:
        tail = _Tail(handle, rest, reader.line_num, delimiter, fields)
        yield from _column_chunks(path, template, shape, tail, chunk_rows, before)
        return
    with path.open("rb") as raw:
        raw.seek(position)
        raw_tail = _Tail(raw, rest.encode("utf-8"), reader.line_num, delimiter, fields)
        yield from _column_chunks(path, template, shape, raw_tail, chunk_rows, before)


def _utf8_tail_at(handle: TextIO, encoding: str) -> int | None:
    """Where in the file a UTF-8 text handle stands (a byte offset), or None for other encodings: the tail of
    a UTF-8 file is read as bytes, which polars parses as they are, instead of being decoded into text and
    encoded back. The handle must not have been iterated (that switches ``tell`` off)."""
    if encoding not in ("utf-8", "utf-8-sig") or not isinstance(handle, io.TextIOWrapper):
        return None
    cookie = handle.tell()
    # A UTF-8 decoder between characters holds no state: the cookie is then the byte offset itself.
    return cookie if 0 <= cookie < 1 << 64 else None


@dataclass(frozen=True)
class _Shape:
    """Where a data row's cells count as damaged: ``header_width`` is one past the last named header, ``width``
    the table's width (the first chunk's widest row). A non-blank cell at or beyond ``header_width`` is flagged
    in its column; one beyond ``width`` (a row longer than the first chunk's) is flagged in the last column."""

    header_width: int
    width: int


def _rows_table(
    template: SourceTable, shape: _Shape, chunk: list[tuple[int, list[str | None]]]
) -> SourceTable:
    """A chunk of records (line number, stripped cells) as a table of ``template``'s headers."""
    rows, numbers, damage = _placed(shape, chunk)
    damaged = [(position, column, BEYOND_HEADER) for position, column in damage]
    return dataclasses.replace(template, rows=rows, row_numbers=numbers, damaged=damaged)


def _placed(
    shape: _Shape, chunk: list[tuple[int, list[str | None]]]
) -> tuple[list[list[str | None]], list[int], list[tuple[int, int]]]:
    """Records (line number, stripped cells) as rows of the table's width, their line numbers, and the
    (position, column) of each damaged cell."""
    rows: list[list[str | None]] = []
    numbers: list[int] = []
    damage: list[tuple[int, int]] = []
    width = shape.width
    # Cells from _records are stripped, blank ones None: a cell is blank exactly when it is None.
    beyond_header = range(shape.header_width, width)
    for line_number, record in chunk:
        position = len(rows)
        if len(record) == width:  # the common case: nothing to pad, nothing beyond the widest row
            values = record
            overflow = False
        else:
            values = (record + [None] * width)[:width]
            overflow = any(cell is not None for cell in record[width:])
        rows.append(values)
        numbers.append(line_number)
        for column in beyond_header:
            if values[column] is not None:
                damage.append((position, column))
        if overflow:
            damage.append((position, width - 1))
    return rows, numbers, damage


def _row_chunks(
    template: SourceTable, shape: _Shape, records: Iterator[tuple[int, list[str | None]]], chunk_rows: int
) -> Iterator[SourceTable]:
    """Tables of ``chunk_rows`` records at a time from Python's csv reader, until the records run out."""
    while chunk := list(itertools.islice(records, chunk_rows)):
        yield _rows_table(template, shape, chunk)


# Characters of text (bytes of a UTF-8 file) parsed column-wise at a time after the first chunk (the block, its
# UTF-8 bytes and the parsed columns of one block are in memory at once: a few times this many bytes).
BLOCK_CHARS = 1 << 22
# How far back from a block's end the reader looks for a line break outside quotes before giving up on
# cutting the block there (a quoted cell holding this many line breaks is parsed by Python's reader).
CUT_SEARCH_LINES = 1000


@dataclass
class _Tail(Generic[AnyStr]):
    """The text after the first chunk: ``rest`` (already read from ``handle``) and then ``handle``'s; the
    first line of ``rest`` is line ``lines_before + 1`` of the file. Text, or the bytes of a UTF-8 file."""

    handle: IO[AnyStr]
    rest: AnyStr
    lines_before: int
    delimiter: str
    fields: int


def _column_chunks(
    path: Path, template: SourceTable, shape: _Shape, tail: _Tail[AnyStr], chunk_rows: int, before: _Parsed
) -> Iterator[SourceTable]:
    """The records after the first chunk, parsed by polars a block at a time, as column-wise tables of
    ``chunk_rows`` rows (the last one shorter) — the same tables, cut at the same rows, as Python's csv reader
    gives (``_rows_table`` over ``_records``).

    polars and Python's csv module agree on text of plain shape (``_plain_pattern``): quotes only around whole
    cells, doubled inside, line breaks as ``\n`` or ``\r\n``, no NUL, no record wider than the first chunk's
    widest. A block of any other shape, and everything after it, goes to Python's reader, which then reads
    on from where the last plain block ended (always the end of a record). ``before``: records already read
    that come first."""
    pattern = _plain_pattern(tail.delimiter)
    buffered = [before]
    held = before.cells.height
    newline = _marks(tail.rest)[0]
    for block, cut in itertools.chain([(tail.rest[:0], True)], _blocks(tail)):
        if block:
            line_breaks = block.count(newline)
            parsed = _parse_block(block, line_breaks, pattern, tail, shape) if cut else None
            if parsed is None:
                break
            tail.lines_before += line_breaks
            buffered.append(parsed)
            held += parsed.cells.height
        while held >= chunk_rows:
            chunk, buffered = _take(buffered, chunk_rows)
            held -= chunk_rows
            yield _column_table(template, chunk)
    else:
        if held:
            yield _column_table(template, _take(buffered, held)[0])
        return
    # Python's reader from here on: the unparsed block (with what was read past it) and the rest of the handle.
    # The text read so far ends inside a line: the reader must see that line whole.
    lines = _text_lines(block + tail.rest + tail.handle.readline(), tail.handle)
    reader = csv.reader(lines, delimiter=tail.delimiter)
    records = _records(path, reader, tail.lines_before + 1)
    if held:
        top_up = list(itertools.islice(records, chunk_rows - held))
        buffered.append(_Parsed.of_records(top_up, shape))
        yield _column_table(template, _take(buffered, held + len(top_up))[0])
        if len(top_up) < chunk_rows - held:
            return
    yield from _row_chunks(template, shape, records, chunk_rows)


def _text_lines(unparsed: AnyStr, handle: IO[AnyStr]) -> Iterator[str]:
    """The lines of ``unparsed`` and then of ``handle``, as text (UTF-8 bytes decoded strictly)."""
    if isinstance(unparsed, str):
        return itertools.chain(io.StringIO(unparsed, newline=""), handle)
    text = unparsed.decode("utf-8")
    rest = io.TextIOWrapper(handle, encoding="utf-8", newline="")
    return itertools.chain(io.StringIO(text, newline=""), rest)


def _marks(text: AnyStr) -> tuple[AnyStr, AnyStr, AnyStr]:
    """The line feed, quote and carriage return in ``text``'s type."""
    if isinstance(text, str):
        return "\n", '"', "\r"
    return b"\n", b'"', b"\r"


def _blocks(tail: _Tail[AnyStr]) -> Iterator[tuple[AnyStr, bool]]:
    """The tail's text in blocks of about ``BLOCK_CHARS`` characters, each cut after a line break where the
    quotes are balanced (the end of a record in plain text), with True; what follows a cut stays in
    ``tail.rest``. A block with no such line break (a line or a quoted cell longer than a block, or unbalanced
    quotes) comes with False: it cannot be parsed on its own, and memory must not grow with it."""
    carriage_return = _marks(tail.rest)[2]
    while True:
        more = tail.handle.read(BLOCK_CHARS)
        if more.endswith(carriage_return):
            more += tail.handle.read(1)  # keep a \r\n line break in one piece
        text = tail.rest + more
        if not more:
            tail.rest = text[:0]
            if text:
                yield text, True
            return
        cut = _record_end(text)
        if cut == 0:
            tail.rest = text[:0]
            yield text, False
            return
        tail.rest = text[cut:]
        yield text[:cut], True


def _record_end(text: AnyStr) -> int:
    """Offset just after the last line break of ``text`` with an even number of quotes before it, or 0."""
    newline, quote, _ = _marks(text)
    end = text.rfind(newline)
    after = text.count(quote, end + 1)
    quotes = text.count(quote) - after
    for _ in range(CUT_SEARCH_LINES):
        if end < 0:
            return 0
        if quotes % 2 == 0:
            return end + 1
        previous = text.rfind(newline, 0, end)
        quotes -= text.count(quote, previous + 1, end)
        end = previous
    return 0


def _plain_pattern(delimiter: str) -> str:
    """A Rust regex matching exactly the blocks of plain shape: records of unquoted cells (no quote, delimiter,
    line break or NUL) or quoted cells (quotes doubled; line breaks inside only as \r\n or \n), each record
    ended by \n or \r\n, the last one possibly not."""
    escaped = {"\t": "\\t", "|": "\\|"}.get(delimiter, delimiter)
    cell = f'(?:[^"{escaped}\\r\\n\\x00]*|"(?:[^"\\r\\x00]|""|\\r\\n)*")'
    record = f"{cell}(?:{escaped}{cell})*"
    return f"^(?:{record}\\r?\\n)*(?:{record})?$"


@dataclass
class _Parsed:
    """Non-blank records of a block: their line numbers, cells (``c0``… stripped, blank as null, ``width``
    columns) and damage (position in the block, column), in the order ``_placed`` records it."""

    lines: list[int]
    cells: pl.DataFrame
    damage: list[tuple[int, int]]

    @staticmethod
    def of_records(records: list[tuple[int, list[str | None]]], shape: _Shape) -> _Parsed:
        rows, numbers, damage = _placed(shape, records)
        return _Parsed(numbers, cells_frame(rows, shape.width), damage)


def _parse_block(
    block: AnyStr, line_breaks: int, pattern: str, tail: _Tail[AnyStr], shape: _Shape
) -> _Parsed | None:
    """A block's records (``line_breaks`` line feeds in it) parsed by polars, or None when the block is not of
    plain shape (or polars and the line count disagree on where its records are)."""
    if isinstance(block, str):
        data = block.encode("utf-8")
        text = pl.Series([block])
    else:
        data = block
        try:
            text = pl.Series([block], dtype=pl.Binary).cast(pl.String)
        except pl.exceptions.PolarsError:
            return None  # not UTF-8 after all: Python's reader decodes it, and says where
    if data.startswith(codecs.BOM_UTF8) or not text.str.contains(pattern).item():
        return None
    names = [f"f{i}" for i in range(tail.fields)]
    try:
        raw = pl.read_csv(
            data,
            has_header=False,
            schema=dict.fromkeys(names, pl.String),
            separator=tail.delimiter,
            quote_char='"',
            missing_columns="insert",
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError:
        return None  # a record wider than the first chunk's widest, for one
    # Line breaks inside each record's quoted cells: a record starts that many lines after the one before it.
    breaks = raw.select(
        pl.sum_horizontal(pl.col(name).str.count_matches("\n", literal=True).fill_null(0) for name in names)
    ).to_series()
    inside = int(breaks.sum())
    if raw.height != line_breaks - inside + (0 if block.endswith(_marks(block)[0]) else 1):
        return None
    stripped = (
        raw.with_columns(pl.col(names).str.strip_chars(python_whitespace()))
        .select(pl.when(pl.col(name) != "").then(pl.col(name)).alias(f"c{i}") for i, name in enumerate(names))
        .with_columns(
            (tail.lines_before + 1 + pl.int_range(pl.len()) + breaks.cum_sum() - breaks).alias("line")
        )
    )
    stripped = stripped.filter(pl.any_horizontal(pl.col(f"c{i}").is_not_null() for i in range(tail.fields)))
    damage: list[tuple[int, int, int]] = []
    width = shape.width
    for column in range(shape.header_width, width):
        for position in (
            stripped.select(pl.arg_where(pl.col(f"c{column}").is_not_null())).to_series().to_list()
        ):
            damage.append((position, column, column))
    if tail.fields > width:
        overflow = pl.any_horizontal(pl.col(f"c{i}").is_not_null() for i in range(width, tail.fields))
        for position in stripped.select(pl.arg_where(overflow)).to_series().to_list():
            damage.append((position, width, width - 1))
    damage.sort()
    return _Parsed(
        stripped["line"].to_list(),
        stripped.select(f"c{i}" for i in range(width)),
        [(position, column) for position, _, column in damage],
    )


def _take(parsed: list[_Parsed], rows: int) -> tuple[_Parsed, list[_Parsed]]:
    """The first ``rows`` records of ``parsed`` as one, and what is left."""
    taken: list[_Parsed] = []
    left = rows
    while left:
        head = parsed.pop(0)
        if head.cells.height > left:
            parsed.insert(0, _slice(head, left, head.cells.height))
            head = _slice(head, 0, left)
        taken.append(head)
        left -= head.cells.height
    offsets = list(itertools.accumulate([0] + [part.cells.height for part in taken]))[:-1]
    return (
        _Parsed(
            [line for part in taken for line in part.lines],
            pl.concat([part.cells for part in taken]),
            [(offset + p, c) for part, offset in zip(taken, offsets, strict=True) for p, c in part.damage],
        ),
        parsed,
    )


def _slice(parsed: _Parsed, start: int, end: int) -> _Parsed:
    return _Parsed(
        parsed.lines[start:end],
        parsed.cells.slice(start, end - start),
        [(p - start, c) for p, c in parsed.damage if start <= p < end],
    )


def _column_table(template: SourceTable, parsed: _Parsed) -> SourceTable:
    return dataclasses.replace(
        template,
        rows=[],
        row_numbers=parsed.lines,
        damaged=[(position, column, BEYOND_HEADER) for position, column in parsed.damage],
        cells=parsed.cells.rechunk(),
    )


def _records(path: Path, reader: Any, first_line: int = 1) -> Iterator[tuple[int, list[str | None]]]:
    """(line number where the record starts, stripped cells) for every non-blank record; the reader's first
    line is line ``first_line`` of the file."""
    start = first_line
    lines_before = first_line - 1
    try:
        for parsed in reader:
            cells: list[str | None] = [c.strip() or None for c in parsed]
            if cells.count(None) < len(cells):  # not a blank record (a C-speed test: this runs per row)
                yield start, cells
            start = lines_before + reader.line_num + 1
    except csv.Error as exc:
        # csv.Error texts describe the syntax problem, not the cell content.
        reason = f"line {lines_before + reader.line_num}: malformed delimited text ({exc})"
        raise MalformedSourceError(path, reason) from None
