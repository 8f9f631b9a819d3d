"""Mainland China fixed-line numbers (固定电话)."""

from __future__ import annotations

import datetime
from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers.cn._number_bounds import NOT_AFTER_ORDER_LABEL, NUMBER_END, NUMBER_START
from recognizers.cn._pattern import LeanPatternRecognizer

# Trunk prefix 0 + area code: 010 and 02x are three digits, every other area code (03xx-09xx) four.
AREA_CODE = r"(?:10|2\d|[3-9]\d{2})"
# Local numbers are 7-8 digits and never start with 0 (trunk prefix) or 1 (special services).
LOCAL_NUMBER = r"[2-9]\d{6,7}"
EXTENSION = r"(?:\s?(?:转|分机|ext\.?|x)\s?\d{1,6}|-\d{1,6})?"


def _is_plausible_date(digits: str) -> bool:
    """``yyyymmdd`` between 1900 and 2099: an 8-digit run like ``20231127`` is a date, not a phone."""
    if len(digits) != 8 or not digits.startswith(("19", "20")):
        return False
    try:
        datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return False
    return True


class CnLandlineRecognizer(LeanPatternRecognizer):
    """Recognize fixed-line numbers: ``010-62345678``, ``(0755)8765432``, ``0591 2861 3706``, ``转123``.

    Structure per the national numbering plan (YD/T 1128 area codes, 7-8 digit local numbers): trunk
    ``0`` and a 2-3 digit area code, optional extension inside the span. ``400``/``800`` numbers,
    ``95xxx``/``96xxx`` and ``12345``-style service lines are business numbers, not personal data, and
    never match. A bare local number scores low and is only reported when a context word
    (电话/座机/固话 ...) lifts it.
    """

    # Fast-path gate: every form holds a 7-digit local number in one run, except the spaced groups after an
    # area code (0xx[x] xxxx xxx[x], 0xx[x] xxx xxxx): three groups of at least three digits.
    PREFILTER: ClassVar[str] = r"\d{7}|\d{3}[ -]\d{3,4}[ -]\d{3}"
    # Without context words from the caller, a reported number carries 86 (+86, 0086, (86)), a trunk 0 and an
    # area code in brackets or before a separator, or a context word (CONTEXT) in the text: the compact and
    # the bare local forms score below the threshold until a context word lifts them.
    CUE_PREFILTER: ClassVar[str] = (
        r"86|\(0|0\d{2,3}[ -]|(?i:电话|座机|固话|办公|传真|分机|总机|回电|联系方式|tel|phone|fax)"
    )

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "CN landline (+86)",
            r"(?<![0-9A-Za-z+])(?:\+86|0086|\(\+?86\))[ -]?(?:\(0?" + AREA_CODE + r"\)|0?" + AREA_CODE + r")"
            r"[ -]?" + LOCAL_NUMBER + EXTENSION + NUMBER_END,
            0.7,
        ),
        Pattern(
            "CN landline (area code, separated)",
            NUMBER_START
            + NOT_AFTER_ORDER_LABEL
            + r"(?:\(0"
            + AREA_CODE
            + r"\)[ -]?|0"
            + AREA_CODE
            + r"[ -])"
            + LOCAL_NUMBER
            + EXTENSION
            + NUMBER_END,
            0.6,
        ),
        Pattern(
            "CN landline (area code, spaced groups)",
            NUMBER_START
            + r"(?<!\d[ -])"
            + NOT_AFTER_ORDER_LABEL
            + r"0"
            + AREA_CODE
            + r"[ -](?:[2-9]\d{3}[ -]\d{3,4}|[2-9]\d{2}[ -]\d{4})"
            + EXTENSION
            + NUMBER_END
            + r"(?![ -]\d)",
            0.6,
        ),
        Pattern(
            "CN landline (area code, compact)",
            NUMBER_START + NOT_AFTER_ORDER_LABEL + r"0" + AREA_CODE + LOCAL_NUMBER + EXTENSION + NUMBER_END,
            0.3,
        ),
        Pattern(
            "CN landline (local number only)",
            NUMBER_START
            + r"(?<!\d[- ])(?<!\)\s?)"
            + NOT_AFTER_ORDER_LABEL
            + r"(?!9[56])"
            + LOCAL_NUMBER
            + EXTENSION
            + NUMBER_END,
            0.05,
        ),
    ]

    CONTEXT: ClassVar[list[str]] = [
        "电话",
        "座机",
        "固话",
        "固定电话",
        "办公",
        "传真",
        "分机",
        "总机",
        "回电",
        "联系方式",
        "tel",
        "phone",
        "fax",
    ]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "zh",
        supported_entity: str = "CN_LANDLINE",
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
        """No check digit exists for fixed lines: None keeps the pattern score.

        False for a bare 8-digit run that is a calendar date (``20231127``), which the local-number pattern
        would otherwise offer to the context enhancer.
        """
        if pattern_text.isdigit() and _is_plausible_date(pattern_text):
            return False
        return None
