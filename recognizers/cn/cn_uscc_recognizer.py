"""Unified social credit codes of organisations (统一社会信用代码)."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers.checks import has_id_structure, is_valid_uscc
from recognizers.cn._pattern import LeanPatternRecognizer

USCC_CHAR = r"[0-9A-HJ-NPQRTUWXY]"
CODE_START = r"(?<![0-9A-Za-z])(?<!\d\.)"
CODE_END = r"(?![0-9A-Za-z])(?!\.\d)"


class CnUsccRecognizer(LeanPatternRecognizer):
    """Recognize unified social credit codes per GB 32100-2015: ``91110108MA01ABCD2X``.

    18 characters: registration authority and organisation type, a 6-digit GB/T 2260 division code,
    the 9-character organisation code (GB 11714) and a MOD 31 check character. A correct check character
    is certain; a wrong one drops the match. A digits-only code shaped like a resident ID number (province
    code + real birth date, GB 11643) is left to the resident-ID recognizer, so the two never report the
    same span and an ID with a wrong check character is not reported as a USCC either.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("CN USCC", CODE_START + USCC_CHAR + r"{2}\d{6}" + USCC_CHAR + r"{10}" + CODE_END, 0.3),
    ]

    # A necessary condition for any match, for the vectorized fast path (Rust regex, no look-around).
    PREFILTER: ClassVar[str] = r"\d{6}[0-9A-Za-z]{10}"

    CONTEXT: ClassVar[list[str]] = ["信用代码", "社会信用", "税号", "纳税人识别号", "营业执照", "注册号"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "zh",
        supported_entity: str = "CN_USCC",
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
        """True: a GB 32100 check character that is right; False: wrong, or the code is ID-shaped."""
        value = pattern_text.upper()
        return is_valid_uscc(value) and not has_id_structure(value)
