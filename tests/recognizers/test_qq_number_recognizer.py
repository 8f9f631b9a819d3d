"""QqNumberRecognizer through the real analyzer: (text, expected spans, score range).

The numbers here are made up.
"""

from __future__ import annotations

import pytest

from recognizers.engine import Detector
from tests.recognizers.spans import assert_found, full_width

ENTITY = "QQ_NUMBER"


@pytest.mark.parametrize(
    ("text", "expected", "score_range"),
    [
        # right after a QQ label
        ("QQ：12345678", [(3, 11)], (0.8, 0.9)),
        ("QQ12345678", [(2, 10)], (0.8, 0.9)),
        ("qq号是123456789", [(4, 13)], (0.8, 0.9)),
        ("请加我QQ 12345678沟通", [(6, 14)], (0.8, 0.9)),
        ("QQ号码: 10001", [(6, 11)], (0.8, 0.9)),
        ("Q群:89359735，欢迎加入", [(3, 11)], (0.45, 0.9)),
        ("加工作Q826929452（助理）", [(4, 13)], (0.45, 0.55)),
        ("扣扣 98765432", [(3, 11)], (0.8, 0.9)),
        ("电话13800001111QQ：776979804", [(16, 25)], (0.8, 0.9)),
        ("QQ 783594553MSN：someone", [(3, 12)], (0.8, 0.9)),
        ("QQ：12345678901", [(3, 14)], (0.8, 0.9)),
        (full_width("QQ：12345678"), [(3, 11)], (0.8, 0.9)),
        # elsewhere only with a context word nearby
        ("我的QQ是 2450006972，常在线", [(6, 16)], (0.8, 0.9)),
        ("QQ联系人 2450006972", [(6, 16)], (0.4, 0.5)),
        ("2450006972（QQ）", [(0, 10)], (0.4, 0.5)),
    ],
)
def test_qq_number_is_found(
    detector: Detector, text: str, expected: list[tuple[int, int]], score_range: tuple[float, float]
) -> None:
    assert_found(detector, text, ENTITY, expected, score_range)


@pytest.mark.parametrize(
    "text",
    [
        "12345678",  # no context
        "请核对2450006972",
        "12345678@qq.com",  # an e-mail address, not a QQ number
        "邮箱：12345678@qq.com",
        "QQ 0123456",  # never starts with 0
        "QQ号 1234",  # too short
        "QQ 123456789012",  # too long
        "QQ音乐会员到期了",
        "QQ音乐续费15元",
        "QQ红包收到12345元",  # an amount
        "QQ群 20231127",  # a date
        "QQ 11111111",  # a placeholder
        "QQ 12345.67",  # a decimal
        "QQ客服热线95566",  # service lines
        "QQ客服 4008001234",
        "QQ邮箱的邮编518000",
        "订单号12345678，QQ上联系",
        "IQ12345678",
        "QQ ABC12345678",
    ],
)
def test_qq_number_is_not_found(detector: Detector, text: str) -> None:
    assert [span for span in detector.detect(text) if span.entity_type == ENTITY] == []


def test_mobile_after_qq_stays_a_mobile(detector: Detector) -> None:
    text = "QQ同号13812345678"
    assert [(span.entity_type, span.start, span.end) for span in detector.detect(text)] == [
        ("CN_MOBILE", 4, 15)
    ]
