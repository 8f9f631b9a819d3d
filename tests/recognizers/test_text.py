from __future__ import annotations

import pytest

from recognizers.engine import Detector
from recognizers.text import fold_width


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("１３８－１２３４", "138-1234"),
        ("（＋８６）", "(+86)"),
        ("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", "zhang@example.com"),
        ("电话：\u3000１", "电话: 1"),
        ("漏水，请回电", "漏水，请回电"),  # the Chinese comma is kept
        ("㈠㎡", "㈠㎡"),  # multi-character NFKC forms are kept, so offsets never move
    ],
)
def test_fold_width_keeps_length_and_offsets(text: str, folded: str) -> None:
    assert fold_width(text) == folded
    assert len(fold_width(text)) == len(text)


def test_a_chinese_comma_after_a_mobile_is_not_a_thousands_separator() -> None:
    # Found by the hypothesis scrub-idempotence test.
    text = "漏水19866048764，198-6604-8764"
    spans = [(s.start, s.end) for s in Detector().detect(text)]
    assert spans == [(2, 13), (14, 27)]
