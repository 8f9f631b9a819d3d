"""Mainland China mobile numbers (手机号)."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers.cn._number_bounds import NOT_AFTER_ORDER_LABEL, NUMBER_END, NUMBER_START
from recognizers.cn._pattern import LeanPatternRecognizer

# Network prefixes allocated for public mobile service in the MIIT numbering plan (电信网码号资源管理办法);
# 140-144 are IoT/data-only, 154 and 194 are unallocated, 179/189/199 etc. are covered by the ranges below.
MOBILE_PREFIX = r"1(?:3\d|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8\d|9[0-35-9])"
# 11 digits written as one run, grouped 3-4-4 with one consistent separator, or as people also write them:
# 3-8 (138 12345678) and 7-4 (1381234 5678).
MOBILE_NUMBER = MOBILE_PREFIX + r"(?:\d{8}|(?P<sep>[- ])\d{4}(?P=sep)\d{4}|[- ]\d{8}|\d{4}[- ]\d{4})"


class CnMobileRecognizer(LeanPatternRecognizer):
    """Recognize mainland China mobile numbers: ``13812345678``, ``138-1234-5678``, ``+86 138 1234 5678``.

    The prefix ranges follow the MIIT numbering plan (GB/T 13992 style 11-digit E.164 national numbers,
    country code +86). A leading ``+86`` / ``0086`` / ``(+86)`` belongs to the span. Full-width digits are
    handled by the caller folding width first (``recognizers.text.fold_width``).
    """

    # Fast-path gate (Rust regex, no look-around): every pattern holds an allocated prefix 1[3-9]x.
    PREFILTER: ClassVar[str] = r"1[3-9]\d"

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "CN mobile (+86)",
            r"(?<![0-9A-Za-z+])(?:\+86|0086|86(?=1)|\(\+?86\)|\+\(86\))[ -]?" + MOBILE_NUMBER + NUMBER_END,
            0.75,
        ),
        Pattern(
            "CN mobile (domestic)",
            NUMBER_START + NOT_AFTER_ORDER_LABEL + MOBILE_NUMBER + NUMBER_END,
            0.6,
        ),
    ]

    CONTEXT: ClassVar[list[str]] = ["手机", "电话", "联系方式", "移动电话", "mobile", "phone", "tel", "cell"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "zh",
        supported_entity: str = "CN_MOBILE",
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
        """Mobile numbers carry no check digit: None keeps the pattern score; False for a wrong digit count.

        The regex already restricts prefixes; the count check guards patterns passed to the constructor.
        """
        digits = "".join(char for char in pattern_text if char.isdigit())
        if digits.startswith("0086"):
            digits = digits[4:]
        elif digits.startswith("86") and len(digits) == 13:
            digits = digits[2:]
        if len(digits) != 11:
            return False
        return None
