"""CnEmployerRecognizer through the real detector: (text, expected spans, score range). Names are made up."""

from __future__ import annotations

import pytest

from recognizers.engine import Detector

ENTITY = "EMPLOYER"


def _spans(detector: Detector, text: str) -> list[tuple[int, int, float]]:
    return [(s.start, s.end, s.score) for s in detector.detect(text) if s.entity_type == ENTITY]


@pytest.mark.parametrize(
    ("text", "expected", "score_range"),
    [
        ("我在深圳市腾达科技有限公司上班", [(2, 13)], (0.8, 0.9)),
        ("就职于中国工商银行广州天河支行", [(3, 15)], (0.8, 0.9)),
        ("上海市第六人民医院", [(0, 9)], (0.6, 0.6)),
        ("工作单位：杭州市西湖区教育局", [(5, 14)], (0.6, 0.9)),
        ("北京大学", [(0, 4)], (0.6, 0.6)),
        ("深圳市腾达科技有限公司", [(0, 11)], (0.7, 0.7)),  # legal form with place prefix, no cue
        ("王女士（南京市鼓楼区实验小学）", [(4, 14)], (0.6, 0.6)),
        ("单位:华信电子股份有限公司\n电话:13812345678", [(3, 13)], (0.8, 0.9)),
        ("我在供电局上班，白天不在家", [(2, 5)], (0.6, 0.6)),  # a provider word with an employer cue
        ("兰州大学经济系", [(0, 7)], (0.6, 0.6)),
        ("历任公司副总经理", [(2, 4)], (0.5, 0.5)),  # résumé reference to the unit
        ("现任星河科技财务总监", [(2, 6)], (0.5, 0.5)),  # résumé: tenure verb + name + title
    ],
)
def test_employer_is_found(
    detector: Detector, text: str, expected: list[tuple[int, int]], score_range: tuple[float, float]
) -> None:
    spans = _spans(detector, text)
    assert [(start, end) for start, end, _ in spans] == expected
    low, high = score_range
    assert all(low - 1e-9 <= score <= high + 1e-9 for _, _, score in spans)


@pytest.mark.parametrize(
    "text",
    [
        "中国移动宽带断网，打了10086也没人处理",
        "供电局说要停电",
        "联系了供电局",
        "打了中国电信的客服",
        "物业公司不作为",
        "请联系物业公司的工作人员",
        "小区物业管理处",
        "自来水公司通知停水",
        "12345热线",
        "去了派出所",
        "120.5平方米",
        "2023-11-27",
        "邮编518000",
        "400-820-8820",
        "订单号2023112712345678",
        "北京天气",
        "中学生放学",
        "银行卡丢了",
    ],
)
def test_employer_is_not_found(detector: Detector, text: str) -> None:
    assert _spans(detector, text) == []
