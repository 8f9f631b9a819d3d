"""A fast reader for the plain XML of .xlsx shared strings and worksheets: openpyxl's values, at C-regex speed.

openpyxl's read-only mode builds an ElementTree element for every cell and shared string and runs its own
Python code on each: about 90 µs a row of ten cells, which made the main process the slowest part of a
workbook batch. The XML that spreadsheet programs write for cell data is regular, so this module reads it with
regular expressions — but only XML of the plain shape described below. Anything else (namespace prefixes,
comments, CDATA, phonetic runs, unknown entities …) is read by openpyxl as before, from the first value this
module cannot vouch for: the values are always openpyxl's.

Plain shared strings: ``<si>`` items holding ``<t>`` text and rich-text runs ``<r>(<rPr>…</rPr>)?<t>…</t></r>``
(openpyxl's ``Text.content``: the runs' texts joined). Plain sheet data: ``<row>`` elements of ``<c>`` cells
with an optional formula (``<f>``, ignored: baomi reads cached values) and value ``<v>``, or an inline string
``<is>`` of the plain shared-string form. Each value is converted by openpyxl's own functions (numbers, dates
by the workbook's date formats, booleans, ISO dates) exactly as ``WorkSheetParser.parse_cell`` converts it, and
rows come out as ``ReadOnlyWorksheet`` yields them with ``values_only=True`` and no dimensions: a missing row
as an empty tuple, a row as wide as its last cell's column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import Any, cast

from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601

# Blocks of worksheet XML read at a time (rows are parsed as blocks arrive: memory stays bounded).
BLOCK_BYTES = 1 << 20

_ENTITY = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));|&")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
# One <t> element (text, or empty), and one rich-text run holding one.
_T = r"<t(?:\s[^<>]*)?(?:/>|>([^<]*)</t>)"
_RUN = rf"<r>(?:<rPr>(?:<[^<>]*>)*</rPr>)?{_T}</r>"
_TEXT_ITEMS = re.compile(rf"{_T}|{_RUN}")
_TEXT_BODY = re.compile(rf"(?:{_T})?(?:{_RUN})*")
_SIMPLE_SI = re.compile(r"<si><t(?:\s[^<>]*)?>([^<]*)</t></si>")
_SI = re.compile(r"<si>(.*?)</si>|<si/>", re.DOTALL)
# The tokens of plain sheet data: a row's start tag (attributes, "/" when empty), its end tag, or a whole cell
# with its reference first (column letters, row digits, the other attributes, the value's text, an inline
# string) — or, last, any other character that is not white space, which makes the text not plain.
_TOKEN = re.compile(
    r"<row((?:\s[^<>]*?)?)(/?)>|(</row>)"
    r"|<c\s+r=\"([A-Z]{1,3})([0-9]+)\"([^<>/]*(?:/(?!>)[^<>/]*)*)"
    r"(?:/>|>(?:<f(?:\s[^<>]*)?(?:/>|>[^<]*</f>))?(?:<v(?:\s[^<>]*)?(?:/>|>([^<]*)</v>))?(<is>.*?</is>)?</c>)"
    r"|(\S)",
    re.DOTALL,
)
# A row's start tag as spreadsheet programs write it (its number, and the span of its cells): read without
# ``_attributes``, which gives the same number for it.
_PLAIN_ROW = re.compile(r"\s+r=\"([0-9]+)\"(?:\s+spans=\"[0-9]+:[0-9]+\")?")
_ATTRIBUTE = re.compile(r"\s+([A-Za-z_][\w.\-]*(?::[\w.\-]+)?)\s*=\s*(?:\"([^\"<&]*)\"|'([^'<&]*)')")
_SHEET_DATA_START = re.compile(rb"<([A-Za-z_][\w.\-]*:)?sheetData(?:\s[^<>]*?)?(/?)>")
_SHEET_DATA_END = b"</sheetData>"
_DECLARATION = re.compile(r"(?:<\?xml[^<>]*\?>)?\s*")


class NotPlain(Exception):
    """XML outside the plain shape: the caller reads it with openpyxl."""


def _unescape(text: str) -> str:
    """XML character data as a parser returns it: line ends normalised, the five entities and character
    references replaced (a bare ``&`` is not well-formed XML: not plain)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        named, decimal, hexadecimal = match.groups()
        if named:
            return _NAMED[named]
        if decimal or hexadecimal:
            return chr(int(decimal) if decimal else int(hexadecimal, 16))
        raise NotPlain("a bare ampersand")

    return _ENTITY.sub(replace, text)


