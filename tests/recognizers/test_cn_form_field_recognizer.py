"""CnFormFieldRecognizer through the real analyzer: the value after a form key is that key's entity."""

from __future__ import annotations

import pytest

from recognizers.engine import Detector


def _found(detector: Detector, text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.entity_type) for s in detector.detect(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("姓名：张三", [("张三", "PERSON")]),
        ("业主姓名:欧阳建国\n", [("欧阳建国", "PERSON")]),
        ("户主：李梅（业主）", [("李梅", "PERSON")]),
        ("工作单位：深圳市腾达科技有限公司", [("深圳市腾达科技有限公司", "EMPLOYER")]),
        ("单位：某某小学　　房号：3栋2单元501", [("某某小学", "EMPLOYER"), ("3栋2单元501", "ROOM")]),
        ("家庭住址：广东省深圳市南山区科技路8号", [("广东省深圳市南山区科技路8号", "ADDRESS")]),
        ("姓名：王芳  联系人：赵强", [("王芳", "PERSON"), ("赵强", "PERSON")]),
        ("微信：zhang_san88", [("zhang_san88", "WECHAT_ID")]),
        ("ＱＱ：12345678", [("12345678", "QQ_NUMBER")]),
        ("紧急联络人 ：顾兵", [("顾兵", "PERSON")]),  # a space before the colon
        ("姓  名：鄢萍", [("鄢萍", "PERSON")]),  # a key spaced out to the width of the form
        ("对接人：公孙瑜", [("公孙瑜", "PERSON")]),
        ("持证人：余涛", [("余涛", "PERSON")]),
        ("开户名：章小燕", [("章小燕", "PERSON")]),
        ("名字：金洋", [("金洋", "PERSON")]),
    ],
)
def test_form_values_are_found(detector: Detector, text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(detector, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "业主反映：楼上漏水三天了",  # 业主反映 is not a name key although it contains 业主
        "工作单位：无",
        "姓名：不详",
        "诉求：电梯经常停运",
        "时间：2026-11-27",
        "申请人",  # a form key alone is never a name
        "联系人：",
        "姓名：拒填",  # refused
        "业主姓名:    房间号:",  # an empty field followed by the next key
    ],
)
def test_non_values_are_not_found(detector: Detector, text: str) -> None:
    assert _found(detector, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("微信：sjyy98擅长装修", [("sjyy98", "WECHAT_ID")]),
        ("QQ：53344829】", [("53344829", "QQ_NUMBER")]),
    ],
)
def test_shaped_values_stop_where_the_shape_stops(
    detector: Detector, text: str, expected: list[tuple[str, str]]
) -> None:
    assert [f for f in _found(detector, text) if f[1] in ("WECHAT_ID", "QQ_NUMBER")] == expected


def test_a_too_short_wechat_value_is_not_an_id(detector: Detector) -> None:
    assert [f for f in _found(detector, "微信：abc") if f[1] == "WECHAT_ID"] == []


@pytest.mark.parametrize(
    "text",
    [
        "燃气户号：0320431400",
        "物业服务中心地址：本小区3号楼一层",
        "检测单位：某某检测有限公司",
    ],
)
def test_keys_about_providers_are_not_customer_fields(detector: Detector, text: str) -> None:
    assert [f for f in _found(detector, text) if f[1] in ("ROOM", "ADDRESS", "EMPLOYER")] == []
