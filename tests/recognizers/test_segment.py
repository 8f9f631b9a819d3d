"""jieba's dictionary route in C (recognizers/_segment.c) gives jieba's own segmentation."""

from __future__ import annotations

import math
import random

import jieba
import pytest

from pipelines.evalset import generate_domain_set
from pipelines.synthetic import PiiFaker
from recognizers.cn.cn_person_recognizer import (
    _block_lengths,
    _native_segment,
    _word_lengths,
)


@pytest.fixture(scope="module")
def native():  # type: ignore[no-untyped-def]
    found = _native_segment()
    assert found is not None, "the extension recognizers._segment was not built (pip install -e .)"
    return found


@pytest.fixture(scope="module")
def route(native):  # type: ignore[no-untyped-def]
    return native.route


def _jieba_route(frequencies: dict[str, int], total: int, sentence: str) -> list[int]:
    """The ends of the words of jieba's own route (its get_DAG and calc, on the given dictionary)."""
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = frequencies, total, True
    route: dict[int, tuple[float, int]] = {}
    tokenizer.calc(sentence, tokenizer.get_DAG(sentence), route)
    ends, position = [], 0
    while position < len(sentence):
        position = route[position][1] + 1
        ends.append(position)
    return ends


def _blocks(texts: list[str]) -> list[str]:
    return [block for text in texts for block in jieba.re_han_default.split(text) if block]


def test_the_c_route_segments_as_jieba_does(native) -> None:  # type: ignore[no-untyped-def]
    fake = PiiFaker(41)
    texts = [record["text"] for record in generate_domain_set(seed=23, n=1500)]
    texts += [fake.request() + fake.person() + fake.employer() + fake.address() for _ in range(300)]
    generator = random.Random(5)
    alphabet = "".join({char for text in texts for char in text})
    texts += [
        "".join(generator.choice(alphabet) for _ in range(generator.randint(1, 40))) for _ in range(1500)
    ]
    texts += ["", "王", "AB12-3.5%", "中华人民共和国国务院", "的的的的的", "𠀀王伟"]
    checked = 0
    for block in _blocks(texts):
        expected = tuple(len(word) for word in jieba.cut(block))
        assert _word_lengths.__wrapped__(block) == expected, block  # type: ignore[attr-defined]
        if jieba.re_han_default.fullmatch(block):
            assert _block_lengths(block, native) == expected, block
            checked += 1
    assert checked > 5000


def test_ties_go_to_the_longer_word_as_in_jieba(route) -> None:  # type: ignore[no-untyped-def]
    # With a total of 1 every count of 1 scores log(1) - log(1) = 0: "ab" and "a"+"b" tie exactly, and
    # Python's max over (score, end) tuples takes the larger end.
    frequencies = {"a": 1, "b": 1, "ab": 1, "c": 2, "bc": 0, "abc": 0}
    for sentence in ("ab", "abc", "cab", "abab", "ba", "x", "abx"):
        assert route(sentence, frequencies, math.log(1)) == _jieba_route(frequencies, 1, sentence), sentence
    assert route("ab", frequencies, 0.0) == [2]
    assert route("", frequencies, 0.0) == []


def test_the_c_route_reports_bad_arguments(route) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TypeError):
        route("王伟", ["not", "a", "dict"], 0.0)
    with pytest.raises(TypeError):
        route("王", {"王": "many"}, 0.0)


def _han_runs(seed: int, count: int) -> list[str]:
    alphabet = sorted({char for record in generate_domain_set(seed=seed, n=300) for char in record["text"]})
    han = [char for char in alphabet if "\u4e00" <= char <= "\u9fd5"]
    generator = random.Random(seed)
    return ["".join(generator.choice(han) for _ in range(generator.randint(1, 30))) for _ in range(count)]


def test_the_c_hmm_gives_jiebas_states(native) -> None:  # type: ignore[no-untyped-def]
    finalseg = jieba.finalseg
    tables = (finalseg.start_P, finalseg.trans_P, finalseg.emit_P)
    # Flat tables: every path scores the same, so every step is a tie that Python's max settles by the letter.
    flat = (
        dict.fromkeys("BMES", 0.0),
        {state: dict.fromkeys("BMES", 0.0) for state in "BMES"},
        {state: {} for state in "BMES"},
    )
    for run in [*_han_runs(31, 2000), "王", "王伟", "𠀀𠀁"]:
        for start, trans, emit in (tables, flat):
            _, path = finalseg.viterbi(run, "BMES", start, trans, emit)
            assert native.hmm(run, start, trans, emit) == "".join(path), run


_UNKNOWN_RUNS = [
    "王abc12.5%伟",
    "12号楼",
    "ＡＢ王",
    "王-伟",
    "x",
    "1.5.3",
    "a1.%",
    "3.x",
    "++a+",
    "%12.%",
    "",
]


def _cut_unknown(native, run: str) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    finalseg = jieba.finalseg
    return native.cut_unknown(  # type: ignore[no-any-return]
        run, finalseg.start_P, finalseg.trans_P, finalseg.emit_P, finalseg.Force_Split_Words
    )


def test_unknown_runs_are_cut_as_jieba_cuts_them(native) -> None:  # type: ignore[no-untyped-def]
    for run in [*_han_runs(37, 1000), *_UNKNOWN_RUNS]:
        assert _cut_unknown(native, run) == tuple(len(word) for word in jieba.finalseg.cut(run)), run


def test_force_split_words_are_cut_into_characters(native, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    runs = _han_runs(43, 300)
    # Words the HMM does find in these runs: some two-character words of its own cut.
    words = {word for run in runs for word in jieba.finalseg.cut(run) if len(word) == 2}
    split = set(sorted(words)[:50])
    assert split
    monkeypatch.setattr(jieba.finalseg, "Force_Split_Words", split)
    changed = 0
    for run in runs:
        expected = tuple(len(word) for word in jieba.finalseg.cut(run))
        assert _cut_unknown(native, run) == expected, run
        changed += expected != tuple(len(word) for word in jieba.finalseg.__cut(run))  # type: ignore[attr-defined]
    assert changed
