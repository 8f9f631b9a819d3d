"""CnLandlineRecognizer through the real analyzer: (text, expected spans, score range)."""

from __future__ import annotations

import pytest

from recognizers.engine import Detector
from tests.recognizers.spans import assert_found

ENTITY = "CN_LANDLINE"


@pytest.mark.parametrize(
    ("text", "expected", "score_range"),
    [
        ("010-62345678", [(0, 12)], (0.6, 0.6)),
        ("0755 87654321", [(0, 13)], (0.6, 0.6)),
        ("(010)62345678", [(0, 13)], (0.6, 0.6)),
        ("（0755）8765432-12", [(0, 16)], (0.6, 0.6)),  # full-width parentheses, -12 extension
        ("电话：010-62345678转123", [(3, 19)], (0.95, 0.95)),
        ("0755 87654321 ext 88", [(0, 20)], (0.6, 0.6)),
        ("０２１－６２３４５６７８", [(0, 12)], (0.6, 0.6)),  # full-width digits and dash
        ("+86 10 62345678", [(0, 15)], (0.7, 0.7)),
        ("+86-21-62345678", [(0, 15)], (0.7, 0.7)),
        ("0086 (021) 62345678", [(0, 19)], (0.7, 0.7)),
        ("请拨打座机02162345678找王经理", [(5, 16)], (0.65, 0.65)),  # compact form needs context
        ("办公电话 87654321", [(5, 13)], (0.4, 0.4)),  # bare local number with context before
        ("87654321（座机）", [(0, 8)], (0.4, 0.4)),  # ... and after
        ("固话8765432转66", [(2, 12)], (0.4, 0.4)),
        ("联系我：13812345678或010-62345678", [(16, 28)], (0.6, 0.6)),
        # Area code and local number in spaced groups (4-4, 4-3, 3-4).
        ("0591 2861 3706", [(0, 14)], (0.6, 0.6)),
        ("座机：024 7641 4850，家庭人口", [(3, 16)], (0.95, 0.95)),
        ("联络电话:0755 5192 6973 小区", [(5, 19)], (0.95, 0.95)),
        ("回复请打0769 2392 730，家里座机。", [(4, 17)], (0.95, 0.95)),
        ("办公电话:０２９ ２７２４ ５４６３ 邮箱", [(5, 18)], (0.95, 0.95)),
        ("固话：024 5261 6128转4529", [(3, 21)], (0.95, 0.95)),
        ("请回电037149900567，找周小姐", [(3, 15)], (0.65, 0.65)),
    ],
)
def test_landline_is_found(
    detector: Detector, text: str, expected: list[tuple[int, int]], score_range: tuple[float, float]
) -> None:
    assert_found(detector, text, ENTITY, expected, score_range)


@pytest.mark.parametrize(
    "text",
    [
        "87654321",  # a bare local number without context
        "02162345678",  # compact area code + number without context
        "010-12345678",  # local numbers never start with 1
        "010-623456789",  # nine-digit local number
        "400-820-8820",  # 400/800 business numbers
        "4008208820",
        "客服电话800-820-8820",
        "客服电话95588",  # 95xxx / 96xxx / 12345 service lines
        "客服电话95105888",
        "热线电话96123456",
        "市民热线12345",
        "电话20231127",  # a date
        "2023-11-27",
        "工单号87654321 电话",  # a ticket number, even next to a context word
        "电表读数 1234567.8",  # a meter reading
        "邮编 100101",
        "金额12,345,678.00元",
        "400 820 8820",  # spaced business numbers
        "800 820 8820",
        "订单号0591 2861 3706",
        "0755 1234 5678 9012",  # groups of a longer number
        "6225 0591 2861 3706 123",
    ],
)
def test_landline_is_not_found(detector: Detector, text: str) -> None:
    assert [span for span in detector.detect(text) if span.entity_type == ENTITY] == []
