"""Excel ingest: real workbooks built in tmp_path (title rows, merged cells, numeric IDs, several sheets)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import random
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from pipelines.ingest import (
    SUPPORTED_SUFFIXES,
    MalformedSourceError,
    SourceTable,
    iter_source_chunks,
    iter_source_files,
    read_source,
)
from pipelines.ingest.excel import cell_text, merges_in_xml
from pipelines.ingest.model import BEYOND_HEADER, PRECISION_LOST

# Obviously fake test identities (the ID number follows the format, not a real person).
FAKE_ID = "11010519491231002X"
FAKE_ID_NUMERIC = 110105194912310021


def repr_digits(value: float) -> str:
    """The digits of a float's shortest round-trip form: what a numeric cell really holds."""
    return f"{Decimal(repr(value)):f}"


def _owner_workbook(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "业主信息"
    sheet["A1"] = "测试小区业主信息登记表"
    sheet.merge_cells("A1:G1")
    sheet["A2"] = "填表单位：测试物业"
    sheet.append(["序号", "楼栋", "房号", "业主姓名", "联系电话", "身份证号（必填）", "诉求"])
    sheet.append([1, "3栋", "501", "张三", 13812345678, float(FAKE_ID_NUMERIC), "楼道灯坏了"])
    sheet.append([2, None, "502", "李四", "13912345678", FAKE_ID, "电梯异响"])
    sheet.append([3, None, "601", "王五", None, None, None])
    sheet.merge_cells("B4:B6")  # the 楼栋 value covers three data rows
    sheet.append([])
    sheet.append([4, "5栋", "101", "赵六", 13700000000, FAKE_ID_NUMERIC, "停车位"])
    sheet["F5"].number_format = "@"

    other = workbook.create_sheet("客户")
    other.append(["客户名称", "手机号码", "工作单位名称", "问题描述", "登记日期", "回访", "已缴费"])
    other.append(["钱七", "13600000000", "测试科技有限公司", "噪音扰民", dt.datetime(2024, 3, 1), None, True])
    other.append(
        ["孙八", "13500000000", None, "漏水", dt.datetime(2024, 3, 2, 9, 30), dt.date(2024, 3, 5), False]
    )
    workbook.create_sheet("空白")
    workbook.save(path)
    return path


@pytest.fixture()
def owner_tables(tmp_path: Path) -> list[SourceTable]:
    return read_source(_owner_workbook(tmp_path / "业主.xlsx"))


def test_reads_every_non_empty_sheet(owner_tables: list[SourceTable]) -> None:
    assert [(t.sheet_index, t.sheet_name, t.kind) for t in owner_tables] == [
        (0, "业主信息", "xlsx"),
        (1, "客户", "xlsx"),
    ]


def test_header_found_below_title_rows(owner_tables: list[SourceTable]) -> None:
    table = owner_tables[0]
    assert table.headers == ["序号", "楼栋", "房号", "业主姓名", "联系电话", "身份证号（必填）", "诉求"]
    assert table.fields == [None, "building", "room", "name", "phone", "id_number", "request"]
    assert table.row_numbers == [4, 5, 6, 8]  # the blank row 7 is not a record


def test_merged_data_cells_are_filled(owner_tables: list[SourceTable]) -> None:
    assert [row[1] for row in owner_tables[0].rows] == ["3栋", "3栋", "3栋", "5栋"]


def test_numbers_become_text_and_long_numbers_are_flagged(owner_tables: list[SourceTable]) -> None:
    table = owner_tables[0]
    assert table.rows[0][0] == "1"
    assert table.rows[0][4] == "13812345678"
    assert table.rows[1][5] == FAKE_ID  # text-formatted ID stays intact
    assert table.rows[2][4:] == [None, None, None]
    assert table.damaged == [(0, 5, PRECISION_LOST), (3, 5, PRECISION_LOST)]
    # The value as stored: 18 plain digits, but the digits Excel dropped cannot be recovered.
    for position in (0, 3):
        stored = table.rows[position][5]
        assert stored is not None and stored.isdigit() and len(stored) == 18
        assert stored.startswith("1101051949123100")


def test_second_sheet_other_spellings_dates_and_booleans(owner_tables: list[SourceTable]) -> None:
    table = owner_tables[1]
    assert table.fields == ["name", "phone", "employer", "request", "date", None, None]
    assert table.rows[0][4:] == ["2024-03-01", None, "TRUE"]
    assert table.rows[1][4:] == ["2024-03-02T09:30:00", "2024-03-05", "FALSE"]
    assert table.rows[1][2] is None
    assert table.row_numbers == [2, 3]


def test_source_identity(tmp_path: Path) -> None:
    path = _owner_workbook(tmp_path / "业主.xlsx")
    table = read_source(path)[0]
    assert table.path == path
    assert table.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert table.encoding == ""
    assert all(len(row) == len(table.headers) for row in table.rows)
    assert all(v is None or (isinstance(v, str) and v == v.strip() and v) for row in table.rows for v in row)


def test_merged_header_and_duplicate_headers(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["姓名", "电话", "电话", None, "联系方式", None])
    sheet.merge_cells("E1:F1")
    sheet.append(["张三", "13812345678", "13912345678", "孤立值", "010-12345678", "13700000000"])
    sheet.append(["表头下移", None, None, None, None, None])
    path = tmp_path / "dup.xlsx"
    workbook.save(path)
    table = read_source(path)[0]
    assert table.headers == ["姓名", "电话", "电话_2", "column_4", "联系方式", "联系方式_2"]
    assert table.fields == ["name", "phone", "phone", None, "phone", "phone"]
    assert table.rows[0] == ["张三", "13812345678", "13912345678", "孤立值", "010-12345678", "13700000000"]


def test_header_merged_down_does_not_become_data(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["姓名", "联系方式", None])
    sheet.append([None, "手机", "座机"])
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("B1:C1")
    sheet.append(["张三", "13812345678", "010-12345678"])
    path = tmp_path / "two_level.xlsx"
    workbook.save(path)
    table = read_source(path)[0]
    # The upper header row wins; the sub-header row is kept as a record rather than lost.
    assert table.headers == ["姓名", "联系方式", "联系方式_2"]
    assert table.rows == [[None, "手机", "座机"], ["张三", "13812345678", "010-12345678"]]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, (None, None)),
        ("  张三 ", ("张三", None)),
        ("   ", (None, None)),
        (True, ("TRUE", None)),
        (42, ("42", None)),
        (42.0, ("42", None)),
        (3.5, ("3.5", None)),
        (1.10105194912310e17, ("110105194912310000", PRECISION_LOST)),
        (6222020200112233445, ("6222020200112233445", PRECISION_LOST)),
        (999999999999999, ("999999999999999", None)),
        (dt.datetime(2024, 1, 2), ("2024-01-02", None)),
        (dt.date(2024, 1, 2), ("2024-01-02", None)),
        (dt.time(8, 15), ("08:15:00", None)),
    ],
)
def test_cell_text(value: object, expected: tuple[str | None, str | None]) -> None:
    assert cell_text(value) == expected


