"""CnHkMacaoPermitRecognizer through the real analyzer: (text, expected spans, score range).

Permit numbers carry no check digit; the ones here are made up.
"""

from __future__ import annotations

import pytest

from recognizers.engine import Detector
from tests.recognizers.spans import assert_found, full_width

ENTITY = "CN_HK_MACAO_PERMIT"


@pytest.mark.parametrize(
    ("text", "expected", "score_range"),
    [
        ("港澳通行证C12345678", [(5, 14)], (0.6, 0.7)),
        ("港澳通行证：CA1234567", [(6, 15)], (0.6, 0.7)),
        ("往来港澳通行证号码 W12345678", [(10, 19)], (0.6, 0.7)),
        ("通行证号码：C87654321", [(6, 15)], (0.6, 0.7)),
        ("王某出示港澳通行证CB7654321代办手续，电话另告", [(9, 18)], (0.6, 0.7)),
        ("C12345678（港澳通行证）", [(0, 9)], (0.6, 0.7)),
        (full_width("港澳通行证C12345678"), [(5, 14)], (0.6, 0.7)),
    ],
)
def test_permit_is_found(
    detector: Detector, text: str, expected: list[tuple[int, int]], score_range: tuple[float, float]
) -> None:
    assert_found(detector, text, ENTITY, expected, score_range)


@pytest.mark.parametrize(
    "text",
    [
        "C12345678",  # no context: a letter + 8 digits is just as often an order or model number
        "CA1234567",
        "W12345678",
        "请核对C12345678",
        "港澳通行证型号C12345678",
        "通行证订单号C12345678",
        "港澳通行证C1234567",  # too short
        "港澳通行证C123456789",  # too long
        "港澳通行证XC12345678",  # inside a longer code
        "港澳通行证CI1234567",  # I is not used
        "港澳通行证C00000000",  # a placeholder
    ],
)
def test_permit_is_not_found(detector: Detector, text: str) -> None:
    assert [span for span in detector.detect(text) if span.entity_type == ENTITY] == []
