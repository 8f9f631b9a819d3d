"""CnAddressRecognizer through the real detector: (text, expected spans, score range). Addresses are made up."""

from __future__ import annotations

import random

import pytest

from recognizers.engine import Detector

ENTITY = "ADDRESS"


def _spans(detector: Detector, text: str) -> list[tuple[int, int, float]]:
    return [(s.start, s.end, s.score) for s in detector.detect(text) if s.entity_type == ENTITY]


@pytest.mark.parametrize(
    ("text", "expected", "score_range"),
    [
        ("住在广东省深圳市南山区科技路12号丽景苑3栋2单元501的业主", [(2, 28)], (0.85, 1.0)),
        ("地址：上海市黄浦区中山东路8号", [(3, 15)], (0.75, 1.0)),
        ("我住天河区中山路1号", [(2, 10)], (0.75, 1.0)),  # the start comes after 我住
        ("家住和平路3号阳光花园", [(2, 11)], (0.75, 1.0)),
        ("广州市天河区解放中路８８号", [(0, 13)], (0.75, 1.0)),  # full-width digits
        ("广东深圳南山区人民路5号", [(0, 12)], (0.75, 1.0)),  # province and city short forms
        ("客户王女士，住成都市成华区建设大街591号半岛苑2栋903室，手机", [(7, 30)], (0.85, 1.0)),
        ("寄到上海市浦东新区星河街1521弄22号1303室，收件", [(2, 25)], (0.85, 1.0)),  # 弄 + 号 + door
        ("户籍地河南省周口市太康县城关镇长岭村7组47号,目前", [(3, 23)], (0.75, 1.0)),  # village + group
        ("住湖南省邵阳市隆回县桃洪镇高塘村，反映", [(1, 16)], (0.65, 1.0)),  # down to the village
    ],
)
def test_address_is_found(
    detector: Detector, text: str, expected: list[tuple[int, int]], score_range: tuple[float, float]
) -> None:
    spans = _spans(detector, text)
    assert [(start, end) for start, end, _ in spans] == expected
    low, high = score_range
    assert all(low - 1e-9 <= score <= high + 1e-9 for _, _, score in spans)


@pytest.mark.parametrize(
    "text",
    [
        "北京天气不错",
        "去了趟黄浦区",
        "广东省深圳市",  # administrative divisions only: a location, not an address
        "挪到金山路那边",  # a road without a number
        "南山区科技园",  # below the threshold without a context word
        "3号楼电梯坏了",
        "地下车库B2的车位被占用",
        "120.5平方米",
        "2023-11-27",
        "邮编518000",
        "400-820-8820",
        "订单号2023112712345678",
        "中国移动宽带断网",
        "桃洪镇高塘村",  # town and village without the county: below the threshold
        "3室2厅的房子",
    ],
)
def test_address_is_not_found(detector: Detector, text: str) -> None:
    assert _spans(detector, text) == []


def _chain_texts() -> list[str]:
    """Texts full of address parts: generated addresses and domain texts, and every town, village, road and
    compound ending after a few characters, with and without a door, building and room."""
    from pipelines.evalset import generate_domain_set
    from pipelines.synthetic import PiiFaker
    from recognizers.cn import cn_address_recognizer as module
    from recognizers.text import fold_width

    faker = PiiFaker(seed=4)
    texts = [f"住在{faker.address()}，反映漏水" for _ in range(300)]
    texts += [fold_width(record["text"]) for record in generate_domain_set(seed=9, n=600)]
    endings = [
        branch.lstrip("(?:").split("(")[0].split(")")[0]
        for alternation in (module._TOWN_END, module._ROAD_END, module._COMPOUND_END)
        for branch in alternation.split("|")
    ]
    for ending in [*endings, "村", "村3组"]:
        for body in ("科技", "高塘", "东风新"):
            texts += [
                f"家住{body}{ending}",
                f"住{body}{ending}12号3栋2单元501室，电话",
                f"广东省深圳市南山区{body}{ending}8号 A座1203",
                f"桃洪镇{body}{ending}，二期17栋 1203",
                f"{body}{ending}1521弄22号1303室",
            ]
    # Numbers of every kind strung together: doors, buildings, units, phases and rooms among phones, dates and
    # amounts, with and without spaces (where the guard's numbered start must hold, and where it need not).
    pieces = [
        "13812345678", "2024年3月1日", "12号", "3栋", "2单元", "501室", "A座", "B12 栋", "二期", "3期", "3 期", "17栋 1203",
        "1521弄22号", "12-1-1801", "中山路", "桃洪镇", "高塘村", "南山区", "科技园", "小区", "，", " ", "五号楼",
        "3#楼", "1203", "#", "-", "号", "期", "单元", "房", "室", "弄", "120元", "十一", "X",
    ]  # fmt: skip
    rng = random.Random(6)
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    return texts


def test_the_quick_chain_finds_what_the_plain_chain_finds() -> None:
    """The guard and the one-character checks of the address chain (``_chain_regex(quick=True)``) skip only
    attempts that could match nothing: every non-empty match, with every component's span, and every result
    of the recognizer are those of the plain chain."""
    from recognizers.cn.cn_address_recognizer import CnAddressRecognizer, _chain_regex

    quick, plain = _chain_regex(), _chain_regex(quick=False)
    recognizer = CnAddressRecognizer()
    texts = _chain_texts()
    found = 0
    for text in texts:
        quick_matches = [(m.span(), m.regs) for m in quick.finditer(text) if m.end() > m.start()]
        plain_matches = [(m.span(), m.regs) for m in plain.finditer(text) if m.end() > m.start()]
        assert quick_matches == plain_matches, len(text)
        recognizer._chain = quick
        with_quick = [(r.start, r.end, r.score) for r in recognizer.analyze(text, [ENTITY])]
        recognizer._chain = plain
        with_plain = [(r.start, r.end, r.score) for r in recognizer.analyze(text, [ENTITY])]
        assert with_quick == with_plain, len(text)
        found += len(with_quick)
    assert found > 500
