"""Text normalisation that keeps offsets.

``fold_width`` applies NFKC character by character and keeps a character whose NFKC form is longer than one
code point unchanged, so the folded text has exactly the length of the original: an offset in the folded text
is the same offset in the original. That is the whole offset map; every detector works on folded text.
"""

from __future__ import annotations

import unicodedata
from functools import cache

_FULLWIDTH_DASHES = {"－": "-", "—": "-", "–": "-", "‐": "-", "‑": "-", "―": "-"}
# The Chinese comma separates clauses, never digit groups: folded to "," it would make "…8764，198…" look
# like a thousands-separated amount.
_KEEP = frozenset("，")


@cache
def _fold_char(char: str) -> str:
    if char in _KEEP:
        return char
    if char in _FULLWIDTH_DASHES:
        return _FULLWIDTH_DASHES[char]
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


def fold_width(text: str) -> str:
    """Full-width digits, letters, ``＋（）＠`` and ideographic spaces to their ASCII forms; same length as input."""
    if text.isascii():
        return text
    return "".join(_fold_char(char) for char in text)
