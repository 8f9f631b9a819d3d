"""People's Republic of China passport numbers (护照号)."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers.cn._pattern import LeanPatternRecognizer

CODE_START = r"(?<![0-9A-Za-z])(?<!\d\.)"
CODE_END = r"(?![0-9A-Za-z])(?!\.\d)"
# A code labelled as a model, order, ticket or serial number is that number, whatever it looks like.
NOT_AFTER_CODE_LABEL = (
    r"(?<!(?:型号|货号|批号|编码|(?<!护照|证件)编号|(?:订|工|运|快递|票|保|发票)?单号|序列号|流水号|合同号|"
    r"批次号?|车次|航班号?|票号|订单|工单|运单|SN|S/N)\s*(?:为|是)?\s*[:#]?\s*)"
)


class CnPassportRecognizer(LeanPatternRecognizer):
    """Recognize PRC passport numbers: ``E12345678``, ``EA1234567`` and the older ``G12345678``.

    Ordinary passports (因私普通护照) issued under the Passport Law of the PRC carry ``E`` + 8 digits; since the
    ``E`` series ran out, ``E`` + a letter (no ``I``/``O``) + 7 digits; the pre-2012 booklet ``G`` + 8 digits.
    There is no check digit (the ICAO 9303 MRZ check digits are not part of the printed number), so the
    shape alone gives a moderate score and 护照/passport context makes it high. Diplomatic, service and
    official passports (``D``/``S``/``P``, optionally ``DE``/``SE``/``PE``, + 7-8 digits) are too generic
    to report without context: their base score only clears the threshold next to a context word.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "CN passport (ordinary)",
            CODE_START + NOT_AFTER_CODE_LABEL + r"(?:[EG]\d{8}|E[A-HJ-NP-Z]\d{7})" + CODE_END,
            0.45,
        ),
        Pattern(
            "CN passport (diplomatic, service, official)",
            CODE_START + NOT_AFTER_CODE_LABEL + r"(?:[DSP]E\d{7}|[DP]\d{7}|S\d{7,8})" + CODE_END,
            0.1,
        ),
    ]

    # A necessary condition for any match, for the vectorized fast path (Rust regex, no look-around).
    PREFILTER: ClassVar[str] = r"(?i)[DEGPS][A-Z]?\d{7}"

    CONTEXT: ClassVar[list[str]] = ["护照", "passport", "出入境", "签证"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "zh",
        supported_entity: str = "CN_PASSPORT",
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
