"""CnPersonRecognizer through the real analyzer: (text, expected spans, score range). All names are made up."""

from __future__ import annotations

import pytest

from recognizers.cn.cn_person_recognizer import CnPersonRecognizer
from recognizers.engine import Detector
from tests.recognizers.spans import assert_found

ENTITY = "PERSON"


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
        # surname + 工 / 哥 / 姐 / 叔 / 伯 / 主管 / 管家 / 婆婆, compound surnames included
        ("王工说家里漏水", [(0, 2)], (0.6, 1.0)),
        ("已转管家吴工协调", [(4, 6)], (0.6, 1.0)),
        ("回访记录：夏哥，电话已留", [(5, 7)], (0.6, 1.0)),
        ("黄姐说明天来取", [(0, 2)], (0.6, 1.0)),
        ("卜哥（护照已登记）", [(0, 2)], (0.6, 1.0)),  # a rare surname with a cue after
        ("给栾工回电两次均未接通", [(1, 3)], (0.6, 1.0)),
        ("老人王伯独居", [(2, 4)], (0.6, 1.0)),
        ("请吴主管跟进", [(1, 4)], (0.6, 1.0)),
        ("上官女士反映电梯坏了", [(0, 4)], (0.6, 1.0)),
        ("给公孙小姐回电", [(1, 5)], (0.6, 1.0)),
        ("我这边马上安排上官经理过去", [(7, 11)], (0.6, 1.0)),
        ("我这边马上安排东方工过去", [(7, 10)], (0.6, 1.0)),
        ("端木婆婆独居", [(0, 4)], (0.6, 1.0)),
        # 小X / 老X in clerk notes
        ("很重，已通知燃气公司，请小王跟进。", [(12, 14)], (0.4, 1.0)),
        ("收到，我这边马上安排小陈过去。", [(10, 12)], (0.4, 1.0)),
        ("急！联系小丁：13800000000", [(4, 6)], (0.4, 1.0)),
        ("坐席小褚：业主来电咨询", [(2, 4)], (0.4, 1.0)),
        ("客户：喂，我是老夏啊", [(7, 9)], (0.4, 1.0)),
        # names after role words
        ("车位已办，持证人余涛，10栋", [(8, 10)], (0.6, 1.0)),
        ("法人：吴芳 对接人：公孙瑜", [(3, 5), (10, 13)], (0.6, 1.0)),
        ("钥匙交给保姆司徒工", [(6, 9)], (0.6, 1.0)),
        ("吴振城，男，汉族", [(0, 3)], (0.6, 1.0)),  # a place-like ending, but a résumé cue follows
    ],
)
def test_person_is_found(
    detector: Detector, text: str, expected: list[tuple[int, int]], score_range: tuple[float, float]
) -> None:
    assert_found(detector, text, ENTITY, expected, score_range)


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
        # places: district short names (cn_admin_divisions.tsv), place suffixes, 早/晚 + word
        "白云、金山、江南三个商圈都有分店",
        "王府井、南京路这些地方停车难",
        "小区不少业主在城里上班，早高峰北门车流量大",
        "晚高峰东门排队",
        "白云那边的快递点关了",
        "高峰期电梯排队",
        "马家庄路口有积水",
        # forms of address that start ordinary words
        "王工作很忙",  # 工作
        "刘姐妹俩住在一起",  # 姐妹
        "施工队每天都很吵",
        "麻烦安排师傅上门看看",  # 师傅 is a role, not 师 + 傅
        "东方红小区停水",
        # 小X / 老X that are words
        "一个小时。",
        "小心地滑",
        "老公说明天再来",
        "请物业管一管。",  # a verb said twice
        "3、楼栋 ：21号楼",  # a form key
    ],
)
def test_person_is_not_found(detector: Detector, text: str) -> None:
    assert [span for span in detector.detect(text) if span.entity_type == ENTITY] == []


def test_prefilter_gates_texts_without_a_surname() -> None:
    assert CnPersonRecognizer.PREFILTER.search("电梯坏了，请尽快处理") is None
    assert CnPersonRecognizer.PREFILTER.search("沃霍尔") is not None  # transliteration characters
    assert CnPersonRecognizer.PREFILTER.search("业主王建华来电") is not None
    assert CnPersonRecognizer.PREFILTER.search("令狐冲") is not None  # compound surnames' first characters


def test_name_column_header_lifts_a_bare_name(detector: Detector) -> None:
    spans = [span for span in detector.detect("陈明", context=["业主姓名"]) if span.entity_type == ENTITY]
    assert [(span.start, span.end) for span in spans] == [(0, 2)]
    assert spans[0].score >= 0.6


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("主教练沃尔贝克表示球队需要时间", "沃尔贝克"),  # a transliterated name after a title
        ("莫耶斯认为球队踢得不错", "莫耶斯"),
        ("深圳市长许宗衡：政府不会退让", "许宗衡"),  # jieba keeps a dictionary name as one word
    ],
)
def test_news_names_are_found(detector: Detector, text: str, name: str) -> None:
    found = [text[s.start : s.end] for s in detector.detect(text) if s.entity_type == ENTITY]
    assert name in found


@pytest.mark.parametrize("text", ["意大利亚平宁半岛风景很好", "俄罗斯的冬天很冷", "马上就到"])
def test_transliterated_places_are_not_names(detector: Detector, text: str) -> None:
    assert [span for span in detector.detect(text) if span.entity_type == ENTITY] == []
