"""The fast path's gates are necessary conditions: a text they turn away would have given the recognizer nothing.

``PREFILTER`` and ``SECOND_PREFILTER`` must each match every text on which the recognizer returns any result
(and a second gate must close some texts the first lets in); ``CUE_PREFILTER`` must match
every text on which, with no context words from the caller, the analyzer reports one of the recognizer's
results (score at or above the threshold). Both are matched the way the fast path matches them: by polars
(Rust regex) over width-folded text. The differential test (test_fast_path.py) checks the spans end to end;
this checks each gate on its own, on texts written to sit at the edges of each pattern.
"""

from __future__ import annotations

import polars as pl
import pytest
from presidio_analyzer import EntityRecognizer, RecognizerResult

from pipelines.evalset import generate_domain_set
from pipelines.synthetic import DIGIT_STYLES, MOBILE_STYLES, PiiFaker
from recognizers.engine import Detector
from recognizers.fast_path import prefilter_of
from recognizers.text import fold_width

EDGE_TEXTS = [
    # landlines: every pattern of CnLandlineRecognizer, with and without a context word
    "座机010-62345678",
    "传真(0755)8765432转123",
    "0591 2861 3706",
    "办公室 010 6234 5678",
    "021 623 4567",
    "+86 10 62345678",
    "0086-21-62345678",
    "(86)021-62345678",
    "02162345678",
    "电话02162345678",
    "请拨62345678",
    "回电 6234567",
    "TEL:62345678",
    "Fax 62345678",
    # bank cards
    "卡号6222021234567890128",
    "卡号 6222 0212 3456 7890 128",
    "账号6222-0212-3456-7890",
    "6222021234567890",
    "银行卡：6217 0000 1234 5678",
    # resident IDs
    "身份证110101199003074514",
    "证件号 110101 19900307 451X",
    "110101900307451",
    "证号11010119900307451x",
    # QQ numbers and WeChat IDs, labelled, by context word, and bare
    "QQ：12345678",
    "qq号是 783594553",
    "Q群 12345678",
    "扣扣12345678",
    "企鹅号 12345678",
    "我的q12345678",
    "联系12345678",
    "微信号abc123",
    "威信 zhang_san88",
    "薇信：wxid_abc123xyz",
    "徽信abc12345",
    "V信 zhangsan_88",
    "w信: abcdef",
    "加微 12345678",
    "加v zhangsan88",
    "vx: zhangsan_88",
    "WX zhangsan_88",
    "weixin: zhangsan_88",
    "WeChat zhangsan_88",
    "zhangsan_88",
    "账户 zhangsan_88 已开通",
    # addresses: each kind of administrative, town or road component the second gate looks for, and a chain
    # without one (compound, building and room only), which gives no address
    "住址：南山区丽景苑3栋2单元501",
    "锡林郭勒盟幸福小区3栋",
    "桃洪镇高塘村",
    "和平乡李家村",
    "朝阳街道幸福小区",
    "家住中山路12号",
    "荷花巷3号",
    "幸福弄3号",
    "长宁区愚园路1521弄22号",
    "东城胡同8号",
    "深南大道旁的幸福小区",
    "学府道8号",
    "高塘村3组12号",
    "幸福里5号",
    "杨家屯12号",
    "幸福小区3栋2单元501",
]


def _generated_texts() -> list[str]:
    fake = PiiFaker(11)
    texts = [record["text"] for record in generate_domain_set(seed=23, n=600)]
    for index in range(120):
        texts.append(f"联系{fake.format_mobile(fake.mobile(), MOBILE_STYLES[index % len(MOBILE_STYLES)])}")
        style = DIGIT_STYLES[index % len(DIGIT_STYLES)]
        texts.append(f"卡号{fake.format_digits(fake.bank_card(), style)}，身份证{fake.resident_id()}")
        texts.append(f"座机{fake.landline()}，QQ{fake.qq()}，微信{fake.wechat()}")
        texts.append(
            f"{fake.landline()} {fake.qq()} {fake.wechat()} {fake.format_digits(fake.bank_card(), style)}"
        )
    return [fold_width(text) for text in [*EDGE_TEXTS, *texts]]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector()


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _generated_texts()


def _gated(recognizer: EntityRecognizer, attribute: str) -> bool:
    return prefilter_of(recognizer, attribute) is not None


