"""PERSON's rule candidates in C (recognizers/_person.c) are the Python definition's, candidate for candidate.

Generated domain texts and texts built from the recognizer's own word lists always (with jieba's boundaries
and with arbitrary ones); every file of the public corpora when the folder is present (../shared/corpora
beside the repository, or BAOMI_CORPORA), skipped with a message otherwise.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import recognizers.cn.cn_person_recognizer as person_module
from pipelines.evalset import generate_domain_set
from recognizers.cn.cn_person_recognizer import (
    PUNCTUATION,
    CnPersonRecognizer,
    _bounds,
    _given_char_tiers,
    _native_rules,
    _place_short_names,
    _surname_weights,
    _text_word_lengths,
)
from recognizers.engine import Detector
from recognizers.fast_path import FastDetector
from recognizers.fields import synonym_index
from tests.recognizers.test_fast_path import CORPORA

Row = tuple[int, int, float, str]


@pytest.fixture(scope="module")
def native() -> Any:
    found = _native_rules()
    assert found is not None, "the extension recognizers._person was not built (pip install -e .)"
    return found


@pytest.fixture(scope="module")
def recognizer() -> CnPersonRecognizer:
    built = CnPersonRecognizer()
    built.load()
    return built


def _python_rows(recognizer: CnPersonRecognizer, text: str, lengths: Sequence[int]) -> list[Row]:
    """The Python definition's candidates less transliterated names (those stay in Python)."""
    return [
        (candidate.start, candidate.end, candidate.score, candidate.reason)
        for candidate in recognizer.find_candidates(text, _bounds(lengths))
        if candidate.reason != "transliterated name"
    ]


def _mismatches(native: Any, recognizer: CnPersonRecognizer, texts: Sequence[str]) -> list[int]:
    return [
        index
        for index, text in enumerate(texts)
        if native.find(text, _text_word_lengths(text))
        != _python_rows(recognizer, text, _text_word_lengths(text))
    ]


def _pieces() -> list[str]:
    """The recognizer's own words, marks and look-alikes: what its rules branch on."""
    rules = CnPersonRecognizer
    words: list[str] = [
        *rules.HONORIFICS, *rules.CONTEXT_BEFORE, *rules.TITLES_BEFORE, *rules.CONTEXT_AFTER,
        *rules.NOT_PERSON_AFTER, *rules.FAMILIAR_BEFORE, *rules.FAMILIAR_AFTER, *rules.FAMILIAR_ROLE_BEFORE,
        *rules.ADDRESS_AFTER_NAME, *sorted(rules.STOPWORDS), *sorted(rules.AMBIGUOUS_COMPOUND),
        *rules.ESTATE_BUILDINGS, *sorted(_place_short_names())[:200], *sorted(synonym_index())[:200],
    ]  # fmt: skip
    marks = (
        rules.DATE_MARKS + rules.RESUME_SEPARATORS + rules.CUE_SEPARATORS + rules.FAMILIAR_MARKS
        + rules.REDUPLICATION_MARKS + rules.SERVE_BEFORE + rules.NOT_PERSON_BEFORE + rules.TITLE_ENDINGS
        + rules.COMPOUND_NAME_END + rules.PLACE_NAME_END + rules.ESTATE_WING + "".join(sorted(PUNCTUATION))
        + "0123456789０１２３٣AbZx\n任"
    )  # fmt: skip
    return [*words, *marks, "1990年", "，男", "A座", "12栋", "3号楼", "11月21日", "沃尔贝克", "莫耶斯·霍夫曼"]


def _built_texts(seed: int, count: int) -> list[str]:
    """Texts strung together from surnames, given-name characters and ``_pieces``."""
    rng = random.Random(seed)
    surnames, given, pieces = sorted(_surname_weights()), sorted(_given_char_tiers()), _pieces()
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 12)):
            draw = rng.random()
            parts.append(rng.choice(surnames if draw < 0.35 else given if draw < 0.6 else pieces))
        texts.append("".join(parts))
    return texts


def test_compiled_candidates_equal_python_on_generated_texts(
    native: Any, recognizer: CnPersonRecognizer
) -> None:
    texts = [record["text"] for record in generate_domain_set(seed=41, n=1500)]
    mismatches = _mismatches(native, recognizer, texts)
    assert not mismatches, f"{len(mismatches)} of {len(texts)} texts differ, first at {mismatches[:5]}"


def test_compiled_candidates_equal_python_on_texts_of_the_rules_own_words(
    native: Any, recognizer: CnPersonRecognizer
) -> None:
    texts = _built_texts(seed=3, count=6000)
    mismatches = _mismatches(native, recognizer, texts)
    assert not mismatches, f"{len(mismatches)} of {len(texts)} texts differ, first at {mismatches[:5]}"


