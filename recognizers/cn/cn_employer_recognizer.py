"""Work units (工作单位): companies, bank branches, hospitals, schools, bureaus."""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers.cn._results import rule_result
from recognizers.cn.cn_address_recognizer import admin_division_names, trie_regex
from recognizers.lac_model import predict_near
from recognizers.ner_model import NerModel

# Organisation suffixes, longest first within each tier. A suffix is never the start of a longer everyday
# word (银行卡, 中学生, 所以, 处理, 社区, 店里 ...).
LEGAL_SUFFIXES = (
    r"股份有限公司|有限责任公司|有限公司|分公司|子公司|集团|支行|分行|营业部|储蓄所|信用社|信用合作社"
)
INSTITUTION_SUFFIXES = (
    r"公司|银行(?![卡账户])|医院|卫生院|保健院|卫生服务中心|学校|小学(?!生)|中学(?!生)|大学(?!生)|学院(?!派)|幼儿园|"
    r"研究院|研究所|设计院|事务所|委员会|法院|检察院|出版社|电视台|报社|协会|学会|商会|联合会|促进会|研究会|基金会|部队"
)
# Strong only after a place name (杭州市西湖区教育局); otherwise a cue word has to vouch for them.
PLACED_SUFFIXES = r"局(?![面势部])|厅(?![里])|办公室|办事处|管理处|街道办|派出所|政府|中心(?![区点城])|委(?![屈托])|工作室|(?<![农城外])商行"
WEAK_SUFFIXES = r"厂(?![区房家])|店(?![里铺面长员])|社(?![区会保交])|所(?![以有在属谓得需示说做述长])"
SUFFIX = re.compile(
    r"(?P<legal>" + LEGAL_SUFFIXES + r")|(?P<institution>" + INSTITUTION_SUFFIXES + r")|"
    r"(?P<placed>" + PLACED_SUFFIXES + r")|(?P<weak>" + WEAK_SUFFIXES + r")"
)
# A branch, department or legal form right after a name: 招商银行深圳分行, 兰州大学经济系, 西钢集团公司.
EXTENSION = re.compile(
    r"(?:股份)?公司|[\u4e00-\u9fff0-9]{1,10}?(?:"
    + LEGAL_SUFFIXES
    + r"|学院|研究所|研究院|研究室|分所|医院|中心|办公室|组织部|宣传部)"
    r"|[\u4e00-\u9fff]{2,8}?系(?![统列数])"
)
# Words that never occur inside an extension: a job title or role ends the name.
EXTENSION_STOP = re.compile(
    r"经理|董事|总裁|总监|监事|主任|书记|委员|会员|专家|教授|主席|会长|秘书|部长|院长|[总长、，]"
)
# Characters a name body is made of; anything else (punctuation, spaces) ends it.
NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9()（）·&]")
MAX_BODY = 24
# Words that end whatever came before a name: the name starts after the last of them ("我在", "就职于",
# "联系了", "历任"). Longest first.
BODY_STOP = re.compile(
    r"工作单位|就职于|任职于|供职于|受聘于|服务于|工作于|毕业于|联系了|联系|打电话|入职|加入|调入|调到|调任|进入|"
    r"创办|创立|成立|担任|历任|现任|曾任|兼任|就职|任职|供职|上班|工作|单位|本人|目前|现在|老公|老婆|"
    r"爱人|丈夫|妻子|儿子|女儿|以及|商户|业主|客户|住户|租户|持有|参加|参与|下属|旗下|所属|至今|"
    r"开户银行|开户行|开户|收款|付款|发卡|代扣|托收|已经|通知|告知|通过|办理|投诉|举报|报修|致电|要求|需要|"
    r"[已由请让叫]|"
    r"\d{2,4}年|\d{1,2}月|\d{1,2}日|"
    r"[在于是为的了到去从给向找跟把被我你他她们说称任或及至往兼]"
)
# Generic service-provider words: an organisation whose name is only these (after a place name) is the
# provider the customer deals with (物业公司, 供电局, 自来水公司, 中国移动), not anyone's employer.
GENERIC_WORDS = re.compile(
    r"(?:中国|中华)?(?:物业服务|物业管理|物业|管理|服务|供电|电力|自来水|供水|水务|燃气|煤气|天然气|热力|供热|"
    r"移动|电信|联通|广电|铁通|有线|宽带|快递|物流|保洁|保安|装修|装饰|开发|房地产|地产|中介|维修|电梯|"
    r"家政|搬家|清洁|绿化|环卫|垃圾|停车|客服|售后|维保|营业|这家|那家|这个|那个|一家|哪家|各|该|本|其他|别的|"
    r"大|小|总|分|新|老|我们|你们|他们|上级|下属|有关|相关|主管|社区|居委|街道|小区|通信|网络|市政|"
    r"消防|交警|城管|公安|信访|人社|社保|医保|税务|银行|储蓄)*"
)
# A cue that the organisation is somebody's work unit: before it (就职于X, 工作单位：X, 历任X) ...
CUE_BEFORE = re.compile(
    r"(?:工作单位|任职单位|就职单位|单位名称|单位|就职于|任职于|供职于|受聘于|服务于|工作于|入职|加入|调入|调到|"
    r"调任|历任|现任|曾任|兼任|担任|任职|就职|供职|任)\s*(?:是|为|在)?\s*[:：]?\s*$"
)
# ... or "在X上班/工作" around it, or a job title right after it (X总经理, X的员工).
CUE_AFTER = re.compile(
    r"^[)）]?(?:的)?(?:上班|工作(?!人员)|任职|就职|供职|当|做|实习|打工|员工|职工|同事|董事|监事|总经理|副总|经理|总裁|"
    r"总监|主任|主管|科长|处长|局长|院长|校长|行长|厂长|所长|教师|老师|医生|护士|会计|工程师|职员|教授|"
    r"讲师|研究员|律师|党委|副|独立|会长|主席|秘书|财务|常委|厂长)"
)
IN_BEFORE = re.compile(r"在\s*$")
# A bare 公司/本公司 in a résumé ("历任公司副总经理", "现任本公司董事"): the unit named elsewhere.
BARE_REFERENCE = re.compile(
    r"(?:本|该|原|母)?(?:公司|集团)(?=董事|监事|总经理|副总|总裁|总监|首席|财务|党委|高级|技术|总工|总会计师|"
    r"人力资源|工会|证券事务|办公室|行政|纪委|非执行|独立董事|现任|[\u4e00-\u9fff]{1,4}部(?:副)?(?:经理|部长|主任|总监))"
)
# A résumé line names the unit between a tenure verb and a title even without a suffix: 任欣旺达总经理,
# 担任辉煌科技董事长, 现任江南水务监事会主席.
FRAMED_NAME = re.compile(
    r"(?:现任|历任|曾任|担任|兼任|出任|任职于|就职于|(?:(?<![\u4e00-\u9fff])|(?<=[今年月起间]))任)"
    r"(?P<name>[\u4e00-\u9fffA-Za-z]{2,10}?)(?:常务|执行|独立|职工)?(?:非执行)?"
    r"(?:副)?(?:董事长|董事|监事|总经理|总裁|财务总监|总监|总会计师|会计|出纳|经理|行长|厂长)"
)
# A frame's "name" that is a bare reference (公司质量总监: BARE_REFERENCE's job) or a title's modifier.
FRAMED_NOT_NAME = re.compile(r"职|(?:本|该|原|母)?(?:公司|集团|本行)|.*(?:独立|非执行|常务|执行|职工)$")
BARE_CUE = re.compile(r"(?:任|为|于|入|在|兼|辞去|、|^)$")
# A bank named as the bank of an account, card or payment is where the money is, not where anyone works:
# 开户行：X银行, 可通过X银行代扣, 6222 …（X银行）, X银行卡. Checked on the text right before / after the name.
BANK = re.compile(r"银行|信用社|信用合作社|储蓄所|农商行")
BANK_BRANCH = re.compile(r"(?:分行|支行|营业部|储蓄所|分理处)$")
ACCOUNT_BEFORE = re.compile(
    r"(?:(?:开户|收款|付款|发卡|结算|托收|代扣|扣款|汇款|转账|缴费|所属|账户|帐户)(?:银?行|网点|机构)?"
    r"(?:名称|全称)?\s*(?:为|是)?\s*[:：]?|通过|经由|使用|用|\d[\d\s-]*[(（])\s*$"
)
ACCOUNT_AFTER = re.compile(
    r"^\s*[)）]?\s*(?:代扣|代缴|代收|托收|扣款|自动扣|划扣|转账|汇款|缴费|缴纳|支付|付款|还款|贷款|存款|"
    r"卡|账户|帐户|账号|帐号|户名|储蓄|信用卡|借记卡|网银|手机银行|APP|app|柜台|网点|ATM|理财)"
)
# Account words near a bank that carries no employer cue: 户名/账号/卡号 within a few characters.
ACCOUNT_NEAR = re.compile(r"户名|账号|帐号|卡号|银行卡|开户|账户|帐户|尾号|代扣|托收")
# An organisation introduced as the inspection / testing / supervising body of something is a provider:
# 检验机构为X研究院, 检测单位：X, 由X检测.
PROVIDER_BEFORE = re.compile(
    r"(?:检验|检测|鉴定|评估|认证|监理|监测|质检|计量)(?:机构|单位|方|公司)\s*(?:为|是)?\s*[:：]?\s*$"
)
PROVIDER_AFTER = re.compile(r"^\s*(?:检测|检验|鉴定|评估|出具|监测|质检)")
PROVIDER_BY = re.compile(r"(?:由|经|委托|送)\s*$")


