"""Mainland travel permits for Hong Kong and Macao (往来港澳通行证号)."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers.cn._pattern import LeanPatternRecognizer

CODE_START = r"(?<![0-9A-Za-z])(?<!\d\.)"
CODE_END = r"(?![0-9A-Za-z])(?!\.\d)"
# A code labelled as a model, order, ticket or serial number is that number, whatever it looks like.
NOT_AFTER_CODE_LABEL = (
    r"(?<!(?:型号|货号|批号|编码|(?<!通行证|证件)编号|(?:订|工|运|快递|票|保|发票)?单号|序列号|流水号|合同号|"
    r"批次号?|车次|航班号?|票号|订单|工单|运单|SN|S/N)\s*(?:为|是)?\s*[:#]?\s*)"
)


class CnHkMacaoPermitRecognizer(LeanPatternRecognizer):
    """Recognize 往来港澳通行证 numbers: ``C12345678``, ``CA1234567`` and the old booklet's ``W12345678``.

    The card-style permit issued by the Exit and Entry Administration since 2014 carries ``C`` + 8 digits,
    then ``C`` + a letter (no ``I``/``O``) + 7 digits; the older booklet ``W`` + 8 digits. There is no
    check digit and a letter + 8 digits is a common shape for order and model numbers, so a match is
    reported only next to a context word (港澳通行证/通行证/往来港澳 ...), as DESIGN.md asks.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "CN HK/Macao permit",
            CODE_START + NOT_AFTER_CODE_LABEL + r"(?:[CW]\d{8}|C[A-HJ-NP-Z]\d{7})" + CODE_END,
            0.3,
        ),
    ]

    # A necessary condition for any match, for the vectorized fast path (Rust regex, no look-around).
    PREFILTER: ClassVar[str] = r"(?i)[CW][A-Z]?\d{7}"

    CONTEXT: ClassVar[list[str]] = ["港澳", "通行证", "往来港澳", "permit"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "zh",
        supported_entity: str = "CN_HK_MACAO_PERMIT",
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
        """No check digit exists: None keeps the pattern score; False for a placeholder of one repeated digit."""
        digits = pattern_text[-7:]
        return False if len(set(digits)) == 1 else None
