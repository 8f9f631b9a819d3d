"""The fast worksheet reader gives openpyxl's values: over generated workbooks of every cell kind, written by
xlsxwriter (shared or inline strings) and by openpyxl, and over XML outside the plain shape (read by openpyxl)."""

from __future__ import annotations

import datetime as dt
import random
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.utils.cell import get_column_letter
from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900

from pipelines.ingest import excel, sheet_xml
from pipelines.ingest.excel import _load_read_only, _sheet_values, iter_xlsx
from pipelines.ingest.sheet_xml import plain_shared_strings

_TEXTS = [
    "张三", " 李四 ", "a&b<c>\"d'", "第一行\n第二行", "回车\r\n换行", "_x000D_", "x005F_x000D_", "", "   ",
    "𠮷祥", "\u3000全角", "110101199003071234", "=1+1", "#N/A",
]  # fmt: skip


def _value(rng: random.Random) -> Any:
    roll = rng.random()
    if roll < 0.4:
        return rng.choice(_TEXTS)
    if roll < 0.5:
        return rng.choice([0, 1, -7, 13812345678, 110101199003071234, 2**53 + 1])
    if roll < 0.6:
        return rng.choice([0.5, -1.25, 1e-7, 1.1e17, 3.0, 123456789.123])
    if roll < 0.68:
        return dt.datetime(2020, 1, 1) + dt.timedelta(
            days=rng.randint(0, 2000), seconds=rng.randint(0, 86399)
        )
    if roll < 0.72:
        return dt.date(1900, 1, 1) + dt.timedelta(days=rng.randint(0, 90))
    if roll < 0.76:
        return rng.random() < 0.5
    return None


def _xlsxwriter_book(path: Path, seed: int, inline: bool) -> None:
    """Odd seeds write rich strings too (the shared-string table then leaves its one-pass form)."""
    rng = random.Random(seed)
    book = xlsxwriter.Workbook(path, {"constant_memory": inline, "strings_to_formulas": False})
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    times = book.add_format({"num_format": "hh:mm:ss"})
    bold = book.add_format({"bold": True})
    for sheet_number in range(2):
        sheet = book.add_worksheet(f"表{sheet_number}")
        row = 0
        for _ in range(rng.randint(5, 40)):
            row += rng.choice([1, 1, 1, 2, 5])  # gaps: missing rows
            for column in range(rng.randint(0, 7)):
                value = _value(rng)
                if value is None:
                    continue
                if isinstance(value, dt.datetime | dt.date):
                    sheet.write_datetime(row, column, value, rng.choice([dates, times]))
                elif isinstance(value, str) and value and rng.random() < 0.15 and not inline and seed % 2:
                    sheet.write_rich_string(row, column, "前", bold, value, "后")
                elif isinstance(value, str) and rng.random() < 0.1:
                    sheet.write_formula(row, column, '=""&"x"', None, value)  # a cached string result
                elif rng.random() < 0.05:
                    sheet.write_formula(row, column, "=1/0", None, "#DIV/0!")
                else:
                    sheet.write(row, column, value)
        if rng.random() < 0.5 and not inline:
            sheet.merge_range(0, 0, 0, 3, "合并标题")
    book.close()


def _openpyxl_book(path: Path, seed: int) -> None:
    rng = random.Random(seed)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in range(1, rng.randint(5, 40)):
        for column in range(1, rng.randint(1, 8)):
            value = _value(rng)
            if isinstance(value, str) and value.startswith("="):
                value = "'" + value
            if value is not None and not (isinstance(value, str) and "\r" in value):
                sheet.cell(row, column, value)
    book.save(path)


def _openpyxl_values(path: Path) -> tuple[list[str], list[list[tuple[Any, ...]]]]:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheets = []
    for sheet in book.worksheets:
        sheet.reset_dimensions()
        sheets.append([tuple(row) for row in sheet.iter_rows(values_only=True)])
    strings = list(book.worksheets[0]._shared_strings) if book.worksheets else []
    book.close()
    return strings, sheets