# Words of an employer cue (CUE_BEFORE, CUE_AFTER): without one in the text, the model is not asked.
MODEL_GATE = re.compile(
    r"任|职|单位|上班|工作|入职|加入|调入|调到|员工|同事|董事|监事|经理|总裁|总监|主任|主管|科长|处长|局长|"
    r"院长|校长|行长|厂长|所长|教师|老师|医生|护士|会计|工程师|教授|讲师|研究员|律师|党委|会长|主席|秘书|"
    r"常委|实习|打工|副总"
)

# A department and a title after an organisation the model tags: 洪都机械厂生产处副处长, 三峡水力发电厂综合部主任.
MODEL_CUE_AFTER = re.compile(
    r"[\u4e00-\u9fff]{1,8}?(?:部|处|科|室|中心|办公室|分厂|车间|事业部)(?:副|常务)?"
    r"(?:总经理|经理|主任|部长|处长|科长|厂长|书记|工程师|技术员|总监|主管|负责人)"
)


class CnEmployerRecognizer(EntityRecognizer):
    """Recognize work-unit names: ``深圳市腾达科技有限公司``, ``中国工商银行广州天河支行``, ``北京大学``.

    A name is a body (place + trade name + industry word) ending in an organisation suffix. The suffix is
    found first and the body is grown leftwards over name characters; it starts after the last cue or
    function word (我在 / 就职于 / 联系了 / 历任), so context words are never part of the span. A bank or
    university followed by a branch or department (…银行…支行, …大学…学院) is one span.

    Scores (the decision rule):

    * legal forms (有限公司, 支行 …) and named institutions (…银行, …医院, …大学, …委员会) with a
      non-generic body are EMPLOYER without a cue (0.6-0.7): a full organisation name in a customer text
      names a work unit far more often than a service provider;
    * bureaus/centres/offices (局, 中心, 办公室, 派出所 …) are strong only after a place name
      (杭州市西湖区教育局); factories, shops, 社, 所 stay weak (0.3) unless a cue is present;
    * an organisation whose body is only generic provider words, optionally after a place name (物业公司,
      供电局, 自来水公司, 中国移动通信公司, 小区物业管理处), is the customer's service provider: it is
      reported only with an employer cue (在…上班, 就职于, 工作单位：);
    * an employer cue (工作单位/就职于/任职于/历任/在…上班/工作, a job title after the name) lifts any
      candidate to at least 0.6;
    * with a statistical model (``model``, Baidu LAC): an organisation the model tags that no suffix rule
      covers (欣旺达, 铜陵有色) is a work unit only with an employer cue around it, and never when it is a
      provider or only generic words.
    """

    PREFILTER: ClassVar[re.Pattern[str]] = re.compile(
        r"公司|集团|银行|支行|分行|营业部|医院|卫生院|保健院|学校|小学|中学|大学|学院|幼儿园|研究|设计院|事务所|"
        r"委员会|法院|检察院|出版社|电视台|报社|协会|学会|商会|联合会|部队|局|厅|办公室|办事处|管理处|街道办|"
        r"派出所|政府|中心|委|厂|店|社|所|储蓄|信用|任|会|协|部|工作室|商行|" + MODEL_GATE.pattern
    )

    CONTEXT: ClassVar[list[str]] = [
        "工作单位",
        "单位",
        "就职",
        "任职",
        "供职",
        "上班",
        "受聘",
        "雇主",
        "employer",
        "company",
    ]

    CUE_SCORE = 0.6
    LEGAL_SCORE = 0.7
    NAMED_SCORE = 0.6
    WEAK_SCORE = 0.3
    # Below the threshold: only a header or context word (Presidio's enhancer) can report it.
    PROVIDER_SCORE = 0.05

    def __init__(
        self,
        context: list[str] | None = None,
        supported_language: str = "zh",
        supported_entity: str = "EMPLOYER",
        name: str | None = None,
        model: NerModel | None = None,
    ) -> None:
        self.model = model
        full, short = admin_division_names()
        # A place-name head: 广东省深圳市 / 深圳 / 中国 / 北京 …
        self._full_place = re.compile(trie_regex(set(full)))
        self._place = re.compile(r"(?:" + trie_regex(set(full | short | {"中国", "全国"})) + r")+")
        super().__init__(
            supported_entities=[supported_entity],
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            name=name or type(self).__name__,
        )

    def load(self) -> None:
        """Nothing to load."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Work-unit spans in ``text`` (already width-folded by the detector)."""
        if not self.PREFILTER.search(text):
            return []
        results: list[RecognizerResult] = []
        # Every organisation the rules judged, reported or not (a provider scores 0): the model may not
        # overrule them.
        judged: list[tuple[int, int]] = []
        taken_until = 0
        for suffix in SUFFIX.finditer(text):
            if suffix.start() < taken_until:
                continue
            found = self._candidate(text, suffix)
            if found is None:
                continue
            start, end, score, decided = found
            taken_until = end
            judged.append((start, end))
            if score > 0:
                results.append(self._result(start, end, score, decided))
        for framed in FRAMED_NAME.finditer(text):
            start, end = framed.span("name")
            name = framed.group("name")
            overlaps = any(r.start < end and start < r.end for r in results)
            if (
                not overlaps
                and not BODY_STOP.search(name)
                and GENERIC_WORDS.fullmatch(name) is None
                and not FRAMED_NOT_NAME.match(name)
            ):
                # The tenure verb and the title are an employer cue on both sides: as strong as 就职于X.
                results.append(self._result(start, end, self.CUE_SCORE, decided=True))
        for bare in BARE_REFERENCE.finditer(text):
            overlaps = any(r.start < bare.end() and bare.start() < r.end for r in results)
            if not overlaps and BARE_CUE.search(text, 0, bare.start()):
                results.append(self._result(bare.start(), bare.end(), self.CUE_SCORE, decided=True))
        cues = self._model_cues(text)
        if cues:
            results = self._with_model(text, results, judged, cues)
        return results

    def model_positions(self, text: str) -> list[int]:
        """Where ``analyze`` will ask the name model about ``text`` (its employer cues): a fast path tags those
        clauses for many texts at once before analysing them."""
        return self._model_cues(text) if self.PREFILTER.search(text) else []

    def _model_cues(self, text: str) -> list[int]:
        return [match.start() for match in MODEL_GATE.finditer(text)] if self.model is not None else []

    def _with_model(
        self, text: str, results: list[RecognizerResult], judged: list[tuple[int, int]], cues: list[int]
    ) -> list[RecognizerResult]:
        """Add the organisations the model tags that carry an employer cue (``_has_cue``, or a department and a
        title after them: 洪都机械厂生产处副处长) and are neither a provider nor only generic words after a
        place name. A model span may replace weak rule results (a bare 厂/店/社 below the threshold) inside
        it, never a reported one nor an organisation the rules found to be a provider."""
        assert self.model is not None
        for span in predict_near(self.model, text, cues):
            start, end = span.start, span.end
            if span.entity_type != self.supported_entities[0] or end - start < 2:
                continue
            inside = [
                r for r in results if r.score < self.WEAK_SCORE + 0.05 and start <= r.start and r.end <= end
            ]
            replaceable = {(r.start, r.end) for r in inside}
            taken = {(r.start, r.end) for r in results} | set(judged)
            if any(start < until and begin < end for begin, until in taken - replaceable):
                continue
            name = text[start:end]
            place = self._place.match(name)
            rest = name[place.end() :] if place else name
            if not rest or GENERIC_WORDS.fullmatch(rest) or BODY_STOP.search(name):
                continue
            cue = self._has_cue(text, start, end) or MODEL_CUE_AFTER.match(text, end) is not None
            if not cue or self._is_provider(text, start, end, cue=True):
                continue
            results = [r for r in results if r not in inside]
            results.append(self._result(start, self._name_end(text, end), self.CUE_SCORE, decided=True))
        return results

    @staticmethod
    def _name_end(text: str, end: int) -> int:
        """Where a model-tagged name ends: the model often stops inside a trade name (华光|精密 in 在华光精密工作,
        蓝驰|创投 in 加入蓝驰创投，). Up to four more Chinese characters belong to it when they run to a
        punctuation mark, the end of the text, or an employer cue word (工作, 上班, a title)."""
        stop = end
        while stop < len(text) and stop - end < 4 and "\u4e00" <= text[stop] <= "\u9fff":
            if CUE_AFTER.match(text, stop) or BODY_STOP.match(text, stop):
                return stop
            stop += 1
        at_boundary = stop == len(text) or not "\u4e00" <= text[stop] <= "\u9fff"
        if at_boundary or CUE_AFTER.match(text, stop) or BODY_STOP.match(text, stop):
            return stop
        return end

    def _candidate(self, text: str, suffix: re.Match[str]) -> tuple[int, int, float, bool] | None:
        start = self._body_start(text, suffix.start())
        end = suffix.end()
        tier = suffix.lastgroup or "weak"
        # A branch or department after the name is part of it: 招商银行深圳分行, 兰州大学经济系.
        while True:
            more = EXTENSION.match(text, end)
            if more is None or BODY_STOP.search(more.group()) or EXTENSION_STOP.search(more.group()):
                break
            end = more.end()
            tier = "legal" if tier == "legal" or re.search(LEGAL_SUFFIXES + "$", more.group()) else tier
        body = text[start : suffix.start()]
        if not body:
            return None
        place = self._place.match(body)
        rest = body[place.end() :] if place else body
        # A place name alone before the suffix is a name (北京大学, 深圳银行); generic words are not (供电局).
        generic = bool(rest) and GENERIC_WORDS.fullmatch(rest) is not None
        cue = self._has_cue(text, start, end)
        if self._is_provider(text, start, end, cue):
            # Not a work unit at all: no span, and the suffixes inside it are not tried again.
            return start, end, 0.0, True
        name = text[start:end]
        if (
            BANK.search(name)
            and not cue
            and not BANK_BRANCH.search(name)
            and not self._full_place.search(name)
        ):
            # A bare bank brand (招商银行, 中国工商银行) names a work unit only with an employer cue.
            return start, end, self.PROVIDER_SCORE, False
        if cue:
            return start, end, max(self.CUE_SCORE, self._base(tier, place is not None, rest) + 0.15), True
        if generic:
            return start, end, self.PROVIDER_SCORE, False
        return start, end, self._base(tier, place is not None, rest), False

    def _base(self, tier: str, placed: bool, rest: str) -> float:
        if tier == "legal":
            return self.LEGAL_SCORE if len(rest) >= 2 or placed else self.WEAK_SCORE
        if tier == "institution":
            return self.NAMED_SCORE if len(rest) >= 2 or placed else self.WEAK_SCORE
        if tier == "placed":
            return self.NAMED_SCORE if placed and rest else self.WEAK_SCORE
        return self.WEAK_SCORE

    def _body_start(self, text: str, suffix_start: int) -> int:
        start = suffix_start
        while start > 0 and suffix_start - start < MAX_BODY and NAME_CHAR.match(text, start - 1):
            start -= 1
        # An unbalanced bracket is the text's, not the name's: 刘先生（深圳大学） starts after "（".
        for index in range(suffix_start - 1, start - 1, -1):
            if text[index] in "(（" and not re.search(r"[)）]", text[index:suffix_start]):
                start = index + 1
                break
            if text[index] in ")）" and not re.search(r"[(（]", text[start:index]):
                start = index + 1
                break
        last_stop = None
        for stop in BODY_STOP.finditer(text, start, suffix_start):
            last_stop = stop
        if last_stop is not None:
            start = last_stop.end()
        # A full division name (…省/市/区/县) inside the body starts the name: 商户苏州市姑苏区税务局.
        head = self._full_place.search(text, start, suffix_start)
        return head.start() if head is not None else start

    @staticmethod
    def _is_provider(text: str, start: int, end: int, cue: bool) -> bool:
        """A bank in an account context, or an inspection/testing body: never an employer."""
        before = text[max(0, start - 12) : start]
        after = text[end : end + 8]
        if PROVIDER_BEFORE.search(before) or (PROVIDER_BY.search(before) and PROVIDER_AFTER.match(after)):
            return True
        if not BANK.search(text, start, end):
            return False
        if ACCOUNT_BEFORE.search(before) or ACCOUNT_AFTER.match(after):
            return True
        near = text[max(0, start - 16) : start] + " " + text[end : end + 16]
        return not cue and ACCOUNT_NEAR.search(near) is not None

    @staticmethod
    def _has_cue(text: str, start: int, end: int) -> bool:
        before = text[max(0, start - 8) : start]
        after = text[end : end + 6]
        if CUE_BEFORE.search(before) or CUE_AFTER.match(after):
            return True
        return (
            IN_BEFORE.search(before) is not None
            and re.match(r"^.{0,4}?(?:上班|工作|任职|就职|实习|打工)", after) is not None
        )

    def _result(self, start: int, end: int, score: float, decided: bool) -> RecognizerResult:
        # decided: the cue was already weighed here; Presidio must not add its context bonus on top.
        return rule_result(
            self, self.supported_entities[0], start, end, score, f"organisation name ({score:.2f})", decided
        )
