"""Presidio recognizers for Chinese personal information, one class per module."""

from recognizers.cn.cn_address_recognizer import CnAddressRecognizer
from recognizers.cn.cn_bank_card_recognizer import CnBankCardRecognizer
from recognizers.cn.cn_email_recognizer import CnEmailRecognizer
from recognizers.cn.cn_employer_recognizer import CnEmployerRecognizer
from recognizers.cn.cn_form_field_recognizer import CnFormFieldRecognizer
from recognizers.cn.cn_hk_macao_permit_recognizer import CnHkMacaoPermitRecognizer
from recognizers.cn.cn_landline_recognizer import CnLandlineRecognizer
from recognizers.cn.cn_license_plate_recognizer import CnLicensePlateRecognizer
from recognizers.cn.cn_mobile_recognizer import CnMobileRecognizer
from recognizers.cn.cn_passport_recognizer import CnPassportRecognizer
from recognizers.cn.cn_person_recognizer import CnPersonRecognizer
from recognizers.cn.cn_resident_id_recognizer import CnResidentIdRecognizer
from recognizers.cn.cn_room_recognizer import CnRoomRecognizer
from recognizers.cn.cn_uscc_recognizer import CnUsccRecognizer
from recognizers.cn.qq_number_recognizer import QqNumberRecognizer
from recognizers.cn.wechat_id_recognizer import WechatIdRecognizer

__all__ = [
    "CnAddressRecognizer",
    "CnBankCardRecognizer",
    "CnEmailRecognizer",
    "CnEmployerRecognizer",
    "CnFormFieldRecognizer",
    "CnHkMacaoPermitRecognizer",
    "CnLandlineRecognizer",
    "CnLicensePlateRecognizer",
    "CnMobileRecognizer",
    "CnPassportRecognizer",
    "CnPersonRecognizer",
    "CnResidentIdRecognizer",
    "CnRoomRecognizer",
    "CnUsccRecognizer",
    "QqNumberRecognizer",
    "WechatIdRecognizer",
]
