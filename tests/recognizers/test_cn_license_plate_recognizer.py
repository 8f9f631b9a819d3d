"""CnLicensePlateRecognizer through the real analyzer: (text, expected spans, score range).

The plates here are made up.
"""

from __future__ import annotations

import pytest

from recognizers.engine import Detector
from tests.recognizers.spans import assert_found, full_width

ENTITY = "CN_LICENSE_PLATE"


@pytest.mark.parametrize(
    ("text", "expected", "score_range"),
    [
        # the shape alone is found
        ("粤B12345", [(0, 7)], (0.5, 0.5)),
        ("京A·8K2Y9", [(0, 8)], (0.5, 0.5)),
        ("沪C•A1234", [(0, 8)], (0.5, 0.5)),
        ("川A 12345", [(0, 8)], (0.5, 0.5)),
        ("浙B-3X456", [(0, 8)], (0.5, 0.5)),
        ("粤BD12345", [(0, 8)], (0.5, 0.5)),  # new energy, small car
        ("粤BFA1234", [(0, 8)], (0.5, 0.5)),
        ("粤BF11234", [(0, 8)], (0.5, 0.5)),
        ("沪A12345D", [(0, 8)], (0.5, 0.5)),  # new energy, large vehicle
        ("粤Z1234港", [(0, 7)], (0.5, 0.5)),
        ("京A1234警", [(0, 7)], (0.5, 0.5)),
        ("苏E1234挂", [(0, 7)], (0.5, 0.5)),
        ("鲁A1234学", [(0, 7)], (0.5, 0.5)),
        ("王先生的车粤B12345停在消防通道", [(5, 12)], (0.5, 0.5)),
        # context makes it high
        ("车牌粤B·12345", [(2, 10)], (0.8, 0.9)),
        ("车牌号：京A8K2Y9", [(4, 11)], (0.8, 0.9)),
        ("我车牌是苏A12345D，有问题打电话", [(4, 12)], (0.8, 0.9)),
        ("粤B12345的车主请挪车", [(0, 7)], (0.8, 0.9)),
        (full_width("车牌粤B12345"), [(2, 9)], (0.8, 0.9)),
        ("车牌粤b12345", [(2, 9)], (0.8, 0.9)),
        ("停车位：粤B12345、粤BD54321", [(4, 11), (12, 20)], (0.8, 0.9)),
    ],
)
def test_plate_is_found(
    detector: Detector, text: str, expected: list[tuple[int, int]], score_range: tuple[float, float]
) -> None:
    assert_found(detector, text, ENTITY, expected, score_range)


@pytest.mark.parametrize(
    "text",
    [
        "粤B1234",  # too short
        "粤B1234567",  # plate-like prefix of a longer code
        "粤B12345678",
        "AB粤B12345",
        "粤B12345X9",
        "粤I12345",  # I and O are not used
        "粤B1O345",
        "粤BF1A234",  # new energy: the last four are digits
        "京ABCDEF",  # no digit: a word, not a plate
        "新款A12345",
        "北京市朝阳区",
        "地下车库B2层",
        "2024-01-01",
        "金额12,345.00元",
        "400-800-1234",
    ],
)
def test_plate_is_not_found(detector: Detector, text: str) -> None:
    assert [span for span in detector.detect(text) if span.entity_type == ENTITY] == []
