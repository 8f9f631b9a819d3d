"""Context words (before or after a match, or a column header passed as ``context=``) raise scores."""

from __future__ import annotations

import pytest

from recognizers.engine import Detector

MOBILE = "13812345678"  # base score 0.6 without context


def _luhn_invalid_card() -> str:
    body = "622202020011223"
    total = 0
    for position, char in enumerate(reversed(body)):
        doubled = int(char) * (2 if position % 2 == 0 else 1)
        total += doubled // 10 + doubled % 10
    valid_digit = (10 - total % 10) % 10
    return body + str((valid_digit + 1) % 10)


BAD_CARD = _luhn_invalid_card()


def _score(detector: Detector, text: str, entity: str, context: tuple[str, ...] = ()) -> float:
    scores = [span.score for span in detector.detect(text, context) if span.entity_type == entity]
    return max(scores, default=0.0)


def test_base_score_is_below_one(detector: Detector) -> None:
    assert 0.4 <= _score(detector, f"号码{MOBILE}", "CN_MOBILE") < 1.0


@pytest.mark.parametrize(
    "text",
    [
        f"手机{MOBILE}",  # before, attached
        f"我的手机是 {MOBILE}",  # before, separated
        f"{MOBILE}是我的手机",  # after
        f"{MOBILE}（手机）",  # after, in brackets
    ],
)
def test_context_word_in_text_raises_score(detector: Detector, text: str) -> None:
    assert _score(detector, text, "CN_MOBILE") > _score(detector, f"号码{MOBILE}", "CN_MOBILE")


def test_header_as_context_raises_score(detector: Detector) -> None:
    assert _score(detector, MOBILE, "CN_MOBILE", ("手机号码",)) > _score(detector, MOBILE, "CN_MOBILE")


def test_context_far_away_does_not_count(detector: Detector) -> None:
    far = "手机坏了，所以今天下午我们去了很远很远的地方买东西然后回家吃饭，" + MOBILE
    assert _score(detector, far, "CN_MOBILE") == _score(detector, MOBILE, "CN_MOBILE")


def test_luhn_invalid_card_needs_context(detector: Detector) -> None:
    assert _score(detector, BAD_CARD, "CN_BANK_CARD") == 0.0
    assert _score(detector, f"银行卡号{BAD_CARD}", "CN_BANK_CARD") >= 0.4
    assert _score(detector, f"{BAD_CARD}（储蓄卡）", "CN_BANK_CARD") >= 0.4
    assert _score(detector, BAD_CARD, "CN_BANK_CARD", ("银行卡号",)) >= 0.4


def test_bare_local_number_needs_context(detector: Detector) -> None:
    assert _score(detector, "87654321", "CN_LANDLINE") == 0.0
    assert _score(detector, "87654321", "CN_LANDLINE", ("办公电话",)) >= 0.4


def test_cache_answers_repeat_requests(detector: Detector) -> None:
    first = detector.detect(f"手机{MOBILE}")
    assert detector.detect(f"手机{MOBILE}") == first
    # the header is part of the cache key
    assert detector.detect(BAD_CARD, ["卡号"]) != detector.detect(BAD_CARD)
