"""CnPassportRecognizer through the real analyzer: (text, expected spans, score range).

Passport numbers carry no check digit; the ones here are made up.
"""

from __future__ import annotations

import pytest

from recognizers.engine import Detector
from tests.recognizers.spans import assert_found, full_width

ENTITY = "CN_PASSPORT"


@pytest.mark.parametrize(
    ("text", "expected", "score_range"),
    [
        # the ordinary-passport shapes are found without context, at a moderate score
        ("E12345678", [(0, 9)], (0.4, 0.5)),
        ("EA1234567", [(0, 9)], (0.4, 0.5)),
        ("G12345678", [(0, 9)], (0.4, 0.5)),
        ("e12345678", [(0, 9)], (0.4, 0.5)),
        ("租户持E12345678办理入住", [(3, 12)], (0.4, 0.5)),
        # with context they are high
        ("护照号E12345678", [(3, 12)], (0.75, 0.85)),
        ("护照号码：EK7654321", [(5, 14)], (0.75, 0.85)),
        ("租户李某持护照G12345678办理入住登记", [(7, 16)], (0.75, 0.85)),
        ("E12345678（护照）", [(0, 9)], (0.75, 0.85)),
        ("passport: E12345678", [(10, 19)], (0.75, 0.85)),
        (full_width("护照E12345678"), [(2, 11)], (0.75, 0.85)),
        # diplomatic / service / official passports only with context
        ("护照号DE1234567", [(3, 12)], (0.4, 0.5)),
        ("公务护照 S12345678", [(5, 14)], (0.4, 0.5)),
        ("护照号E12345678，备用护照G87654321", [(3, 12), (17, 26)], (0.75, 0.85)),
    ],
)
def test_passport_is_found(
    detector: Detector, text: str, expected: list[tuple[int, int]], score_range: tuple[float, float]
) -> None:
    assert_found(detector, text, ENTITY, expected, score_range)


@pytest.mark.parametrize(
    "text",
    [
        "DE1234567",  # a diplomatic-passport shape without context
        "S12345678",
        "型号G12345678",  # model, order, ticket and serial numbers
        "型号：E12345678",
        "订单号E12345678",
        "订单E12345678",
        "工单号 G12345678",
        "序列号E12345678",
        "编号G12345678",
        "E1234567",  # too short
        "E123456789",  # too long
        "XE12345678",  # inside a longer code
        "E12345678X",
        "GD2024010112345",  # a ticket number
        "EI1234567",  # I is not used
        "E00000000",  # a placeholder
        "3.E12345678",
        "G1234次列车",
    ],
)
def test_passport_is_not_found(detector: Detector, text: str) -> None:
    assert [span for span in detector.detect(text) if span.entity_type == ENTITY] == []
