"""CnBankCardRecognizer through the real analyzer: (text, expected spans, score range).

Card numbers are generated here with their Luhn digit computed independently: no real cards.
"""

from __future__ import annotations

import pytest

from recognizers.engine import Detector
from tests.recognizers.spans import assert_found

ENTITY = "CN_BANK_CARD"


def luhn_check_digit(body: str) -> str:
    """The ISO/IEC 7812 check digit that makes ``body + digit`` Luhn-valid."""
    total = 0
    for position, char in enumerate(reversed(body)):
        doubled = int(char) * (2 if position % 2 == 0 else 1)
        total += doubled // 10 + doubled % 10
    return str((10 - total % 10) % 10)


def make_card(body: str) -> str:
    """A Luhn-valid card number: ``body`` plus its check digit."""
    return body + luhn_check_digit(body)


def break_luhn(card: str) -> str:
    """The same number with a wrong check digit."""
    return card[:-1] + str((int(card[-1]) + 1) % 10)


def group(number: str, separator: str = " ") -> str:
    return separator.join(number[index : index + 4] for index in range(0, len(number), 4))


def make_luhn_valid_id() -> str:
    """A GB 11643-valid resident ID that is ALSO Luhn-valid: the card recognizer must leave it alone."""
    weights = [2 ** (17 - position) % 11 for position in range(17)]
    for sequence in range(1000):
        first_17 = f"11010119900307{sequence:03d}"
        value = (12 - sum(int(d) * w for d, w in zip(first_17, weights, strict=True)) % 11) % 11
        if value == 10:
            continue
        candidate = first_17 + str(value)
        if luhn_check_digit(candidate[:-1]) == candidate[-1]:
            return candidate
    raise AssertionError("no Luhn-valid ID in range")


CARD_16 = make_card("622202020011223")
CARD_19 = make_card("622848001122334455")
CARD_VISA = make_card("411111111111111")
BAD_16 = break_luhn(CARD_16)
BAD_19 = break_luhn(CARD_19)
LUHN_VALID_ID = make_luhn_valid_id()
FULL_WIDTH_CARD = "".join(chr(ord(char) + 0xFEE0) for char in CARD_16)


@pytest.mark.parametrize(
    ("text", "expected", "score_range"),
    [
        # Luhn-valid: found without context
        (CARD_16, [(0, 16)], (1.0, 1.0)),
        (CARD_19, [(0, 19)], (1.0, 1.0)),
        (CARD_VISA, [(0, 16)], (1.0, 1.0)),
        (group(CARD_16), [(0, 19)], (1.0, 1.0)),
        (group(CARD_16, "-"), [(0, 19)], (1.0, 1.0)),
        (group(CARD_19), [(0, 23)], (1.0, 1.0)),
        (f"请把钱打到{CARD_19}，谢谢", [(5, 24)], (1.0, 1.0)),
        (FULL_WIDTH_CARD, [(0, 16)], (1.0, 1.0)),
        # Luhn-invalid: only with card context words (before or after)
        (f"银行卡号：{BAD_16}", [(5, 21)], (0.4, 0.5)),
        (f"卡号 {group(BAD_19)}", [(3, 26)], (0.4, 0.5)),
        (f"{BAD_19}是我的工资卡", [(0, 19)], (0.4, 0.5)),
        (f"开户行：工商银行，账号{BAD_16}", [(11, 27)], (0.4, 0.5)),
    ],
)
def test_bank_card_is_found(
    detector: Detector, text: str, expected: list[tuple[int, int]], score_range: tuple[float, float]
) -> None:
    assert_found(detector, text, ENTITY, expected, score_range)


