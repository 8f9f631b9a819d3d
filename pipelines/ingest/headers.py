"""Map Chinese column headers and form keys to canonical fields, and find the header row of a table.

The synonym table is ``conf/header_synonyms.toml``; its format is described at the top of that file.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from recognizers.fields import map_header, normalise_header, synonym_index

__all__ = ["find_header_row", "is_blank", "map_header", "normalise_header", "synonym_index", "unique_headers"]

# Only the first rows of a sheet are searched for the header: title rows sit above it, never pages of them.
HEADER_SEARCH_ROWS = 30
# A cell longer than this is data (a request text that happens to contain 电话), not a header.
MAX_HEADER_CHARS = 20


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