def _text_content(body: str) -> str:
    """``Text.from_tree(<si> or <is>).content`` of a plain body: its ``<t>`` texts joined."""
    if _TEXT_BODY.fullmatch(body) is None:
        raise NotPlain("a text element of another shape")
    return "".join(_unescape(plain or run or "") for plain, run in _TEXT_ITEMS.findall(body))


def plain_shared_strings(data: bytes) -> list[str] | None:
    """The shared-string table of ``xl/sharedStrings.xml`` as openpyxl's ``read_string_table`` reads it, or
    None when the XML is not of the plain shape."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    start = text.find("<sst")
    if start < 0 or _DECLARATION.fullmatch(text, 0, start) is None:
        return None
    opened = text.find(">", start)
    end = text.rfind("</sst>")
    if opened < 0 or end < opened or text[end + len("</sst>") :].strip():
        return None
    if text[opened - 1] == "/":  # <sst …/>: no strings
        return []
    # The common table: every item one <t> text (one C-speed pass; the general loop below otherwise).
    simple = _SIMPLE_SI.findall(text, opened + 1, end)
    if not _SIMPLE_SI.sub("", text[opened + 1 : end]).strip():
        try:
            return [
                _unescape(item).replace("x005F_", "")
                if ("&" in item or "\r" in item or "x005F_" in item)
                else item
                for item in simple
            ]
        except NotPlain:
            return None
    strings: list[str] = []
    position = opened + 1
    try:
        for match in _SI.finditer(text, position, end):
            if text[position : match.start()].strip():
                return None
            body = match.group(1)
            strings.append(_text_content(body).replace("x005F_", "") if body else "")
            position = match.end()
    except NotPlain:
        return None
    if text[position:end].strip():
        return None
    return strings


class SheetValues:
    """How a worksheet's cell values are converted (the workbook's shared strings, epoch and date formats)."""

    def __init__(
        self, shared_strings: Sequence[str], epoch: Any, date_formats: Any, timedelta_formats: Any
    ) -> None:
        self.shared_strings = shared_strings
        self.epoch = epoch
        self.date_formats = date_formats
        self.timedelta_formats = timedelta_formats

    def rows(self, blocks: Iterator[bytes]) -> Iterator[tuple[Any, ...]]:
        """The values of a worksheet's rows, as ``ReadOnlyWorksheet.iter_rows(values_only=True)`` yields them
        after ``reset_dimensions()``, from its XML given as consecutive blocks of bytes. Raises ``NotPlain``
        (after the rows it could read) where the XML leaves the plain shape."""
        buffer = b""
        for block in blocks:
            buffer += block
            found = _SHEET_DATA_START.search(buffer)
            if found:
                if found.group(1):
                    raise NotPlain("a namespace prefix")
                if found.group(2):  # <sheetData/>
                    return
                buffer = buffer[found.end() :]
                break
            buffer = buffer[-64:]  # a tag cut at the block border
        else:
            raise NotPlain("no sheet data")
        expected = 1  # the next row number openpyxl would yield
        row_counter = 0
        row: list[tuple[int, Any]] | None = None
        kinds: dict[str, tuple[int, str]] = {}
        columns: dict[str, int] = {}
        row_digits = ""
        shared = self.shared_strings
        native = _native_rows() if isinstance(shared, list) else None
        date_styles = set(self.date_formats)  # C asks it as Python does: style_id in date_formats
        for text, last in _complete_rows(buffer, blocks):
            position = 0
            while position < len(text):
                if native is not None:
                    # Rows of the common shape are read in C (the same values), up to the first it declines.
                    common, position, expected, row_counter = native(
                        text, position, shared, date_styles, expected, row_counter
                    )
                    yield from common
                start, position = position, len(text)
                # Python reads on from there: to the end of the row C declined (then C again), or of the text.
                for match in _TOKEN.finditer(text, start):
                    attributes, closed, row_end, letters, digits, rest, raw, inline, other = match.groups("")
                    if other:
                        raise NotPlain("sheet data of another shape")
                    if letters:  # a cell
                        if digits != row_digits or row is None:
                            raise NotPlain("a cell outside its row")
                        kind = kinds.get(rest)
                        if kind is None:
                            kind = kinds[rest] = _cell_kind(rest)
                        column = columns.get(letters)
                        if column is None:
                            column = columns[letters] = column_index_from_string(letters)
                        if kind[1] == "s" and raw.isdigit():  # the common cell: a shared string
                            row.append((column, shared[int(raw)]))
                        else:
                            row.append((column, self._value(kind, raw, inline)))
                        continue
                    if not row_end:  # a row starts
                        if row is not None:
                            raise NotPlain("a row inside a row")
                        plain = _PLAIN_ROW.fullmatch(attributes)
                        number = plain.group(1) if plain else _attributes(attributes).get("r")
                        if number is None:
                            row_counter += 1
                        elif number.isdigit():
                            row_counter = int(number)
                        else:
                            raise NotPlain("a row number of another form")
                        row = []
                        row_digits = str(row_counter)
                        if not closed:
                            continue
                    # A row ends (its end tag, or a start tag that closes itself).
                    if row is None:
                        raise NotPlain("a row ends that did not start")
                    cells, row = row, None
                    while expected < row_counter:
                        expected += 1
                        yield ()
                    if expected <= row_counter:
                        expected += 1
                        yield _row_values(cells)
                    if native is not None:
                        position = match.end()
                        break
            if last:
                if row is not None:
                    raise NotPlain("a row that does not end")
                return

    def _value(self, kind: tuple[int, str], raw: str, inline: str) -> Any:
        """A cell's value as ``WorkSheetParser.parse_cell`` gives it with ``data_only=True``."""
        style_id, data_type = kind
        if data_type == "inlineStr":
            return _text_content(inline[4:-5]) if inline else None
        if inline:
            raise NotPlain("an inline string in a cell of another type")
        value = _unescape(raw) if raw else None
        if not value:
            return None
        if data_type == "s":
            return self.shared_strings[int(value)]
        if data_type == "n":
            number: Any = float(value) if ("." in value or "E" in value or "e" in value) else int(value)
            if style_id in self.date_formats:
                try:
                    return from_excel(number, self.epoch, timedelta=style_id in self.timedelta_formats)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if data_type == "b":
            return bool(int(value))
        if data_type == "d":
            return from_ISO8601(value)  # type: ignore[no-untyped-call]
        return value  # "str", "e" and any other type: the text as written


