"""Resident identity card numbers (居民身份证号)."""

from __future__ import annotations

import datetime
from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers.cn._number_bounds import NUMBER_END, NUMBER_START
from recognizers.cn._pattern import LeanPatternRecognizer

# First two digits of the GB/T 2260 administrative division code: provinces, plus 71 Taiwan, 81 Hong Kong,
# 82 Macao, 83 (residence permits for Taiwan residents) and 91 (foreigners' permanent residence).
PROVINCE_CODES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
    | {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91}
)
# ISO 7064 MOD 11-2 weights 2^(17-i) mod 11 and the check character for each remainder (GB 11643-1999 §6).
CHECK_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"


def gb11643_check_character(first_17: str) -> str:
    """The GB 11643-1999 (ISO 7064 MOD 11-2) check character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first_17, CHECK_WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def _birth_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        born = datetime.date(year, month, day)
    except ValueError:
        return None
    # Nobody alive was born before 1900 and nobody is born in the future.
    return born if year >= 1900 and born <= datetime.date.today() else None


def has_id_structure(digits: str) -> bool:
    """An 18-character string with a plausible province code and a real birth date (check char ignored)."""
    return (
        len(digits) == 18
        and digits[:17].isdigit()
        and int(digits[:2]) in PROVINCE_CODES
        and _birth_date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14])) is not None
    )


def is_valid_resident_id(value: str) -> bool:
    """True for an 18-character number with ID structure and a correct GB 11643 check character."""
    value = value.upper()
    return has_id_structure(value) and gb11643_check_character(value[:17]) == value[17]


def is_valid_legacy_resident_id(value: str) -> bool:
    """A 15-digit first-generation number (GB 11643-1989): province code and a real ``yymmdd`` in 19xx."""
    return (
        len(value) == 15
        and value.isdigit()
        and int(value[:2]) in PROVINCE_CODES
        and _birth_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12])) is not None
    )


class CnResidentIdRecognizer(LeanPatternRecognizer):
    """Recognize citizen identity numbers per GB 11643-1999 and legacy 15-digit numbers.

    18 characters: 6-digit division code (GB/T 2260), ``yyyymmdd`` birth date, 3-digit sequence and an
    ISO 7064 MOD 11-2 check character (``0-9`` or ``X``). A wrong check character, an impossible birth
    date or an unknown province drops the match. Legacy 15-digit numbers (``yymmdd``, no check digit)
    keep the pattern score.
    """

    # Fast-path gate: 15 digits in a row (the 18- and 15-character forms) or the spaced 6-8-4 form.
    PREFILTER: ClassVar[str] = r"\d{15}|\d{6} \d{8} \d{3}"

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("CN resident ID (18)", NUMBER_START + r"[1-9]\d{16}[\dX]" + NUMBER_END, 0.5),
        Pattern(
            "CN resident ID (18, spaced 6-8-4)",
            NUMBER_START + r"[1-9]\d{5} \d{8} \d{3}[\dX]" + NUMBER_END,
            0.5,
        ),
        Pattern("CN resident ID (legacy 15)", NUMBER_START + r"[1-9]\d{14}" + NUMBER_END, 0.5),
    ]

    CONTEXT: ClassVar[list[str]] = ["身份证", "身份号码", "身份", "证件", "证号", "公民"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "zh",
        supported_entity: str = "CN_RESIDENT_ID",
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else self.PATTERNS,
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            # Presidio types `name` as str; passing the class name is what it does for None.
            name=name or type(self).__name__,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """True: 18 characters passing GB 11643; None: a plausible legacy 15-digit number; False otherwise."""
        value = pattern_text.replace(" ", "")
        if len(value) == 18:
            return is_valid_resident_id(value)
        if is_valid_legacy_resident_id(value):
            return None
        return False
