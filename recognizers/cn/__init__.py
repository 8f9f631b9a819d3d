"""Presidio recognizers for Chinese personal information, one class per module."""

from recognizers.cn.cn_bank_card_recognizer import CnBankCardRecognizer
from recognizers.cn.cn_email_recognizer import CnEmailRecognizer
from recognizers.cn.cn_landline_recognizer import CnLandlineRecognizer
from recognizers.cn.cn_mobile_recognizer import CnMobileRecognizer
from recognizers.cn.cn_resident_id_recognizer import CnResidentIdRecognizer

__all__ = [
    "CnBankCardRecognizer",
    "CnEmailRecognizer",
    "CnLandlineRecognizer",
    "CnMobileRecognizer",
    "CnResidentIdRecognizer",
]
