"""Map Chinese column headers and form keys to canonical fields, and find the header row of a table.

The synonym table is ``conf/header_synonyms.toml``; its format is described at the top of that file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from functools import cache

import conf

SYNONYMS_FILE = "header_synonyms.toml"
# Only the first rows of a sheet are searched for the header: title rows sit above it, never pages of them.
HEADER_SEARCH_ROWS = 30
# A cell longer than this is data (a request text that happens to contain 电话), not a header.
MAX_HEADER_CHARS = 20
# Pure-ASCII spellings shorter than this only match exactly ("tel" must not match "hotel").
MIN_ASCII_FUZZY_CHARS = 4

_REMOVED = re.compile(r"[\s*:]+")
_TRAILING_PARENTHETICAL = re.compile(r"(?:\([^()]*\)|【[^【】]*】|\[[^\[\]]*\])$")
_ASCII_UPPER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def normalise_header(header: str) -> str:
    """Comparable form of a header: NFKC, no whitespace/'*'/colons, no trailing (注释), ASCII lower-cased."""
    text = _REMOVED.sub("", unicodedata.normalize("NFKC", header))
    while True:
        stripped = _TRAILING_PARENTHETICAL.sub("", text)
        if stripped == text or not stripped:
            break
        text = stripped
    return text.translate(_ASCII_UPPER)


@cache
def synonym_index() -> dict[str, str]:
    """Normalised spelling → canonical field, built once from the committed synonym table."""
    table = conf.load_toml(SYNONYMS_FILE).get("fields", {})
    index: dict[str, str] = {}
    for field_name, spellings in table.items():
        for spelling in spellings:
            key = normalise_header(str(spelling))
            if key in index and index[key] != field_name:
                raise ValueError(
                    f"{SYNONYMS_FILE}: spelling '{spelling}' is listed under both "
                    f"'{index[key]}' and '{field_name}'"
                )
            index[key] = str(field_name)
    return index


@cache
def _fuzzy_spellings() -> tuple[str, ...]:
    """Spellings allowed in suffix / containment matching, longest first."""
    return tuple(
        sorted(
            (s for s in synonym_index() if not (s.isascii() and len(s) < MIN_ASCII_FUZZY_CHARS)),
            key=len,
            reverse=True,
        )
    )


@cache
def map_header(header: str) -> str | None:
    """Canonical field of a header or form key: exact, else longest suffix, else longest contained."""
    key = normalise_header(header)
    if not key:
        return None
    index = synonym_index()
    if key in index:
        return index[key]
    spellings = _fuzzy_spellings()
    for spelling in spellings:
        if key.endswith(spelling):
            return index[spelling]
    best: tuple[int, int] | None = None  # (length, end position): longest, then the one nearest the end
    best_field: str | None = None
    for spelling in spellings:
        position = key.rfind(spelling)
        if position >= 0:
            rank = (len(spelling), position + len(spelling))
            if best is None or rank > best:
                best, best_field = rank, index[spelling]
    return best_field


def is_blank(value: str | None) -> bool:
    """True for None and whitespace-only strings."""
    return value is None or not value.strip()


def find_header_row(
    rows: Sequence[Sequence[str | None]],
    excluded: Collection[int] = (),
    limit: int = HEADER_SEARCH_ROWS,
) -> int | None:
    """Index of the header row among the first ``limit`` rows, or None when they are all blank.

    The row with the most cells that map to a known field wins (more non-empty cells break a tie, then the
    earliest row); without any mapped cell, the first row with the most non-empty cells. Rows in ``excluded``
    (a title made of one merged cell) are never chosen, nor is a row with a single non-empty cell while some
    other row has two or more (a title line above a real header).
    """
    candidates: list[tuple[int, int, int]] = []  # (index, mapped, non_empty)
    for index, row in enumerate(rows[:limit]):
        if index in excluded:
            continue
        cells = [c for c in row if not is_blank(c)]
        if not cells:
            continue
        mapped = sum(
            1 for c in cells if c is not None and len(c) <= MAX_HEADER_CHARS and map_header(c) is not None
        )
        candidates.append((index, mapped, len(cells)))
    if not candidates:
        return None
    if max(c[2] for c in candidates) >= 2:
        candidates = [c for c in candidates if c[2] >= 2]
    best_index, best_mapped, best_cells = candidates[0]
    for index, mapped, filled in candidates[1:]:
        if (mapped, filled) > (best_mapped, best_cells):
            best_index, best_mapped, best_cells = index, mapped, filled
    return best_index


def unique_headers(raw: Sequence[str | None]) -> list[str]:
    """Header texts made unique: blanks become ``column_N`` (1-based position), repeats get ``_2``, ``_3``…"""
    texts = [(h or "").strip() or f"column_{i + 1}" for i, h in enumerate(raw)]
    taken: set[str] = set()
    result: list[str] = []
    for text in texts:
        candidate, n = text, 1
        while candidate in taken:
            n += 1
            candidate = f"{text}_{n}"
        taken.add(candidate)
        result.append(candidate)
    return result
