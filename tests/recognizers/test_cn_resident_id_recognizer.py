"""CnResidentIdRecognizer through the real analyzer: (text, expected spans, score range).

Every number is generated here (check characters computed by an independent implementation): no real data.
"""

from __future__ import annotations

import datetime

import pytest

from recognizers.engine import Detector
from tests.recognizers.spans import assert_found

ENTITY = "CN_RESIDENT_ID"
_WEIGHTS = [2 ** (17 - position) % 11 for position in range(17)]


def check_character(first_17: str) -> str:
    """GB 11643-1999 check character from the standard's formula, not the recognizer's table."""
    remainder = sum(int(digit) * weight for digit, weight in zip(first_17, _WEIGHTS, strict=True)) % 11
    value = (12 - remainder) % 11
    return "X" if value == 10 else str(value)


def make_id(area: str = "110101", birth: str = "19900307", want_check: str | None = None) -> str:
    """A checksum-valid 18-character number; ``want_check`` picks a sequence number giving that check char."""
    for sequence in range(1000):
        first_17 = f"{area}{birth}{sequence:03d}"
        check = check_character(first_17)
        if want_check is None or check == want_check:
            return first_17 + check
    raise AssertionError("no sequence number gives the wanted check character")


def wrong_check(valid_id: str) -> str:
    """The same number with a different (wrong) check character."""
    wrong = "0" if valid_id[-1] != "0" else "1"
    return valid_id[:-1] + wrong


def to_full_width(text: str) -> str:
    return "".join(chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char for char in text)


VALID = make_id()
VALID_X = make_id("440305", "19851231", want_check="X")
VALID_LEAP = make_id("650102", "20000229")
NEXT_YEAR = str(datetime.date.today().year + 1)


@pytest.mark.parametrize(
    ("text", "expected", "score_range"),
    [
        (VALID, [(0, 18)], (1.0, 1.0)),
        (VALID_X, [(0, 18)], (1.0, 1.0)),
        (VALID_X.lower(), [(0, 18)], (1.0, 1.0)),  # lower-case x
        (VALID_LEAP, [(0, 18)], (1.0, 1.0)),
        (f"身份证号：{VALID}。", [(5, 23)], (1.0, 1.0)),
        (f"我叫张三，证件号码{VALID_X}，住在三楼", [(9, 27)], (1.0, 1.0)),
        (f"号码{VALID}", [(2, 20)], (1.0, 1.0)),
        (to_full_width(VALID_X), [(0, 18)], (1.0, 1.0)),
        (f"{VALID[:6]} {VALID[6:14]} {VALID[14:]}", [(0, 20)], (1.0, 1.0)),  # spaced 6-8-4
        # legacy 15-digit numbers: no check digit, pattern score; context lifts it
        ("110101900307123", [(0, 15)], (0.5, 0.5)),
        ("老身份证110101900307123", [(4, 19)], (0.85, 0.85)),
    ],
)
def test_resident_id_is_found(
    detector: Detector, text: str, expected: list[tuple[int, int]], score_range: tuple[float, float]
) -> None:
    assert_found(detector, text, ENTITY, expected, score_range)


@pytest.mark.parametrize(
    "text",
    [
        wrong_check(VALID),
        f"身份证号：{wrong_check(VALID_X)}",  # context does not rescue a wrong check character
        VALID[:-1] + "Y",
        make_id(birth="19900230"),  # no 30 February
        make_id(birth="18991231"),  # before 1900
        make_id(birth=f"{NEXT_YEAR}0101"),  # not born yet
        make_id(area="991234"),  # no province 99
        make_id(area="010101"),  # first digit must be 1-9
        "1" + VALID,  # inside a longer digit run
        VALID + "1",
        f"ID{VALID}",  # inside an ASCII identifier
        "110101901307123",  # legacy number with month 13
        "2023-11-27",
        "20231127",
    ],
)
def test_resident_id_is_not_found(detector: Detector, text: str) -> None:
    assert [span for span in detector.detect(text) if span.entity_type == ENTITY] == []


def test_wrong_check_character_is_found_as_nothing(detector: Detector) -> None:
    """An ID-shaped number with a wrong check character is not reported as any entity (not even a card)."""
    for sequence in range(20):
        number = wrong_check(make_id(birth=f"1990030{sequence % 9 + 1}"))
        assert detector.detect(number) == []


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector()
