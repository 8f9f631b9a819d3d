"""Independent held-out evaluation set: synthetic property-management texts with exhaustive gold spans.

Written apart from the tuning corpora (own templates, own key spellings, own value generators), so detection
can be measured on text nobody tuned on. Every record is built by concatenating literal segments and generated
values while recording offsets, so each gold span is exact by construction (offsets are Python code points of
`text`, end exclusive) and every PII mention in a text is labelled.

    .venv/bin/python -m benchmarks.heldout_set --out heldout.jsonl [--seed 20261127] [--n 1500]

Kinds (share of records):
    request        40 %  customer requests (诉求); exactly half of them hold no PII at all
    form           20 %  transcribed paper forms, `key：value` lines, varied keys, colons and layouts
    note           25 %  clerk notes, call-centre logs and call transcripts, PII written every way people write it
    hard_negative  15 %  PII-free text full of dates, amounts, areas, hotlines, ticket numbers, name-like words

Annotation conventions (the gold follows these everywhere):
    PERSON        a name, with an attached honorific or prefix in the span (王先生, 张阿姨, 欧阳建国, 老刘, 小陈)
    EMPLOYER      a person's work unit (also the enterprise customer whose contact person is named); an
                  organisation mentioned only as a service provider (中国移动宽带, 燃气公司, 开户行, 装修公司,
                  检测机构) is not labelled
    ADDRESS       a home / mailing / household-registration address of two or more components; when such an
                  address ends in a specific unit the whole string is one ADDRESS span (no nested ROOM)
    ROOM          a specific unit inside the property (3栋2单元501, 12-1-1801, 5号楼302室, B座1203);
                  building-, unit-stairwell- or floor-only mentions (3号楼, 2单元, 18楼, 地下车库) are not labelled
    CN_MOBILE     the span includes a +86 / 0086 prefix and any spaces or dashes inside the number
    CN_LANDLINE   area code + number, with brackets and a 转 extension inside the span; 400/800/95xxx/12345 not
    QQ_NUMBER     the digits after QQ / qq / 扣扣 (the context word is not in the span)
    WECHAT_ID     the id after 微信 / vx / V信 (the context word is not in the span)
    CN_BANK_CARD, CN_RESIDENT_ID   as written, including grouping spaces
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from faker import Faker

DEFAULT_SEED = 20261127
DEFAULT_N = 1500

LABELS: tuple[str, ...] = (
    "CN_MOBILE",
    "CN_LANDLINE",
    "CN_RESIDENT_ID",
    "CN_BANK_CARD",
    "EMAIL_ADDRESS",
    "CN_PASSPORT",
    "CN_HK_MACAO_PERMIT",
    "CN_LICENSE_PLATE",
    "QQ_NUMBER",
    "WECHAT_ID",
    "PERSON",
    "EMPLOYER",
    "ADDRESS",
    "ROOM",
    "CN_USCC",
)

KIND_SHARES: tuple[tuple[str, float], ...] = (
    ("request", 0.40),
    ("form", 0.20),
    ("note", 0.25),
    ("hard_negative", 0.15),
)

# ---------------------------------------------------------------------------------------------------------------
# records and the span-recording builder
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldSpan:
    start: int
    end: int
    label: str
    value: str  # the generated value; text[start:end] == value by construction (the tests assert it)


@dataclass(frozen=True)
class Record:
    id: str
    kind: str
    text: str
    spans: tuple[GoldSpan, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "spans": [{"start": s.start, "end": s.end, "label": s.label} for s in self.spans],
        }


@dataclass
class Builder:
    parts: list[str] = field(default_factory=list)
    spans: list[GoldSpan] = field(default_factory=list)
    pos: int = 0

    def text(self, s: str) -> None:
        if s:
            self.parts.append(s)
            self.pos += len(s)

    def pii(self, value: str, label: str) -> None:
        if label not in LABELS:
            raise ValueError(f"unknown label {label}")
        if not value:
            raise ValueError("empty PII value")
        self.spans.append(GoldSpan(self.pos, self.pos + len(value), label, value))
        self.text(value)

    def build(self) -> tuple[str, tuple[GoldSpan, ...]]:
        return "".join(self.parts), tuple(self.spans)


# ---------------------------------------------------------------------------------------------------------------
# checksums
# ---------------------------------------------------------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def resident_id_check(first17: str) -> str:
    """GB 11643 MOD 11-2 check character for the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_complete(body: str) -> str:
    for d in "0123456789":
        if luhn_ok(body + d):
            return body + d
    raise AssertionError("unreachable")


def uscc_check(first17: str) -> str:
    """GB 32100 check character of a unified social credit code."""
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def org_code_check(first8: str) -> str:
    """GB 11714 check character of the organisation code (digits only here)."""
    total = sum(int(c) * w for c, w in zip(first8, _ORG_WEIGHTS, strict=True))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


# ---------------------------------------------------------------------------------------------------------------
# vocabulary (own lists)
# ---------------------------------------------------------------------------------------------------------------

_FW = str.maketrans("0123456789+-", "０１２３４５６７８９＋－")
_CN_NUM = "零一二三四五六七八九十"

