"""Shape checks for PII that must never reach the archive, in any written form.

These are deliberately broader than the recognizers' patterns (any separator between any two digits,
full-width forms) so that a value the detectors missed still trips the check; the ID and bank-card shapes are
confirmed by the recognizers' own validators (GB 11643, Luhn), which keeps one definition of each entity and
lets ticket and order numbers through.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache

from recognizers.checks import card_number_check, resident_id_check
from recognizers.text import fold_width

_SEP = r"[\s\-]?"
_MOBILE = re.compile(r"^(?:\+?86)?1(?:3\d|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8\d|9[0-35-9])\d{8}$")

LEAK_PATTERNS: dict[str, re.Pattern[str]] = {
    # Any 11 digits, separators allowed between any two: the prefix is checked on the compact digits.
    "CN_MOBILE": re.compile(rf"(?<!\d)(?:\+?86{_SEP})?\d(?:{_SEP}\d){{10}}(?!\d)"),
    "CN_LANDLINE": re.compile(r"(?<!\d)\(?0[1-9]\d{1,2}\)?[\s\-]?[2-9]\d{2,3}[\s\-]?\d{4}(?!\d)"),
    "CN_RESIDENT_ID": re.compile(
        rf"(?<![\dA-Za-z])\d{{6}}{_SEP}\d{{4}}{_SEP}?\d{{4}}{_SEP}\d{{3}}[\dXx](?![\dA-Za-z])|(?<!\d)\d{{15}}(?!\d)"
    ),
    "CN_BANK_CARD": re.compile(rf"(?<!\d)\d(?:{_SEP}\d){{15,18}}(?!\d)"),
    "EMAIL_ADDRESS": re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"),
}

# Issuer prefixes of cards in use in China (UnionPay 62/60, Visa 4, Mastercard 51-55, Amex/JCB 34/37/35).
_CARD_PREFIX = re.compile(r"^(?:62|60|4|5[1-5]|3[457])")


@cache
def _validators() -> dict[str, Callable[[str], bool]]:
    """The recognizers' own checks (``recognizers.checks``), taken as certain only when they say True."""
    return {
        "CN_MOBILE": lambda digits: bool(_MOBILE.match(digits)),
        "CN_RESIDENT_ID": lambda digits: resident_id_check(digits) is True,
        "CN_BANK_CARD": lambda digits: bool(_CARD_PREFIX.match(digits)) and card_number_check(digits) is True,
    }


def _compact(candidate: str) -> str:
    return re.sub(r"[\s\-]", "", candidate)


@lru_cache(maxsize=1 << 16)
def find_leaks(text: str | None) -> frozenset[str]:
    """Entity types whose shape appears in ``text`` (after width folding); empty when the text is clean.
    Remembered for recent texts: the guarantee asks once per entity type, and column values repeat."""
    if not text or not _MAYBE_LEAK.search(text):
        return frozenset()
    return _leaks_of(text)


# Every leak shape holds ten digits (any width) with at most two separator characters between two of them
# (a landline's "(010) 6234 5678" is the tightest), or an at-sign: a text without either is clean, and most
# archived texts are (a date has eight digits). Plain syntax shared by Python's re and polars' Rust regex;
# \x1c-\x1f are whitespace to Python (str.isspace, re's \s) but not to Rust's \s, so they are listed.
MAYBE_LEAK_PATTERN = r"\d(?:[\s\x1c-\x1f\-－—–‐‑―()（）]{0,2}\d){9}|[@＠]"
_MAYBE_LEAK = re.compile(MAYBE_LEAK_PATTERN)


@lru_cache(maxsize=1 << 16)
def _leaks_of(text: str) -> frozenset[str]:
    """All leak shapes of one candidate text, computed once (the guarantee asks per entity and values repeat)."""
    folded = fold_width(text)
    validators = _validators()
    found = set()
    for entity, pattern in LEAK_PATTERNS.items():
        validate = validators.get(entity)
        for match in pattern.finditer(folded):
            if validate is None or validate(_compact(match.group(0))):
                found.add(entity)
                break
    return frozenset(found)


def holds_leak(text: str | None, entity: str) -> bool:
    """True when ``text`` holds a value shaped like ``entity``."""
    return entity in find_leaks(text)