def _fast_values(path: Path) -> tuple[list[str], list[list[tuple[Any, ...]]]]:
    book = _load_read_only(path)
    sheets = []
    for sheet in book.worksheets:
        sheet.reset_dimensions()
        sheets.append([tuple(row) for row in _sheet_values(book, sheet)])
    strings = list(book.worksheets[0]._shared_strings) if book.worksheets else []
    book.close()
    return strings, sheets


def _plain_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the sheets the fast reader reads to the end without handing over to openpyxl."""
    read: list[int] = []
    rows = sheet_xml.SheetValues.rows

    def counting(self: sheet_xml.SheetValues, blocks: Any) -> Any:
        yield from rows(self, blocks)
        read.append(1)

    monkeypatch.setattr(sheet_xml.SheetValues, "rows", counting)
    return read


@pytest.mark.parametrize("writer", ["xlsxwriter", "xlsxwriter inline", "openpyxl"])
def test_fast_values_are_openpyxls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writer: str) -> None:
    monkeypatch.setattr(sheet_xml, "BLOCK_BYTES", 61)  # rows and tags cut at block borders
    monkeypatch.setattr(excel, "BLOCK_BYTES", 61)
    plain = _plain_reads(monkeypatch)
    for seed in range(25):
        path = tmp_path / f"{seed}.xlsx"
        if writer == "openpyxl":
            _openpyxl_book(path, seed)
        else:
            _xlsxwriter_book(path, seed, inline=writer.endswith("inline"))
        assert _fast_values(path) == _openpyxl_values(path), seed
    assert len(plain) >= 25  # the fast reader did the reading


def _rewrite(path: Path, target: Path, member: str, change: Any) -> None:
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        for item in source.infolist():
            data = source.read(item.filename)
            copy.writestr(item, change(data) if item.filename == member else data)


@pytest.mark.parametrize(
    "change",
    [
        # A namespace prefix on every element of the sheet.
        lambda xml: (
            xml.replace(b"<", b"<x:")
            .replace(b"<x:/", b"</x:")
            .replace(b"<x:?", b"<?")
            .replace(b'xmlns="', b'xmlns:x="')
        ),
        # A comment between two rows, cells without references, and a row number in another form.
        lambda xml: xml.replace(b"</row><row", b"</row><!-- note --><row", 1),
        lambda xml: xml.replace(b' r="B2"', b"", 1),
        # A value in a CDATA section (the same value to an XML parser).
        lambda xml: re.sub(rb"<v>([0-9]+)</v>", rb"<v><![CDATA[\1]]></v>", xml, count=3),
        lambda xml: xml.replace(b'<row r="3"', b'<row r="3.0"', 1),
        # Plain, but unusual: an empty row written as one tag, then the same row number again (skipped).
        lambda xml: xml.replace(b"<sheetData>", b'<sheetData><row r="1" ht="20"/><row r="2"/>', 1),
        # Plain, but unusual: a row's cells out of column order (the row is as wide as its last cell).
        lambda xml: re.sub(
            rb'(<row r="2"[^>]*>)(<c r="A2".*?</c>)(.*?)(</row>)', rb"\1\3\2\4", xml, count=1, flags=re.DOTALL
        ),
    ],
)
def test_sheet_xml_of_another_shape_is_read_by_openpyxl(tmp_path: Path, change: Any) -> None:
    source = tmp_path / "plain.xlsx"
    _xlsxwriter_book(source, 7, inline=False)
    changed = tmp_path / "changed.xlsx"
    _rewrite(source, changed, "xl/worksheets/sheet1.xml", change)
    assert _fast_values(changed) == _openpyxl_values(changed)


def test_shared_strings_of_another_shape_are_read_by_openpyxl(tmp_path: Path) -> None:
    source = tmp_path / "plain.xlsx"
    _xlsxwriter_book(source, 3, inline=False)
    with zipfile.ZipFile(source) as archive:
        strings = archive.read("xl/sharedStrings.xml")
    assert plain_shared_strings(strings) is not None
    # A phonetic run is not plain: openpyxl reads the table (and leaves the run out).
    phonetic = strings.replace(b"</t></si>", b'</t><rPh sb="0" eb="1"><t>zhang</t></rPh></si>', 1)
    assert plain_shared_strings(phonetic) is None
    changed = tmp_path / "phonetic.xlsx"
    _rewrite(source, changed, "xl/sharedStrings.xml", lambda _: phonetic)
    assert _fast_values(changed) == _openpyxl_values(changed)


def test_streamed_workbook_tables_are_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tables iter_xlsx builds from the fast reader equal those built from openpyxl's rows."""
    path = tmp_path / "book.xlsx"
    _xlsxwriter_book(path, 11, inline=False)
    fast = list(iter_xlsx(path, 7))
    monkeypatch.setattr(excel, "_sheet_values", lambda workbook, sheet: sheet.iter_rows(values_only=True))
    slow = list(iter_xlsx(path, 7))
    assert [(t.headers, t.rows, t.row_numbers, t.damaged) for t in fast] == [
        (t.headers, t.rows, t.row_numbers, t.damaged) for t in slow
    ]
    assert sum(t.height for t in fast) > 10


