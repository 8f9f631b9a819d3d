"""WechatIdRecognizer through the real analyzer: (text, expected spans, score range).

The IDs here are made up.
"""

from __future__ import annotations

import pytest

from recognizers.engine import Detector
from tests.recognizers.spans import assert_found, full_width

ENTITY = "WECHAT_ID"


@pytest.mark.parametrize(
    ("text", "expected", "score_range"),
    [
        # right after a WeChat label
        ("微信号：zhangsan_88", [(4, 15)], (0.8, 0.9)),
        ("微信zhangsan88，谢谢", [(2, 12)], (0.8, 0.9)),
        ("请加微信abc-123沟通装修方案", [(4, 11)], (0.8, 0.9)),
        ("加微 li_ming2024", [(3, 14)], (0.8, 0.9)),
        ("vx: wxid_abc123def456", [(4, 21)], (0.8, 0.9)),
        ("VX：Rachel-213", [(3, 13)], (0.8, 0.9)),
        ("wx hongshui001", [(3, 14)], (0.8, 0.9)),
        ("V信：montager", [(3, 11)], (0.45, 0.9)),
        ("私人微信 hongshui001，公共微信 hongshui007", [(5, 16), (22, 33)], (0.8, 0.9)),
        ("微信wwjshow.马上订购", [(2, 9)], (0.8, 0.9)),
        ("微信57150788，欢迎咨询", [(2, 10)], (0.8, 0.9)),  # the QQ number the account is found by
        ("a" * 20 + "（微信）", [(0, 20)], (0.4, 0.5)),
        (full_width("微信号：zhangsan_88"), [(4, 15)], (0.8, 0.9)),
        # elsewhere only with a context word nearby
        ("我的微信是 zhangsan_88，常在线", [(6, 17)], (0.8, 0.9)),
        ("zhangsan_88（微信）", [(0, 11)], (0.4, 0.5)),
    ],
)
def test_wechat_id_is_found(
    detector: Detector, text: str, expected: list[tuple[int, int]], score_range: tuple[float, float]
) -> None:
    assert_found(detector, text, ENTITY, expected, score_range)


@pytest.mark.parametrize(
    "text",
    [
        "zhangsan_88",  # no context
        "请核对 zhangsan_88",
        "微信支付",
        "微信群里有人说电梯坏了",
        "能不能微信支付，客服热线95566",
        "我用微信转账了20000元",
        "微信WeChat",
        "微信 iPhone",
        "微信号 abc12",  # too short
        "微信号 1abcdef",  # starts with a digit
        "微信：zhangsan@example.com",  # an e-mail address
        "微信公众号文章 https://mp.weixin.qq.com/s/abcdefgh",
        "微信 a" + "b" * 20,  # too long
        "微信号 11111111",  # a placeholder
    ],
)
def test_wechat_id_is_not_found(detector: Detector, text: str) -> None:
    assert [span for span in detector.detect(text) if span.entity_type == ENTITY] == []


def test_mobile_after_wechat_stays_a_mobile(detector: Detector) -> None:
    assert [(span.entity_type, span.start, span.end) for span in detector.detect("微信13812345678")] == [
        ("CN_MOBILE", 2, 13)
    ]
