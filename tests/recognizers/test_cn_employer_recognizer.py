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
        ("历任公司副总经理", [(2, 4)], (0.5, 0.6)),  # résumé reference to the unit
        ("现任星河科技财务总监", [(2, 6)], (0.6, 0.6)),  # résumé: tenure verb + name + title
        ("2010年5月至今任星河新材董事", [(10, 14)], (0.6, 0.6)),  # 任 after a date
        ("2000年至今任公司总会计师", [(8, 10)], (0.5, 0.6)),
        ("监事、办公室主任兼公司工会主席", [(9, 11)], (0.5, 0.6)),
        # Real employers next to banks and account words keep their cue.
        ("我在招商银行福田支行上班", [(2, 10)], (0.8, 0.9)),
        ("工作单位：招商银行", [(5, 9)], (0.6, 0.9)),
        ("就职于星河科技有限公司", [(3, 11)], (0.8, 0.9)),
        ("单位是南京市鼓楼医院", [(3, 10)], (0.6, 0.9)),
        ("我在星河科技公司上班", [(2, 8)], (0.6, 0.9)),
        ("他在中国联通营业厅上班", [(2, 9)], (0.6, 0.9)),  # a provider word with an employer cue
        ("就职于中信银行无锡分行，户名张三", [(3, 11)], (0.8, 0.9)),
        # Merchants registered by name: a place name vouches for 工作室 / 商行.
        ("企业名称: 郑州市星河医疗器械工作室", [(6, 18)], (0.6, 0.9)),
        ("公司名称:重庆市星河投资商行", [(5, 14)], (0.6, 0.9)),
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
        # A bank in an account context is where the money is, not a work unit; the key is never a span.
        "开户银行：平安银行",
        "开户行：中国建设银行 账号：6226 0000 0000 0000",
        "卡号6222 0000 0000 0000 000，开户行交通银行。",
        "账号6222000000000000000（中信银行），户名张三，已提交",
        "缴费方式：可通过中国工商银行代扣或微信公众号缴纳",
        "物业费银行代扣申请",
        "客户张三（6-2202）要求办理物业费银行代扣",
        "开户行：中国工商银行广州天河支行",
        "平安银行的信用卡额度太低",
        "去招商银行办理",
        # Providers: a utility, an operator's shop, an inspection body.
        "家里燃气味很重，已通知燃气公司，请小王跟进。",
        "中国联通营业厅搬到了东门对面",
        "检验机构为市特种设备检测研究院，检验结果：合格。",
        "本次检测机构为星河质量检测有限公司，报告已出具",
        "由市星河检测研究院检测合格",
    ],
)
def test_employer_is_not_found(detector: Detector, text: str) -> None:
    assert _spans(detector, text) == []
