"""CnEmailRecognizer through the real analyzer: (text, expected spans, score range)."""

from __future__ import annotations

import pytest

from recognizers.engine import Detector
from tests.recognizers.spans import assert_found

ENTITY = "EMAIL_ADDRESS"


@pytest.mark.parametrize(
    ("text", "expected", "score_range"),
    [
        ("zhang.san@example.com", [(0, 21)], (1.0, 1.0)),
        ("请发到zhang.san@example.com谢谢", [(3, 24)], (1.0, 1.0)),
        ("邮箱：a_b-c+tag@mail.sub.example.com.cn。", [(3, 36)], (1.0, 1.0)),
        ("联系人：李四<lisi@example.org>", [(7, 23)], (1.0, 1.0)),
        ("发到lisi@example.org.", [(2, 18)], (1.0, 1.0)),  # sentence-final dot is not part of it
        ("abc@example.com和def@example.net", [(0, 15), (16, 31)], (1.0, 1.0)),
        ("ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", [(0, 16)], (1.0, 1.0)),  # full-width
        ("QQ邮箱12345@qq.com", [(4, 16)], (1.0, 1.0)),
    ],
)
def test_email_is_found(
    detector: Detector, text: str, expected: list[tuple[int, int]], score_range: tuple[float, float]
) -> None:
    assert_found(detector, text, ENTITY, expected, score_range)


@pytest.mark.parametrize(
    "text",
    [
        "x@y.notatld",  # not a public suffix
        "user@localhost",  # no dot in the domain
        "张三@公司.com",  # non-ASCII local part and domain
        "@example.com",
        "zhang.san@",
        "邮箱：无",
    ],
)
def test_email_is_not_found(detector: Detector, text: str) -> None:
    assert [span for span in detector.detect(text) if span.entity_type == ENTITY] == []
