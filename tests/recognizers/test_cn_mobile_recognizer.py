"""CnMobileRecognizer through the real analyzer: (text, expected spans, score range)."""

from __future__ import annotations

import pytest

from recognizers.engine import Detector
from tests.recognizers.spans import assert_found

ENTITY = "CN_MOBILE"


@pytest.mark.parametrize(
    ("text", "expected", "score_range"),
    [
        # whole string, string edges
        ("13812345678", [(0, 11)], (0.6, 0.6)),
        ("19912345678", [(0, 11)], (0.6, 0.6)),
        ("14512345678", [(0, 11)], (0.6, 0.6)),
        ("16612345678", [(0, 11)], (0.6, 0.6)),
        ("备用13912345678", [(2, 13)], (0.6, 0.6)),
        # embedded in Chinese, with a context word
        ("我的手机号是13812345678，请尽快回电", [(6, 17)], (0.95, 0.95)),
        ("请联系13812345678", [(3, 14)], (0.6, 0.6)),
        # grouped forms
        ("138-1234-5678", [(0, 13)], (0.6, 0.6)),
        ("138 1234 5678", [(0, 13)], (0.6, 0.6)),
        # international prefixes belong to the span
        ("+86 138 1234 5678", [(0, 17)], (0.75, 0.75)),
        ("+8613812345678", [(0, 14)], (0.75, 0.75)),
        ("+86-13812345678", [(0, 15)], (0.75, 0.75)),
        ("0086 13812345678", [(0, 16)], (0.75, 0.75)),
        ("(+86)13812345678", [(0, 16)], (0.75, 0.75)),
        ("手机：+86 13812345678。", [(3, 18)], (1.0, 1.0)),
        # full-width digits and punctuation, offsets on the original text
        ("电话：１３８１２３４５６７８", [(3, 14)], (0.95, 0.95)),
        ("（＋８６）１３８－１２３４－５６７８", [(0, 18)], (0.75, 0.75)),
        # two numbers in one cell
        ("13812345678,13912345678", [(0, 11), (12, 23)], (0.6, 0.6)),
        ("13812345678、13912345678", [(0, 11), (12, 23)], (0.6, 0.6)),
    ],
)
def test_mobile_is_found(
    detector: Detector, text: str, expected: list[tuple[int, int]], score_range: tuple[float, float]
) -> None:
    assert_found(detector, text, ENTITY, expected, score_range)


@pytest.mark.parametrize(
    "text",
    [
        "12012345678",  # 120 is not a mobile prefix
        "14412345678",  # 144 is IoT-only
        "15412345678",  # 154 is unallocated
        "19412345678",
        "138123456789",  # inside a longer digit run
        "813812345678",
        "SN13812345678",  # inside an ASCII identifier
        "138-1234 5678",  # mixed separators
        "订单号13812345678",  # order number
        "单号：13812345678",
        "工单号 13812345678",
        "流水号13812345678",
        "编号13812345678",
        "金额13812345678.50元",  # an amount, not a phone
        "400-820-8820",
        "95588",
    ],
)
def test_mobile_is_not_found(detector: Detector, text: str) -> None:
    assert [span for span in detector.detect(text) if span.entity_type == ENTITY] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("电话8613812345678", [(2, 15)]),
        ("电话138 12345678", [(2, 14)]),
        ("电话1381234 5678", [(2, 14)]),
    ],
)
def test_other_ways_people_write_a_mobile(
    detector: Detector, text: str, expected: list[tuple[int, int]]
) -> None:
    spans = [(s.start, s.end) for s in detector.detect(text) if s.entity_type == "CN_MOBILE"]
    assert spans == expected