def test_anything_but_rows_and_cells_in_the_sheet_data_is_not_plain() -> None:
    values = sheet_xml.SheetValues(["甲", "乙"], None, set(), set())
    plain = (
        b'<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>%s<c r="B1" t="s"><v>1</v></c></row>'
    )
    assert list(values.rows(iter([plain % b"", b"</sheetData></worksheet>"]))) == [("甲", "乙")]
    for stray in (b"<x/>", b"<!-- note -->", b"text", b"<c><v>2</v></c>"):
        with pytest.raises(sheet_xml.NotPlain):
            list(values.rows(iter([plain % stray, b"</sheetData></worksheet>"])))


# Pieces of worksheet XML for the C/Python comparison: the shapes spreadsheet programs write (mostly), and
# shapes the C reader must decline (then Python reads them, or raises NotPlain) — never read differently.
def _mostly(plain: list[str], odd: list[str]) -> tuple[list[str], list[str]]:
    return plain, odd


_SPACE = _mostly(["", "", " ", "\n"], ["\r\n  ", "\x0c", "\u3000"])
_ROW_EXTRA = _mostly(
    ["", ' spans="1:5"', ' spans="1:5" x14ac:dyDescent="0.25"', " ht='20' customHeight=\"1\"", ' s="3" '],
    [' r="9"', ' spans="1"', " r=7", ' x="a&amp;b"', ' é="1"', ' r ="2"', ' x="<"'],
)
_SHARED_CELL = _mostly(
    [' t="s"', ' s="1" t="s"', ' t="s" s="1"', ' t="s" '],
    [' t="str"', ' t="b"', ' t="e"', ' t="inlineStr"', ' t="d"', ' t="s" t="s"', ' s="x" t="s"', " t='s'"],
)
_SHARED_BODY = _mostly(
    ["/>", "></c>", "><v>0</v></c>", "><v>1</v></c>", "><v>3</v></c>", "><v></v></c>", "><v>02</v></c>"],
    ["><v/></c>", "><v>7</v></c>", "><v>-3</v></c>", "><v>1.5</v></c>", "><v>&#49;</v></c>", "><v>a</v></c>",
     "><v>١</v></c>", "><f>A1</f><v>3</v></c>", "><is><t>行内</t></is></c>", "><v>2</v> </c>",
     '><v xml:space="preserve">1</v></c>', "><v>99999999999999999999</v></c>"],
)  # fmt: skip
_NUMBER_CELL = _mostly(
    ["", ' s="2"', ' t="n"', ' s="02" t="n"', ' s="4"', ' t="n" s="4" '], [' s="x"', ' t="b"']
)
_NUMBER_BODY = _mostly(
    ["/>", "><v>0</v></c>", "><v>12</v></c>", "><v>-3</v></c>", "><v>1.5</v></c>", "><v>1e5</v></c>",
     "><v>2E-3</v></c>", "><v>007</v></c>", "><v>13812345678</v></c>"],
    ["><v>1_000</v></c>", "><v> 12</v></c>", "><v>1.2.3</v></c>", "><v>1&amp;2</v></c>", "><v>TRUE</v></c>",
     "><v>1\r</v></c>", "><v>nan</v></c>"],
)  # fmt: skip


