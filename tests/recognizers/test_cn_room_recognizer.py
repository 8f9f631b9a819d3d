"""CnRoomRecognizer through the real detector: (text, expected spans, score range)."""

from __future__ import annotations

import pytest

from recognizers.engine import Detector

ENTITY = "ROOM"


def _spans(detector: Detector, text: str) -> list[tuple[int, int, float]]:
    return [(s.start, s.end, s.score) for s in detector.detect(text) if s.entity_type == ENTITY]


@pytest.mark.parametrize(
    ("text", "expected", "score_range"),
    [
        ("3栋2单元501", [(0, 8)], (0.7, 0.7)),
        ("我是12-1-1801的业主", [(2, 11)], (0.5, 0.85)),
        ("5号楼302室漏水", [(0, 7)], (0.7, 0.7)),
        ("A座1203", [(0, 6)], (0.7, 0.7)),
        ("2幢1单元601室", [(0, 9)], (0.7, 0.7)),
        ("房号：3号楼1单元1202", [(3, 13)], (0.7, 0.85)),  # the form-field recognizer may score the value
        ("住18栋602", [(1, 7)], (0.7, 0.7)),
        ("B栋2103房的住户", [(0, 7)], (0.7, 0.7)),
        ("１４栋１单元３２０５", [(0, 10)], (0.7, 0.7)),  # full-width digits
        ("门牌号:16幢2单元1803室", [(4, 15)], (0.7, 0.85)),
        ("房号 12-1-0000", [(3, 12)], (0.4, 0.5)),  # implausible door: context lifts it
        # Chinese numerals for building and unit, and the estate's phase inside the span.
        ("24栋二单元1301", [(0, 10)], (0.7, 0.7)),
        ("四栋三单元302业主", [(0, 8)], (0.7, 0.7)),
        ("住房：二期17栋3301 小区", [(3, 12)], (0.7, 0.85)),
        ("三期6栋2002的卫生间", [(0, 8)], (0.7, 0.7)),
        ("二期７栋２８０２的门锁坏了", [(0, 8)], (0.7, 0.7)),  # full-width
        ("申请续租7#3301.", [(4, 10)], (0.7, 0.7)),  # a full stop is not a decimal point
        ("12#804漏水", [(0, 6)], (0.7, 0.7)),
        ("12栋804", [(0, 6)], (0.7, 0.7)),
        ("B座3103的业主", [(0, 6)], (0.7, 0.7)),
        ("俊杰/15544848202/29-2-2001/换锁", [(15, 24)], (0.5, 0.5)),
        # Two-part building-door: next to a home word ...
        ("【建议】27-1203家里装修噪音太大", [(4, 11)], (0.6, 0.6)),
        ("６－６０２的门锁坏了", [(0, 5)], (0.6, 0.6)),
        ("业主反映5-1801卫生间漏水", [(4, 10)], (0.6, 0.6)),
        ("我住32-702，楼下", [(2, 8)], (0.6, 0.6)),
        ("住房：32-1602 3、户籍所在地", [(3, 10)], (0.6, 0.85)),
        # ... or standing alone as a clause.
        ("处理完请告知。—— 13-2102 黄先生", [(10, 17)], (0.5, 0.5)),
        ("张三/19300000000/6-1104/换锁", [(15, 21)], (0.5, 0.5)),
    ],
)
def test_room_is_found(
    detector: Detector, text: str, expected: list[tuple[int, int]], score_range: tuple[float, float]
) -> None:
    spans = _spans(detector, text)
    assert [(start, end) for start, end, _ in spans] == expected
    low, high = score_range
    assert all(low - 1e-9 <= score <= high + 1e-9 for _, _, score in spans)


@pytest.mark.parametrize(
    "text",
    [
        "3号楼电梯坏了",
        "13幢楼道灯不亮",
        "地下车库B2",
        "2单元门禁坏了",
        "120.5平方米",
        "2023-11-27",
        "邮编518000",
        "400-820-8820",
        "订单号2023112712345678",
        "3室2厅",
        "金额1203元",
        "12-1-0000",  # dashed, implausible door, no context
        # Chinese numerals count buildings, they do not name a door.
        "这一栋楼有301户",
        "三栋楼共1203人",
        "房价1203.5万",
        # Two-part dashed numbers that are not flats: scores, ranges, dates, phone groups, amounts, codes.
        "比分3-1",
        "1-3天",
        "11-27",
        "2026-11",
        "+86 21-5123 4567",
        "+86-21-5123-4567",
        "编号：12-3001，",
        "价格5-800元",
        "型号X-1203",
        "第3-201页",
        "参见GB 50016-2014",
        "电话0591-2861",
        "会议定于9-1130举行",
        "6-0000",
        "12-1299的说明",
    ],
)
def test_room_is_not_found(detector: Detector, text: str) -> None:
    assert _spans(detector, text) == []