MOBILE_PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "134",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "170",
    "171",
    "172",
    "173",
    "175",
    "176",
    "177",
    "178",
    "180",
    "181",
    "182",
    "183",
    "184",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "193",
    "195",
    "196",
    "197",
    "198",
    "199",
]
AREA_CODES = [
    "010",
    "020",
    "021",
    "022",
    "023",
    "024",
    "025",
    "027",
    "028",
    "029",
    "0755",
    "0757",
    "0769",
    "0571",
    "0574",
    "0512",
    "0510",
    "0532",
    "0531",
    "0731",
    "0591",
    "0592",
    "0871",
    "0351",
    "0371",
    "0551",
    "0791",
    "0898",
    "0431",
    "0451",
]
REGION_CODES = [
    "110101",
    "110105",
    "110108",
    "120101",
    "310101",
    "310104",
    "310115",
    "320102",
    "320506",
    "330106",
    "330110",
    "340104",
    "350203",
    "370202",
    "370102",
    "410105",
    "420106",
    "420111",
    "430104",
    "430524",
    "440106",
    "440304",
    "440305",
    "440306",
    "441900",
    "450103",
    "500112",
    "510107",
    "510108",
    "530102",
    "610113",
    "620102",
    "130102",
    "140105",
    "210102",
    "220102",
    "230103",
    "360102",
]
CARD_BINS = ("6222", "6228", "6217", "6214", "6225", "6212", "6230", "6216", "6226", "6210", "6236")
EMAIL_DOMAINS = (
    "qq.com",
    "163.com",
    "126.com",
    "sina.com",
    "foxmail.com",
    "139.com",
    "outlook.com",
    "gmail.com",
    "sohu.com",
    "yeah.net",
    "hotmail.com",
)
PLATE_PROVINCES = "京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云陕甘青蒙宁新"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "司徒",
    "慕容",
    "东方",
    "皇甫",
    "夏侯",
    "令狐",
    "公孙",
    "端木",
    "长孙",
    "宇文",
    "尉迟",
)
OWN_GIVEN = [
    "建国",
    "秀英",
    "志强",
    "桂兰",
    "国华",
    "丽娟",
    "海燕",
    "文斌",
    "晓东",
    "雪梅",
    "子涵",
    "梓轩",
    "欣怡",
    "浩然",
    "一鸣",
    "婷婷",
    "俊杰",
    "明轩",
    "雨桐",
    "嘉怡",
    "振华",
    "淑芬",
    "玉兰",
    "德胜",
    "春生",
    "敏",
    "静",
    "伟",
    "军",
    "磊",
    "洁",
    "勇",
    "琳",
    "鹏",
]
HONORIFICS = (
    "先生",
    "女士",
    "先生",
    "女士",
    "小姐",
    "阿姨",
    "师傅",
    "老师",
    "大爷",
    "奶奶",
    "叔",
    "姐",
    "哥",
    "总",
    "经理",
    "工",
    "老板",
)
PLACES: tuple[tuple[str, str, str], ...] = (
    ("广东省", "深圳市", "南山区"),
    ("广东省", "深圳市", "龙岗区"),
    ("广东省", "深圳市", "宝安区"),
    ("广东省", "广州市", "天河区"),
    ("广东省", "广州市", "番禺区"),
    ("广东省", "佛山市", "顺德区"),
    ("广东省", "东莞市", "南城街道"),
    ("浙江省", "杭州市", "西湖区"),
    ("浙江省", "宁波市", "鄞州区"),
    ("江苏省", "南京市", "鼓楼区"),
    ("江苏省", "苏州市", "吴中区"),
    ("江苏省", "无锡市", "滨湖区"),
    ("四川省", "成都市", "武侯区"),
    ("湖北省", "武汉市", "洪山区"),
    ("山东省", "青岛市", "市南区"),
    ("山东省", "济南市", "历下区"),
    ("福建省", "厦门市", "思明区"),
    ("福建省", "福州市", "鼓楼区"),
    ("湖南省", "长沙市", "岳麓区"),
    ("陕西省", "西安市", "雁塔区"),
    ("河南省", "郑州市", "金水区"),
    ("安徽省", "合肥市", "蜀山区"),
    ("云南省", "昆明市", "五华区"),
    ("江西省", "南昌市", "红谷滩区"),
    ("", "北京市", "朝阳区"),
    ("", "北京市", "海淀区"),
    ("", "上海市", "浦东新区"),
    ("", "上海市", "徐汇区"),
    ("", "天津市", "河西区"),
    ("", "重庆市", "渝北区"),
)
RURAL: tuple[tuple[str, str, str, str], ...] = (
    ("湖南省", "邵阳市", "隆回县", "桃洪镇"),
    ("河南省", "周口市", "太康县", "城关镇"),
    ("四川省", "南充市", "营山县", "朗池镇"),
    ("江西省", "赣州市", "于都县", "贡江镇"),
    ("广西壮族自治区", "玉林市", "博白县", "博白镇"),
    ("湖北省", "黄冈市", "浠水县", "清泉镇"),
    ("安徽省", "阜阳市", "临泉县", "城关街道"),
    ("广东省", "梅州市", "五华县", "水寨镇"),
)
ROADS = (
    "科技园路",
    "深南大道",
    "中山路",
    "解放路",
    "人民路",
    "建设路",
    "文三路",
    "长江路",
    "学府路",
    "滨海大道",
    "桃园路",
    "新华街",
    "东风路",
    "花园街",
    "迎宾大道",
    "环城西路",
    "光华大道",
    "金融街",
)
COMPOUNDS = (
    "阳光花园",
    "金山苑",
    "江南名居",
    "温馨家园",
    "碧水湾",
    "翠湖山庄",
    "锦绣华庭",
    "东方明珠城",
    "丽景湾",
    "幸福里",
    "御景华府",
    "香榭里",
    "枫林晚苑",
    "海棠雅居",
    "紫荆花园",
    "星河湾",
    "青青家园",
    "万象新城",
)
BANKS = (
    "中国工商银行",
    "中国建设银行",
    "中国农业银行",
    "中国银行",
    "交通银行",
    "招商银行",
    "平安银行",
    "兴业银行",
    "中信银行",
    "浦发银行",
    "邮储银行",
    "民生银行",
    "光大银行",
)
PROVIDERS = (
    "中国移动",
    "中国电信",
    "中国联通",
    "供电局",
    "自来水公司",
    "燃气公司",
    "有线电视",
    "广电网络",
    "电梯维保公司",
    "顺丰快递",
    "美团外卖",
)
INDUSTRIES = (
    "科技",
    "电子",
    "贸易",
    "物流",
    "建筑工程",
    "教育咨询",
    "医疗器械",
    "餐饮管理",
    "文化传媒",
    "网络",
    "实业",
    "投资",
    "环保",
    "精密机械",
)
BRAND_WORDS = [
    "华润",
    "宏达",
    "鑫源",
    "瑞丰",
    "恒通",
    "创新",
    "远航",
    "天诚",
    "博远",
    "嘉禾",
    "新时代",
    "汇丰达",
    "立信",
    "盛世",
    "卓越",
    "安泰",
    "和顺",
    "鼎盛",
]
HOTLINE_95 = ("95598", "95588", "95533", "95555", "95566", "95511", "95599", "95528", "95559")
CITIES_ALONE = (
    "北京",
    "上海",
    "浦东",
    "深圳",
    "广州",
    "杭州",
    "南京",
    "成都",
    "武汉",
    "江南",
    "金山",
    "海淀",
)

# ---------------------------------------------------------------------------------------------------------------
# writer style and the generator
# ---------------------------------------------------------------------------------------------------------------

_TYPOS = (
    ("身份证", "身分证"),
    ("电话", "电活"),
    ("联系", "联係"),
    ("麻烦", "麻繁"),
    ("已经", "以经"),
    ("处理", "处里"),
    ("号码", "号玛"),
    ("的", "得"),
    ("再", "在"),
)
_HALF_PUNCT = str.maketrans(
    {"，": ",", "。": ".", "：": ":", "（": "(", "）": ")", "；": ";", "！": "!", "？": "?"}
)
_PH = re.compile(r"\{(\w+)(?::(\w+))?\}")


@dataclass(frozen=True)
class Style:
    half_punct: bool  # writes ASCII punctuation
    typos: bool  # makes a few typos in literal text
    fullwidth: float  # chance a digit-bearing value is typed in full-width digits
    spaced: float  # chance a mobile is grouped 3-4-4 with spaces or dashes
    intl: float  # chance a mobile carries +86 / 0086


