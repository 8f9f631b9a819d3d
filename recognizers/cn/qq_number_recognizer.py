"""QQ numbers (QQ号)."""

from __future__ import annotations

import datetime
from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers.cn._number_bounds import NUMBER_START
from recognizers.cn._pattern import LeanPatternRecognizer

# QQ numbers are 5-11 digits and never start with 0.
QQ_NUMBER = r"[1-9]\d{4,10}"
# Never cut out of a longer run or a decimal, never the local part of an e-mail (12345678@qq.com is an
# EMAIL_ADDRESS), and never a quantity: a number followed by a unit is an amount, a count or a date.
NOT_A_QUANTITY = (
    r"(?!\.\d)(?!,\d{3}(?!\d))(?!\s*@)"
    r"(?!\s*(?:元|块|万|亿|年|月|日|号|天|次|个|人|位|条|件|张|份|平|米|分|秒|小时|%|‰))"
)
NUMBER_END = r"(?![0-9A-Za-z])" + NOT_A_QUANTITY
# After a QQ label the next label may follow without a break: QQ：783594553MSN：romance.
LABELLED_NUMBER_END = r"(?![0-9])(?![A-Za-z](?![A-Za-z]*\s*[:：]))" + NOT_A_QUANTITY
# A label written right before the number: QQ：12345678, QQ号是12345678, Q群 12345678, 扣扣12345678.
QQ_LABEL = r"(?<=(?:QQ|(?<![A-Za-z0-9])Q|扣扣|企鹅号?)(?:号码?|群号?|账号)?\s*(?:是|为)?\s*[:：#]?\s*)"
NOT_AFTER_OTHER_LABEL = (
    r"(?<!(?:(?:订单|工单|运单|快递单|发票)(?:号码?|编号)?|(?:单|编|流水|序列|批次|票据|凭证|合同)号码?|"
    r"邮编|邮政编码|验证码|密码|工号|学号|房号)\s*(?:为|是)?\s*[:#]?\s*)"
)

# Unlabelled, a 5-digit 95xxx/96xxx or 1xxxx number is a service line (95566, 12345, 10086) and a
# 10-digit 400/800 number is a business hotline.
NOT_A_SERVICE_NUMBER = r"(?!(?:9[56]\d{3}|1\d{4})(?!\d))(?![48]00\d{7}(?!\d))"


def _is_plausible_date(digits: str) -> bool:
    """``yyyymmdd`` between 1900 and 2099: an 8-digit run like ``20231127`` is a date."""
    if len(digits) != 8 or not digits.startswith(("19", "20")):
        return False
    try:
        datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return False
    return True


class QqNumberRecognizer(LeanPatternRecognizer):
    """Recognize Tencent QQ account numbers: 5-11 digits, no leading zero, next to QQ/Q号/扣扣/企鹅号.

    A QQ number is a bare digit run with no check digit, so the shape alone means nothing. A number right
    after a QQ label (``QQ：12345678``, ``QQ12345678``, ``Q群 12345678``) is reported on its own; any other
    5-11 digit run keeps a low base score that only a context word nearby (+0.35) lifts over the
    threshold. Digit runs that are also phone numbers are found with a higher score by the phone
    recognizers, which win the overlap. There is no public standard for the format; Tencent assigns
    numbers sequentially from 10000.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("QQ number (labelled)", QQ_LABEL + QQ_NUMBER + LABELLED_NUMBER_END, 0.5),
        Pattern(
            "QQ number (context)",
            NUMBER_START + NOT_AFTER_OTHER_LABEL + NOT_A_SERVICE_NUMBER + QQ_NUMBER + NUMBER_END,
            0.1,
        ),
    ]

    # A necessary condition for any match, for the vectorized fast path (Rust regex, no look-around).
    PREFILTER: ClassVar[str] = r"[1-9]\d{4}"
    # Without context words from the caller, a reported QQ number needs a label (QQ, Q号, 扣扣, 企鹅号) or a
    # context word (qq, q号, q群, 扣扣, 企鹅号) in the text: every one holds a Q or one of these words.
    CUE_PREFILTER: ClassVar[str] = r"(?i)q|扣扣|企鹅"

    CONTEXT: ClassVar[list[str]] = ["qq", "q号", "q群", "扣扣", "企鹅号"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "zh",
        supported_entity: str = "QQ_NUMBER",
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
        """No check digit: None keeps the pattern score; False for one repeated digit or a ``yyyymmdd`` date."""
        if len(set(pattern_text)) == 1 or _is_plausible_date(pattern_text):
            return False
        return None
