"""Boundaries shared by the recognizers of digit-based entities (phone, ID, card, QQ numbers).

A number is never cut out of a longer ASCII identifier or digit run, nor out of a decimal or a
thousands-separated amount; a digit run labelled as an order/ticket/serial number is that number.
"""

from __future__ import annotations

NUMBER_START = r"(?<![0-9A-Za-z])(?<!\d\.)"
NUMBER_END = r"(?![0-9A-Za-z])(?!\.\d)(?!,\d{3}(?!\d))"
NOT_AFTER_ORDER_LABEL = (
    r"(?<!(?:(?:订单|工单|运单|快递单|发票)(?:号码?|编号)?|(?:单|编|流水|序列|批次|票据|凭证|合同)号码?)"
    r"\s*(?:为|是)?\s*[:#]?\s*)"
)
