"""Text normalisation that keeps offsets.

``fold_width`` applies NFKC character by character and keeps a character whose NFKC form is longer than one
code point unchanged, so the folded text has exactly the length of the original: an offset in the folded text
is the same offset in the original. That is the whole offset map; every detector works on folded text.
The fold is one table (``fold_table``), applied by ``str.translate`` here and by polars' ``replace_many`` in
the vectorized fast path, so both paths fold identically.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources

import polars as pl

_DASHES = {"－": "-", "—": "-", "–": "-", "‐": "-", "‑": "-", "―": "-"}
# The Chinese comma separates clauses, never digit groups: folded to "," it would make "…8764，198…" look
# like a thousands-separated amount.
_KEEP = frozenset("，")


# The fold table as bundled data (recognizers/data/fold_table.tsv; source and regeneration in its README):
# computing it from Python's Unicode database (``computed_fold_table``) costs ~75 ms of every process's start-up.
FOLD_TABLE = "data/fold_table.tsv"


@cache
def fold_table() -> dict[int, str]:
    """Code point → its one-character NFKC form (plus dashes to "-"), for every character that changes: read
    from ``FOLD_TABLE``, which tests/recognizers/test_text.py holds to ``computed_fold_table``."""
    table: dict[int, str] = {}
    text = resources.files("recognizers").joinpath(FOLD_TABLE).read_text(encoding="ascii")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            source, target = line.split("\t")
            table[int(source, 16)] = chr(int(target, 16))
    return table


def computed_fold_table() -> dict[int, str]:
    """The fold table from this Python's Unicode database: every code point whose NFKC form is one other
    character, dashes to "-", the Chinese comma kept."""
    table: dict[int, str] = {}
    for code_point in range(0x80, 0x110000):
        if 0xD800 <= code_point <= 0xDFFF:
            continue
        char = chr(code_point)
        folded = unicodedata.normalize("NFKC", char)
        if folded != char and len(folded) == 1:
            table[code_point] = folded
    table.update({ord(dash): ascii_dash for dash, ascii_dash in _DASHES.items()})
    for char in _KEEP:
        table.pop(ord(char), None)
    return table


def fold_table_lines(table: dict[int, str]) -> str:
    """``FOLD_TABLE``'s text for ``table``: one ``source<TAB>target`` row of hexadecimal code points each."""
    header = "# code point<TAB>its fold (hexadecimal); written by recognizers.text.fold_table_lines\n"
    return header + "".join(f"{source:04X}\t{ord(target):04X}\n" for source, target in sorted(table.items()))


def fold_width(text: str) -> str:
    """Full-width digits, letters, ``＋（）＠`` and ideographic spaces to their ASCII forms; same length as input."""
    if text.isascii():
        return text
    return text.translate(fold_table())


def fold_column(values: pl.Series) -> pl.Series:
    """``fold_width`` of every value of a string column, by polars. A column in which no value holds a character
    to fold (most: names, ID numbers, dates) is returned as it is after a scan for those characters. Otherwise
    only the values that hold one are folded, and only with the pairs of the characters they hold: polars
    builds its matcher for the pairs it is given on every ``replace_many``, which for the whole table costs
    5-15 ms a column. Every pair replaces one character by one, so replacing only those present gives what the
    whole table gives."""
    holds = values.str.contains(fold_sources())
    if not holds.any():
        return values
    holding = values.filter(holds)  # only these are folded, then put back in place
    present = holding.str.extract_all(fold_sources()).explode().drop_nulls().unique().sort()
    table = fold_table()
    sources = present.to_list()
    folded = holding.str.replace_many(sources, [table[ord(char)] for char in sources])
    return values.clone().scatter(holds.arg_true(), folded)  # a copy: the caller's column stays as it is


@cache
def fold_sources() -> str:
    """A Rust-regex character class (polars) of every character ``fold_table`` changes, as code-point ranges."""
    code_points = sorted(fold_table())
    ranges: list[tuple[int, int]] = []
    for code_point in code_points:
        if ranges and ranges[-1][1] == code_point - 1:
            ranges[-1] = (ranges[-1][0], code_point)
        else:
            ranges.append((code_point, code_point))
    return "[" + "".join(rf"\x{{{a:X}}}-\x{{{b:X}}}" for a, b in ranges) + "]"


# Every character for which ``str.isspace()`` is true (Python 3.11's Unicode database), written out: finding
# them costs 0.1 s of every process's start-up. tests/recognizers/test_text.py checks the list against Python's.
_PYTHON_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def python_whitespace() -> str:
    """Every character Python's ``str.strip()`` removes, for polars' ``strip_chars`` (whose default set, Unicode
    White_Space, lacks U+001C–U+001F): text stripped by polars is stripped as Python strips it."""
    return _PYTHON_WHITESPACE
