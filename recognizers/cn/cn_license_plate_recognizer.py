"""Motor vehicle registration plates (车牌号)."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers.cn._pattern import LeanPatternRecognizer

# One-character abbreviations of the 31 provincial-level divisions that issue plates (GA 36-2018).
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
# Plates use the Latin letters except I and O (too close to 1 and 0).
PLATE_LETTER = r"[A-HJ-NP-Z]"
PLATE_CHAR = r"[A-HJ-NP-Z0-9]"
# People write a dot, a bullet, a space or a dash between the issuing authority and the serial.
SEPARATOR = r"[ ·•・･\-]?"
SERIAL = (
    # new-energy (GA 36-2018): small cars D/F + letter or digit + 4 digits, large vehicles 5 digits + D/F
    r"(?:[DF]" + PLATE_CHAR + r"\d{4}|\d{5}[DF]"
    # ordinary 5 characters, or 4 characters + a use suffix (trailer, coach car, police, HK/Macao, consular)
    r"|" + PLATE_CHAR + r"{5}|" + PLATE_CHAR + r"{4}[挂学警港澳领使试超])"
)


class CnLicensePlateRecognizer(LeanPatternRecognizer):
    """Recognize mainland plates: ``粤B·12345``, ``京A 8K2Y9``, new-energy ``粤BD12345`` / ``沪A12345D``.

    Structure per GA 36-2018 (机动车号牌): a province abbreviation, the issuing authority's letter, and a
    5-character serial (letters without I/O and digits) or a 6-character new-energy serial; 4 characters
    + 挂/学/警/港/澳/领/使 for special uses. The shape is specific enough to report without context;
    车牌/车辆/停车 ... make it certain-ish. A serial without a single digit is a word, not a plate.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "CN license plate",
            r"(?<![0-9A-Za-z])[" + PROVINCES + r"]" + PLATE_LETTER + SEPARATOR + SERIAL + r"(?![0-9A-Za-z])",
            0.5,
        ),
    ]

    # A necessary condition for any match, for the vectorized fast path (Rust regex, no look-around).
    PREFILTER: ClassVar[str] = "[" + PROVINCES + "][A-Za-z]"

    CONTEXT: ClassVar[list[str]] = ["车牌", "车辆", "停车", "车位", "号牌", "牌照", "挪车", "车主", "plate"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "zh",
        supported_entity: str = "CN_LICENSE_PLATE",
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
        """Plates carry no check character: None keeps the score; False when the serial has no digit."""
        serial = pattern_text[2:]
        return None if any(char.isdigit() for char in serial) else False
