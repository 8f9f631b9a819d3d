"""Differential test: the vectorized fast path returns exactly the spans of the Presidio path.

Generated texts always; every file of the public corpora when the folder is present (../shared/corpora beside
the repository, or BAOMI_CORPORA), skipped with a message otherwise.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from pipelines.evalset import generate_domain_set
from pipelines.synthetic import MOBILE_STYLES, PiiFaker
from recognizers.engine import Detector
from recognizers.fast_path import SMALL_COLUMN, FastDetector
from recognizers.lac_model import load
from recognizers.span import Span, spans_by_value
from recognizers.text import fold_table, fold_width

CORPORA = Path(
    os.environ.get("BAOMI_CORPORA", Path(__file__).resolve().parents[2].parent / "shared" / "corpora")
)


@pytest.fixture(scope="module")
def paths() -> tuple[Detector, FastDetector]:
    detector = Detector()
    return detector, FastDetector(Detector(detector.analyzer, cache_size=0))


def _key(spans: list[Span]) -> list[tuple[int, int, str, float]]:
    return [(s.start, s.end, s.entity_type, round(s.score, 6)) for s in spans]


def _assert_same(
    paths: tuple[Detector, FastDetector], texts: list[str], context: tuple[str, ...] = ()
) -> None:
    slow, fast = paths
    fast_spans = fast.detect_column(texts, context)
    # The fast path tags model clauses in batches into the process-wide model's cache; forget them so the
    # Presidio path tags every clause on its own, one call each.
    load().clear_cache()
    mismatches = [
        index
        for index, text in enumerate(texts)
        if _key(fast_spans[index]) != _key(slow.detect(text, context))
    ]
    # Report positions only: corpus texts are not echoed into test output.
    assert not mismatches, f"{len(mismatches)} of {len(texts)} texts differ, first at index {mismatches[:5]}"


def _generated_texts() -> list[str]:
    fake = PiiFaker(2026)
    texts = [record["text"] for record in generate_domain_set(seed=99, n=800)]
    for index in range(400):
        style = MOBILE_STYLES[index % len(MOBILE_STYLES)]
        texts.append(f"{fake.request()}联系{fake.format_mobile(fake.mobile(), style)}")
        texts.append(f"卡号{fake.format_digits(fake.bank_card(), 'spaced4')}，身份证{fake.resident_id()}")
        texts.append(fake.request())
    texts += ["", "   ", "１３８１２３４５６７８", "ＱＱ：12345678", "邮箱：ａｂｃ＠ｅｘａｍｐｌｅ．ｃｏｍ"]
    return texts


def test_fast_path_matches_presidio_on_generated_texts(paths: tuple[Detector, FastDetector]) -> None:
    _assert_same(paths, _generated_texts())


def test_fast_path_matches_presidio_under_a_request_header(paths: tuple[Detector, FastDetector]) -> None:
    # A header that lifts no recognizer (a request column's): the cue prefilters apply as without context.
    _assert_same(paths, _generated_texts(), ("诉求",))


def test_fast_path_matches_presidio_with_header_context(paths: tuple[Detector, FastDetector]) -> None:
    fake = PiiFaker(7)
    texts = [fake.format_digits(fake.bank_card()[:-1] + "0", "plain") for _ in range(50)] + [
        "62345678",
        "1234567",
    ]
    _assert_same(paths, texts, ("开户账号",))
    _assert_same(paths, texts, ("备注",))


def test_recognizers_whose_gates_stay_shut_are_not_asked(
    paths: tuple[Detector, FastDetector], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A form field opens the form-field recognizer, which reads QQ numbers and rooms too; the engine would then
    ask the QQ recognizer as well. The fast path asks only recognizers whose own gates opened."""
    _, fast = paths
    asked: list[str] = []
    for recognizer in fast._recognizers:
        original = recognizer.analyze

        def analyze(
            *args: Any, _name: str = recognizer.name, _original: Any = original, **kwargs: Any
        ) -> Any:
            asked.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(recognizer, "analyze", analyze)
    texts = ["报修内容：卫生间漏水，工单号 20231108", "QQ：12345678，报修内容：卫生间漏水"]
    fast._cache.clear()
    fast.detect_column(texts)
    assert asked.count("QqNumberRecognizer") == 1  # the second text only: the first has no Q, 扣扣 or 企鹅
    assert asked.count("CnFormFieldRecognizer") == 2
    _assert_same(paths, texts)  # and the spans are the engine's, which asks the QQ recognizer for both


def test_repeated_and_missing_values_are_answered_per_row(paths: tuple[Detector, FastDetector]) -> None:
    _, fast = paths
    spans = fast.detect_column(["电话13812345678", None, "", "电话13812345678"])
    assert spans[1] == spans[2] == []
    assert spans[0] == spans[3] and spans[0][0].entity_type == "CN_MOBILE"


def test_short_and_long_columns_fold_alike(paths: tuple[Detector, FastDetector]) -> None:
    _, fast = paths
    # Every character the fold table changes, plus texts around them; a short column is folded in Python,
    # a long one by polars.
    changed = "".join(chr(code_point) for code_point in fold_table())
    texts = [changed, *_generated_texts()]
    long_column = (texts * (SMALL_COLUMN // len(texts) + 1))[: SMALL_COLUMN + 1]
    short = fast.fold(pl.Series([*texts, None], dtype=pl.String)).to_list()
    assert short == [*(fold_width(text) for text in texts), None]
    assert fast.fold(pl.Series(long_column, dtype=pl.String)).to_list() == [
        fold_width(t) for t in long_column
    ]
    assert short[0] != changed


def test_spans_by_value_answers_every_row_from_the_distinct_answers() -> None:
    found = [Span(0, 2, "PERSON", 0.9)]
    column = pl.Series(["王伟来电", None, "", "无", "王伟来电"], dtype=pl.String)
    assert spans_by_value(column, {"王伟来电": found}) == [found, [], [], [], found]
    assert spans_by_value(column, {}) == [[], [], [], [], []]


@pytest.mark.parametrize("name", sorted(path.name for path in CORPORA.glob("*.jsonl")) or ["(none)"])
def test_fast_path_matches_presidio_on_corpora(paths: tuple[Detector, FastDetector], name: str) -> None:
    path = CORPORA / name
    if not path.is_file():
        pytest.skip(
            f"public corpora not found at {CORPORA} (set BAOMI_CORPORA to run this differential test)"
        )
    with path.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle.read().split("\n") if line.strip()]
    _assert_same(paths, texts)
