"""CnPersonRecognizer through the real analyzer: (text, expected spans, score range). All names are made up."""

from __future__ import annotations

import pytest

from recognizers.cn.cn_person_recognizer import CnPersonRecognizer
from recognizers.engine import Detector

ENTITY = "PERSON"


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector()


@pytest.mark.parametrize(
    ("text", "expected", "score_range"),
    [
        ("业主王建华来电反映楼上漏水", [(2, 5)], (0.6, 1.0)),  # context before and after
        ("王建华", [(0, 3)], (0.4, 1.0)),  # a bare full name at both string edges
        ("我叫张丽娜，住3栋", [(2, 5)], (0.6, 1.0)),
        ("我是李伟，电梯坏了", [(2, 4)], (0.6, 1.0)),
        ("本人杨淑珍，身份证已登记", [(2, 5)], (0.6, 1.0)),
        ("刘晓燕反映楼道灯不亮", [(0, 3)], (0.6, 1.0)),
        ("投诉人：赵志刚", [(4, 7)], (0.6, 1.0)),  # form line, value after the key
        ("联系人 陈静", [(4, 6)], (0.6, 1.0)),
        ("业主欧阳建华来电", [(2, 6)], (0.6, 1.0)),  # compound surnames
        ("租户诸葛明来访", [(2, 5)], (0.6, 1.0)),
        ("已联系上官晶，电话已登记", [(3, 6)], (0.6, 1.0)),
        ("王先生说电梯坏了", [(0, 3)], (0.6, 1.0)),  # surname + form of address, address inside the span
        ("你好，我是李女士", [(5, 8)], (0.6, 1.0)),
        ("请张阿姨加微信沟通", [(1, 4)], (0.6, 1.0)),
        ("刘师傅明天上门", [(0, 3)], (0.6, 1.0)),
        ("找赵总。", [(1, 3)], (0.6, 1.0)),
        ("欧阳老师到前台反映", [(0, 4)], (0.6, 1.0)),
        ("2021年11月21日钱女士到前台", [(11, 14)], (0.6, 1.0)),
        ("谢卫东先生：1966年出生", [(0, 5)], (0.6, 1.0)),  # full name + form of address
        ("回访：已联系老王，表示满意", [(6, 8)], (0.4, 1.0)),  # familiar form
        ("业主张桂英委托刘玉兰代办", [(2, 5), (7, 10)], (0.6, 1.0)),
        ("维修费已结清——孙丽 电话已留", [(8, 10)], (0.6, 1.0)),  # signature after a dash
    ],
)
def test_person_is_found(
    detector: Detector, text: str, expected: list[tuple[int, int]], score_range: tuple[float, float]
) -> None:
    spans = [span for span in detector.detect(text) if span.entity_type == ENTITY]
    assert [(span.start, span.end) for span in spans] == expected
    low, high = score_range
    assert all(low - 1e-9 <= span.score <= high + 1e-9 for span in spans)


@pytest.mark.parametrize(
    "text",
    [
        "高明的做法是定期养护",
        "文明小区评比快到了",
        "金山那边的小区都弄好了",
        "黄金周前能不能处理",
        "江南水乡的温馨小区",
        "方便的话今天来",
        "常年这样，白天晚上都有人",
        "任何时候都可以",
        "周末孩子在那边玩",
        "于是我们去了林荫道",
        "马路上捡到一个钱包",
        "石头砸坏了车窗",
        "司机把车停在高层楼下",
        "万科物业的服务不错",
        "马上要过年了",
        "金额不对，请核实",
        "云顶名苑的绿化很好",
        "丽景苑3栋的电梯坏了",
        "中国移动的信号很差",
        "黄浦区的停车位不够",
        "时间写错了",
        "申请人：",
        "向阳那面的最严重",
        "楼下装修超过规定时间施工",
        "对方总是不接电话",
        "施工队每天凌晨都很吵",
        "盛世天地25栋的路灯坏了",
    ],
)
def test_person_is_not_found(detector: Detector, text: str) -> None:
    assert [span for span in detector.detect(text) if span.entity_type == ENTITY] == []


def test_prefilter_gates_texts_without_a_surname() -> None:
    assert CnPersonRecognizer.PREFILTER.search("电梯坏了，请尽快处理") is None
    assert CnPersonRecognizer.PREFILTER.search("业主王建华来电") is not None
    assert CnPersonRecognizer.PREFILTER.search("令狐冲") is not None  # compound surnames' first characters


def test_name_column_header_lifts_a_bare_name(detector: Detector) -> None:
    spans = [span for span in detector.detect("陈明", context=["业主姓名"]) if span.entity_type == ENTITY]
    assert [(span.start, span.end) for span in spans] == [(0, 2)]
    assert spans[0].score >= 0.6
