"""Resident identity card numbers (居民身份证号)."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers.checks import resident_id_check
from recognizers.cn._number_bounds import NUMBER_END, NUMBER_START
from recognizers.cn._pattern import LeanPatternRecognizer


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
        return resident_id_check(pattern_text)
