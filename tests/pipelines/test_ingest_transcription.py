"""Transcriptions of paper forms: key：value blocks separated by lines or blank lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.ingest import MalformedSourceError, read_source
from pipelines.ingest.transcription import is_key, split_line

DASHED = """\
测试小区入户普查记录
----------
姓名：张三　　电话：13812345678
房号: 3栋501
诉求：楼道灯坏了，
晚上出入不便。

请尽快维修。
==========
姓名:李四\t手机号码：13912345678
工作单位：测试科技有限公司  备注：无
________
只写了一句话，没有任何栏目。
"""

BLANK_SEPARATED = """\

户主：王五
联系方式：13700000000
问题描述：漏水


户主：赵六
联系方式：13600000000
"""


def test_dash_separated_forms(tmp_path: Path) -> None:
    table = read_source(_write(tmp_path, DASHED))[0]
    assert table.kind == "txt"
    assert table.encoding == "utf-8"
    assert table.headers == ["text", "姓名", "电话", "房号", "诉求", "手机号码", "工作单位", "备注"]
    assert table.fields == ["request", "name", "phone", "room", "request", "phone", "employer", "note"]
    assert table.rows == [
        ["测试小区入户普查记录", None, None, None, None, None, None, None],
        [
            None,
            "张三",
            "13812345678",
            "3栋501",
            "楼道灯坏了，\n晚上出入不便。\n请尽快维修。",
            None,
            None,
            None,
        ],
        [None, "李四", None, None, None, "13912345678", "测试科技有限公司", "无"],
        ["只写了一句话，没有任何栏目。", None, None, None, None, None, None, None],
    ]
    assert table.row_numbers == [1, 3, 10, 13]


def test_blank_line_separated_forms(tmp_path: Path) -> None:
    table = read_source(_write(tmp_path, BLANK_SEPARATED, encoding="gbk"))[0]
    assert table.encoding == "gb18030"
    assert table.headers == ["户主", "联系方式", "问题描述"]
    assert table.fields == ["name", "phone", "request"]
    assert table.rows == [["王五", "13700000000", "漏水"], ["赵六", "13600000000", None]]
    assert table.row_numbers == [2, 7]


def test_repeated_key_in_one_form_is_kept(tmp_path: Path) -> None:
    table = read_source(_write(tmp_path, "姓名：张三\n电话：13812345678\n电话：13912345678\n"))[0]
    assert table.headers == ["姓名", "电话", "电话_2"]
    assert table.rows == [["张三", "13812345678", "13912345678"]]


def test_value_on_the_next_line(tmp_path: Path) -> None:
    table = read_source(_write(tmp_path, "诉求：\n  希望增加停车位  \n姓名：张三\n"))[0]
    assert table.rows == [["希望增加停车位", "张三"]]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("姓名：张三", ("", [("姓名", "张三")])),
        ("姓名:张三", ("", [("姓名", "张三")])),
        ("姓名 ： 张三", ("", [("姓名", "张三")])),
        ("姓名：张三　电话：138", ("", [("姓名", "张三"), ("电话", "138")])),
        ("姓名：张三\t电话：138  房号：501", ("", [("姓名", "张三"), ("电话", "138"), ("房号", "501")])),
        ("姓  名：张三", ("", [("姓名", "张三")])),
        ("E-mail: a@example.com", ("", [("E-mail", "a@example.com")])),
        ("来访时间：10:30", ("", [("来访时间", "10:30")])),
        ("10:30到了现场", ("10:30到了现场", [])),
        ("备注：张三说：明天再来", ("", [("备注", "张三说：明天再来")])),
        ("他说，你好：我是物业", ("他说，你好：我是物业", [])),
        ("这是一段很长很长的没有栏目的话：然后继续", ("这是一段很长很长的没有栏目的话：然后继续", [])),
        ("http://example.com/a", ("http://example.com/a", [])),
        ("2024年3月1日：来访", ("2024年3月1日：来访", [])),
        ("补充  电话：138", ("补充", [("电话", "138")])),
        ("姓名：", ("", [("姓名", "")])),
    ],
)
def test_split_line(line: str, expected: tuple[str, list[tuple[str, str]]]) -> None:
    assert split_line(line) == expected


@pytest.mark.parametrize(
    ("candidate", "ok"),
    [
        ("姓名", True),
        ("QQ号", True),
        ("12345", False),
        ("你好，世界", False),
        ("一二三四五六七八九十一", False),
    ],
)
def test_is_key(candidate: str, ok: bool) -> None:
    assert is_key(candidate) is ok


def test_file_without_any_form_is_malformed(tmp_path: Path) -> None:
    path = _write(tmp_path, "这只是一段话，张三说要投诉。\n没有任何栏目。\n")
    with pytest.raises(MalformedSourceError) as info:
        read_source(path)
    assert "张三" not in str(info.value)
    assert str(info.value).startswith(str(path))


def test_empty_transcription_is_malformed(tmp_path: Path) -> None:
    with pytest.raises(MalformedSourceError):
        read_source(_write(tmp_path, "\n\n  \n"))


def _write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "普查.txt"
    path.write_bytes(text.encode(encoding))
    return path
