"""Canonical fields: the header/form-key synonym table and the entity each field's values are.

Shared by ingest (column headers) and the form recognizer (keys of ``key：value`` lines in free text); the table
is ``conf/header_synonyms.toml``, its format described at the top of that file.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import conf

SYNONYMS_FILE = "header_synonyms.toml"
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


@cache
def field_entities() -> dict[str, str]:
    """Canonical field → the entity its values are (fields holding no entity of their own are absent)."""
    table = conf.load_toml(SYNONYMS_FILE).get("entities", {})
    return {str(field_name): str(entity) for field_name, entity in table.items()}


@cache
def strict_field(key: str) -> str | None:
    """Field of a form key found in running text: exact spelling or a spelling the key ends with, nothing looser.

    Free text has many ``something：`` clauses (业主反映：…); containment matching would turn 业主反映 into a name key.
    """
    normalised = normalise_header(key)
    index = synonym_index()
    if normalised in index:
        return index[normalised]
    for spelling in _fuzzy_spellings():
        if len(spelling) >= 2 and normalised.endswith(spelling):
            return index[spelling]
    return None
