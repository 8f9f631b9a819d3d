"""CnAddressRecognizer through the real detector: (text, expected spans, score range). Addresses are made up."""

from __future__ import annotations

import pytest

from recognizers.engine import Detector

ENTITY = "ADDRESS"


def _spans(detector: Detector, text: str) -> list[tuple[int, int, float]]:
    return [(s.start, s.end, s.score) for s in detector.detect(text) if s.entity_type == ENTITY]


@pytest.mark.parametrize(
    ("text", "expected", "score_range"),
    [
        ("住在广东省深圳市南山区科技路12号丽景苑3栋2单元501的业主", [(2, 28)], (0.85, 1.0)),
        ("地址：上海市黄浦区中山东路8号", [(3, 15)], (0.75, 1.0)),
        ("我住天河区中山路1号", [(2, 10)], (0.75, 1.0)),  # the start comes after 我住
        ("家住和平路3号阳光花园", [(2, 11)], (0.75, 1.0)),
        ("广州市天河区解放中路８８号", [(0, 13)], (0.75, 1.0)),  # full-width digits
        ("广东深圳南山区人民路5号", [(0, 12)], (0.75, 1.0)),  # province and city short forms
        ("客户王女士，住成都市成华区建设大街591号半岛苑2栋903室，手机", [(7, 30)], (0.85, 1.0)),
        ("寄到上海市浦东新区星河街1521弄22号1303室，收件", [(2, 25)], (0.85, 1.0)),  # 弄 + 号 + door
        ("户籍地河南省周口市太康县城关镇长岭村7组47号,目前", [(3, 23)], (0.75, 1.0)),  # village + group
        ("住湖南省邵阳市隆回县桃洪镇高塘村，反映", [(1, 16)], (0.65, 1.0)),  # down to the village
    ],
)
def test_address_is_found(
    detector: Detector, text: str, expected: list[tuple[int, int]], score_range: tuple[float, float]
) -> None:
    spans = _spans(detector, text)
    assert [(start, end) for start, end, _ in spans] == expected
    low, high = score_range
    assert all(low - 1e-9 <= score <= high + 1e-9 for _, _, score in spans)


@pytest.mark.parametrize(
    "text",
    [
        "北京天气不错",
        "去了趟黄浦区",
        "广东省深圳市",  # administrative divisions only: a location, not an address
        "挪到金山路那边",  # a road without a number
        "南山区科技园",  # below the threshold without a context word
        "3号楼电梯坏了",
        "地下车库B2的车位被占用",
        "120.5平方米",
        "2023-11-27",
        "邮编518000",
        "400-820-8820",
        "订单号2023112712345678",
        "中国移动宽带断网",
        "桃洪镇高塘村",  # town and village without the county: below the threshold
        "3室2厅的房子",
    ],
)
def test_address_is_not_found(detector: Detector, text: str) -> None:
    assert _spans(detector, text) == []