def test_corrupt_xlsx_is_malformed_without_content(tmp_path: Path) -> None:
    garbage = tmp_path / "随机.xlsx"
    garbage.write_bytes(random.Random(7).randbytes(4096))
    with pytest.raises(MalformedSourceError) as info:
        read_source(garbage)
    assert info.value.path == garbage
    assert str(info.value).startswith(f"{garbage}: ")

    truncated = _owner_workbook(tmp_path / "截断.xlsx")
    truncated.write_bytes(b"PK\x03\x04" + truncated.read_bytes()[4:3000])
    with pytest.raises(MalformedSourceError) as info:
        read_source(truncated)
    message = str(info.value)
    for secret in ("张三", "13812345678", FAKE_ID, str(FAKE_ID_NUMERIC)):
        assert secret not in message


def test_xlsx_saved_as_xls_is_read_by_content(tmp_path: Path) -> None:
    path = _owner_workbook(tmp_path / "renamed.XLS")
    tables = read_source(path)
    assert tables[0].kind == "xlsx"
    assert tables[0].rows[0][3] == "张三"


def test_html_saved_as_xls_is_malformed(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    path.write_text("<html><table><tr><td>张三</td></tr></table></html>", encoding="utf-8")
    with pytest.raises(MalformedSourceError, match="HTML") as info:
        read_source(path)
    assert "张三" not in str(info.value)


def test_xls_with_merged_cells_and_numeric_id(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("登记")
    sheet.write_merge(0, 0, 0, 3, "测试小区住户登记")
    for c, text in enumerate(["楼号", "户主姓名", "证件号码", "登记时间"]):
        sheet.write(1, c, text)
    sheet.write_merge(2, 3, 0, 0, "7号楼")
    sheet.write(2, 1, "张三")
    sheet.write(2, 2, float(FAKE_ID_NUMERIC))
    sheet.write(2, 3, dt.datetime(2024, 5, 6), xlwt.easyxf(num_format_str="YYYY-MM-DD"))
    sheet.write(3, 1, "李四")
    sheet.write(3, 2, FAKE_ID)
    sheet.write(3, 3, 45000.0)
    book.add_sheet("空")
    path = tmp_path / "登记.xls"
    book.save(str(path))

    tables = read_source(path)
    assert len(tables) == 1
    table = tables[0]
    assert table.kind == "xls"
    assert table.headers == ["楼号", "户主姓名", "证件号码", "登记时间"]
    assert table.fields == ["building", "name", "id_number", "date"]
    assert table.rows == [
        ["7号楼", "张三", repr_digits(float(FAKE_ID_NUMERIC)), "2024-05-06"],
        ["7号楼", "李四", FAKE_ID, "45000"],
    ]
    assert table.row_numbers == [3, 4]
    assert table.damaged == [(0, 2, PRECISION_LOST)]


def test_corrupt_xls_is_malformed(tmp_path: Path) -> None:
    path = tmp_path / "坏.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(3).randbytes(2000))
    with pytest.raises(MalformedSourceError, match=r"not a readable \.xls workbook"):
        read_source(path)


def test_empty_file_is_malformed(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    with pytest.raises(MalformedSourceError, match="empty"):
        read_source(path)


def test_iter_source_files_reports_what_it_skips(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.CSV").write_text("姓名\n张三\n", encoding="utf-8")
    (tmp_path / "a.xlsx").write_bytes(b"x")
    (tmp_path / "~$a.xlsx").write_bytes(b"x")
    (tmp_path / ".hidden.csv").write_text("x", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.csv").write_text("x", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"x")
    (tmp_path / "c.txt").write_text("姓名：张三\n", encoding="utf-8")
    missing = tmp_path / "missing.csv"

    readable, skipped = iter_source_files([tmp_path, tmp_path / "a.xlsx", missing])
    assert readable == [tmp_path / "a.xlsx", tmp_path / "b" / "2.CSV", tmp_path / "c.txt"]
    reasons = {path.name: reason for path, reason in skipped}
    assert reasons == {
        ".git": "hidden folder",
        ".hidden.csv": "hidden file",
        "notes.docx": "unsupported file type '.docx'",
        "~$a.xlsx": "Office lock/temporary file",
        "a.xlsx": "listed more than once",
        "missing.csv": "does not exist",
    }
    assert {".xlsx", ".xls", ".csv", ".txt"} <= SUPPORTED_SUFFIXES


def test_unsupported_suffix_is_malformed(tmp_path: Path) -> None:
    path = tmp_path / "a.docx"
    path.write_bytes(b"x")
    with pytest.raises(MalformedSourceError, match="unsupported"):
        read_source(path)


def _chunked(path: Path, chunk_rows: int) -> list[SourceTable]:
    """The chunks of ``path`` joined back into one table per sheet."""
    joined: dict[int, SourceTable] = {}
    for chunk in iter_source_chunks(path, chunk_rows):
        table = joined.setdefault(
            chunk.sheet_index, dataclasses.replace(chunk, rows=[], row_numbers=[], damaged=[])
        )
        assert chunk.headers == table.headers and len(chunk.rows) <= chunk_rows
        offset = len(table.rows)
        table.rows.extend(chunk.rows)
        table.row_numbers.extend(chunk.row_numbers)
        table.damaged.extend((offset + row, column, reason) for row, column, reason in chunk.damaged)
    return list(joined.values())


def _long_workbook(path: Path, rows: int) -> Path:
    """A title row, a header merged down over two rows, vertical merges every 9 rows (crossing chunk borders),
    long numeric IDs, dates and blank rows."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "客户"
    sheet.append(["测试小区客户登记表"])
    sheet.merge_cells("A1:E1")
    sheet.append(["楼栋", "客户姓名", "联系电话", "身份证号", "登记日期"])
    sheet.append([None, None, None, None, None])
    sheet.merge_cells("A2:A3")
    for index in range(rows):
        row = 4 + index
        if index % 13 == 5:
            sheet.append([])
            continue
        building = f"{index // 9 + 1}栋" if index % 9 == 0 else None
        sheet.append(
            [building, f"客户{index}", 13800000000 + index, float(FAKE_ID_NUMERIC), dt.date(2024, 1, 1)]
        )
        if index % 9 == 0 and index + 8 < rows:
            sheet.merge_cells(f"A{row}:A{row + 8}")
    workbook.create_sheet("空白")
    other = workbook.create_sheet("备注")
    other.append(["姓名", "诉求"])
    other.append(["张三", "楼道灯坏了"])
    workbook.save(path)
    return path


@pytest.mark.parametrize("chunk_rows", [7, 40, 10_000])
def test_a_streamed_workbook_gives_the_tables_of_a_whole_read(tmp_path: Path, chunk_rows: int) -> None:
    path = _long_workbook(tmp_path / "长表.xlsx", 120)
    whole = read_source(path)
    streamed = _chunked(path, chunk_rows)
    assert [(t.sheet_index, t.sheet_name, t.headers, t.fields) for t in streamed] == [
        (t.sheet_index, t.sheet_name, t.headers, t.fields) for t in whole
    ]
    for mine, theirs in zip(streamed, whole, strict=True):
        assert mine.rows == theirs.rows
        assert mine.row_numbers == theirs.row_numbers
        assert mine.damaged == theirs.damaged
        assert mine.sha256 == theirs.sha256
    assert [row[0] for row in whole[0].rows[:10]] == ["1栋"] * 9 + ["2栋"]


def test_a_value_in_a_new_column_after_the_first_block_damages_its_row(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["姓名", "诉求"])
    for index in range(80):
        sheet.append([f"客户{index}", "电梯坏了", "额外" if index == 70 else None])
    path = tmp_path / "extra.xlsx"
    workbook.save(path)
    [table] = _chunked(path, 10)  # decided on the first 30 + 10 rows, where column C is empty
    assert table.headers == ["姓名", "诉求"]
    assert len(table.rows) == 80
    assert table.damaged == [(70, 1, BEYOND_HEADER)]


def test_an_xls_saved_as_xlsx_is_still_read_in_chunks(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("登记")
    for c, text in enumerate(["户主姓名", "诉求"]):
        sheet.write(0, c, text)
    for r in range(1, 6):
        sheet.write(r, 0, f"客户{r}")
        sheet.write(r, 1, "电梯坏了")
    path = tmp_path / "登记.xlsx"  # an .xls workbook under an .xlsx name: read whole by content, then cut
    book.save(str(path))
    chunks = list(iter_source_chunks(path, 2))
    assert [(chunk.kind, len(chunk.rows)) for chunk in chunks] == [("xls", 2), ("xls", 2), ("xls", 1)]


def test_merged_ranges_are_read_from_xml_blocks_whatever_the_quotes_and_cuts() -> None:
    xml = (
        b'<worksheet><sheetData><row r="1"><c r="A1"/></row></sheetData><mergeCells count="3">'
        b'<mergeCell ref="A1:C1"/><x:mergeCell ref=\'B4:B6\'/><mergeCell ref="D2"/></mergeCells></worksheet>'
    )
    expected = [(0, 1, 0, 3), (3, 6, 1, 2), (1, 2, 3, 4)]
    for size in (1, 7, 20, len(xml)):
        blocks = [xml[start : start + size] for start in range(0, len(xml), size)]
        merges = merges_in_xml(blocks)
        assert [(m.first_row, m.end_row, m.first_col, m.end_col) for m in merges] == expected, size