@st.composite
def _sheet_data(draw: st.DrawFn) -> bytes:
    # Per sheet, how often a piece takes an odd shape: never in some sheets, now and then in others.
    odd_percent = draw(st.sampled_from([0, 0, 3, 10, 30]))

    def piece(choices: tuple[list[str], list[str]]) -> str:
        plain, odd = choices
        return draw(st.sampled_from(odd if draw(st.integers(0, 99)) < odd_percent else plain))

    parts = ["<worksheet><sheetData>"]
    number = 0
    for _ in range(draw(st.integers(0, 8))):
        number = draw(st.sampled_from([number + 1, number + 1, number + 3, number, max(number - 1, 1)]))
        numbered = piece(([f' r="{number}"'], [f' r="0{number}"', ""]))
        parts.append(piece(_SPACE) + f"<row{numbered}{piece(_ROW_EXTRA)}")
        if draw(st.integers(0, 9)) == 0:
            parts.append("/>")
            continue
        parts.append(">")
        column = 0
        for _ in range(draw(st.integers(0, 5))):
            column = draw(
                st.sampled_from([column + 1, column + 1, column + 2, column + 30, max(column - 1, 1)])
            )
            letters = get_column_letter(column)
            digits = piece(([str(number)], [f"0{number}", str(number + 1)]))
            kind, body = draw(st.sampled_from([(_SHARED_CELL, _SHARED_BODY), (_NUMBER_CELL, _NUMBER_BODY)]))
            parts.append(piece(_SPACE) + f'<c r="{letters}{digits}"{piece(kind)}{piece(body)}')
        parts.append(piece(_SPACE) + "</row>")
    parts.append(piece(([""], ["<x/>", " text"])) + "</sheetData></worksheet>")
    return "".join(parts).encode()


def _rows_or_error(values: sheet_xml.SheetValues, xml: bytes, block: int) -> tuple[list[Any], str]:
    read: list[Any] = []
    try:
        for row in values.rows(iter([xml[i : i + block] for i in range(0, len(xml), block)])):
            read.append(tuple((type(value).__name__, value) for value in row))  # 12 is not 12.0 here
    except Exception as error:  # the same error, after the same rows, on both paths
        return read, f"{type(error).__name__}: {error}"
    return read, ""


@settings(max_examples=400, deadline=None)
@given(_sheet_data(), st.sampled_from([7, 61, 1 << 20]))
def test_c_rows_are_pythons(xml: bytes, block: int) -> None:
    values = sheet_xml.SheetValues(["甲", "乙", "丙", "丁"], CALENDAR_WINDOWS_1900, {4}, set())
    assert sheet_xml._native_rows() is not None, (
        "the extension pipelines.ingest._sheet_rows was not built (pip install -e .)"
    )
    native = _rows_or_error(values, xml, block)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(sheet_xml, "_native_rows", lambda: None)
        assert native == _rows_or_error(values, xml, block)


def test_the_c_reader_reads_the_rows_programs_write() -> None:
    # Rows as Excel writes them (extra row attributes, styled empty cells, numbers) are read in C, not declined.
    xml = (
        b'<worksheet><sheetData><row r="1" spans="1:3" x14ac:dyDescent="0.25"><c r="A1" s="1" t="s"><v>0</v>'
        b'</c><c r="B1" s="2"/><c r="C1" s="3"><v>12.5</v></c></row>\n<row r="3" spans="1:3" ht="20" '
        b'customHeight="1"><c r="B3" t="s"><v>1</v></c></row></sheetData></worksheet>'
    )
    text = xml.decode()
    start = text.index("<row")
    native = sheet_xml._native_rows()
    assert native is not None
    rows, position, expected, row_counter = native(text, start, ["甲", "乙"], set(), 1, 0)
    assert rows == [("甲", None, 12.5), (), (None, "乙")]
    assert text[position:].startswith("</sheetData>")
    assert (expected, row_counter) == (4, 3)
