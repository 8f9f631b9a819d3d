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
    ],
)
def test_room_is_not_found(detector: Detector, text: str) -> None:
    assert _spans(detector, text) == []
