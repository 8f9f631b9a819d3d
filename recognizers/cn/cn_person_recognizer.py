"""Chinese personal names (姓名): full names, compound surnames, and surname + form of address (王先生)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, ClassVar

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers.fields import synonym_index
from recognizers.jieba_setup import jieba, word_tags
from recognizers.lac_model import predict_near
from recognizers.ner_model import NerModel

DATA_PACKAGE = "recognizers"
SURNAME_TABLE = "data/cn_surnames.tsv"
GIVEN_CHAR_TABLE = "data/cn_given_name_chars.tsv"
ADMIN_DIVISION_TABLE = "data/cn_admin_divisions.tsv"

# Surnames below this share of the population (percent) are rare: they need a cue to be believed.
RARE_SURNAME_PERCENT = 0.05
# 小X / 老X is believed for surnames at least this common (小褚 yes; 小公 — 小公园 — no).
FAMILIAR_SURNAME_PERCENT = 0.03
# 小X / 老X that jieba knows at least this often is an ordinary word (小时, 小心, 老公), not a familiar form.
FAMILIAR_WORD_FREQ = 500
# jieba dictionary words at least this frequent are ordinary words even when jieba tags them as names (文明).
COMMON_WORD_FREQ = 2000
PUNCTUATION = frozenset(" \t\n\r　,，.。、;；:：!！?？\"'“”‘’()（）[]【】《》<>〈〉/|-—·…~～")


def _words(text: str) -> frozenset[str]:
    """A word list written as one space-separated string."""
    return frozenset(text.split())


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    score: float
    reason: str


@cache
def _surname_weights() -> dict[str, float]:
    """Surname -> percent of the population (``data/cn_surnames.tsv``)."""
    weights: dict[str, float] = {}
    text = resources.files(DATA_PACKAGE).joinpath(SURNAME_TABLE).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            surname, weight = line.split("\t")
            weights[surname] = float(weight)
    return weights


@cache
def _given_char_tiers() -> dict[str, str]:
    """Given-name character -> tier ``A`` (mostly in names) or ``B`` (also common in words)."""
    tiers: dict[str, str] = {}
    text = resources.files(DATA_PACKAGE).joinpath(GIVEN_CHAR_TABLE).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            char, tier = line.split("\t")
            tiers[char] = tier
    return tiers


@cache
def _place_short_names() -> frozenset[str]:
    """Short names of prefecture- and county-level divisions (白云区 → 白云, 金山区 → 金山, 江南区 → 江南), from
    ``data/cn_admin_divisions.tsv``: look-alikes of names that are places unless a strong cue says otherwise."""
    names: set[str] = set()
    text = resources.files(DATA_PACKAGE).joinpath(ADMIN_DIVISION_TABLE).read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        _, name, level = line.split("\t")
        if level == "province":
            continue
        short = re.sub(r"(?:自治[州县旗]|地区|林区|特区|[区县市旗盟])$", "", name)
        if len(short) >= 2:
            names.add(short)
    return frozenset(names)


@cache
def _jieba_dictionary() -> tuple[dict[str, int], dict[str, str]]:
    """jieba's word frequencies and part-of-speech tags (loaded once, offline, from the jieba package)."""
    jieba.dt.check_initialized()
    return jieba.dt.FREQ, word_tags()


# Characters used to transliterate foreign names (莫耶斯, 瓜迪奥拉, 西摩尔·霍夫曼); our own list.
TRANSLIT_CHARS = (
    "阿埃艾奥巴贝比彼波伯布达德迪蒂多厄恩菲费弗盖戈格瓜哈赫霍基吉杰卡凯坎柯科克库拉莱朗勒雷里利莉列洛罗鲁卢"
    "马迈曼梅蒙米莫姆穆纳娜尼涅诺帕佩皮普奇乔萨塞森什斯索塔泰特图托瓦威韦维沃西希亚扬耶伊约泽兹茨夫娃娅尔逊顿汉"
)
# A transliterated name: 3-8 such characters, parts joined by a middle dot.
TRANSLIT_NAME = re.compile(f"[{TRANSLIT_CHARS}]{{2,8}}(?:[·•][{TRANSLIT_CHARS}]{{2,8}})*")
# Endings of transliterated places and peoples rather than persons (意大利亚, 俄罗斯, 汉堡, 芬兰).
TRANSLIT_PLACE_END = ("亚", "斯堡", "堡", "尼亚", "利亚", "兰", "岛", "西亚", "拉斯", "斯坦", "尔特")


# Transliteration characters for the name model's foreign names: TRANSLIT_CHARS and the other characters of
# the Xinhua transliteration tables (our own list, written from the tables' character set).
MODEL_TRANSLIT_CHARS = frozenset(
    TRANSLIT_CHARS
    + "爱安昂拜班邦鲍本宾博查柴丹道登丁东杜法范芬丰福甘冈高贡古圭海豪黑亨胡华怀惠加贾金康考肯夸奎昆劳蕾丽林"
    + "琳隆伦麦芒毛门明南瑙内妮宁纽努欧潘庞彭珀齐切钦琼丘赛桑瑟沙莎尚舍申圣施史舒松苏坦汤唐廷万旺温乌伍武锡"
    + "夏谢辛休许雅英尤扎詹代摩翰斐迦黛柔珊琪丝妲薇"
)
# Where the rules see no candidate, the name model is still asked when the text holds two transliteration
# characters in a row (a foreign name) or a run of Latin letters.
MODEL_GATE = re.compile(f"[{''.join(sorted(MODEL_TRANSLIT_CHARS))}]{{2}}|[A-Za-z]{{3}}")
# A name in Latin script as the model tags it: letters, with inner spaces, dots or hyphens.
LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z .\-]*[A-Za-z]")
# jieba dictionary words at least this frequent are not taken as names on the model's say-so alone.
MODEL_COMMON_WORD_FREQ = 300
# Capital numerals of amounts (壹仟贰佰捌拾元伍角整): never a name, whatever a tagger says.
CAPITAL_NUMERALS = frozenset("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整")
# Score of a name-model span that passed the lexicon checks: above the report threshold, below every cued
# rule candidate (a form of address or a cue keeps its own span when the two overlap).
MODEL_SCORE = 0.5