def _cell_kind(rest: str) -> tuple[int, str]:
    """(style id, data type) from a cell's attributes after its reference."""
    attributes = _attributes(rest)
    style = attributes.get("s", "0")
    if not style.isdigit():
        raise NotPlain("a style of another form")
    return int(style), attributes.get("t", "n")


def _attributes(text: str | None) -> dict[str, str]:
    """The attributes of a start tag (unquoted values, entities or anything else: not plain)."""
    if not text:
        return {}
    found: dict[str, str] = {}
    position = 0
    for match in _ATTRIBUTE.finditer(text):
        if match.start() != position:
            raise NotPlain("an attribute of another form")
        position = match.end()
        value = match.group(2) if match.group(2) is not None else match.group(3)
        found[match.group(1)] = value
    if text[position:].strip():
        raise NotPlain("an attribute of another form")
    return found


def _row_values(cells: list[tuple[int, Any]]) -> tuple[Any, ...]:
    """``ReadOnlyWorksheet._get_row`` with ``values_only=True`` and no column limit."""
    if not cells:
        return ()
    width = cells[-1][0]
    values: list[Any] = [None] * width
    for column, value in cells:
        if 1 <= column <= width:
            values[column - 1] = value
    return tuple(values)


def _complete_rows(buffer: bytes, blocks: Iterator[bytes]) -> Iterator[tuple[str, bool]]:
    """The sheet data as text cut after complete rows (and whether it is the end of the sheet data)."""
    while True:
        end = buffer.find(_SHEET_DATA_END)
        if end >= 0:
            yield _decode(buffer[:end]), True
            return
        cut = buffer.rfind(b"</row>")
        if cut >= 0:
            cut += len(b"</row>")
            yield _decode(buffer[:cut]), False
            buffer = buffer[cut:]
        block = next(blocks, b"")
        if not block:
            raise NotPlain("the sheet data does not end")
        buffer += block


@cache
def _native_rows() -> Callable[..., tuple[list[tuple[Any, ...]], int, int, int]] | None:
    """``rows`` of the built extension ``pipelines.ingest._sheet_rows`` (the common rows in C), or None when it
    was not built (a source tree used without ``pip install``): Python's loop then reads every row."""
    try:
        from pipelines.ingest import _sheet_rows  # type: ignore[attr-defined]
    except ImportError:
        return None
    return cast(Callable[..., tuple[list[tuple[Any, ...]], int, int, int]], _sheet_rows.rows)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotPlain("not UTF-8") from None
