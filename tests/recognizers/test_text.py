from __future__ import annotations

from importlib import resources

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recognizers.engine import Detector
from recognizers.text import (
    FOLD_TABLE,
    computed_fold_table,
    fold_column,
    fold_sources,
    fold_table,
    fold_table_lines,
    fold_width,
    python_whitespace,
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("１３８－１２３４", "138-1234"),
        ("（＋８６）", "(+86)"),
        ("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", "zhang@example.com"),
        ("电话：\u3000１", "电话: 1"),
        ("漏水，请回电", "漏水，请回电"),  # the Chinese comma is kept
        ("㈠㎡", "㈠㎡"),  # multi-character NFKC forms are kept, so offsets never move
    ],
)
def test_fold_width_keeps_length_and_offsets(text: str, folded: str) -> None:
    assert fold_width(text) == folded
    assert len(fold_width(text)) == len(text)


def test_a_chinese_comma_after_a_mobile_is_not_a_thousands_separator() -> None:
    # Found by the hypothesis scrub-idempotence test.
    text = "漏水19866048764，198-6604-8764"
    spans = [(s.start, s.end) for s in Detector().detect(text)]
    assert spans == [(2, 13), (14, 27)]


def test_the_bundled_fold_table_is_the_one_pythons_unicode_database_gives() -> None:
    # If this fails after a Python upgrade, regenerate the file (recognizers/data/README.md says how).
    assert fold_table() == computed_fold_table()
    bundled = resources.files("recognizers").joinpath(FOLD_TABLE).read_text(encoding="ascii")
    assert bundled == fold_table_lines(computed_fold_table())


def test_the_fold_sources_class_matches_exactly_the_characters_the_fold_changes() -> None:
    every = [chr(code_point) for code_point in range(0x110000) if not 0xD800 <= code_point <= 0xDFFF]
    matched = pl.Series(every, dtype=pl.String).str.contains(fold_sources())
    assert {char for char, hit in zip(every, matched.to_list(), strict=True) if hit} == {
        chr(code_point) for code_point in fold_table()
    }


@pytest.mark.parametrize(
    "values",
    [
        ["王建国", "110101199003071234", None, "2026-10-01"],  # nothing to fold: returned as it is
        ["电话：１３８１２３４５６７８", None, "（备注）ok", "门禁坏了！"],
        [None, None],
        [],
    ],
)
def test_fold_column_folds_as_fold_width(values: list[str | None]) -> None:
    folded = fold_column(pl.Series("c", values, dtype=pl.String))
    assert folded.name == "c"
    assert folded.to_list() == [None if value is None else fold_width(value) for value in values]


# Characters to fold (from every part of the table, astral ones included), characters kept, and plain text.
_FOLDED = sorted(fold_table())
_MIXED_CHARS = st.one_of(
    st.sampled_from([chr(code_point) for code_point in _FOLDED]),
    st.sampled_from(list("王建国电话漏水，。a1 -")),
    st.characters(codec="utf-8"),
)


@given(st.lists(st.one_of(st.none(), st.text(_MIXED_CHARS, max_size=12)), max_size=30))
def test_fold_column_folds_as_fold_width_whatever_the_column_holds(values: list[str | None]) -> None:
    # The column is folded with only the pairs of the characters it holds: never other than the whole table.
    column = pl.Series("c", values, dtype=pl.String)
    folded = fold_column(column)
    assert folded.to_list() == [None if value is None else fold_width(value) for value in values]
    assert column.to_list() == values  # the column folded is left as it was


def test_python_whitespace_is_every_character_python_strips() -> None:
    expected = "".join(char for char in map(chr, range(0x110000)) if char.isspace())
    assert python_whitespace() == expected
    assert ("\x1c" + expected + "门禁" + expected).strip() == "门禁"