def _candidate_start_chars() -> str:
    """Every surname's first character (single and compound surnames) and every transliteration character
    (foreign names): where a candidate may start."""
    return "".join(sorted({surname[0] for surname in _surname_weights()} | set(TRANSLIT_CHARS)))


def _surname_pattern() -> str:
    """One character class of ``_candidate_start_chars``."""
    return "[" + _candidate_start_chars() + "]"


class CnPersonRecognizer(EntityRecognizer):
    """Recognize Chinese personal names by combining evidence; no single cue decides.

    Candidates are a surname (single or compound, ``data/cn_surnames.tsv``) followed by one or two given-name
    characters, or by a form of address (王先生, 李女士, 张阿姨, 欧阳老师, 赵总: the address is inside the
    span), or 小王/老李. Each candidate is scored from: how common the surname is and whether it is also an
    ordinary word (于, 高, 金 …); how name-like the given characters are (``data/cn_given_name_chars.tsv``);
    a cue word right before (业主, 联系人, 我叫, 记者 …) or after (反映, 来电, 表示, ``，男``); whether the
    candidate lines up with jieba's word boundaries; and jieba's dictionary (a candidate that is an
    ordinary word — 方便, 马上, 黄金周 — is dropped). A form key (申请人, 联系人) is never a name; the value after
    it is. Names followed by 小区/花园/路/公司 … are places or companies and are dropped.

    Strong evidence (a form of address, or a cue with a name-like full name) scores >= 0.6; a bare full name
    without context usually stays under the 0.4 threshold unless it is long and name-like. A column header
    such as 姓名/联系人 passed as context lifts every candidate of the cell.
    """

    # Where a candidate may start: a surname's first character or a transliteration character.
    CANDIDATE_START: ClassVar[re.Pattern[str]] = re.compile(_surname_pattern())
    # A cheap gate for the vectorized path: no candidate start and nothing for the name model (a run of
    # transliteration characters or Latin letters), no name.
    PREFILTER: ClassVar[re.Pattern[str]] = re.compile(f"{_surname_pattern()}|{MODEL_GATE.pattern}")

    # Forms of address that follow a surname; longest first. The form is part of the PERSON span.
    HONORIFICS: ClassVar[tuple[str, ...]] = (
        "老先生", "老太太", "先生", "女士", "小姐", "太太", "阿姨", "师傅", "老师", "大爷", "大妈", "大姐",
        "大哥", "大叔", "叔叔", "奶奶", "爷爷", "老板", "总经理", "经理", "总监", "总工", "总", "主任",
        "医生", "律师", "教授", "博士", "同学", "警官", "书记", "局长", "院长", "校长", "部长", "科长",
        "处长", "厂长", "队长", "班长", "组长", "站长", "所长", "主管", "管家", "婆婆", "阿婆", "婶婶", "董",
        "工", "哥", "姐", "叔", "伯", "婶",
    )  # fmt: skip
    # Forms of address that may also follow a full name (谢某某先生).
    ADDRESS_AFTER_NAME: ClassVar[tuple[str, ...]] = ("老先生", "先生", "女士", "小姐", "太太", "同志")
    # Single-character forms of address that also start ordinary words: 王总 but not 总是/总额/总之.
    HONORIFIC_BLOCKED_NEXT: ClassVar[dict[str, str]] = {
        "总": "是额共计之体部结算量数价和而有会要统值裁理",
        "董": "事",
        "工": "作程资人地厂期具业商会龄号种位序艺伤装友段头钱时票单种件",
        "哥": "们俩儿哥",
        "姐": "妹弟夫们俩儿姐",
        "叔": "侄们叔",
        "伯": "父母爵乐伯",
        "婶": "们婶",
    }
    # One-character words before 小王 / 老李 that allow a familiar form when a boundary or cue follows (请小王跟进).
    FAMILIAR_BEFORE: ClassVar[tuple[str, ...]] = (
        "请", "让", "叫", "给", "和", "与", "跟", "找", "派", "转", "是", "问", "由", "被", "同", "及", "、",
    )  # fmt: skip
    # A hand-over, a role or a cue before 小王 / 老李 that is enough on its own (安排小陈过去, 管家小张, 联系小范).
    FAMILIAR_ROLE_BEFORE: ClassVar[tuple[str, ...]] = (
        "安排", "交给", "转给", "通知", "联系", "联係", "告诉", "管家", "保安", "保洁", "师傅", "维修",
        "坐席", "客服", "同事", "专员", "员工",
    )  # fmt: skip
    # Words after 小王 / 老李 that make it a person (小王跟进, 小陈过去, 老夏啊).
    FAMILIAR_AFTER: ClassVar[tuple[str, ...]] = (
        "跟进", "过去", "协调", "处理", "上门", "留意", "负责", "接单", "来电", "回电", "电话", "说", "讲",
        "来", "去", "到", "啊", "呀", "吧", "呢", "你", "您", "他", "她", "今天", "明天", "昨天", "已", "会",
        "要", "也", "都", "就", "刚", "在", "的", "和", "、", "与",
    )  # fmt: skip

    # Words right before a name (the VALUE after a form key is the name; the key itself never is).
    CONTEXT_BEFORE: ClassVar[tuple[str, ...]] = (
        "业主", "户主", "联系人", "住户", "租户", "客户", "申请人", "投诉人", "报修人", "来电人", "委托人",
        "代办人", "代理人", "受托人", "承租人", "出租人", "购房人", "买受人", "产权人", "房主", "屋主",
        "车主", "户名", "姓名", "名字", "签名", "签字", "经办人", "负责人", "法人", "法定代表人",
        "收件人", "收货人", "寄件人", "持卡人", "开户人", "开户名", "账户名", "监护人", "紧急联系人",
        "处理人", "接待人", "登记人", "填表人", "我是", "我叫", "本人", "名叫", "叫做", "署名", "致电",
        "联系", "找", "通知", "告知", "委托", "转告", "尊敬的", "感谢", "致", "商户", "老公", "老婆",
        "丈夫", "妻子", "儿子", "女儿", "父亲", "母亲", "邻居", "--", "——", "持证人", "对接人", "联络人",
        "紧急联络人", "登记人", "安排", "交给", "转给", "管家", "保安", "保洁", "保姆", "维修工",
        "坐席", "客服", "房东", "联係",
    )  # fmt: skip
    # Last characters of job titles and roles (署长, 刑警, 研究员, 工程师, 实习生).
    TITLE_ENDINGS: ClassVar[str] = "长员师官警理监任席授士家手者生导演委记裁总董"
    # A date or time right before a name is a boundary jieba may miss (11月21日钱女士): a digit and one of these.
    DATE_MARKS: ClassVar[str] = "日号点分时"
    DATE_BEFORE: ClassVar[re.Pattern[str]] = re.compile(rf"\d[{DATE_MARKS}]$")
    # Compound surnames that are also ordinary words (东方红, 百里挑一): believed only with a cue.
    AMBIGUOUS_COMPOUND: ClassVar[frozenset[str]] = _words(
        "东方 司马 上官 百里 第五 单于 东门 西门 南宫 公孙 长孙"
    )
    # A compound (residential estate) name ends in one of these; 丽景苑, 碧水华庭, 华府.
    COMPOUND_NAME_END: ClassVar[str] = "苑府邸墅庭"
    # Without a strong cue, a candidate ending in one of these is a place: 王府井, 李家庄, 高家堡.
    PLACE_NAME_END: ClassVar[str] = "井庄屯堡坊寺塔岛港湾营铺城"
    # "盛世天地25栋": a candidate followed by more words and then a building is an estate name.
    ESTATE_WING: ClassVar[str] = "座"
    ESTATE_BUILDINGS: ClassVar[tuple[str, ...]] = ("栋", "幢", "座", "号楼", "期")
    ESTATE_AHEAD: ClassVar[re.Pattern[str]] = re.compile(
        rf"[\u4e00-\u9fff]{{1,4}}(?:[A-Za-z]{ESTATE_WING}|\d+(?:{'|'.join(ESTATE_BUILDINGS)}))"
    )
    # Titles and roles that precede a name in news and résumés (记者王伟, 董事长李明).
    TITLES_BEFORE: ClassVar[tuple[str, ...]] = (
        "记者", "通讯员", "教练", "主教练", "董事长", "总经理", "副总经理", "经理", "总裁", "主席", "副主席",
        "总统", "首相", "总理", "部长", "局长", "书记", "市长", "省长", "县长", "校长", "院长", "主任",
        "教授", "博士", "导演", "演员", "歌手", "主持人", "队长", "球员", "选手", "作家", "编辑", "律师",
        "医生", "警官", "民警", "法官", "会长", "理事长", "秘书长", "总监", "厂长", "老师", "同学", "网友",
        "明星", "代表", "委员", "专家", "研究员", "工程师", "创始人", "董事", "监事", "独立董事", "主播",
        "后卫", "前锋", "门将", "中锋", "队员", "艺人", "画家", "诗人", "作者", "嘉宾", "冠军", "先生",
        "女士", "和", "与", "及", "、", "同", "跟", "给", "向", "被", "由", "让", "请", "叫", "问", "是",
    )  # fmt: skip
    # Words right after a name.
    CONTEXT_AFTER: ClassVar[tuple[str, ...]] = (
        "反映", "来电", "表示", "称", "说", "投诉", "报修", "致电", "认为", "指出", "介绍", "告诉", "透露",
        "坦言", "回忆", "强调", "同志", "出示", "本人", "签字", "签名", "代办", "委托", "就职", "任职",
        "现任", "曾任", "历任", "担任", "毕业", "出生", "家住", "住在", "要求", "希望", "反应", "咨询",
        "询问", "申请", "办理", "来访", "到访", "留言", "回复", "已", "在", "于", "的", "和", "与", "、",
        "等", "（", "(", "，男", "，女", "(男", "(女", "（男", "（女", "男，", "女，", "先生", "女士",
        "跟进", "过去", "协调", "接单", "上门", "留意", "负责",
    )  # fmt: skip
    # Clause openers in a résumé after "name，": 吴某某，中国国籍 / ，男 / ，1966年出生.
    RESUME_SEPARATORS: ClassVar[str] = "，,:："
    RESUME_AFTER: ClassVar[re.Pattern[str]] = re.compile(
        rf"[{RESUME_SEPARATORS}]\s*(?:男|女|中国|汉族|\d{{4}}年|出生|硕士|博士|本科|大专|研究生|现任|曾任|历任|高级|教授|无境外)"
    )
    # After these, the "name" is a place, a compound or a company: 金山路, 丽景苑, 万科公司.
    NOT_PERSON_AFTER: ClassVar[tuple[str, ...]] = (
        "小区", "花园", "家园", "新村", "公寓", "苑", "府", "区", "路", "街", "道", "巷", "弄", "公司", "银行",
        "大厦", "广场", "中心", "医院", "学校", "大学", "学院", "中学", "小学", "集团", "酒店", "宾馆", "饭店",
        "市", "省", "县", "镇", "乡", "村", "山", "河", "湖", "江", "桥", "站", "港", "湾", "庄", "园", "城",
        "楼", "门", "店", "厂", "局", "馆", "社", "委", "科技", "实业", "控股", "股份", "有限", "物业", "事务所", "地产",
        "置业", "电器", "汽车", "牌", "号", "氏", "姓", "族", "体", "式", "型", "系", "派", "家族", "王朝",
        "定律", "效应", "主义", "思想", "商圈", "路口", "一带", "地铁",
    )  # fmt: skip
    # A time of day before a candidate makes it a phrase, not a name: 早高峰, 晚高峰.
    NOT_PERSON_BEFORE: ClassVar[str] = "早晚"
    # 任 after one of these is the verb "to serve as" (曾任, 现任 + a company), not a surname.
    SERVE_SURNAME: ClassVar[str] = "任"
    SERVE_BEFORE: ClassVar[str] = "曾现历兼出担升调聘继"
    # Separators skipped between a cue and the value after it: 姓名：王伟 / 联系人 王伟.
    CUE_SEPARATORS: ClassVar[str] = " \t　：:"
    # 小王 / 老李.
    FAMILIAR_MARKS: ClassVar[str] = "小老"
    # 管一管, 查了查, 看不看: a verb said twice around one of these is not a surname and a given name.
    REDUPLICATION_MARKS: ClassVar[str] = "一了不"
    # Look-alikes that are ordinary words, places or brands (also caught by jieba's dictionary when listed
    # there as non-names; these are the ones jieba tags as names or does not know).
    STOPWORDS: ClassVar[frozenset[str]] = _words(
        "高明 文明 金山 温馨 林荫 林荫道 向阳 张贴 万科 宋体 黄浦 江南 丽景 云顶 石家庄 常州 安全 平安 "
        "华为 金融 金牌 金色 黄色 白色 蓝色 方向 方面 方案 方法 方式 周年 周期 周边 周围 周到 高兴 高级 "
        "高度 高速 高中 高温 任务 任意 任职 于是 于此 何况 何必 何处 何时 常见 常规 常用 时候 时光 时代 "
        "马上 马路 钱包 石头 司机 高层 金额 时间 申请 包括 包装 包容 程序 成功 成都 成为 成立 成本 成绩 "
        "关于 关系 关注 关心 应该 应用 齐全 全部 全面 全国 宁可 宁波 明天 明年 明确 明显 江苏 江西 华南 "
        "华北 万元 万一 龙头 龙岗 司法 雷锋 梁山 孔子 左右 左边 毛病 严重 严格 谢谢 谢绝 许多 许可 "
        "连续 连接 车位 车库 车辆 路灯 门禁 易于 尤其 干净 原因 原来 姜山 苏州 杭州 沈阳 "
        "黄金周 付款 付费 邮编 邮箱 冯小刚 保安 保洁 保修 保证 柏油 卫生 卫生间 卢沟桥 毕业 边上 谷歌 "
        "童年 艾滋 童装 房东 房产 房屋 房间 房子 水费 电费 项目 夏天 秋天 冬天 春天 晚上 早上 凌晨 "
        "单元 单位 单价 屈服 伍佰 甘肃 牛奶 牛肉 燕郊 燕窝 麦当劳 巴士 诸位 鲁迅 师傅 师父 师兄 师姐"
    )

    def __init__(
        self,
        supported_language: str = "zh",
        supported_entity: str = "PERSON",
        name: str | None = None,
        context: list[str] | None = None,
        model: NerModel | None = None,
    ) -> None:
        # Presidio leaves `name` untyped; this is the same value, typed.
        self.recognizer_name: str = name or type(self).__name__
        # `context` is for column headers only (see enhance_using_context); free-text cues are scored here.
        super().__init__(
            supported_entities=[supported_entity],
            supported_language=supported_language,
            name=self.recognizer_name,
            context=context
            if context
            else [
                "姓名",
                "名字",
                "联系人",
                "户主",
                "户名",
                "业主",
                "租户",
                "客户",
                "代办人",
                "负责人",
                "经办人",
            ],
        )
        self.model = model

    def load(self) -> None:
        """Load the bundled tables and jieba's dictionary once, at construction."""
        _surname_weights()
        _given_char_tiers()
        _place_short_names()
        _jieba_dictionary()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """PERSON spans in ``text``; every result carries its score reason in the explanation."""
        if not self.PREFILTER.search(text):
            return []
        return self._results(text, self._rule_candidates(text))

    def analyze_fast(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """``analyze`` for the fast path: the same results, from the compiled rule candidates
        (``_compiled_candidates``) where ``analyze`` runs ``find_candidates`` in Python."""
        if not self.PREFILTER.search(text):
            return []
        return self._results(text, self._compiled_candidates(text))

    def _results(self, text: str, rule_candidates: Sequence[_Candidate]) -> list[RecognizerResult]:
        """The recognizer's results from its rule candidates, with the name model's and linked names."""
        candidates = list(rule_candidates)
        if self.model is not None:
            # The statistical tagger is asked only where the rules see a possible name (see
            # _model_candidates); its spans join the rule candidates after the same lexicon checks, and the
            # higher score wins an overlap.
            candidates.extend(self._model_candidates(text, candidates))
        results = []
        for candidate in _linked_names(text, _non_overlapping(candidates)):
            result = RecognizerResult(
                entity_type=self.supported_entities[0],
                start=candidate.start,
                end=candidate.end,
                score=round(candidate.score, 2),
                analysis_explanation=AnalysisExplanation(
                    recognizer=self.recognizer_name,
                    original_score=candidate.score,
                    textual_explanation=candidate.reason,
                ),
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.recognizer_name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    # Free-text cues are already in the score: Presidio's window enhancer would re-count
                    # them (and lift look-alikes near any 业主 in the sentence).
                    RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
                },
            )
            results.append(result)
        return results

    def enhance_using_context(
        self,
        text: str,
        raw_recognizer_results: list[RecognizerResult],
        other_raw_recognizer_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        """A name-column header (姓名, 联系人 …) passed as context lifts the candidates of a short cell."""
        if not context or not any(word in key for key in context for word in self.context):
            return raw_recognizer_results
        for result in raw_recognizer_results:
            # A cell that is the name (plus at most a separator or two) is the name.
            if len(text.strip()) <= result.end - result.start + 2:
                result.score = max(result.score, min(1.0, result.score + 0.35), 0.6)
        return raw_recognizer_results

    def model_positions(self, text: str) -> list[int]:
        """Where ``analyze_fast`` (and ``analyze``: the candidates are the same) will ask the name model about
        ``text`` (offsets; ``predict_near`` tags the clauses holding them): a fast path tags those clauses for
        many texts at once before analysing them."""
        if self.model is None or not self.PREFILTER.search(text):
            return []
        return self._model_positions(text, self._compiled_candidates(text))

    # --- candidates -------------------------------------------------------------------------------------

    @lru_cache(maxsize=1 << 12)  # noqa: B019 - recognizers live as long as the process; asked twice per text
    def _rule_candidates(self, text: str) -> tuple[_Candidate, ...]:
        """The rule candidates of ``text`` (``find_candidates`` on jieba's boundaries), kept for a while: the
        fast path without the built extension asks for them once to plan the model's work and once to
        analyse (with the extension it asks ``_compiled_candidates``, kept the same way)."""
        return tuple(self.find_candidates(text, self._token_bounds(text)))

    @lru_cache(maxsize=1 << 12)  # noqa: B019 - as _rule_candidates
    def _compiled_candidates(self, text: str) -> tuple[_Candidate, ...]:
        """``_rule_candidates`` from the built extension ``recognizers._person`` (``find_candidates`` less
        transliterated names, in C; tests hold the two to the same candidates), or from Python when the
        extension was not built."""
        native = _native_rules()
        if native is None:
            return self._rule_candidates(text)
        lengths = _text_word_lengths(text)
        candidates = [_Candidate(*row) for row in native.find(text, lengths)]
        if TRANSLIT_NAME.search(text):  # else _transliterated finds nothing
            candidates.extend(self._transliterated(text, _bounds(lengths)))
        return tuple(candidate for candidate in candidates if candidate.score > 0)

    @staticmethod
    def _token_bounds(text: str) -> tuple[set[int], set[int]]:
        """Start and end offsets of jieba's words. jieba is called here rather than read from the NLP
        artifacts so that the fast path (which skips the NLP engine) sees the same boundaries."""
        return _bounds(_text_word_lengths(text))

    def find_candidates(self, text: str, bounds: tuple[set[int], set[int]]) -> list[_Candidate]:
        """Every scored candidate in ``text`` (overlapping; the caller picks)."""
        surnames = _surname_weights()
        candidates: list[_Candidate] = []
        for match in self.CANDIDATE_START.finditer(text):
            start = match.start()
            for surname_length in (2, 1):
                surname = text[start : start + surname_length]
                if surname not in surnames or len(surname) != surname_length:
                    continue
                candidates.extend(self._score_at(text, start, surname, bounds))
            candidates.extend(self._familiar_form(text, start))
        candidates.extend(self._transliterated(text, bounds))
        return [candidate for candidate in candidates if candidate.score > 0]

    def _transliterated(self, text: str, bounds: tuple[set[int], set[int]]) -> list[_Candidate]:
        """Foreign names written in transliteration characters (主教练沃尔贝克, 莫耶斯表示): at least three such
        characters on jieba word boundaries, not a dictionary word other than a name, not ending like a place,
        and with a title or cue before or a cue after."""
        starts, ends = bounds
        frequencies, tags = _jieba_dictionary()
        found: list[_Candidate] = []
        for match in TRANSLIT_NAME.finditer(text):
            start, end = match.span()
            name = match.group()
            if len(name.replace("·", "").replace("•", "")) < 3 or name.endswith(TRANSLIT_PLACE_END):
                continue
            if start not in starts or end not in ends:
                continue
            if name in frequencies and not tags.get(name, "").startswith("nr"):
                continue
            if any(frequencies.get(name[i : i + 2], 0) >= 1000 for i in range(len(name) - 1)):
                continue  # 马上, 利比 … a common word inside: ordinary text
            before, _ = self._cue_before(text, start)
            if before == 0 and self._title_token_before(text, start, ends):
                before = 0.2
            after = self._cue_after(text, end)
            if before >= 0.2 or after >= 0.2:
                found.append(_Candidate(start, end, 0.45, "transliterated name"))
        return found

    def _score_at(
        self, text: str, start: int, surname: str, bounds: tuple[set[int], set[int]]
    ) -> list[_Candidate]:
        starts, ends = bounds
        percent = _surname_weights()[surname]
        compound = len(surname) == 2
        rare = (percent < RARE_SURNAME_PERCENT and not compound) or surname in self.AMBIGUOUS_COMPOUND
        before, vouched = self._cue_before(text, start)
        # jieba glues a name to a cue now and then (本人杨, 找王总); a real cue vouches for the start.
        start_aligned = start in starts or vouched
        found: list[_Candidate] = []

        if start > 0 and text[start - 1] in self.NOT_PERSON_BEFORE and not vouched:
            return []  # 早高峰
        if surname == self.SERVE_SURNAME and start > 0 and text[start - 1] in self.SERVE_BEFORE:
            return []  # 曾任/现任 + a company: "to serve as", not a surname
        if before == 0 and self._title_token_before(text, start, ends):
            before = 0.2
        after_surname = start + len(surname)
        honorific = self._honorific_at(text, after_surname)
        # 请张阿姨: a one-character function word before a form of address is a boundary too. A rare surname
        # with a one-character form (栾工, 卜哥) needs a cue on either side.
        if (
            honorific
            and (start_aligned or before > 0)
            and not (
                rare
                and len(honorific) == 1
                and before < 0.2
                and self._cue_after(text, after_surname + 1) < 0.05
            )
        ):
            end = after_surname + len(honorific)
            if not self._not_person_after(text, end) and not self._is_word(text[start:end]):
                strong = before >= 0.2 or compound or not rare
                score = 0.85 if strong and (before > 0 or len(honorific) > 1) else 0.6
                if start > 0 and before == 0 and "\u4e00" <= text[start - 1] <= "\u9fff":
                    score = 0.6  # 卢林先生: the full name (scored below) should win over 林先生
                found.append(_Candidate(start, end, score, f"surname + {honorific}"))

        if surname in self.AMBIGUOUS_COMPOUND and before < 0.35:
            return found  # 东方红: a full name after an ambiguous compound surname needs a strong cue
        tiers = _given_char_tiers()
        for given_length in (1, 2):
            end = after_surname + given_length
            if end > len(text):
                break
            given = text[after_surname:end]
            if not all("\u4e00" <= char <= "\u9fff" for char in given):
                break
            if self._is_word(text[start:end]) or given[-1] in self.COMPOUND_NAME_END:
                continue
            if text[start:end] in synonym_index():
                continue  # 楼栋：…, a form key
            if before < 0.35 and text[start:end] in _place_short_names():
                continue  # 白云, 金山: a district unless a strong cue (业主白云) says it is a person
            if given_length == 2 and not compound and self._is_word(text[start : start + 2], min_freq=100):
                continue  # 黄金周, 马上要
            if (
                given_length == 2
                and self._is_word(given, min_freq=100)
                and not all(char in tiers for char in given)
                and before < 0.35
                and self._cue_after(text, end) < 0.2
            ):
                continue  # 杨就职
            if self.ESTATE_AHEAD.match(text, end):
                continue
            if (
                before < 0.35
                and given[-1] in self.PLACE_NAME_END
                and not self.RESUME_AFTER.match(text, end)
                and not text.startswith(self.ADDRESS_AFTER_NAME, end)
            ):
                continue  # 王府井, but not 徐某城，男 / 赵某营先生
            if given_length == 2 and given[0] in self.REDUPLICATION_MARKS and given[1] == surname[-1]:
                continue  # 管一管, 查了查: a verb said twice
            # jieba keeps the whole candidate as one word: a name in its dictionary (许宗衡) or a new word its
            # model found (侯淅珉). Either is evidence of a name when nothing else explains the characters.
            one_token = (
                given_length == 2
                and start in starts
                and end in ends
                and not any(position in starts for position in range(start + 1, end))
                and (
                    _jieba_dictionary()[1].get(text[start:end], "").startswith("nr")
                    or (
                        text[start:end] not in _jieba_dictionary()[0] and any(char in tiers for char in given)
                    )
                )
            )
            if (
                given_length == 2
                and before < 0.35
                and not one_token
                and not any(char in tiers for char in given)
            ):
                continue  # no given-name character at all, and nothing says it is a person
            score = 0.15
            if compound:
                score += 0.0 if rare else 0.15
            else:
                score += 0.1 if percent >= 0.5 else (0.0 if not rare else -0.15)
            char_score = {"A": 0.15, "B": 0.05}
            score += sum(char_score.get(tiers.get(char, ""), -0.15) for char in given) / given_length
            if given_length == 2:
                score += 0.1
            if one_token:
                score += 0.15
            score += before
            if not start_aligned:
                score -= 0.3
            if end not in ends:
                score -= 0.15
            after = self._cue_after(text, end)
            score += after
            if self._not_person_after(text, end):
                continue
            # A form of address after the full name (谢某某先生) is inside the span; a title (教授) is not.
            address = next((word for word in self.ADDRESS_AFTER_NAME if text.startswith(word, end)), "")
            if address and start_aligned and score >= 0.25:
                found.append(
                    _Candidate(start, end + len(address), max(min(score + 0.3, 0.95), 0.9), "name + address")
                )
                continue
            if score > 0:
                found.append(
                    _Candidate(start, end, min(score, 0.95), f"full name ({before:+.2f} {after:+.2f})")
                )
        return found

    def _model_candidates(self, text: str, rule_candidates: Sequence[_Candidate]) -> list[_Candidate]:
        """The name model's PERSON spans that pass baomi's own lexicon checks (``_model_name_ok``), and the
        weak rule candidates the model agrees with: a full-name rule candidate below the threshold that starts
        where a model span starts, ends with it or (three characters or more) one character short of it, and
        passes the same checks (梅建明 of the model's 梅建明文; not 王工 of 王工作) is lifted to the model's score."""
        assert self.model is not None
        found: list[_Candidate] = []
        for span in predict_near(self.model, text, self._model_positions(text, rule_candidates)):
            if span.entity_type != self.supported_entities[0]:
                continue
            for candidate in rule_candidates:
                if (
                    candidate.start == span.start
                    and (
                        candidate.end == span.end
                        or (candidate.end == span.end - 1 and candidate.end - candidate.start >= 3)
                    )
                    and 0 < candidate.score < MODEL_SCORE
                    and candidate.reason.startswith("full name")
                    and self._model_name_ok(text, candidate.start, candidate.end)
                ):
                    found.append(_Candidate(candidate.start, candidate.end, MODEL_SCORE, "rule + name model"))
            if self._model_name_ok(text, span.start, span.end):
                found.append(_Candidate(span.start, span.end, MODEL_SCORE, "name model"))
        return found

    @staticmethod
    def _model_positions(text: str, rule_candidates: Sequence[_Candidate]) -> list[int]:
        """Only clauses with a candidate the model could lift (one already above the model's score is reported
        without it) or with a possible foreign name are tagged."""
        positions = [candidate.start for candidate in rule_candidates if candidate.score < MODEL_SCORE]
        positions += [match.start() for match in MODEL_GATE.finditer(text)]
        return positions

    def _model_name_ok(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` may be a name on the model's say-so: a surname (single or compound) with
        one to three given characters, a transliterated name, or a Latin-script name; and not a common word in
        jieba's dictionary (nor a surname before one: 王工作), a place, a form key or cue, an estate name, an
        amount in capital numerals, or a name followed by a place/company suffix."""
        name = text[start:end]
        if LATIN_NAME.fullmatch(name):
            return True
        plain = name.replace("·", "").replace("•", "")
        if not plain or not all("\u4e00" <= char <= "\u9fff" for char in plain):
            return False
        if any(char in CAPITAL_NUMERALS for char in plain) or plain[-1] in self.COMPOUND_NAME_END:
            return False
        surnames = _surname_weights()
        transliterated = len(plain) >= 2 and all(char in MODEL_TRANSLIT_CHARS for char in plain)
        surname = plain[:2] if plain[:2] in surnames else plain[:1]
        given = plain[len(surname) :]
        native = surname in surnames and 1 <= len(given) <= (3 if len(surname) == 2 else 2)
        if not (native or transliterated):
            return False
        if (
            native
            and not transliterated
            and len(given) > 1
            and self._common_word(given)
            and not all(char in _given_char_tiers() for char in given)
        ):
            return False  # 王工作很忙: a surname and an ordinary word
        return not (
            self._common_word(name)
            or name in _place_short_names()
            or name in synonym_index()
            or name in self.CONTEXT_BEFORE
            or self._not_person_after(text, end)
        )

    def _common_word(self, word: str) -> bool:
        """A word jieba's dictionary knows too well to be taken as a name on a model's say-so (向阳, 马力)."""
        return word in self.STOPWORDS or _jieba_dictionary()[0].get(word, 0) >= MODEL_COMMON_WORD_FREQ

    def _title_token_before(self, text: str, start: int, ends: set[int]) -> bool:
        """A job title or role ends right before the name (副署长, 刑警, 实习生): 2-4 characters ending in a
        title character, on a jieba word boundary."""
        if start not in ends:
            return False
        for length in (2, 3, 4):
            word = text[start - length : start]
            if len(word) == length and word[-1] in self.TITLE_ENDINGS and self._is_word(word, min_freq=1):
                return True
        return False

    def _familiar_form(self, text: str, start: int) -> list[_Candidate]:
        """小王 / 老李: a familiar form of a surname, with a request, role or cue before it (请小王跟进, 管家小张)
        or a clause boundary / cue after it (…，老李。 小陈过去). Ordinary words (小时, 小心, 老公) are not names."""
        if start == 0 or text[start - 1] not in self.FAMILIAR_MARKS:
            return []
        if _surname_weights().get(text[start], 0.0) < FAMILIAR_SURNAME_PERCENT:
            return []
        frequencies, _ = _jieba_dictionary()
        if frequencies.get(text[start - 1 : start + 1], 0) >= FAMILIAR_WORD_FREQ:
            return []
        end = start + 1
        if self._is_word(text[start : start + 2], min_freq=100):
            return []  # 小高兴, 老金额: the surname character starts a word
        head = text[max(0, start - 5) : start - 1]
        role = head.endswith(self.FAMILIAR_ROLE_BEFORE)
        before_ok = (
            role
            or start == 1
            or not "\u4e00" <= text[start - 2] <= "\u9fff"
            or self._cue_before(text, start - 1)[1]
            or head.endswith(self.FAMILIAR_BEFORE)
        )
        after_ok = (
            end >= len(text)
            or text[end] in PUNCTUATION
            or text[end].isdigit()
            or text.startswith(self.FAMILIAR_AFTER, end)
            or self._cue_after(text, end) >= 0.2
        )
        if not (role or (before_ok and after_ok)):
            return []
        return [_Candidate(start - 1, end, 0.55, "familiar form")]

    def _honorific_at(self, text: str, position: int) -> str:
        """The first form of address (in HONORIFICS order) at ``position`` not blocked by the next character."""
        honorifics = tuple(self.HONORIFICS)
        for honorific in _prefixes_in_order(text[position : position + _longest(honorifics)], honorifics):
            blocked = self.HONORIFIC_BLOCKED_NEXT.get(honorific, "")
            following = text[position + len(honorific) : position + len(honorific) + 1]
            if following and following in blocked:
                continue
            return honorific
        return ""

    def _cue_before(self, text: str, start: int) -> tuple[float, bool]:
        """Score for what precedes the candidate (a cue word, a title, a clause boundary), and whether that
        cue is strong enough to stand for a word boundary that jieba missed."""
        position = start
        # Skip a separator between the cue and the value: 姓名：王伟 / 联系人 王伟 / 我是王伟.
        while position > 0 and text[position - 1] in self.CUE_SEPARATORS:
            position -= 1
        head = text[max(0, position - 6) : position]
        if _first_suffix(head, tuple(self.CONTEXT_BEFORE)) is not None:
            return 0.35, True
        title = _first_suffix(head, tuple(self.TITLES_BEFORE))
        if title is not None:
            return 0.2, len(title) > 1
        if start == 0:
            return 0.1, False
        if text[start - 1] in PUNCTUATION or self.DATE_BEFORE.search(head):
            return 0.05, True
        return 0.0, False

    def _cue_after(self, text: str, end: int) -> float:
        if end >= len(text):
            return 0.05
        if self.RESUME_AFTER.match(text, end):
            return 0.3
        tail = text[end : end + 3]
        if _has_prefix(tail, tuple(self.CONTEXT_AFTER)):
            return 0.2
        if text[end] in PUNCTUATION:
            return 0.05
        return 0.0

    def _not_person_after(self, text: str, end: int) -> bool:
        """A place/company suffix follows — unless that character starts a word of its own (委托, 道歉)."""
        words = tuple(self.NOT_PERSON_AFTER)
        for suffix in _prefixes_in_order(text[end : end + _longest(words)], words):
            return len(suffix) > 1 or not self._is_word(text[end : end + 2], min_freq=100)
        return False

    def _is_word(self, word: str, min_freq: int = 1) -> bool:
        """An ordinary word: stoplisted, or in jieba's dictionary as a non-name (or as a very common one)."""
        if word in self.STOPWORDS:
            return True
        frequencies, tags = _jieba_dictionary()
        frequency = frequencies.get(word, 0)
        if frequency < min_freq:
            return False
        tag = tags.get(word, "")
        return not tag.startswith("nr") or frequency >= COMMON_WORD_FREQ


def _text_word_lengths(text: str) -> list[int]:
    """The lengths of jieba's words of ``text``, in order."""
    lengths: list[int] = []
    for block in jieba.re_han_default.split(text):
        lengths.extend(_word_lengths(block))
    return lengths


def _bounds(lengths: Sequence[int]) -> tuple[set[int], set[int]]:
    """Start and end offsets of words of these lengths laid end to end from offset 0."""
    starts: set[int] = set()
    ends: set[int] = set()
    position = 0
    for length in lengths:
        starts.add(position)
        position += length
        ends.add(position)
    return starts, ends


@lru_cache(maxsize=1 << 16)
def _word_lengths(block: str) -> tuple[int, ...]:
    """jieba's word lengths for one block of its own splitting (``jieba.re_han_default``). jieba segments each
    block independently, so cutting block by block gives exactly the words of cutting the whole text — and
    clauses that recur across requests (请尽快处理, 谢谢) are segmented once."""
    native = _native_segment()
    if native is None or not jieba.re_han_default.fullmatch(block):
        return tuple(len(word) for word in jieba.cut(block))
    return _block_lengths(block, native)


def _block_lengths(block: str, native: Any) -> tuple[int, ...]:
    """``jieba.cut(block)``'s word lengths for a block that ``jieba.re_han_default`` matches whole, with the
    built extension ``native`` (``recognizers/_segment.c``): jieba's dictionary route (its ``get_DAG`` and
    ``calc``), its ``__cut_DAG`` walk over it, and ``jieba.finalseg.cut`` (the HMM) for runs of single
    characters that are not a dictionary word — on jieba's own dictionary and tables."""
    dt = jieba.dt
    dt.check_initialized()
    finalseg = jieba.finalseg
    return native.lengths(  # type: ignore[no-any-return]
        block,
        dt.FREQ,
        math.log(dt.total),
        finalseg.start_P,
        finalseg.trans_P,
        finalseg.emit_P,
        finalseg.Force_Split_Words,
    )


@cache
def _native_rules() -> Any:
    """The built extension ``recognizers._person``, configured with the recognizer's tables, word lists and
    character sets (``recognizers/_person.c`` writes none of them again); None when it was not built."""
    try:
        from recognizers import _person  # type: ignore[attr-defined]
    except ImportError:
        return None
    rules = CnPersonRecognizer
    frequencies, tags = _jieba_dictionary()
    _person.configure(
        surnames=_surname_weights(),
        tiers=_given_char_tiers(),
        places=_place_short_names(),
        synonyms=synonym_index(),
        freq=frequencies,
        tags=tags,
        stopwords=rules.STOPWORDS,
        ambiguous=rules.AMBIGUOUS_COMPOUND,
        blocked_next=rules.HONORIFIC_BLOCKED_NEXT,
        resume_after=rules.RESUME_AFTER,
        honorifics=rules.HONORIFICS,
        address_after_name=rules.ADDRESS_AFTER_NAME,
        familiar_before=rules.FAMILIAR_BEFORE,
        familiar_role_before=rules.FAMILIAR_ROLE_BEFORE,
        familiar_after=rules.FAMILIAR_AFTER,
        context_before=rules.CONTEXT_BEFORE,
        titles_before=rules.TITLES_BEFORE,
        context_after=rules.CONTEXT_AFTER,
        not_person_after=rules.NOT_PERSON_AFTER,
        estate_buildings=rules.ESTATE_BUILDINGS,
        candidate_start=_candidate_start_chars(),
        punctuation="".join(sorted(PUNCTUATION)),
        title_endings=rules.TITLE_ENDINGS,
        compound_name_end=rules.COMPOUND_NAME_END,
        place_name_end=rules.PLACE_NAME_END,
        not_person_before=rules.NOT_PERSON_BEFORE,
        serve_before=rules.SERVE_BEFORE,
        cue_separators=rules.CUE_SEPARATORS,
        familiar_marks=rules.FAMILIAR_MARKS,
        reduplication=rules.REDUPLICATION_MARKS,
        date_marks=rules.DATE_MARKS,
        resume_separators=rules.RESUME_SEPARATORS,
        serve_surname=rules.SERVE_SURNAME,
        estate_wing=rules.ESTATE_WING,
        rare_percent=RARE_SURNAME_PERCENT,
        familiar_percent=FAMILIAR_SURNAME_PERCENT,
        familiar_word_freq=FAMILIAR_WORD_FREQ,
        common_word_freq=COMMON_WORD_FREQ,
    )
    return _person


@cache
def _native_segment() -> Any:
    """The built extension ``recognizers._segment``, or None when it was not built (a source tree used without
    ``pip install``): then jieba segments on its own."""
    try:
        from recognizers import _segment  # type: ignore[attr-defined]
    except ImportError:
        return None
    return _segment


@cache
def _word_index(words: tuple[str, ...]) -> tuple[dict[str, int], tuple[int, ...]]:
    """Word → its first position in ``words``, and the distinct word lengths (longest first)."""
    index: dict[str, int] = {}
    for position, word in enumerate(words):
        index.setdefault(word, position)
    return index, tuple(sorted({len(word) for word in words}, reverse=True))


def _first_suffix(text: str, words: tuple[str, ...]) -> str | None:
    """The earliest word of ``words`` (in list order) that ``text`` ends with — a lookup per word length rather
    than an ``endswith`` per word."""
    index, lengths = _word_index(words)
    found = [index[text[-length:]] for length in lengths if length <= len(text) and text[-length:] in index]
    return words[min(found)] if found else None


def _prefixes_in_order(text: str, words: tuple[str, ...]) -> list[str]:
    """The words ``text`` starts with, in their order in ``words`` (a lookup per word length)."""
    index, lengths = _word_index(words)
    found = sorted(
        index[text[:length]] for length in lengths if length <= len(text) and text[:length] in index
    )
    return [words[position] for position in found]


@cache
def _longest(words: tuple[str, ...]) -> int:
    return max((len(word) for word in words), default=0)


def _has_prefix(text: str, words: tuple[str, ...]) -> bool:
    """Whether ``text`` starts with any of ``words``."""
    index, lengths = _word_index(words)
    return any(text[:length] in index for length in lengths if length <= len(text))


def _linked_names(text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """Names in a list (王伟、李娜和张强) vouch for each other: a weak candidate joined by 、/和/与/及 to a
    confident one is lifted to the threshold."""
    lifted = list(candidates)
    for index, candidate in enumerate(candidates):
        for other in candidates[max(0, index - 1) : index + 2]:
            if other is candidate or other.score < 0.6 or not 0.2 <= candidate.score < 0.5:
                continue
            gap = (
                text[other.end : candidate.start]
                if other.end <= candidate.start
                else text[candidate.end : other.start]
            )
            if gap in ("、", "和", "与", "及", ",", "，", "跟", "同"):
                lifted[index] = _Candidate(
                    candidate.start, candidate.end, 0.5, candidate.reason + " + linked"
                )
    return lifted


def _non_overlapping(candidates: Sequence[_Candidate]) -> list[_Candidate]:
    """Highest score first, then longer, then earlier; overlapping lower candidates are dropped."""
    chosen: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (-c.score, -(c.end - c.start), c.start)):
        if all(candidate.end <= kept.start or candidate.start >= kept.end for kept in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.start)
