"""Generators of fake Chinese customer data for tests, demos and the domain evaluation set.

Everything here is generated, never taken from real people. Sources: Faker's ``zh_CN`` locale (MIT licence)
for given names, surnames, pinyin user names and company word stems, plus our own generators. The word lists
bundled in this module (places, roads, compound names, request templates and their slot fillers) are our own.

Output is deterministic for a given seed: each :class:`PiiFaker` owns a ``random.Random(seed)`` and a
``Faker("zh_CN")`` seeded per instance, so two instances with the same seed produce the same sequence.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable

from faker import Faker

MOBILE_STYLES = ("plain", "dashed", "spaced", "plus86", "plus86_dash", "0086", "paren86", "fullwidth")
DIGIT_STYLES = ("plain", "spaced4", "dashed4", "fullwidth")

# Mainland mobile number prefixes (first three digits) allocated to carriers.
MOBILE_PREFIXES: tuple[str, ...] = (
    *(f"13{d}" for d in range(10)),
    *(f"14{d}" for d in range(5, 10)),
    *(f"15{d}" for d in (0, 1, 2, 3, 5, 6, 7, 8, 9)),
    *(f"16{d}" for d in (2, 5, 6, 7)),
    *(f"17{d}" for d in range(9)),
    *(f"18{d}" for d in range(10)),
    *(f"19{d}" for d in (0, 1, 2, 3, 5, 6, 7, 8, 9)),
)

# Area codes: three-digit codes use 8-digit local numbers; most four-digit codes use 7 or 8.
LANDLINE_AREA_CODES: tuple[str, ...] = (
    "010", "020", "021", "022", "023", "024", "025", "027", "028", "029",
    "0755", "0571", "0512", "0592", "0731", "0851", "0871", "0898", "0531", "0532",
    "0371", "0311", "0351", "0471", "0431", "0451", "0551", "0591", "0791", "0771",
    "0931", "0951", "0971", "0991", "0757", "0769", "0760", "0754", "0574", "0510",
)  # fmt: skip

# County-level administrative division codes (GB/T 2260) used as the first six ID characters.
REGION_CODES: tuple[str, ...] = (
    "110101", "110105", "110108", "110106", "120101", "120104", "130102", "140105", "150102",
    "210102", "220102", "230103", "310101", "310104", "310115", "310112", "320102", "320508",
    "330106", "330108", "330212", "340104", "350203", "350102", "360102", "370102", "370202",
    "410105", "420106", "430104", "440106", "440104", "440305", "440304", "440306", "441900",
    "450103", "460105", "500103", "510104", "510107", "520102", "530102", "540102", "610113",
    "620102", "630102", "640104", "650102",
)  # fmt: skip

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

BANK_CARD_PREFIXES: tuple[str, ...] = (
    "622202", "622848", "621700", "621661", "622588", "621226", "622700", "623668", "621483",
    "622155", "625965", "628288", "436742", "427020", "524047", "518710",
)  # fmt: skip

COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "令狐",
    "夏侯",
    "端木",
)
HONORIFICS = ("先生", "女士", "阿姨", "师傅", "老师", "大爷", "小姐", "大姐", "经理", "总")

# province -> city -> districts (municipalities list themselves as the city).
GEOGRAPHY: dict[str, dict[str, tuple[str, ...]]] = {
    "北京市": {"北京市": ("东城区", "西城区", "朝阳区", "海淀区", "丰台区", "通州区", "昌平区")},
    "上海市": {"上海市": ("黄浦区", "徐汇区", "静安区", "浦东新区", "闵行区", "杨浦区")},
    "天津市": {"天津市": ("和平区", "南开区", "河西区", "滨海新区")},
    "重庆市": {"重庆市": ("渝中区", "江北区", "渝北区", "沙坪坝区")},
    "广东省": {
        "广州市": ("天河区", "越秀区", "海珠区", "番禺区", "白云区"),
        "深圳市": ("南山区", "福田区", "罗湖区", "宝安区", "龙岗区", "龙华区"),
        "佛山市": ("禅城区", "南海区", "顺德区"),
        "珠海市": ("香洲区", "金湾区"),
    },
    "浙江省": {"杭州市": ("西湖区", "上城区", "拱墅区", "滨江区", "余杭区"), "宁波市": ("鄞州区", "海曙区")},
    "江苏省": {"南京市": ("玄武区", "鼓楼区", "建邺区"), "苏州市": ("姑苏区", "吴中区", "相城区")},
    "四川省": {"成都市": ("锦江区", "武侯区", "青羊区", "成华区")},
    "湖北省": {"武汉市": ("武昌区", "江汉区", "洪山区", "江岸区")},
    "陕西省": {"西安市": ("雁塔区", "碑林区", "未央区")},
    "湖南省": {"长沙市": ("岳麓区", "芙蓉区", "天心区")},
    "福建省": {"厦门市": ("思明区", "湖里区"), "福州市": ("鼓楼区", "台江区")},
    "山东省": {"济南市": ("历下区", "市中区"), "青岛市": ("市南区", "崂山区")},
    "河南省": {"郑州市": ("金水区", "二七区", "中原区")},
}
MUNICIPALITIES = frozenset({"北京市", "上海市", "天津市", "重庆市"})

ROAD_STEMS = (
    "中山", "人民", "解放", "建设", "和平", "滨江", "科技", "文化", "新华", "长江", "黄河", "东风",
    "延安", "学府", "华夏", "迎宾", "青年", "工业", "光明", "朝阳", "振兴", "湖滨", "凤凰", "南湖",
)  # fmt: skip
ROAD_SUFFIXES = ("路", "路", "路", "街", "大道", "大街", "中路", "东路", "南路", "北路", "西路")

PROJECT_PREFIXES = (
    "丽景", "阳光", "翠湖", "金色", "锦绣", "御景", "星河", "东方", "紫荆", "香榭", "海悦", "华府",
    "碧水", "绿洲", "书香", "云顶", "枫林", "柏丽", "君悦", "盛世", "滨江", "嘉和", "怡景", "半岛",
)  # fmt: skip
PROJECT_SUFFIXES = (
    "苑",
    "花园",
    "天地",
    "家园",
    "华庭",
    "雅居",
    "公馆",
    "新城",
    "名苑",
    "山庄",
    "豪庭",
    "府",
)

COMPANY_TRADES = (
    "科技",
    "网络",
    "电子",
    "贸易",
    "建筑工程",
    "物流",
    "医疗器械",
    "文化传媒",
    "餐饮管理",
    "教育咨询",
)
COMPANY_FORMS = ("有限公司", "有限公司", "股份有限公司", "有限责任公司")
BANKS = (
    "中国工商银行",
    "中国建设银行",
    "中国农业银行",
    "中国银行",
    "招商银行",
    "交通银行",
    "兴业银行",
    "平安银行",
)
BUREAUS = (
    "教育局",
    "税务局",
    "公安分局",
    "卫生健康委员会",
    "住房和城乡建设局",
    "市场监督管理局",
    "人力资源和社会保障局",
)
UNIVERSITIES = (
    "北京大学", "清华大学", "浙江大学", "复旦大学", "中山大学", "武汉大学", "南京大学", "四川大学",
    "深圳大学", "华南理工大学", "西安交通大学", "厦门大学",
)  # fmt: skip
CHINESE_NUMERALS = "一二三四五六七八九十"

PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # I and O are not used on plates
EMAIL_DOMAINS = ("qq.com", "163.com", "126.com", "sina.com", "foxmail.com", "139.com", "yeah.net", "sohu.com")
COMPANY_DOMAIN_WORDS = ("tengda", "huaxin", "zhongke", "jinhai", "dongfang", "xinghe", "hengtai", "ruida")

_FULLWIDTH = str.maketrans(string.digits, "".join(chr(ord(d) + 0xFEE0) for d in string.digits))


def to_fullwidth_digits(text: str) -> str:
    """Replace ASCII digits with their full-width forms (U+FF10..U+FF19)."""
    return text.translate(_FULLWIDTH)


def resident_id_check_char(first17: str) -> str:
    """Return the GB 11643 MOD 11-2 check character for the first 17 digits of a resident ID."""
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def luhn_check_digit(body: str) -> str:
    """Return the ISO/IEC 7812 Luhn check digit to append to ``body``."""
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:  # these positions are doubled once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    """True if ``number`` (digits only) passes the Luhn check."""
    return number.isdigit() and len(number) > 1 and luhn_check_digit(number[:-1]) == number[-1]


def uscc_check_char(first17: str) -> str:
    """Return the GB 32100 check character for the first 17 characters of a unified social credit code."""
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def _org_code_check_char(first8: str) -> str:
    """GB 11714 organisation-code check character (positions 9–17 of a USCC embed this code)."""
    total = sum(int(c, 36) * w for c, w in zip(first8, ORG_CODE_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


class PiiFaker:
    """Deterministic generator of fake Chinese PII values and PII-free property-management requests."""

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self._rng = random.Random(seed)
        self._faker = Faker("zh_CN")
        self._faker.seed_instance(seed)

    # -- small helpers -------------------------------------------------------------------------------------
    def _digits(self, n: int) -> str:
        return "".join(self._rng.choice(string.digits) for _ in range(n))

    def _pick(self, options: tuple[str, ...] | list[str]) -> str:
        return self._rng.choice(options)

    def _geo(self) -> tuple[str, str, str]:
        province = self._pick(tuple(GEOGRAPHY))
        city = self._pick(tuple(GEOGRAPHY[province]))
        district = self._pick(GEOGRAPHY[province][city])
        return province, city, district

    # -- phones --------------------------------------------------------------------------------------------
    def mobile(self) -> str:
        """An 11-digit mainland mobile number with an allocated prefix."""
        return self._pick(MOBILE_PREFIXES) + self._digits(8)

    def format_mobile(self, digits: str, style: str) -> str:
        """Write an 11-digit mobile number in one of :data:`MOBILE_STYLES`."""
        a, b, c = digits[:3], digits[3:7], digits[7:]
        styles = {
            "plain": digits,
            "dashed": f"{a}-{b}-{c}",
            "spaced": f"{a} {b} {c}",
            "plus86": f"+86{digits}",
            "plus86_dash": f"+86-{a}-{b}-{c}",
            "0086": f"0086{digits}",
            "paren86": f"（+86）{digits}",
            "fullwidth": to_fullwidth_digits(digits),
        }
        if style not in styles:
            raise ValueError(f"unknown mobile style {style!r}; expected one of {MOBILE_STYLES}")
        return styles[style]

    def landline(self) -> str:
        """A landline with a real area code, e.g. 010-62345678, (021)54321234, 0571-88886666转8021."""
        area = self._pick(LANDLINE_AREA_CODES)
        length = 8 if len(area) == 3 else self._rng.choice((7, 8, 8))
        local = str(self._rng.randint(2, 8)) + self._digits(length - 1)
        shape = self._rng.random()
        if shape < 0.55:
            number = f"{area}-{local}"
        elif shape < 0.7:
            number = f"({area}){local}"
        elif shape < 0.8:
            number = f"（{area}）{local}"
        elif shape < 0.9:
            number = f"{area} {local}"
        else:
            number = f"{area}{local}"
        if self._rng.random() < 0.12:
            number += "转" + str(self._rng.randint(100, 9999))
        return number

    # -- identity documents --------------------------------------------------------------------------------
    def _resident_id_body(self) -> str:
        region = self._pick(REGION_CODES)
        year = self._rng.randint(1940, 2005)
        month = self._rng.randint(1, 12)
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        days = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
        day = self._rng.randint(1, days[month - 1])
        return f"{region}{year:04d}{month:02d}{day:02d}{self._rng.randint(0, 999):03d}"

    def resident_id(self) -> str:
        """An 18-character resident ID with a valid birth date, region code and GB 11643 check character."""
        body = self._resident_id_body()
        return body + resident_id_check_char(body)

    def resident_id_bad_check(self) -> str:
        """Like :meth:`resident_id` but with a wrong check character."""
        body = self._resident_id_body()
        right = resident_id_check_char(body)
        return body + self._pick([c for c in ID_CHECK_CHARS if c != right])

    def bank_card(self) -> str:
        """A Luhn-valid 16- or 19-digit card number, mostly UnionPay (62…), some Visa/Mastercard (4…/5…)."""
        prefix = self._pick(BANK_CARD_PREFIXES)
        length = 16 if prefix[0] in "45" else self._rng.choice((16, 19, 19))
        body = prefix + self._digits(length - len(prefix) - 1)
        return body + luhn_check_digit(body)

    def format_digits(self, digits: str, style: str) -> str:
        """Write a digit string as ``plain``, ``spaced4`` / ``dashed4`` (groups of four) or ``fullwidth``."""
        groups = [digits[i : i + 4] for i in range(0, len(digits), 4)]
        if style == "plain":
            return digits
        if style == "spaced4":
            return " ".join(groups)
        if style == "dashed4":
            return "-".join(groups)
        if style == "fullwidth":
            return to_fullwidth_digits(digits)
        raise ValueError(f"unknown digit style {style!r}; expected one of {DIGIT_STYLES}")

    def passport(self) -> str:
        """A PRC passport number: E12345678, EA1234567 or G12345678."""
        kind = self._rng.random()
        if kind < 0.45:
            return "E" + self._digits(8)
        if kind < 0.75:
            return "E" + self._pick(tuple(PLATE_LETTERS)) + self._digits(7)
        return "G" + self._digits(8)

    def hk_macao_permit(self) -> str:
        """A Mainland travel permit for Hong Kong and Macao: C + 8 digits or C + letter + 7 digits."""
        if self._rng.random() < 0.5:
            return "C" + self._digits(8)
        return "C" + self._pick(tuple(PLATE_LETTERS)) + self._digits(7)

    def uscc(self) -> str:
        """An 18-character unified social credit code with GB 11714 and GB 32100 check characters."""
        head = self._pick(("91", "91", "91", "92", "12", "52", "31"))
        region = self._pick(REGION_CODES)
        org_chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        org = "".join(self._rng.choice(string.digits if i else org_chars) for i in range(8))
        body = head + region + org + _org_code_check_char(org)
        return body + uscc_check_char(body)

    # -- online identities ---------------------------------------------------------------------------------
    def _pinyin_local(self) -> str:
        local: str = self._faker.user_name()
        return (
            "".join(c for c in local.lower() if c in string.ascii_lowercase + string.digits + "._") or "user"
        )

    def email(self) -> str:
        """An ASCII e-mail address with a pinyin-ish local part on a Chinese free-mail or company domain."""
        kind = self._rng.random()
        if kind < 0.2:
            return f"{self.qq()}@qq.com"
        local = self._pinyin_local()
        if self._rng.random() < 0.3:
            local += str(self._rng.randint(1, 2005))
        if kind < 0.75:
            domain = self._pick(EMAIL_DOMAINS)
        else:
            domain = (
                self._pick(COMPANY_DOMAIN_WORDS)
                + self._pick(("-tech", "", "group", "soft"))
                + self._pick((".com", ".com.cn", ".cn"))
            )
        return f"{local}@{domain}"

    def qq(self) -> str:
        """A QQ number: 5–11 digits, not starting with 0."""
        return str(self._rng.randint(1, 9)) + self._digits(self._rng.choice((5, 7, 8, 8, 9, 9, 10)))

    def wechat(self) -> str:
        """A WeChat ID: 6–20 characters, starting with a letter; letters, digits, ``_`` and ``-``."""
        kind = self._rng.random()
        if kind < 0.4:
            wid = self._pinyin_local().replace(".", "_") + self._digits(self._rng.randint(0, 4))
        elif kind < 0.7:
            wid = (
                self._pick(("wx", "vx", "wei", "w"))
                + "_"
                + self._pinyin_local().replace(".", "")
                + self._digits(2)
            )
        else:
            wid = "".join(
                self._rng.choice(string.ascii_lowercase + string.digits + "_-")
                for _ in range(self._rng.randint(6, 14))
            )
        wid = wid.lstrip(string.digits + "_-.")
        if not wid or not wid[0].isalpha():
            wid = "a" + wid
        while len(wid) < 6:
            wid += self._rng.choice(string.digits)
        return wid[:20]

    # -- people and organisations --------------------------------------------------------------------------
    def person(self) -> str:
        """A Chinese full name of 2–4 characters, sometimes with a compound surname."""
        surname: str = (
            self._pick(COMPOUND_SURNAMES) if self._rng.random() < 0.1 else self._faker.last_name()[:1]
        )
        given: str = self._faker.first_name()
        if len(surname) == 2 and len(given) > 1 and self._rng.random() < 0.5:
            given = given[:1]
        return surname + given[:2]

    def honorific(self) -> str:
        """A surname with a form of address: 王先生, 李女士, 张阿姨, 刘师傅, 陈老师 …"""
        surname: str = (
            self._pick(COMPOUND_SURNAMES) if self._rng.random() < 0.05 else self._faker.last_name()[:1]
        )
        return surname + self._pick(HONORIFICS)

    def employer(self) -> str:
        """A work unit: a company, bank branch, hospital, school or university, or government bureau."""
        _province, city, district = self._geo()
        kind = self._rng.random()
        if kind < 0.35:
            stem: str = self._faker.company_prefix()
            prefix = city if self._rng.random() < 0.7 else ""
            return f"{prefix}{stem}{self._pick(COMPANY_TRADES)}{self._pick(COMPANY_FORMS)}"
        if kind < 0.5:
            return f"{self._pick(BANKS)}{city.removesuffix('市')}{district.removesuffix('区')}支行"
        if kind < 0.65:
            if self._rng.random() < 0.5:
                return f"{city}第{self._pick(tuple(CHINESE_NUMERALS))}人民医院"
            return f"{city}{self._pick(('中医院', '妇幼保健院', '儿童医院', '口腔医院'))}"
        if kind < 0.8:
            return f"{city}{district}{self._pick(BUREAUS)}"
        if kind < 0.9:
            return self._pick(UNIVERSITIES)
        return (
            f"{city}第{self._rng.randint(1, 40)}中学"
            if self._rng.random() < 0.5
            else f"{city}{district}实验小学"
        )

    # -- places --------------------------------------------------------------------------------------------
    def project_name(self) -> str:
        """A residential compound name such as 丽景苑, 阳光花园 or 翠湖天地."""
        return self._pick(PROJECT_PREFIXES) + self._pick(PROJECT_SUFFIXES)

    def room(self) -> str:
        """A room designation: 3栋2单元501, 12-1-1801, 5号楼302室, A座1203, 2幢1单元601室 …"""
        building = self._rng.randint(1, 28)
        unit = self._rng.randint(1, 4)
        floor = self._rng.randint(1, 32)
        door = self._rng.randint(1, 6)
        number = f"{floor}{door:02d}"
        shape = self._rng.randrange(7)
        if shape == 0:
            return f"{building}栋{unit}单元{number}"
        if shape == 1:
            return f"{building}-{unit}-{number}"
        if shape == 2:
            return f"{building}号楼{number}室"
        if shape == 3:
            return f"{self._pick(('A', 'B', 'C', 'D'))}座{number}"
        if shape == 4:
            return f"{building}幢{unit}单元{number}室"
        if shape == 5:
            return f"{building}号楼{unit}单元{number}"
        return f"{building}栋{number}室"

    def address(self) -> str:
        """A street address: province/city/district/road/号/小区, sometimes with building, unit and room."""
        province, city, district = self._geo()
        road = self._pick(ROAD_STEMS) + self._pick(ROAD_SUFFIXES)
        number = f"{self._rng.randint(1, 999)}号"
        head_kind = self._rng.random()
        if head_kind < 0.4 and province not in MUNICIPALITIES:
            head = province + city + district
        elif head_kind < 0.8:
            head = city + district
        else:
            head = district
        tail = ""
        if self._rng.random() < 0.7:
            tail = self.project_name()
            if self._rng.random() < 0.6:
                tail += self.room()
        return head + road + number + tail

    def license_plate(self) -> str:
        """A vehicle plate: 粤B·12345, 京A 8K2Y9 or an 8-character new-energy plate such as 粤BD12345."""
        head = self._pick(tuple(PLATE_PROVINCES)) + self._pick(tuple("ABCDEFGH"))
        sep = self._pick(("", "", "·", " "))
        if self._rng.random() < 0.25:
            tail = (
                self._pick(("D", "F"))
                + self._pick(tuple(PLATE_LETTERS[:10] + "0123456789"))
                + self._digits(4)
            )
            return head + sep + tail
        pool = "0123456789" * 3 + PLATE_LETTERS
        return head + sep + "".join(self._rng.choice(pool) for _ in range(5))

    # -- PII-free requests ---------------------------------------------------------------------------------
    def _date(self) -> str:
        y, m, d = self._rng.randint(2019, 2025), self._rng.randint(1, 12), self._rng.randint(1, 28)
        return self._pick(
            (f"{y}年{m}月{d}日", f"{m}月{d}日", f"{y}-{m:02d}-{d:02d}", f"{y}.{m}.{d}", f"{m}月{d}号",
             f"{y}/{m:02d}/{d:02d}")
        )  # fmt: skip

    def _amount(self) -> str:
        value = self._rng.randint(20, 9000) + self._rng.choice((0, 0, 0.5, 0.8, 0.35))
        text = f"{value:,.2f}" if self._rng.random() < 0.4 else (f"{value:g}")
        return text + self._pick(("元", "元", "块", "元钱"))

    def _area(self) -> str:
        decimals = self._pick(("", ".5", ".36", ".8"))
        return f"{self._rng.randint(45, 220)}{decimals}{self._pick(('平方米', '平米', '㎡', '平'))}"

    def _hotline(self) -> str:
        kind = self._rng.random()
        if kind < 0.35:
            return f"400-{self._rng.randint(100, 999)}-{self._digits(4)}"
        if kind < 0.55:
            return f"800-{self._rng.randint(100, 999)}-{self._digits(4)}"
        return self._pick(("95598", "95588", "95533", "95566", "12345", "12315", "96777", "10086", "10000"))

    def _building(self) -> str:
        building = self._rng.randint(1, 28)
        return self._pick((f"{building}栋", f"{building}号楼", f"{building}幢", "我们这栋楼", "我们单元"))

    def _request_slot(self, name: str) -> str:
        """Fill one request slot: computed hard negatives first, then the word lists in REQUEST_SLOTS."""
        r = self._rng
        computed: dict[str, Callable[[], str]] = {
            "date": self._date,
            "amount": self._amount,
            "area": self._area,
            "hotline": self._hotline,
            "building": self._building,
            "year": lambda: str(r.randint(2019, 2025)),
            "hour": lambda: str(r.randint(6, 11)),
            "days": lambda: self._pick(("两", "三", "五", "好几", "十几", "3", "7")),
            "price": lambda: self._pick(("1.8", "2.5", "3.2", "4.6", "0.95")),
            "meter": lambda: f"{r.randint(100, 9999)}.{r.randint(0, 9)}",
            "order": lambda: (
                f"{r.randint(2019, 2025)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}{self._digits(8)}"
            ),
            "postcode": lambda: f"{r.randint(10, 85)}{self._digits(4)}",
            "project": self.project_name,
            "c": lambda: self._pick(("，", "，", "，", ",", " ", "；")),
        }
        if name in computed:
            return computed[name]()
        return self._pick(REQUEST_SLOTS[name])

    def request(self) -> str:
        """A PII-free property-management request (诉求), with hard negatives such as dates and amounts."""
        slots = _LazySlots(self._request_slot)
        body = self._pick(REQUEST_TEMPLATES).format_map(slots)
        lead = self._pick(REQUEST_LEADS)
        return lead + body + self._pick(("。", "。", "。", "！", "", "。。", "!", "？"))


class _LazySlots(dict[str, str]):
    """A format_map mapping that fills each slot once, on first use."""

    def __init__(self, fill: Callable[[str], str]) -> None:
        super().__init__()
        self._fill = fill

    def __missing__(self, key: str) -> str:
        value = self._fill(key)
        self[key] = value
        return value


REQUEST_LEADS = (
    "",
    "",
    "",
    "",
    "您好，",
    "你好，",
    "业主反映：",
    "投诉：",
    "咨询：",
    "报修：",
    "建议：",
    "【来电】",
)

# Request templates: our own text. Slots in braces are filled by PiiFaker._request_slot; none of them is PII.
REQUEST_TEMPLATES: tuple[str, ...] = (
    "{building}{room_part}漏水{c}{leak_detail}{c}{ask}",
    "家里{room_part}从{date}开始渗水{c}楼上说不是他们的问题{c}{ask}",
    "{time_of_day}{noise_source}噪音太大{c}影响老人孩子休息{c}{ask}",
    "{noise_source}每天{time_of_day}都很吵{c}已经持续{days}天了{c}{ask}",
    "地下车库{garage}的车位被外来车辆占用{c}月租车位{amount}一个月{c}{ask}",
    "小区车位不够{c}{parking_issue}{c}{ask}",
    "{building}电梯{lift_fault}{c}{lift_detail}{c}{ask}",
    "{year}年度物业费标准是{price}元/平方米·月{c}我家面积{area}{c}账单上写的是{amount}{c}{ask}",
    "物业费{fee_issue}{c}上次交了{amount}{c}{ask}",
    "小区{green_spot}{green_issue}{c}{name_like}{c}{ask}",
    "有业主在{pet_place}遛狗不牵绳{c}{pet_issue}{c}{ask}",
    "楼下装修{reno_issue}{c}装修押金{amount}{c}{ask}",
    "{provider}宽带{net_issue}{c}打了{hotline}也没人处理{c}{ask}",
    "{provider}的信号在{building}特别差{c}{ask}",
    "水表读数{meter}吨{c}本月用水量明显异常{c}{ask}",
    "电表读数{meter}度{c}电费比上月多了{amount}{c}供电那边说要打{hotline}{c}{ask}",
    "网购的快递订单号{order}显示已签收{c}但驿站说没有{c}{ask}",
    "垃圾分类点{garbage_issue}{c}建议{garbage_fix}{c}{ask}",
    "{date}晚上{hour}点左右{security_issue}{c}安全隐患很大{c}{ask}",
    "申请开具{year}年物业费发票{c}金额{amount}{c}邮编{postcode}{c}谢谢",
    "{utility}通知是{date}才贴出来的{c}{notice_issue}{c}{ask}",
    "小区{facility}{facility_issue}{c}{name_like}{c}{ask}",
    "{project}的{facility}{facility_issue}{c}{ask}",
    "咨询一下{year}年的{fee_kind}怎么交{c}能不能微信支付{c}客服热线{hotline}打不通",
    "{building}楼道{corridor_issue}{c}{ask}",
    "外卖和快递员{delivery_issue}{c}{ask}",
    "{date}交的{fee_kind}{amount}还没开收据{c}{ask}",
    "房子面积{area}{c}公摊面积算得不对{c}{ask}",
)

# fmt: off
REQUEST_SLOTS: dict[str, tuple[str, ...]] = {
    "ask": (
        "请尽快派人处理", "希望物业尽快解决", "麻烦安排师傅上门看看", "请给个答复", "希望能妥善处理",
        "请物业协调一下", "已经反映过多次了还没解决", "请尽快维修", "希望加强管理", "请回电说明情况",
        "麻烦跟进一下", "谢谢", "望尽快落实",
    ),
    "room_part": ("卫生间", "厨房", "阳台", "天花板", "外墙", "窗户", "主卧"),
    "leak_detail": ("楼上渗水", "墙面发霉", "已经好几天了", "地板都泡坏了", "雨天更严重"),
    "time_of_day": ("晚上", "凌晨", "周末", "中午", "早上六点", "半夜"),
    "noise_source": ("楼上", "隔壁", "广场舞", "施工队", "空调外机", "酒吧", "楼下商铺"),
    "garage": ("B1", "B2", "负一层", "负二层", "地面"),
    "parking_issue": ("外来车辆乱停", "消防通道被堵", "充电桩不够用", "临时停车收费太高"),
    "lift_fault": ("又坏了", "经常停运", "按键失灵", "有异响", "困人", "门关不严"),
    "lift_detail": ("老人上下楼不方便", "维保单位是什么时候检查的", "上周三刚修过", "年检合格证过期了"),
    "fee_issue": ("涨价没有公示", "收费标准不清楚", "多收了", "缴费系统显示异常"),
    "fee_kind": ("物业费", "停车费", "水费", "垃圾处理费", "装修押金"),
    "green_spot": ("绿化带", "草坪", "花坛", "树木", "竹林"),
    "green_issue": ("很久没修剪", "被踩坏了", "长虫了", "被改成了菜地"),
    "name_like": (
        "文明小区评比快到了", "高明的做法是定期养护", "周末孩子在那边玩", "金山那边的小区都弄好了",
        "马上要过年了", "何时能弄好", "白天晚上都有人", "常年这样", "黄金周前能不能处理", "方便的话今天来",
        "向阳那面的最严重", "张贴的通知没人看",
    ),
    "pet_place": ("电梯里", "草坪上", "楼道", "儿童游乐区"),
    "pet_issue": ("宠物粪便没人清理", "晚上狗叫扰民", "孩子被吓到了", "大型犬没有戴嘴套"),
    "reno_issue": ("超过规定时间施工", "周末也在打钻", "建筑垃圾堆在楼道", "拆了承重墙"),
    "provider": ("中国移动", "中国电信", "中国联通", "广电", "铁通"),
    "net_issue": ("断网", "网速很慢", "一直掉线", "光猫坏了"),
    "garbage_issue": ("味道很大", "满了没人清", "夏天招蚊子", "分类不清楚"),
    "garbage_fix": ("挪到金山路那边", "每天早晚各清一次", "加个顶棚", "多放几个桶"),
    "security_issue": ("小区门禁坏了", "单元门关不上", "监控不亮", "有陌生人进出", "保安不在岗"),
    "utility": ("停水", "停电", "停气", "电梯检修"),
    "notice_issue": ("太晚了", "张贴位置不显眼", "没有提前告知", "时间写错了"),
    "facility": ("路灯", "健身器材", "儿童滑梯", "消防通道", "游泳池", "门禁", "快递柜"),
    "facility_issue": ("坏了很久", "被占用", "有安全隐患", "没人管理", "收费不合理"),
    "corridor_issue": ("堆满杂物", "灯不亮", "墙皮脱落", "有人抽烟", "消防栓没水"),
    "delivery_issue": ("进不了小区", "把车停在消防通道", "按错门铃", "乱扔包装"),
}
# fmt: on
