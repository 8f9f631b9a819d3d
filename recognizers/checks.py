"""Check characters and structure of Chinese identifiers: plain functions over strings, standard library only.

The recognizers validate their matches with these, and the output guarantee (``expectations.leak_checks``)
checks archived text with the very same functions — without importing the recognizers (presidio, jieba and the
name model), which the main process of a parallel ``baomi run`` never loads.
"""

from __future__ import annotations

import datetime

# First two digits of the GB/T 2260 administrative division code: provinces, plus 71 Taiwan, 81 Hong Kong,
# 82 Macao, 83 (residence permits for Taiwan residents) and 91 (foreigners' permanent residence).
PROVINCE_CODES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
    | {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91}
)
# ISO 7064 MOD 11-2 weights 2^(17-i) mod 11 and the check character for each remainder (GB 11643-1999 §6).
CHECK_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"


def gb11643_check_character(first_17: str) -> str:
    """The GB 11643-1999 (ISO 7064 MOD 11-2) check character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first_17, CHECK_WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def _birth_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        born = datetime.date(year, month, day)
    except ValueError:
        return None
    # Nobody alive was born before 1900 and nobody is born in the future.
    return born if year >= 1900 and born <= datetime.date.today() else None


def has_id_structure(digits: str) -> bool:
    """An 18-character string with a plausible province code and a real birth date (check char ignored)."""
    return (
        len(digits) == 18
        and digits[:17].isdigit()
        and int(digits[:2]) in PROVINCE_CODES
        and _birth_date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14])) is not None
    )


def is_valid_resident_id(value: str) -> bool:
    """True for an 18-character number with ID structure and a correct GB 11643 check character."""
    value = value.upper()
    return has_id_structure(value) and gb11643_check_character(value[:17]) == value[17]


def is_valid_legacy_resident_id(value: str) -> bool:
    """A 15-digit first-generation number (GB 11643-1989): province code and a real ``yymmdd`` in 19xx."""
    return (
        len(value) == 15
        and value.isdigit()
        and int(value[:2]) in PROVINCE_CODES
        and _birth_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12])) is not None
    )


def resident_id_check(text: str) -> bool | None:
    """A resident ID match (spaces allowed): True for 18 characters passing GB 11643; None for a plausible
    legacy 15-digit number (no check digit); False otherwise."""
    value = text.replace(" ", "")
    if len(value) == 18:
        return is_valid_resident_id(value)
    if is_valid_legacy_resident_id(value):
        return None
    return False


# GB 32100-2015 §4: the 31 code characters (digits and capitals without I, O, S, V, Z), and the weights
# 3^(i) mod 31 of positions 1-17 for the MOD 31 check character in position 18.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def gb32100_check_character(first_17: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters (upper case, from ``USCC_CHARSET``)."""
    total = sum(
        USCC_CHARSET.index(char) * weight for char, weight in zip(first_17, USCC_WEIGHTS, strict=True)
    )
    return USCC_CHARSET[(31 - total % 31) % 31]


def is_valid_uscc(value: str) -> bool:
    """True for 18 characters from the code set with a correct GB 32100 check character."""
    value = value.upper()
    return (
        len(value) == 18
        and all(char in USCC_CHARSET for char in value)
        and value[2:8].isdigit()
        and gb32100_check_character(value[:17]) == value[17]
    )


def luhn_is_valid(digits: str) -> bool:
    """ISO/IEC 7812-1 Annex B (Luhn mod 10) check over a string of digits."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def card_number_check(text: str) -> bool | None:
    """A card-number match (spaces or dashes allowed): True when Luhn-valid (ISO/IEC 7812); None when
    Luhn-invalid (context decides); False when it is not a card: one repeated digit (a placeholder), an
    18-digit string with resident-ID structure (far more likely an ID, or a mistyped one, than an 18-digit
    card), or a valid all-digit unified social credit code (GB 32100)."""
    digits = text.replace(" ", "").replace("-", "")
    if len(set(digits)) == 1 or has_id_structure(digits) or (len(digits) == 18 and is_valid_uscc(digits)):
        return False
    return True if luhn_is_valid(digits) else None
