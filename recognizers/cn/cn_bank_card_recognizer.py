"""Bank card numbers (银行卡号)."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers.checks import card_number_check
from recognizers.cn._number_bounds import NOT_AFTER_ORDER_LABEL, NUMBER_END, NUMBER_START
from recognizers.cn._pattern import LeanPatternRecognizer


class CnBankCardRecognizer(LeanPatternRecognizer):
    """Recognize payment card numbers: 16-19 digits (ISO/IEC 7812), as one run or grouped by four.

    A Luhn-valid number is certain without context. A Luhn-invalid number (many domestic passbook and
    account numbers do not follow Luhn) keeps a low base score that only Presidio's context enhancement
    (+0.35, at least 0.4) lifts over the report threshold, so it is found only next to 银行卡/卡号/账号 ....
    An 18-digit string shaped like a resident ID (province code + birth date) is left to the ID recognizer.
    """

    # Fast-path gate: a run of at least 16 digits, or four groups of four joined by one separator.
    PREFILTER: ClassVar[str] = r"\d{16}|\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4}"

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "CN bank card (one run)",
            NUMBER_START + NOT_AFTER_ORDER_LABEL + r"[1-9]\d{15,18}" + NUMBER_END,
            0.1,
        ),
        Pattern(
            "CN bank card (grouped by 4)",
            # Never a window of a longer run of 4-digit groups, but a card written right next to a phone
            # number ("13812345678 6222 0212 ...", "198-6604-8764 6222 0212 ...", "... 4753 19866048764") is
            # still found: the last group of a grouped phone (3-4-4 digits, its 3-digit group not glued to a
            # digit; "19866048764 198-6604-8764 6222 …" too) does not start a run, and a card ending in a short
            # group ("… 6317 064") ends the run, whatever group follows it.
            NUMBER_START
            + r"(?<!(?<!(?<!\d)\d{3}[ -]\d{4}[ -])(?<!\d)\d{4}[ -])"
            + NOT_AFTER_ORDER_LABEL
            + r"[1-9]\d{3}(?P<sep>[ -])\d{4}(?P=sep)\d{4}(?P=sep)\d{4}"
            + r"(?:(?P=sep)\d{1,3}(?!\d)|(?![ -]\d{4}(?!\d)))"
            + NUMBER_END,
            0.1,
        ),
    ]

    CONTEXT: ClassVar[list[str]] = [
        "银行卡",
        "卡号",
        "账号",
        "帐号",
        "账户",
        "开户",
        "储蓄卡",
        "信用卡",
        "借记卡",
        "工资卡",
        "银行",
        "card",
        "account",
    ]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "zh",
        supported_entity: str = "CN_BANK_CARD",
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
        """True: Luhn-valid (ISO/IEC 7812); None: Luhn-invalid, context decides; False: not a card.

        False for one repeated digit (a placeholder), for an 18-digit string with resident-ID structure, which
        is far more likely an ID number (or a mistyped one) than an 18-digit card, and for a valid all-digit
        unified social credit code (GB 32100), which the USCC recognizer reports.
        """
        return card_number_check(pattern_text)
