"""CnUsccRecognizer through the real analyzer: (text, expected spans, score range).

Codes are generated here with their GB 32100 check character computed independently: no real codes.
"""

from __future__ import annotations

import pytest

from recognizers.engine import Detector
from tests.recognizers.spans import assert_found

ENTITY = "CN_USCC"
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def check_character(first_17: str) -> str:
    """GB 32100-2015: weights 3^i mod 31, check = 31 - sum mod 31 (31 -> 0)."""
    total = sum(CHARSET.index(char) * pow(3, position, 31) for position, char in enumerate(first_17))
    return CHARSET[(31 - total % 31) % 31]


def make_uscc(first_17: str) -> str:
    return first_17 + check_character(first_17)


def break_check(code: str) -> str:
    return code[:-1] + CHARSET[(CHARSET.index(code[-1]) + 1) % 31]


def resident_id_check(first_17: str) -> str:
    total = sum(int(digit) * pow(2, 17 - position, 11) for position, digit in enumerate(first_17))
    return "10X98765432"[total % 11]


def make_digit_code_valid_as_both() -> str:
    """An 18-digit string valid as a resident ID (GB 11643) AND as a USCC (GB 32100)."""
    for sequence in range(1000):
        first_17 = f"11010119900307{sequence:03d}"
        candidate = first_17 + resident_id_check(first_17)
        if candidate.isdigit() and check_character(first_17) == candidate[-1]:
            return candidate
    raise AssertionError("no such code in range")


def make_id_shaped_uscc() -> str:
    """An ID-shaped 18-digit string with a WRONG ID check character that passes GB 32100."""
    for sequence in range(1000):
        first_17 = f"11010119900307{sequence:03d}"
        uscc_check = check_character(first_17)
        if uscc_check.isdigit() and uscc_check != resident_id_check(first_17):
            return first_17 + uscc_check
    raise AssertionError("no such code in range")


COMPANY = make_uscc("91440300MA5D12345")
ALL_DIGITS = make_uscc("91110108551385082")
ASSOCIATION = make_uscc("52100000500012345")
BAD = break_check(COMPANY)
BOTH = make_digit_code_valid_as_both()
ID_SHAPED = make_id_shaped_uscc()
FULL_WIDTH = "".join(chr(ord(char) + 0xFEE0) for char in COMPANY)


@pytest.mark.parametrize(
    ("text", "expected", "score_range"),
    [
        (COMPANY, [(0, 18)], (1.0, 1.0)),
        (COMPANY.lower(), [(0, 18)], (1.0, 1.0)),
        (ASSOCIATION, [(0, 18)], (1.0, 1.0)),
        (f"统一社会信用代码：{COMPANY}", [(9, 27)], (1.0, 1.0)),
        (f"商户（统一社会信用代码{COMPANY}）负责人", [(11, 29)], (1.0, 1.0)),
        (f"税号 {ALL_DIGITS}", [(3, 21)], (1.0, 1.0)),
        (FULL_WIDTH, [(0, 18)], (1.0, 1.0)),
    ],
)
def test_uscc_is_found(
    detector: Detector, text: str, expected: list[tuple[int, int]], score_range: tuple[float, float]
) -> None:
    assert_found(detector, text, ENTITY, expected, score_range)


@pytest.mark.parametrize(
    "text",
    [
        BAD,  # wrong check character, with or without context
        f"统一社会信用代码：{BAD}",
        COMPANY[:-1],  # too short
        COMPANY + "1",  # too long
        "X" + COMPANY,
        "91440300MA5D1234IO",  # I and O are not in the code set
        BOTH,  # a valid resident ID is an ID
        ID_SHAPED,  # a mistyped resident ID is not a USCC either
        "20231127",
        "金额12,345.00元",
    ],
)
def test_uscc_is_not_found(detector: Detector, text: str) -> None:
    assert [span for span in detector.detect(text) if span.entity_type == ENTITY] == []


def test_valid_resident_id_wins_over_uscc(detector: Detector) -> None:
    assert [(span.entity_type, span.start, span.end) for span in detector.detect(BOTH)] == [
        ("CN_RESIDENT_ID", 0, 18)
    ]