@pytest.mark.parametrize(
    "text",
    [
        BAD_16,  # Luhn-invalid without context
        f"请核对{BAD_19}",
        LUHN_VALID_ID,  # a valid ID number is an ID, not a card
        f"银行卡{LUHN_VALID_ID}",
        f"订单号{CARD_16}",  # order / ticket / serial numbers
        f"订单号：{CARD_19}",
        f"工单号 {CARD_16}",
        f"单号{CARD_16}",
        f"编号{CARD_16}",
        f"流水号：{CARD_19}",
        "1" * 16,  # a placeholder
        "2023-11-27",
        "20231127",
        "金额12,345.00元",
        CARD_16 + "1234",  # 20 digits is no card
        "A" + CARD_16,
        group(CARD_16) + " 1234 5678",  # too many groups
        "编号1234-5678-" + "-".join(group(CARD_16).split(" ")),  # a window of a long hyphenated run
        "编号123 4567 " + group(CARD_16) + " 1234",  # … or of a long spaced one
    ],
)
def test_bank_card_is_not_found(detector: Detector, text: str) -> None:
    assert [span for span in detector.detect(text) if span.entity_type == ENTITY] == []


def test_valid_id_wins_over_card(detector: Detector) -> None:
    assert [(span.entity_type, span.start, span.end) for span in detector.detect(LUHN_VALID_ID)] == [
        ("CN_RESIDENT_ID", 0, 18)
    ]


def test_grouped_card_right_after_a_mobile_is_found(detector: Detector) -> None:
    # Found by the hypothesis scrub-idempotence test: the card used to surface only after a first scrub.
    card = group(make_card("436742604876475"))
    text = f"楼上漏水19866048764 {card}楼上漏水"
    found = {(s.start, s.end, s.entity_type) for s in detector.detect(text)}
    assert (4, 15, "CN_MOBILE") in found
    assert (16, 16 + len(card), "CN_BANK_CARD") in found


@pytest.mark.parametrize("mobile", ["198-6604-8764", "198 6604 8764"])
def test_grouped_card_right_after_a_grouped_mobile_is_found(detector: Detector, mobile: str) -> None:
    # Found by the same hypothesis test: the phone's last group "8764 " read as the start of a longer run.
    card = group(make_card("436742604876475"))
    text = f"楼上漏水{mobile} {card}楼上漏水"
    found = {(s.start, s.end, s.entity_type) for s in detector.detect(text)}
    assert (4, 17, "CN_MOBILE") in found
    assert (18, 18 + len(card), "CN_BANK_CARD") in found


@pytest.mark.parametrize(
    "mobiles", [("19866048764", "198-6604-8764"), ("198-6604-8764", "198 6604 8764"), ("198 6604 8764",) * 2]
)
def test_grouped_card_after_two_mobiles_is_found(detector: Detector, mobiles: tuple[str, str]) -> None:
    # Found by the same hypothesis test: the grouped mobile before the card follows another number and a
    # space; it is still a whole phone, not the middle of a longer run of groups.
    card = group(make_card("436742604876475"))
    text = f"楼上漏水{mobiles[0]} {mobiles[1]} {card}楼上漏水"
    second = 5 + len(mobiles[0])
    card_start = second + len(mobiles[1]) + 1
    found = {(s.start, s.end, s.entity_type) for s in detector.detect(text)}
    assert (4, 4 + len(mobiles[0]), "CN_MOBILE") in found
    assert (second, second + len(mobiles[1]), "CN_MOBILE") in found
    assert (card_start, card_start + len(card), ENTITY) in found


def test_two_grouped_cards_in_a_row_are_both_found(detector: Detector) -> None:
    # Found by the same hypothesis test: a 19-digit card ending in a short group, then another card.
    first = group(make_card("622588141777631706"))
    second = group(make_card("436742604876475"))
    text = f"楼上漏水{first} {second}楼上漏水"
    found = {(s.start, s.end, s.entity_type) for s in detector.detect(text)}
    assert (4, 4 + len(first), ENTITY) in found
    assert (5 + len(first), 5 + len(first) + len(second), ENTITY) in found


def test_grouped_card_right_before_a_mobile_is_found(detector: Detector) -> None:
    card = group(make_card("436742604876475"))
    text = f"楼上漏水{card} 19866048764楼上漏水"
    found = {(s.start, s.end, s.entity_type) for s in detector.detect(text)}
    assert (4, 4 + len(card), "CN_BANK_CARD") in found
    assert (5 + len(card), 16 + len(card), "CN_MOBILE") in found