class Gen:
    """One record's generator: a seeded random.Random and a seeded Faker zh_CN."""

    def __init__(self, seed: int, fake: Faker) -> None:
        self.rng = random.Random(seed)
        self.fake = fake
        self.fake.seed_instance(seed)
        self.style = Style(
            half_punct=self.rng.random() < 0.2,
            typos=self.rng.random() < 0.15,
            fullwidth=self.rng.choice((0.0, 0.0, 0.0, 0.15, 0.5)),
            spaced=self.rng.choice((0.0, 0.2, 0.5, 0.8)),
            intl=self.rng.choice((0.0, 0.0, 0.1, 0.3)),
        )
        self.cache: dict[tuple[str, str], tuple[str, str | None]] = {}
        self.surnames: dict[str, str] = {}

    # -- small helpers --------------------------------------------------------------------------------------
    def pick(self, seq: Sequence[str]) -> str:
        return seq[self.rng.randrange(len(seq))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def digits(self, k: int, first_nonzero: bool = False) -> str:
        s = "".join(self.pick("0123456789") for _ in range(k))
        if first_nonzero and s[0] == "0":
            s = self.pick("123456789") + s[1:]
        return s

    def maybe_fw(self, s: str) -> str:
        return s.translate(_FW) if self.chance(self.style.fullwidth) else s

    def literal(self, s: str) -> str:
        if self.style.typos:
            for right, wrong in _TYPOS:
                if right in s and self.chance(0.35):
                    s = s.replace(right, wrong, 1)
        if self.style.half_punct:
            s = s.translate(_HALF_PUNCT)
        return s

    # -- PII values -----------------------------------------------------------------------------------------
    def surname(self) -> str:
        if self.chance(0.12):
            return self.pick(COMPOUND_SURNAMES)
        return str(self.fake.last_name())

    def given(self) -> str:
        if self.chance(0.25):
            return self.pick(OWN_GIVEN)
        return str(self.fake.first_name())

    def full_name(self) -> tuple[str, str]:
        sur = self.surname()
        return sur + self.given(), sur

    def honorific_name(self, sur: str | None = None) -> str:
        sur = sur or self.surname()
        r = self.rng.random()
        if r < 0.1 and len(sur) == 1:
            return self.pick(("老", "小")) + sur
        return sur + self.pick(HONORIFICS)

    def staff_name(self) -> str:
        r = self.rng.random()
        if r < 0.45:
            return self.full_name()[0]
        sur = self.surname()
        if r < 0.65 and len(sur) == 1:
            return "小" + sur
        return sur + self.pick(("师傅", "工", "经理", "管家", "主管"))

    def mobile(self) -> str:
        d = self.pick(MOBILE_PREFIXES) + self.digits(8)
        if self.chance(self.style.spaced):
            sep = self.pick((" ", " ", "-", "-", "—"))
            num = f"{d[:3]}{sep}{d[3:7]}{sep}{d[7:]}"
        elif self.chance(0.05):
            num = f"{d[:7]} {d[7:]}"
        else:
            num = d
        if self.chance(self.style.intl):
            num = self.pick(("+86 ", "+86", "+86-", "0086 ", "(+86)")) + num
        return self.maybe_fw(num)

    def landline(self) -> str:
        area = self.pick(AREA_CODES)
        n = 8 if len(area) == 3 or self.chance(0.7) else 7
        local = self.pick("2345678") + self.digits(n - 1)
        r = self.rng.random()
        if r < 0.45:
            s = f"{area}-{local}"
        elif r < 0.6:
            s = f"{area} {local[:4]} {local[4:]}"
        elif r < 0.75:
            s = f"({area}){local}"
        elif r < 0.85:
            s = f"（{area}）{local}"
        else:
            s = f"{area}{local}"
        if self.chance(0.15):
            s += self.pick(("转", "转", "-", " ext.")) + self.digits(self.rng.choice((3, 4)), True)
        return self.maybe_fw(s)

    def phone(self) -> tuple[str, str]:
        if self.chance(0.75):
            return self.mobile(), "CN_MOBILE"
        return self.landline(), "CN_LANDLINE"

    def birth(self, lo: int = 1945, hi: int = 2006) -> date:
        start = date(lo, 1, 1)
        return start + timedelta(days=self.rng.randrange((date(hi, 12, 31) - start).days))

    def resident_id(self, legacy_ok: bool = False) -> str:
        region = self.pick(REGION_CODES)
        if legacy_ok and self.chance(0.08):
            b = self.birth(1935, 1999)
            return f"{region}{b:%y%m%d}{self.digits(3)}"
        b = self.birth()
        body = f"{region}{b:%Y%m%d}{self.digits(3)}"
        s = body + resident_id_check(body)
        if s.endswith("X") and self.chance(0.25):
            s = s[:-1] + "x"
        if self.chance(0.04):
            s = f"{s[:6]} {s[6:14]} {s[14:]}"
        return self.maybe_fw(s) if self.chance(0.5) else s

    def bank_card(self) -> str:
        length = self.rng.choice((16, 19, 19))
        body = self.pick(CARD_BINS) + self.digits(length - 5)
        card = luhn_complete(body)
        if self.chance(0.35):
            card = " ".join(card[i : i + 4] for i in range(0, len(card), 4))
        return card

    def email(self) -> str:
        r = self.rng.random()
        if r < 0.3:
            local = self.digits(self.rng.randint(6, 10), True)
            return f"{local}@qq.com"
        if r < 0.7:
            local = str(self.fake.user_name())
        else:
            local = str(self.fake.romanized_name()).lower().replace(" ", self.pick((".", "_", "")))
            if self.chance(0.5):
                local += self.digits(self.rng.randint(2, 4))
        return f"{local}@{self.pick(EMAIL_DOMAINS)}"

    def passport(self) -> str:
        if self.chance(0.6):
            return "E" + self.digits(8)
        return "E" + self.pick("ABCDEFGHJKLMNPQRSTUVWXYZ") + self.digits(7)

    def hkmo(self) -> str:
        return "C" + self.digits(8)

    def plate(self) -> str:
        prov = self.pick(PLATE_PROVINCES)
        city = self.pick(PLATE_LETTERS[:12])
        if self.chance(0.3):
            body = self.pick("DF") + self.digits(5)  # new-energy, 8 characters
        else:
            chars = [self.pick("0123456789") for _ in range(5)]
            for _ in range(self.rng.choice((0, 0, 1, 2))):
                chars[self.rng.randrange(5)] = self.pick("ABCDEFGHJKLMNPQRSTUVWXYZ")
            body = "".join(chars)
        sep = self.pick(("", "", "", "·", "·", " ", "•"))
        return f"{prov}{city}{sep}{body}"

    def qq(self) -> str:
        return self.digits(self.rng.randint(5, 11), True)

    def wechat(self) -> str:
        r = self.rng.random()
        if r < 0.2:
            return "wxid_" + "".join(self.pick("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(14))
        base = re.sub(r"[^a-zA-Z0-9_]", "", str(self.fake.user_name())) or "wx"
        if not base[0].isalpha():
            base = self.pick("abcdefghijkmnpqrstwxyz") + base
        if r < 0.6:
            base += self.pick(("", "_", "-")) + self.digits(self.rng.randint(2, 4))
        elif r < 0.8:
            base = base.capitalize() + self.pick(("1988", "520", "666", "_sz", "_gz", "2026"))
        if len(base) < 6:
            base += self.digits(6 - len(base))
        return base[:20]

    def uscc(self) -> str:
        head = self.pick(("91", "91", "91", "92", "93", "52", "12"))
        region = self.pick(REGION_CODES)
        org8 = self.digits(8)
        body = head + region + org8 + org_code_check(org8)
        return body + uscc_check(body)

    def employer(self) -> str:
        r = self.rng.random()
        _, city, district = self.pick_place()
        city_s = city.removesuffix("市")
        if r < 0.35:
            return str(self.fake.company())
        if r < 0.5:
            return f"{city}{self.pick(BRAND_WORDS)}{self.pick(INDUSTRIES)}有限公司"
        if r < 0.62:
            return f"{self.pick(BANKS)}{city_s}{self.pick(('分行', district.removesuffix('区') + '支行', '营业部'))}"
        if r < 0.72:
            return self.pick(
                (
                    f"{city}第{self.pick(_CN_NUM[1:])}人民医院",
                    f"{city}中医院",
                    f"{district}妇幼保健院",
                    f"{city}儿童医院",
                    f"{district}社区卫生服务中心",
                )
            )
        if r < 0.82:
            return self.pick(
                (
                    f"{district}实验小学",
                    f"{city}第{self.rng.randint(2, 45)}中学",
                    f"{city_s}外国语学校",
                    f"{district}第{self.pick(_CN_NUM[1:])}幼儿园",
                    f"{city_s}职业技术学院",
                )
            )
        if r < 0.92:
            return self.pick(
                (
                    f"{district}税务局",
                    f"{city_s}市场监督管理局",
                    f"{district}教育局",
                    f"{city_s}公安局{district}分局",
                    f"{district}人民法院",
                    f"{district}街道办",
                )
            )
        return self.pick(
            (f"中国移动{city_s}分公司", f"中国电信{city_s}分公司", f"{city_s}供电局", f"{city_s}地铁集团")
        )

    def company(self) -> str:
        """An enterprise customer: always a company."""
        if self.chance(0.5):
            return str(self.fake.company())
        _, city, _ = self.pick_place()
        form = self.pick(("有限公司", "有限责任公司", "股份有限公司", "商行", "工作室"))
        return f"{city}{self.pick(BRAND_WORDS)}{self.pick(INDUSTRIES)}{form}"

    def pick_place(self) -> tuple[str, str, str]:
        return PLACES[self.rng.randrange(len(PLACES))]

    def road(self) -> str:
        return self.pick(ROADS) if self.chance(0.6) else str(self.fake.street_name())

    def address(self) -> str:
        r = self.rng.random()
        prov, city, district = self.pick_place()
        num = f"{self.rng.randint(1, 3999)}号"
        if r < 0.12:
            p, c, county, town = RURAL[self.rng.randrange(len(RURAL))]
            village = self.pick(("新田村", "石桥村", "高塘村", "长岭村", "五里村", "河东村"))
            tail = self.pick(
                (
                    "",
                    f"{self.rng.randint(1, 12)}组",
                    f"{self.rng.randint(1, 12)}组{self.rng.randint(1, 80)}号",
                )
            )
            return f"{p}{c}{county}{town}{village}{tail}"
        if r < 0.3:
            return f"{prov}{city}{district}{self.road()}{num}"
        if r < 0.45:
            return f"{city}{district}{self.road()}{num}{self.pick(COMPOUNDS)}"
        if r < 0.65:
            return f"{prov}{city}{district}{self.road()}{num}{self.pick(COMPOUNDS)}{self.room_plain()}"
        if r < 0.75:
            short_city = city.removesuffix("市")
            return f"{short_city}{district}{self.road()}{num}"
        if r < 0.85:
            return f"{district}{self.road()}{num}"
        if r < 0.93:
            lane = f"{self.rng.randint(1, 2000)}弄{self.rng.randint(1, 60)}号{self.rng.randint(1, 30)}0{self.rng.randint(1, 4)}室"
            return f"{city}{district}{self.road()}{lane}"
        prov2 = str(self.fake.province())
        return f"{prov2}{self.fake.city()}{self.fake.district()}区{self.fake.street_name()}{num}"

    def room_plain(self) -> str:
        b, u = self.rng.randint(1, 32), self.rng.randint(1, 4)
        unit = f"{self.rng.randint(1, 33)}{self.rng.randint(1, 4):02d}"
        return self.pick((f"{b}栋{u}单元{unit}", f"{b}栋{unit}室", f"{b}-{u}-{unit}", f"{b}号楼{unit}室"))

    def room(self) -> str:
        b, u = self.rng.randint(1, 32), self.rng.randint(1, 4)
        fl = self.rng.randint(1, 33)
        unit = f"{fl}{self.rng.randint(1, 4):02d}"
        cb = _CN_NUM[b] if b <= 10 else str(b)
        r = self.rng.randrange(13)
        s = (
            f"{b}栋{u}单元{unit}",
            f"{b}栋{u}单元{unit}室",
            f"{b}-{u}-{unit}",
            f"{b}号楼{unit}室",
            f"{b}号楼{u}单元{unit}",
            f"{b}幢{u}单元{unit}室",
            f"{b}#{unit}",
            f"{self.pick('ABCDEF')}座{unit}",
            f"{b}栋{unit}",
            f"{b}-{unit}",
            f"{self.pick(('一', '二', '三'))}期{b}栋{unit}",
            f"{cb}栋{_CN_NUM[u]}单元{unit}",
            f"{b}栋{unit}房",
        )[r]
        return self.maybe_fw(s)

    # -- non-PII fillers --------------------------------------------------------------------------------------
    def day(self) -> str:
        m, d = self.rng.randint(1, 12), self.rng.randint(1, 28)
        return self.pick(
            (
                f"{m}月{d}日",
                f"{m}月{d}号",
                f"2026年{m}月{d}日",
                f"2026-{m:02d}-{d:02d}",
                f"2025/{m}/{d}",
                "昨天",
                "前天晚上",
                "上周五",
                "这两天",
                f"本月{d}号",
                "今天上午",
            )
        )

    def clock(self) -> str:
        h, mi = self.rng.randint(6, 22), self.rng.choice((0, 10, 15, 20, 30, 45))
        return self.pick(
            (
                f"{h}:{mi:02d}",
                f"晚上{self.rng.randint(8, 11)}点多",
                f"早上{_CN_NUM[self.rng.randint(6, 9)]}点",
                f"{h}点{mi}分",
                "中午",
            )
        )

    def amount(self) -> str:
        top = self.rng.choice((300, 3000, 3000, 30000))
        v = self.rng.randint(20, top) + self.rng.choice((0, 0, 0.5, 0.8, 0.35))
        r = self.rng.random()
        if r < 0.3:
            return f"{v:,.2f}元"
        if r < 0.5:
            return f"¥{v:,.2f}"
        if r < 0.7:
            return f"{int(v)}元"
        if r < 0.85:
            return f"{int(v)}块"
        return f"人民币{v:.2f}元"

    def area(self) -> str:
        v = self.rng.randint(45, 260) + self.rng.choice((0, 0.5, 0.36, 0.12))
        return self.pick((f"{v:g}平方米", f"{v:g}㎡", f"{int(v)}平", f"{v:g}m²", f"{v:g}平米"))

    def hotline(self) -> str:
        r = self.rng.random()
        if r < 0.35:
            return f"400-{self.digits(3)}-{self.digits(4)}"
        if r < 0.5:
            return "400" + self.digits(7)
        if r < 0.65:
            return f"800-{self.digits(3)}-{self.digits(4)}"
        if r < 0.9:
            return self.pick(HOTLINE_95)
        return self.pick(("12345", "96777", "12315", "110", "119"))

    def ticket(self) -> str:
        return self.pick(
            (
                f"GD2026{self.digits(9)}",
                f"WO-2026{self.digits(4)}-{self.digits(4)}",
                f"BX{self.digits(10)}",
                f"2026{self.digits(12)}",
                f"T{self.digits(7)}",
                f"No.{self.digits(6)}",
            )
        )

    def bldg(self) -> str:
        b = self.rng.randint(1, 30)
        return self.pick(
            (
                f"{b}号楼",
                f"{b}栋",
                f"{b}幢",
                "地下车库",
                "B2车库",
                f"{b}栋大堂",
                f"{b}号楼{self.rng.randint(1, 4)}单元",
                "东门",
                "南门岗亭",
                "会所",
                f"{self.pick('ABCD')}座",
                f"{_CN_NUM[self.rng.randint(1, 9)]}号楼",
            )
        )

    def floor(self) -> str:
        return self.pick((f"{self.rng.randint(2, 33)}楼", f"{self.rng.randint(2, 33)}层", "顶楼", "一楼"))

    def meter(self) -> str:
        return f"{self.rng.randint(10, 9999)}.{self.rng.randint(0, 9)}"

    def count(self) -> str:
        return str(self.rng.randint(2, 480))

    def pct(self) -> str:
        return f"{self.rng.randint(60, 99)}.{self.rng.randint(0, 9)}"

    def filler(self) -> str:
        return self.pick(("嗯，", "那个，", "就是", "呃，", "然后", "对，", "", "", "嗯嗯，", "那个就是"))

    def timestamp(self) -> str:
        m, d, h, mi = (
            self.rng.randint(1, 12),
            self.rng.randint(1, 28),
            self.rng.randint(8, 21),
            self.rng.randint(0, 59),
        )
        return self.pick(
            (
                f"2026-{m:02d}-{d:02d} {h:02d}:{mi:02d}",
                f"【{m}月{d}日 {h}:{mi:02d}】",
                f"{m}/{d} {h}:{mi:02d}",
                f"[{m:02d}{d:02d}]",
                f"{m}.{d}",
                f"2026年{m}月{d}日",
            )
        )

    # -- template rendering ---------------------------------------------------------------------------------
    def value(self, kind: str, tag: str | None) -> tuple[str, str | None]:
        if tag is not None and (kind, tag) in self.cache:
            return self.cache[(kind, tag)]
        out: tuple[str, str | None]
        if kind == "name":
            name, sur = self.full_name()
            if tag is not None:
                self.surnames[tag] = sur
            out = (name, "PERSON")
        elif kind == "hon_of":
            assert tag is not None and tag in self.surnames, "hon_of needs an earlier {name:tag}"
            out = (self.honorific_name(self.surnames[tag]), "PERSON")
        elif kind == "phone":
            out = self.phone()
        elif kind in _PII_KINDS:
            gen, label = _PII_KINDS[kind]
            out = (gen(self), label)
        elif kind in _PLAIN_KINDS:
            out = (_PLAIN_KINDS[kind](self), None)
        else:
            raise KeyError(f"unknown placeholder {kind}")
        if tag is not None:
            self.cache[(kind, tag)] = out
        return out

    def render(self, b: Builder, template: str) -> None:
        pos = 0
        for m in _PH.finditer(template):
            b.text(self.literal(template[pos : m.start()]))
            v, label = self.value(m.group(1), m.group(2))
            if label is None:
                b.text(v)
            else:
                b.pii(v, label)
            pos = m.end()
        b.text(self.literal(template[pos:]))


_PII_KINDS: dict[str, tuple[Callable[[Gen], str], str]] = {
    "hon": (lambda g: g.honorific_name(), "PERSON"),
    "hon_old": (lambda g: g.surname() + g.pick(("大爷", "奶奶", "阿姨", "爷爷", "婆婆", "伯")), "PERSON"),
    "staff": (Gen.staff_name, "PERSON"),
    "mobile": (Gen.mobile, "CN_MOBILE"),
    "landline": (Gen.landline, "CN_LANDLINE"),
    "rid": (lambda g: g.resident_id(), "CN_RESIDENT_ID"),
    "rid_any": (lambda g: g.resident_id(legacy_ok=True), "CN_RESIDENT_ID"),
    "card": (Gen.bank_card, "CN_BANK_CARD"),
    "email": (Gen.email, "EMAIL_ADDRESS"),
    "passport": (Gen.passport, "CN_PASSPORT"),
    "hkmo": (Gen.hkmo, "CN_HK_MACAO_PERMIT"),
    "plate": (Gen.plate, "CN_LICENSE_PLATE"),
    "qq": (Gen.qq, "QQ_NUMBER"),
    "wx": (Gen.wechat, "WECHAT_ID"),
    "uscc": (Gen.uscc, "CN_USCC"),
    "employer": (Gen.employer, "EMPLOYER"),
    "company": (Gen.company, "EMPLOYER"),
    "address": (Gen.address, "ADDRESS"),
    "room": (Gen.room, "ROOM"),
}
_PLAIN_KINDS: dict[str, Callable[[Gen], str]] = {
    "date": Gen.day,
    "time": Gen.clock,
    "amount": Gen.amount,
    "area": Gen.area,
    "hotline": Gen.hotline,
    "ticket": Gen.ticket,
    "bldg": Gen.bldg,
    "floor": Gen.floor,
    "meter": Gen.meter,
    "count": Gen.count,
    "people": lambda g: str(g.rng.randint(1, 6)),
    "pct": Gen.pct,
    "filler": Gen.filler,
    "ts": Gen.timestamp,
    "provider": lambda g: g.pick(PROVIDERS),
    "telecom": lambda g: g.pick((*PROVIDERS[:3], "广电网络", "长城宽带")),
    "compound": lambda g: g.pick(COMPOUNDS),
    "bank": lambda g: g.pick(BANKS),
    "city": lambda g: g.pick(CITIES_ALONE),
    "postcode": lambda g: g.pick(("518057", "518000", "200120", "100020", "310012", "510630", "430079")),
    "hotline95": lambda g: g.pick(HOTLINE_95),
    "express": lambda g: g.pick(("SF", "YT", "JT", "ZTO")) + g.digits(13),
    "acct": lambda g: "03" + g.digits(8),
}

# ---------------------------------------------------------------------------------------------------------------
# templates: customer requests
# ---------------------------------------------------------------------------------------------------------------

REQ_OPEN = (
    "",
    "",
    "您好，",
    "你好，",
    "物业你好！",
    "【投诉】",
    "【报修】",
    "【咨询】",
    "【建议】",
    "管家好，",
    "我想反映一个问题：",
    "{filler}",
    "急！",
)
REQ_FREE = (
    "{bldg}的电梯{date}又坏了，困了人将近二十分钟，希望物业尽快联系维保单位彻底检修。",
    "楼上每天{time}还在装修打电钻，严重影响休息，请物业管一管。",
    "地下车库的排水沟堵了，一下雨就积水，车子都没法停。",
    "小区里有人遛狗不牵绳，还在草坪上随地大小便，希望加强巡逻。",
    "{bldg}门口的垃圾桶好几天没清运了，味道很大，蚊子苍蝇特别多。",
    "物业费{amount}是怎么算出来的？我家建筑面积{area}，和去年的账单对不上，请给个明细。",
    "家里水压太小了，{floor}以上洗澡都成问题，是不是二次供水设备出问题了？",
    "{telecom}宽带从{date}开始就断网了，麻烦物业帮忙协调一下机房的开门时间。",
    "{date}晚上{bldg}楼道的声控灯不亮，老人上下楼很危险。",
    "小区东门的门禁经常刷不开，外卖和快递员都进不来。",
    "希望在{bldg}附近增加几个电动车充电桩，现在很多人飞线充电，太危险了。",
    "请问{date}停水是全小区都停吗？大概几点恢复供水？",
    "绿化带里的树好久没修剪了，枝叶都挡到{floor}的窗户了。",
    "有人在消防通道上长期停车，消防车根本进不来，请尽快处理。",
    "儿童游乐区的滑梯有一颗螺丝松了，小孩玩很危险，麻烦派人看看。",
    "快递柜总是满的，能不能再加一组？",
    "我想问一下车位月租{amount}是不是今年又涨价了？",
    "天台的防水层好像坏了，{date}下大雨顶楼漏水很严重。",
    "燃气公司说{date}要来入户安检，请问需要家里留人吗？",
    "小区游泳池什么时候开放？收费标准是多少？",
    "垃圾分类的投放时间能不能延长到晚上十点？上班族根本赶不上。",
    "{bldg}外墙瓷砖有松动，万一掉下来砸到人就麻烦了。",
    "建议在{compound}南门加装一个减速带，车开得太快了。",
    "中秋节的活动很好，感谢物业的用心！希望以后多组织这样的活动。",
    "保安夜间巡逻不到位，{date}晚上车库有车被划了。",
    "空调外机滴水滴到楼下阳台上，协商了好几次都没用。",
    "能否开具{date}至今的物业费发票？抬头写个人就可以。",
    "楼下餐馆油烟直排，整栋楼都是味道，{bldg}的住户意见很大。",
    "请问装修押金{amount}什么时候可以退？验收已经过了。",
    "有线电视信号不稳定，广电网络的师傅说要物业配合检查弱电井。",
    "{filler}{bldg}后面那个化粪池又冒了，臭得不行，你们赶紧来看一下吧。",
    "隔壁的狗从早叫到晚，宠物扰民问题请物业出面协调。",
    "{date}交的{amount}物业费，系统里显示还没到账，帮忙查一下。",
    "小区里的路灯坏了好几盏，晚上走路黑乎乎的。",
    "建议物业公示一下公共收益的账目，业主有知情权。",
    "电梯里的广告声音太大了，能不能调小一点。",
    "门口的共享单车乱停乱放，堵住了盲道。",
    "{bldg}的单元门闭门器坏了，门一直关不上，外人随便进。",
    "下水道返臭，{floor}好几户都有这个问题，是不是主管道的问题？",
    "希望物业在{bldg}增设一个无障碍坡道，推婴儿车和轮椅都不方便。",
    "物业管理费收缴率这么低，是不是服务没跟上？建议开个业主座谈会。",
    "我家的燃气表{date}显示读数异常，燃气公司让先找物业确认一下管道。",
    "小区的监控是不是坏了？{bldg}那边的摄像头好像一直黑屏。",
    "{filler}就是想问一下，那个{bldg}的快递驿站几点关门啊？",
    "夏天蚊子太多，麻烦安排一下绿化带的消杀，一周至少一次吧。",
    "车位不够用，晚上回来只能停在路边，建议把临时车位规划一下。",
    "{bldg}地面有油渍，{date}有老人滑倒了，请及时清洁并放警示牌。",
)
REQ_ASK = (
    "",
    "",
    "谢谢！",
    "麻烦尽快处理。",
    "急！！",
    "请尽快回复。",
    "辛苦了。",
    "已经反映过好几次了，希望这次能解决。",
    "盼复。",
    "谢谢物业！",
    "处理完请告知一下。",
)
REQ_PII_PROBLEM = (
    "我家{room}卫生间天花板漏水，应该是楼上渗下来的，麻烦派人来看看。",
    "我是{room}的业主，{date}交的物业费还没开发票。",
    "车牌{plate}的白色轿车长期占用我的车位，联系不上车主。",
    "{room}家里装修噪音太大，中午都不停。",
    "楼上{room}空调滴水到我家阳台，说了几次都不改。",
    "{room}门口堆满了杂物，堵住了消防通道。",
    "我家车{plate}的月卡到期了，想续费，请问在哪里办？",
    "{room}的门锁坏了，进不去门，请尽快派锁匠。",
    "{filler}我是{room}的，{filler}家里热水器打不着火。",
    "我住{room}，楼下{room}在阳台上烧东西，烟全飘进我家。",
    "{plate}这辆车天天停在{bldg}门口的消防通道上。",
    "我是{room}的租客，房东{hon}让我找物业办门禁卡。",
    "保安{staff}{date}晚上态度很差，还骂人。",
    "管家{staff}说好{date}上门的，到现在也没来。",
)
REQ_PII_TAIL = (
    "联系人：{hon}，电话{mobile}。",
    "我的电话是{mobile}，{hon}。",
    "有事打我手机{mobile}。",
    "请回电{phone}，找{hon}。",
    "业主{name}，{mobile}",
    "微信{wx}，方便的话加一下，我发照片给你们。",
    "我的邮箱是{email}，处理结果请发邮件告知。",
    "可以加我QQ{qq}详细说。",
    "（{hon} {mobile}）",
    "我白天在{employer}上班，晚上七点以后才在家，请提前打{mobile}联系。",
    "—— {room} {hon}",
    "电话：{phone}",
    "vx：{wx}",
    "我叫{name}，电话{mobile}，单位是{employer}，白天接电话不方便，发短信就行。",
    "联系{hon}：{mobile}（同微信）",
    "回复请打{landline}，家里座机。",
)

# ---------------------------------------------------------------------------------------------------------------
# templates: clerk notes, call-centre logs
# ---------------------------------------------------------------------------------------------------------------

NOTES = (
    "{ts} 来电：{hon}（{mobile}）反映{room}卫生间漏水至楼下，已派维修{staff}上门查看。",
    "回访记录：{hon}，电话{phone}，在{employer}上班，白天不方便接电话，建议晚上7点后联系。",
    "{hon}来前台登记，身份证{rid}，新入住{room}，车牌{plate}，需办理停车月卡。",
    "客户{name}（{room}）要求办理物业费银行代扣，卡号{card}，开户行{bank}。",
    "{filler}{hon}说家里是{room}，{filler}手机{mobile}，家里燃气味很重，已通知燃气公司，请{staff}跟进。",
    "业主{name}称其单位是{employer}，需要开具物业费发票寄到{address}，收件电话{mobile}。",
    "坐席{staff}：{hon}来电咨询装修手续，留的号码{mobile}，微信{wx}，已发送装修须知。",
    "{date}巡查发现{room}阳台违规搭建，已电话通知业主{hon}（{mobile}），限期三日内整改。",
    "租户{name}，护照号{passport}，就职于{employer}，租住{room}，租期一年。",
    "{hon}要求更换紧急联系人为其女儿{name}，手机{mobile}，女儿在{employer}工作。",
    "来电人：{hon}  号码：{mobile}  内容：{room}门口快递丢失，要求调监控。",
    "{hon}（港澳通行证{hkmo}）委托{name}代办交房手续，代办人电话{mobile}。",
    "给{hon}回电两次均未接通（{mobile}），已发短信告知维修时间。",
    "维修单：{room}厨房下水道堵塞，业主{hon}，联系方式{phone}，维修师傅{staff}，材料费{amount}。",
    "{hon}说QQ{qq}可以联系，邮箱{email}，要求把停车费发票电子版发过来。",
    "投诉人{name}，住{address}，反映物业管家{staff}态度恶劣，要求道歉。",
    "企业客户{company}（统一社会信用代码{uscc}）联系人{hon}，座机{landline}，申请续租{room}。",
    "老人{hon_old}独居{room}，儿子{name}在{employer}上班，电话{mobile}，请管家每周上门看一次。",
    "{hon} {mobile} {room} 漏水 已处理",
    "{name}/{mobile}/{room}/换锁/{amount}",
    "业主{name:a}申请退还多交的物业费{amount}，退款账户{card}（{bank}），户名{name:a}，已提交财务。",
    "访客登记：{name}，身份证{rid}，拜访{room}，车牌{plate}，{time}进入。",
    "入户走访：户主{name}，户籍地{address}，目前在{employer}工作，家里三口人，联系电话{mobile}。",
    "vx: {wx} / tel: {mobile} / {hon} / {room}",
    "{ts} {staff}接单：{hon}反映{bldg}电梯异响，留电话{phone}，工单号{ticket}。",
    "{hon:a}（{room}）{date}交了{amount}物业费，说收据丢了要补开，已核实，{hon:a}下午来取。",
    "接{hon}电话{mobile}，{filler}说楼上{room}每天晚上拖椅子，已转管家{staff}协调。",
    "新业主{name}，{mobile}，邮箱{email}，{room}，{date}收房，水表底数{meter}。",
    "{name}（身份证号{rid}）与{name}（身份证号{rid}）办理{room}产权变更备案。",
    "车辆{plate}，车主{hon}，联系方式{mobile}，{bldg}临停超时，已贴温馨提示。",
    "业主{hon:a}反映{telecom:p}宽带断网，已给{telecom:p}报障（工单{ticket}），请{hon:a}留意短信。",
    "业主{name}的丈夫{name}在{employer}上班，夫妻都很忙，钥匙交给保姆{hon}，保姆电话{mobile}。",
    "家政{hon}（{mobile}）持业主{name}授权书进出{room}，有效期至{date}。",
    "{hon}说：“我就在{employer}上班，离小区很近，有事直接打{mobile}。”",
    "{hon}出国前办理委托，护照号码：{passport}，委托{name}（{mobile}）代收快递和缴纳物业费。",
    "核验证件：港澳通行证 {hkmo}，持证人{name}，{room}业主，原件已退回。",
    "外派员工{name}（护照{passport}）由单位{employer}统一租住{room}，费用由单位支付。",
    "紧急：{room}家中老人{hon_old}摔倒，已联系其儿子{name}（{mobile}）并拨打120。",
)
CALL_OPEN = (
    "坐席：您好，{compound}物业客服中心，请问有什么可以帮您？",
    "坐席：您好，很高兴为您服务。",
    "客服：你好，这里是物业服务中心。",
)
CALL_TURNS_PII = (
    "客户：{filler}你好，我是{room}的业主，我家{problem}",
    "客户：喂，{filler}我是{hon_of:x}啊，{room}的，{problem}",
    "客户：你好，{filler}{problem}",
)
CALL_PROBLEMS = (
    "卫生间漏水到楼下了。",
    "热水器打不着火。",
    "门禁卡刷不开。",
    "楼上装修太吵了。",
    "阳台地漏返水。",
    "空调外机支架松了。",
    "水表好像走得特别快。",
)
CALL_ASK_CONTACT = (
    ("坐席：好的，请问您贵姓，联系电话多少？", "客户：{hon}，电话是{mobile}。"),
    ("坐席：方便留一个联系电话吗？", "客户：{filler}{mobile}，{filler}打这个就行。"),
    ("坐席：请问怎么称呼您？", "客户：叫我{hon}就行，手机{mobile}。"),
    ("坐席：您的电话还是系统里登记的那个吗？", "客户：换了，新号码是{mobile}。"),
    ("坐席：请问您的房号和联系方式？", "客户：{room}，{phone}。"),
)
CALL_CLOSE = (
    "坐席：好的，已为您登记，工单号{ticket}，维修师傅会在两小时内联系您。",
    "坐席：收到，我这边马上安排{staff}过去。",
    "坐席：好的{hon_of:x}，请保持电话畅通，稍后有人联系您。",
    "坐席：好的，感谢来电，再见。",
)

# ---------------------------------------------------------------------------------------------------------------
# templates: hard negatives (no PII anywhere)
# ---------------------------------------------------------------------------------------------------------------

HARD_NEG = (
    "【温馨提示】因供电局线路检修，{date}{time}至{time}小区将临时停电，请各位业主提前做好准备。如有疑问请拨打客服热线{hotline}。",
    "本月物业费标准：住宅2.80元/平方米/月，按建筑面积{area}计，应缴{amount}。",
    "{bldg}水表读数：本期{meter}吨，上期{meter}吨。",
    "工单{ticket}已完成，维修内容：更换{bldg}走廊灯管6支，材料费{amount}，验收合格。",
    "高明的做法是先排查管道走向，再决定是否开挖地面，避免二次破坏。",
    "热烈祝贺我小区荣获“市级文明小区”称号！感谢全体业主的支持与配合。",
    "{telecom}将于{date}对小区光纤进行升级改造，届时网络会中断约2小时，敬请谅解。",
    "邮政编码：{postcode}，快递请统一放至{bldg}快递驿站，驿站营业时间8:00-21:00。",
    "金山、江南两个片区的绿化改造预计{date}完工，总投资约{amount}。",
    "请业主不要在楼道内堆放杂物，共同营造温馨、整洁的居住环境。",
    "客服热线：{hotline}（24小时），供电抢修：95598，燃气抢修：{hotline}。",
    "本小区不少业主在{city}上班，早高峰北门车流量大，建议错峰出行。",
    "缴费方式：可通过{bank}代扣或微信公众号缴纳，订单号以系统为准，如{ticket}。",
    "{date}共受理报修{count}单，其中水电类{count}单，门窗类{count}单，及时率{pct}%，满意度{pct}%。",
    "电梯年检时间为{date}，检验机构为市特种设备检测研究院，检验结果：合格。",
    "会议纪要：{date}召开物业服务月度例会，讨论了{bldg}外墙渗水、地下车库照明等问题。",
    "白天温度较高，园林绿化工作调整为早上6点至10点、傍晚4点至7点。",
    "{bldg}共有住户{count}户，已交房{count}户，入住率{pct}%。",
    "请于{date}前携带相关资料至物业服务中心办理，办公时间为9:00-18:00，周末照常。",
    "单号：{ticket}  金额：{amount}  状态：已支付",
    "业主大会投票结果：同意{count}票，反对{count}票，弃权{count}票。",
    "物业服务中心地址：本小区{bldg}一楼，咨询电话{hotline}。",
    "快递单号{express}已放入{bldg}快递柜，取件码请查看短信。",
    "电费单：本期示数{meter}，上期示数{meter}，电费{amount}，请于{date}前缴清。",
    "张贴通知时请使用指定公告栏，严禁在电梯轿厢内乱贴小广告。",
    "向阳的户型采光好，但夏天西晒，建议加装遮阳帘。",
    "常年积水的低洼处已完成回填，{date}起恢复通行。",
    "江南水乡风格的景观改造方案已公示，欢迎业主提出意见。",
    "白云、金山、江南三个组团的垃圾清运时间分别为7:00、7:30、8:00。",
    "本次维修基金使用金额{amount}，涉及{bldg}、{bldg}共{count}户，分摊标准按{area}计算。",
    "周到的服务离不开每一位员工的付出，感谢大家！",
    "{city}、{city}两地的项目将统一采用新的收费系统，上线时间{date}。",
    "车位租金调整：地面车位{amount}/月，地下车位{amount}/月，自{date}起执行。",
    "二次供水水箱清洗消毒已于{date}完成，水质检测报告编号{ticket}，各项指标合格。",
    "电动车集中充电棚：{bldg}旁，收费标准1元/4小时，投币或扫码均可。",
    "公共区域消杀：{date}{time}，请关好门窗，看管好宠物和小孩。",
    "发票号码{ticket}，开票金额{amount}，开票日期{date}。",
    "燃气户号：{acct}，本期用气{meter}立方米，应缴{amount}。",
    "{date}18楼、{floor}电梯厅的吊顶已修复，3号楼2单元的楼道灯也换好了。",
    "明天上午{bldg}停水检修，预计中午12点前恢复，给您带来不便敬请谅解。",
    "项目简介：占地面积{area}，总建筑面积约{count}万平方米，绿化率{pct}%。",
    "{telecom}营业厅搬到了东门对面，办理业务请带好相关证件。",
    "{provider}的工作人员{date}上门巡检，请业主留意并核实对方工作证。",
    "燃气公司来查表，请家里留人；供电局{date}更换智能电表，不收取任何费用。",
    "金额合计：{amount}（大写：壹仟贰佰捌拾元伍角整）",
    "关于开展“文明养犬”主题宣传活动的通知：{date}在小区广场举行，欢迎参加。",
    "今年共有{count}户业主获评“最美家庭”，名单已在公告栏公示。",
    "{date}{time}，{bldg}消防演练，届时警铃会响，请勿惊慌。",
    "王府井、南京路这些地方周末人太多了，社区组织的短途游改到了郊外。",
    "黄色预警：{date}有强降雨，地下车库请勿停放低底盘车辆。",
)

# ---------------------------------------------------------------------------------------------------------------
# forms
# ---------------------------------------------------------------------------------------------------------------

# a field: (key spellings, value template)
Field = tuple[tuple[str, ...], str]

F_NAME: Field = (("姓名", "姓  名", "业主姓名", "户主", "客户姓名", "业主", "名字", "Name"), "{name:main}")
F_SEX: Field = (("性别",), "男")
F_SEX_F: Field = (("性别",), "女")
F_MOBILE: Field = (
    ("联系电话", "手机", "电话", "手机号码", "联系方式", "手机号", "Tel", "移动电话"),
    "{mobile}",
)
F_PHONE: Field = (("联系电话", "电话", "联络电话"), "{phone}")
F_LANDLINE: Field = (("固定电话", "座机", "家庭电话", "办公电话"), "{landline}")
F_RID: Field = (("身份证号", "身份证号码", "证件号码", "身份证", "公民身份号码", "身份证件号"), "{rid_any}")
F_EMPLOYER: Field = (("工作单位", "单位", "就职单位", "工作单位名称", "服务单位", "单位名称"), "{employer}")
F_ROOM: Field = (
    ("房号", "房屋编号", "房间号", "楼栋房号", "房号（栋-单元-室）", "所购房号", "住房"),
    "{room}",
)
F_ADDRESS: Field = (
    ("通讯地址", "现住址", "户籍地址", "联系地址", "家庭住址", "邮寄地址", "户籍所在地"),
    "{address}",
)
F_EMAIL: Field = (("邮箱", "电子邮箱", "E-mail", "Email", "邮件"), "{email}")
F_PLATE: Field = (("车牌", "车牌号", "车牌号码", "车辆号牌"), "{plate}")
F_QQ: Field = (("QQ", "QQ号", "qq"), "{qq}")
F_WX: Field = (("微信", "微信号", "VX"), "{wx}")
F_CARD: Field = (("银行卡号", "账号", "银行账号", "卡号", "收款账号"), "{card}")
F_BANK: Field = (("开户行", "开户银行"), "{bank}")
F_AREA: Field = (("建筑面积", "面积", "套内面积"), "{area}")
F_DATE_IN: Field = (("入住日期", "交房日期", "登记日期", "收房时间"), "{date}")
F_COMPOUND: Field = (("小区", "项目名称", "小区名称"), "{compound}")
F_BLDG: Field = (("楼栋",), "{bldg}")
F_PEOPLE: Field = (("常住人口", "家庭人口", "人数"), "{people}人")


FORM_TYPES: tuple[tuple[tuple[str, ...], tuple[Field, ...], tuple[Field, ...]], ...] = (
    # (titles, required fields, optional fields)
    (
        ("业主信息登记表", "业主资料登记", "住户信息卡", "业主档案"),
        (F_NAME, F_MOBILE, F_ROOM),
        (
            F_SEX,
            F_RID,
            F_EMPLOYER,
            F_ADDRESS,
            F_EMAIL,
            F_PLATE,
            F_AREA,
            F_DATE_IN,
            F_PEOPLE,
            F_COMPOUND,
            F_LANDLINE,
            F_QQ,
        ),
    ),
    (
        ("租户登记表", "租住人员信息登记", "出租屋住户登记表"),
        (F_NAME, F_ROOM, F_MOBILE),
        (F_SEX_F, F_EMPLOYER, F_WX, F_DATE_IN, F_PEOPLE, F_ADDRESS),
    ),
    (
        ("车辆登记表", "停车月卡申请表", "车位租赁登记"),
        (F_NAME, F_PLATE, F_MOBILE),
        (F_ROOM, F_BLDG, F_DATE_IN),
    ),
    (
        ("物业费银行代扣申请", "退款申请单", "物业费托收授权书"),
        (F_NAME, F_CARD, F_BANK, F_ROOM),
        (F_RID, F_MOBILE, F_AREA),
    ),
    (
        ("客户满意度调查表", "业主意见征询表", "服务回访问卷"),
        (F_ROOM,),
        (F_NAME, F_PHONE, F_COMPOUND),
    ),
    (
        ("住户信息采集表", "人口普查入户登记", "社区人口信息登记"),
        (F_NAME, F_RID, F_ADDRESS),
        (F_SEX, F_EMPLOYER, F_MOBILE, F_ROOM, F_QQ, F_EMAIL, F_PEOPLE),
    ),
)
FORM_ENTERPRISE_TITLES = ("企业客户登记表", "商户入驻登记", "商铺租户信息表")


class FormWriter:
    """Lays out fields as `key：value` lines, in this writer's habits (colon, separators, numbering)."""

    def __init__(self, g: Gen) -> None:
        self.g = g
        self.colon = g.pick(("：", "：", ":", ": ", " ：", "："))
        self.per_line = g.rng.choice((1, 1, 1, 2, 3))
        self.sep = g.pick(("  ", "\t", "    ", "；", "，", " | ", "   "))
        self.numbered = g.chance(0.2)
        self.lines: list[list[tuple[str, str]]] = []  # each line: (key, value template)
        self.pending: list[tuple[str, str]] = []

    def add(self, key: str, value: str) -> None:
        self.pending.append((key, value))
        if len(self.pending) >= self.per_line or self.g.chance(0.2):
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.lines.append(self.pending)
            self.pending = []

    def write(self, b: Builder, title: str | None) -> None:
        self.flush()
        if title:
            b.text(title + self.g.pick(("\n", "\n", "\n\n", "\n————————\n")))
        for i, line in enumerate(self.lines):
            if self.numbered:
                b.text(f"{i + 1}{self.g.pick(('、', '.', '. '))}")
            for j, (key, value) in enumerate(line):
                if j:
                    b.text(self.sep)
                b.text(key + self.colon if key else "")
                self.g.render(b, value)
            b.text("\n")


def make_form(g: Gen, b: Builder) -> None:
    w = FormWriter(g)
    if g.chance(0.15):
        title = g.pick(FORM_ENTERPRISE_TITLES)
        fields: list[tuple[str, str]] = [
            (g.pick(("企业名称", "单位名称", "公司名称", "商户名称")), "{company}"),
            (g.pick(("统一社会信用代码", "信用代码", "社会信用代码", "营业执照号")), "{uscc}"),
            (g.pick(("法定代表人", "法人", "法人代表")), "{name}"),
            (g.pick(("联系人", "负责人", "对接人")), "{name}"),
            (g.pick(("联系电话", "手机", "电话")), "{mobile}"),
        ]
        for key, val in (
            (g.pick(("办公电话", "座机", "固话")), "{landline}"),
            (g.pick(("邮箱", "E-mail")), "{email}"),
            (g.pick(("商铺号", "租赁房号", "房号")), "{room}"),
            (g.pick(("经营范围",)), g.pick(("餐饮服务", "便利店零售", "美容美发", "教育培训", "药品零售"))),
            (g.pick(("租赁面积", "面积")), "{area}"),
            (g.pick(("通讯地址", "邮寄地址")), "{address}"),
        ):
            if g.chance(0.55):
                fields.append((key, val))
    else:
        titles, required, optional = FORM_TYPES[g.rng.randrange(len(FORM_TYPES))]
        title = g.pick(titles)
        chosen = list(required) + [f for f in optional if g.chance(0.45)]
        g.rng.shuffle(chosen)
        # name usually comes first on a real form
        if F_NAME in chosen and g.chance(0.7):
            chosen.remove(F_NAME)
            chosen.insert(0, F_NAME)
        fields = []
        for keys, val in chosen:
            key = g.pick(keys)
            if val == "{rid_any}" and g.chance(0.15):
                kind = g.pick(("护照", "港澳通行证"))
                fields.append(("证件类型", kind))
                fields.append((g.pick(("证件号码", "证件号")), "{passport}" if kind == "护照" else "{hkmo}"))
                continue
            if val.startswith("{") and g.chance(0.05):
                # a blank or refused field
                fields.append((key, g.pick(("无", "/", "——", "不详", "拒填", ""))))
                continue
            fields.append((key, val))
        if title in ("客户满意度调查表", "业主意见征询表", "服务回访问卷"):
            for q in ("服务态度", "维修及时性", "环境卫生", "安保秩序"):
                if g.chance(0.6):
                    fields.append(
                        (q, g.pick(("非常满意", "满意", "一般", "不满意", "☑满意 □一般", "5分", "4分")))
                    )
            fields.append((g.pick(("意见建议", "其他诉求", "备注", "您的建议")), g.pick(REQ_FREE)))
        if g.chance(0.35):
            fields.append((g.pick(("紧急联系人", "紧急联络人")), "{name}"))
            fields.append(
                (g.pick(("关系", "与业主关系")), g.pick(("配偶", "父亲", "母亲", "子女", "朋友", "兄弟")))
            )
            fields.append((g.pick(("紧急联系电话", "联系电话", "电话")), "{mobile}"))
        if g.chance(0.3):
            fields.append(
                (
                    g.pick(("备注", "说明")),
                    g.pick(("无", "已核验原件", "资料齐全", "{date}补交复印件", "钥匙已领取")),
                )
            )
    if g.chance(0.4):
        fields.append(
            (g.pick(("填表人", "登记人", "经办人", "业主签字", "签名")), g.pick(("{name}", "{name:main}")))
        )
    if g.chance(0.4):
        fields.append((g.pick(("填表日期", "日期", "登记时间")), "{date}"))
    for key, val in fields:
        w.add(key, val)
    w.write(b, title if g.chance(0.8) else None)


# ---------------------------------------------------------------------------------------------------------------
# record makers
# ---------------------------------------------------------------------------------------------------------------


def make_request(g: Gen, b: Builder, with_pii: bool) -> None:
    g.render(b, g.pick(REQ_OPEN))
    if not with_pii:
        g.render(b, g.pick(REQ_FREE))
        if g.chance(0.3):
            g.render(b, g.pick(REQ_FREE))
        g.render(b, g.pick(REQ_ASK))
        return
    r = g.rng.random()
    if r < 0.45:
        g.render(b, g.pick(REQ_PII_PROBLEM))
        if g.chance(0.5):
            g.render(b, g.pick(REQ_PII_TAIL))
    else:
        g.render(b, g.pick(REQ_FREE))
        g.render(b, g.pick(REQ_ASK))
        g.render(b, g.pick(REQ_PII_TAIL))


def make_note(g: Gen, b: Builder) -> None:
    if g.chance(0.2):
        g.value("name", "x")  # the caller: every {hon_of:x} below is the same 王先生
        g.render(b, g.pick(CALL_OPEN) + "\n")
        g.render(b, g.pick(CALL_TURNS_PII).replace("{problem}", g.pick(CALL_PROBLEMS)) + "\n")
        ask, answer = CALL_ASK_CONTACT[g.rng.randrange(len(CALL_ASK_CONTACT))]
        g.render(b, ask + "\n" + answer.replace("{hon}", "{hon_of:x}") + "\n")
        g.render(b, g.pick(CALL_CLOSE))
        return
    g.render(b, g.pick(NOTES))
    if g.chance(0.2):
        g.render(b, g.pick(("\n", " ", "；")) + g.pick(NOTES))


def make_hard_negative(g: Gen, b: Builder) -> None:
    k = g.rng.choice((1, 1, 2, 2, 3))
    sep = g.pick(("", "\n", " "))
    for i in range(k):
        if i:
            b.text(sep)
        g.render(b, g.pick(HARD_NEG))


def _kind_plan(n: int, rng: random.Random) -> list[str]:
    counts = {kind: int(n * share) for kind, share in KIND_SHARES}
    leftover = n - sum(counts.values())
    for kind, _ in KIND_SHARES[:leftover]:
        counts[kind] += 1
    plan = [kind for kind, _ in KIND_SHARES for _ in range(counts[kind])]
    rng.shuffle(plan)
    return plan


def generate(seed: int = DEFAULT_SEED, n: int = DEFAULT_N) -> list[Record]:
    rng = random.Random(seed)
    plan = _kind_plan(n, rng)
    n_req = plan.count("request")
    pii_flags = [True] * (n_req - n_req // 2) + [False] * (n_req // 2)
    rng.shuffle(pii_flags)
    fake = Faker("zh_CN")
    records: list[Record] = []
    req_i = 0
    for i, kind in enumerate(plan):
        with_pii = False
        if kind == "request":
            with_pii = pii_flags[req_i]
            req_i += 1
        attempt = 0
        while True:
            g = Gen(seed * 100_003 + i * 101 + attempt, fake)
            b = Builder()
            if kind == "request":
                make_request(g, b, with_pii)
            elif kind == "form":
                make_form(g, b)
            elif kind == "note":
                make_note(g, b)
            else:
                make_hard_negative(g, b)
            text, spans = b.build()
            # PII-bearing kinds must hold at least one span (a form may have all its PII fields blanked)
            if kind == "hard_negative" or (kind == "request" and not with_pii) or spans:
                break
            attempt += 1
        if (kind == "hard_negative" or (kind == "request" and not with_pii)) and spans:
            raise AssertionError(f"PII in a PII-free record: {kind}")
        records.append(Record(f"heldout-{seed}-{i:05d}", kind, text, spans))
    return records


def summarize(records: Sequence[Record]) -> dict[str, dict[str, int]]:
    kinds = Counter(r.kind for r in records)
    labels = Counter(s.label for r in records for s in r.spans)
    empty = Counter(r.kind for r in records if not r.spans)
    return {
        "records_per_kind": dict(sorted(kinds.items())),
        "records_without_spans_per_kind": dict(sorted(empty.items())),
        "spans_per_label": {label: labels.get(label, 0) for label in LABELS},
    }


def write_jsonl(records: Sequence[Record], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r.to_json(), ensure_ascii=False) + "\n")
    tmp.replace(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, required=True, help="JSON-lines file to write")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"seed (default {DEFAULT_SEED})")
    parser.add_argument("--n", type=int, default=DEFAULT_N, help=f"number of records (default {DEFAULT_N})")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be positive")
    records = generate(args.seed, args.n)
    write_jsonl(records, args.out)
    print(json.dumps(summarize(records), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
