"""Header synonyms: normalisation, exact / suffix / containment matching, header-row detection."""

from __future__ import annotations

import pytest

import conf
from pipelines.ingest.headers import (
    find_header_row,
    map_header,
    normalise_header,
    synonym_index,
    unique_headers,
)
from recognizers.fields import SYNONYMS_FILE

REQUIRED_FIELDS = {
    "name",
    "phone",
    "landline",
    "id_number",
    "employer",
    "room",
    "address",
    "request",
    "email",
    "bank_card",
    "gender",
    "birth_date",
    "age",
    "project",
    "building",
    "category",
    "date",
    "status",
    "note",
    "wechat",
    "qq",
    "plate",
    "customer_tier",
    "legal_rep",
    "business_scope",
    "marketing",
}


@pytest.mark.parametrize(
    ("header", "field"),
    [
        # exact
        ("姓名", "name"),
        ("户主", "name"),
        ("联系人", "name"),
        ("手机号码", "phone"),
        ("座机", "landline"),
        ("身份证", "id_number"),
        ("证件号码", "id_number"),
        ("单位", "employer"),
        ("房间号", "room"),
        ("通讯地址", "address"),
        ("反映内容", "request"),
        ("E-mail", "email"),
        ("开户账号", "bank_card"),
        ("性别", "gender"),
        ("生日", "birth_date"),
        ("年龄", "age"),
        ("楼盘", "project"),
        ("幢", "building"),
        ("问题分类", "category"),
        ("填表日期", "date"),
        ("处理结果", "status"),
        ("说明", "note"),
        ("微信号", "wechat"),
        ("QQ", "qq"),
        ("车牌号", "plate"),
        ("重要程度", "customer_tier"),
        ("法定代表人", "legal_rep"),
        ("经营范围", "business_scope"),
        ("营销策略", "marketing"),
        # normalisation: full-width, spaces, required marks, colons, trailing parentheticals, case
        ("姓 名", "name"),
        ("*联系电话：", "phone"),
        ("身份证号（必填）", "id_number"),
        ("身份证号(选填)【18位】", "id_number"),
        ("ＥＭＡＩＬ", "email"),
        ("qq号码", "qq"),
        # head-final: the longest synonym the header ends with
        ("紧急联系人电话", "phone"),
        ("业主姓名", "name"),
        ("工作单位名称", "employer"),
        ("负责人电话", "phone"),
        ("客户出生日期", "birth_date"),
        ("微信账号", "wechat"),
        # containment as the last resort
        ("联系电话1", "phone"),
        ("身份证号码(18位)备用", "id_number"),
        ("QQ号码备用", "qq"),
        # unmapped
        ("序号", None),
        ("客户来源", None),
        ("hotel", None),
        ("", None),
        ("  ", None),
    ],
)
def test_map_header(header: str, field: str | None) -> None:
    assert map_header(header) == field


def test_normalise_header() -> None:
    assert normalise_header(" * 联系 电话（必填）： ") == "联系电话"
    assert normalise_header("（备注）") == "(备注)"  # a header that is only a parenthetical keeps it
    assert normalise_header("E-Mail") == "e-mail"


def test_table_covers_the_required_fields_once() -> None:
    table = conf.load_toml(SYNONYMS_FILE)["fields"]
    assert set(table) >= REQUIRED_FIELDS
    index = synonym_index()
    for field, spellings in table.items():
        for spelling in spellings:
            assert index[normalise_header(spelling)] == field


def test_table_documents_its_format() -> None:
    text = conf.conf_path(SYNONYMS_FILE).read_text(encoding="utf-8")
    assert text.startswith("# Header synonyms")


def test_find_header_row_below_titles() -> None:
    rows: list[list[str | None]] = [
        ["测试小区业主信息登记表", None, None],
        ["制表：物业", None, "2024-03-01"],
        ["姓名", "电话", "房号"],
        ["张三", "13812345678", "501"],
    ]
    assert find_header_row(rows) == 2
    assert find_header_row(rows, excluded={2}) == 3  # no mapped cell left: the widest row


def test_find_header_row_without_synonyms_takes_widest_row() -> None:
    rows: list[list[str | None]] = [["报表"], ["甲", "乙", None], ["a", "b", "c"], ["d", "e", "f"]]
    assert find_header_row(rows) == 2
    assert find_header_row([[None], [" "]]) is None


def test_long_text_cells_do_not_count_as_headers() -> None:
    request = "电话打不通，姓名也登记错了，身份证号码需要更正，地址也不对"
    rows: list[list[str | None]] = [["编号", "内容"], ["1", request]]
    assert find_header_row(rows) == 0


def test_unique_headers() -> None:
    assert unique_headers(["电话", "电话", None, "电话_2", " "]) == [
        "电话",
        "电话_2",
        "column_3",
        "电话_2_2",
        "column_5",
    ]