def test_compiled_candidates_equal_python_on_any_word_boundaries(
    native: Any, recognizer: CnPersonRecognizer
) -> None:
    """Boundaries that jieba would not draw: every alignment branch with every text."""
    rng = random.Random(17)
    mismatches = []
    for index, text in enumerate(_built_texts(seed=5, count=4000)):
        lengths, left = [], len(text)
        while left:
            lengths.append(min(left, rng.choice((1, 1, 2, 2, 3, 4))))
            left -= lengths[-1]
        if native.find(text, lengths) != _python_rows(recognizer, text, lengths):
            mismatches.append(index)
    assert not mismatches, f"{len(mismatches)} texts differ, first at {mismatches[:5]}"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from([*sorted(_surname_weights()), *_pieces()]), st.characters()), max_size=14
    ).map("".join)
)
def test_compiled_candidates_equal_python_on_any_text(
    native: Any, recognizer: CnPersonRecognizer, text: str
) -> None:
    lengths = _text_word_lengths(text)
    assert native.find(text, lengths) == _python_rows(recognizer, text, lengths)


@pytest.mark.parametrize(
    "text",
    [
        "5日\n王先生来电",  # DATE_BEFORE's `$` before a final newline of the head
        "11月21日钱女士",
        "３号钱女士",  # a full-width digit is a digit to `\d`
        "业主王明花园3栋",  # ESTATE_AHEAD: CJK, digits, a building
        "王明华府A座",
        "王明华府大厦小区A座",  # a CJK run longer than four: no estate
        "王明12号楼",
        "徐某城，男，1966年出生",  # RESUME_AFTER lets a place-like ending through
        "赵某营先生",
        "曾任王氏集团",
        "请小王跟进",
        "管家小张",
        "…，老李。",
        "栾工到场",
        "东方红",
        "业主东方明",
        "管一管",
        "谢某某先生",
        "",
        "王",
        "𠀀王先生😀来电，业主𠀁李明",  # characters beyond the BMP: a text of the widest kind
        "Mr Wang, tel 13812345678",  # ASCII only: the narrowest kind
        "业主王明\x00来电",
    ],
)
def test_compiled_candidates_equal_python_on_edge_cases(
    native: Any, recognizer: CnPersonRecognizer, text: str
) -> None:
    lengths = _text_word_lengths(text)
    assert native.find(text, lengths) == _python_rows(recognizer, text, lengths)


def test_some_edge_cases_do_find_names(native: Any) -> None:
    """The equality tests above would pass if both sides found nothing; these texts hold names."""
    for text in ("11月21日钱女士", "请小王跟进", "谢某某先生", "业主东方明"):
        assert native.find(text, _text_word_lengths(text)), text


@pytest.mark.parametrize("name", sorted(path.name for path in CORPORA.glob("*.jsonl")) or ["(none)"])
def test_compiled_candidates_equal_python_on_corpora(
    native: Any, recognizer: CnPersonRecognizer, name: str
) -> None:
    path = CORPORA / name
    if not path.is_file():
        pytest.skip(
            f"public corpora not found at {CORPORA} (set BAOMI_CORPORA to run this differential test)"
        )
    lines = path.read_text(encoding="utf-8").split("\n")  # not splitlines: texts hold U+2028 and the like
    texts = [json.loads(line)["text"] for line in lines if line.strip()]
    mismatches = _mismatches(native, recognizer, texts)
    # Report positions only: corpus texts are not echoed into test output.
    assert not mismatches, f"{len(mismatches)} of {len(texts)} texts differ, first at index {mismatches[:5]}"


def test_the_fast_path_asks_the_compiled_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """FastDetector analyses PERSON through ``analyze_fast``, which reads the C candidates; the Presidio path
    through ``analyze``, which runs the Python definition."""
    calls: list[str] = []
    original = person_module._native_rules

    def counted() -> Any:
        calls.append("native")
        return original()

    monkeypatch.setattr(person_module, "_native_rules", counted)
    CnPersonRecognizer._compiled_candidates.cache_clear()
    CnPersonRecognizer._rule_candidates.cache_clear()
    detector = Detector(cache_size=0)
    text = "业主谢明辉来电反映楼上漏水"
    slow = detector.detect(text)
    assert not calls
    fast = FastDetector(Detector(detector.analyzer, cache_size=0)).detect(text)
    assert calls
    assert (
        [span for span in fast if span.entity_type == "PERSON"]
        == [span for span in slow if span.entity_type == "PERSON"]
        != []
    )


def test_without_the_extension_the_fast_path_runs_the_python_rules(
    monkeypatch: pytest.MonkeyPatch, recognizer: CnPersonRecognizer
) -> None:
    monkeypatch.setattr(person_module, "_native_rules", lambda: None)
    CnPersonRecognizer._compiled_candidates.cache_clear()
    text = "请小王跟进，业主谢明辉来电"
    assert recognizer._compiled_candidates(text) == recognizer._rule_candidates(text) != ()
    CnPersonRecognizer._compiled_candidates.cache_clear()
