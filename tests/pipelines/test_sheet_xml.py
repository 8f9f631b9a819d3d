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