def _matches(pattern: str, texts: list[str]) -> list[bool]:
    return pl.Series(texts, dtype=pl.String).str.contains(pattern).to_list()


def _recognizers(detector: Detector, attribute: str) -> list[EntityRecognizer]:
    found = [r for r in detector.analyzer.registry.recognizers if _gated(r, attribute)]
    assert found, f"no recognizer declares {attribute}"
    return found


@pytest.mark.parametrize("attribute", ["PREFILTER", "SECOND_PREFILTER"])
def test_prefilter_matches_every_text_a_recognizer_finds_something_in(
    detector: Detector, texts: list[str], attribute: str
) -> None:
    for recognizer in _recognizers(detector, attribute):
        pattern = prefilter_of(recognizer, attribute)
        assert pattern is not None
        gate = _matches(pattern, texts)
        found = [bool(recognizer.analyze(text, recognizer.supported_entities, None)) for text in texts]
        missed = [
            index for index, (open_, hit) in enumerate(zip(gate, found, strict=True)) if hit and not open_
        ]
        assert not missed, (
            f"{type(recognizer).__name__}: {attribute} turns away texts it finds something in: {missed[:5]}"
        )
        assert any(found), f"{type(recognizer).__name__}: the texts never exercise it"
        if attribute == "SECOND_PREFILTER":
            first = prefilter_of(recognizer)
            assert first is not None
            turned_away = [
                open_ and not second for open_, second in zip(_matches(first, texts), gate, strict=True)
            ]
            assert any(turned_away), (
                f"{type(recognizer).__name__}: its second gate closes nothing the first opens"
            )


def _reported(detector: Detector, recognizer: EntityRecognizer, text: str) -> list[RecognizerResult]:
    results = detector.analyzer.analyze(
        text=text,
        language=detector.language,
        entities=list(recognizer.supported_entities),
        score_threshold=detector.score_threshold,
    )
    key = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY
    return [result for result in results if (result.recognition_metadata or {}).get(key) == recognizer.id]


def test_cue_prefilter_matches_every_text_a_recognizer_reports_in_without_context(
    detector: Detector, texts: list[str]
) -> None:
    for recognizer in _recognizers(detector, "CUE_PREFILTER"):
        pattern = prefilter_of(recognizer, "CUE_PREFILTER")
        assert pattern is not None
        gate = _matches(pattern, texts)
        reported = [bool(_reported(detector, recognizer, text)) for text in texts]
        missed = [
            index for index, (open_, hit) in enumerate(zip(gate, reported, strict=True)) if hit and not open_
        ]
        assert not missed, (
            f"{type(recognizer).__name__}: CUE_PREFILTER turns away texts it reports in: {missed[:5]}"
        )
        # The gate must be earning its place: some texts it closes hold matches below the threshold.
        closed_with_matches = [
            index
            for index, (open_, text) in enumerate(zip(gate, texts, strict=True))
            if not open_ and recognizer.analyze(text, recognizer.supported_entities, None)
        ]
        assert closed_with_matches, f"{type(recognizer).__name__}: no text exercises its CUE_PREFILTER"
        assert any(reported), f"{type(recognizer).__name__}: the texts never exercise it"


def test_cue_prefilters_apply_unless_the_callers_context_words_lift_the_recognizer(
    detector: Detector,
) -> None:
    from recognizers.fast_path import FastDetector

    fast = FastDetector(Detector(detector.analyzer, cache_size=0))
    qq = next(index for index, r in enumerate(fast._recognizers) if type(r).__name__ == "QqNumberRecognizer")
    column = pl.Series(["12345678", "投诉，QQ12345678"], dtype=pl.String)
    # A QQ header lifts a bare number: the gate must stay open for it.
    assert [qq in hits for hits in fast.candidates(column, ("QQ号",))] == [True, True]
    assert fast.detect("12345678", ("QQ号",)) == detector.detect("12345678", ("QQ号",))
    assert [span.entity_type for span in fast.detect("12345678", ("QQ号",))] == ["QQ_NUMBER"]
    # No context words, or a header that lifts nothing (诉求): the text itself needs a QQ cue.
    for context in ((), ("诉求",)):
        assert [qq in hits for hits in fast.candidates(column, context)] == [False, True]
        assert fast.detect("12345678", context) == detector.detect("12345678", context) == []
        assert fast.detect("投诉，QQ12345678", context) == detector.detect("投诉，QQ12345678", context)
