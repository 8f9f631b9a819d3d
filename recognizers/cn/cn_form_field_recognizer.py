"""Values of ``key：value`` lines in transcribed forms and clerk notes (姓名：…, 工作单位：…, 住址：…, 房号：…)."""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers.cn._results import rule_result
from recognizers.fields import field_entities, strict_field

# A key starts a line or follows whitespace/clause punctuation, is 1-10 characters without punctuation or digits,
# and ends with a full- or half-width colon, spaces allowed before it (紧急联络人 ：…). A short key may be spaced
# out to the width of a printed form (姓  名：…). (The caller has folded width, so "：" arrives as ":".)
_KEY = re.compile(
    r"(?:^|(?<=[\s，,。;；|/、]))"
    r"(?P<key>[\u4e00-\u9fff](?:[ \u3000]{1,4}[\u4e00-\u9fff]){1,3}(?=[ \u3000]*[:：])|[^\s:：，,。;；|/、()（）\d]{1,10})"
    r"[ \t\u3000]*[:：]\s*",
    re.MULTILINE,
)
# A value that is a known key followed by a colon is the next key of an empty field (业主姓名：  房间号：…).
_KEY_AHEAD = re.compile(r"[ \t\u3000]*[:：]")
# A key about the property company, a provider or a contractor describes them, not the customer
# (物业服务中心地址, 检测单位, 施工单位): its value is not the customer's private information.
_NOT_CUSTOMER_KEY = re.compile(
    r"物业|服务中心|营业厅|门店|检测|检验|施工|维修|监理|开发商|供应商|承建|开户行|开户银行"
)
# Where a value ends: a line break, a wide gap (two spaces / a tab / an ideographic space), clause punctuation.
_VALUE_END = re.compile(r"\n|\t| {2,}|\u3000|[，,。;；|]")
_NEXT_KEY = re.compile(r"\s[^\s:：，,。;；|/、()（）\d]{1,10}\s*[:：]")
_NAME = re.compile(r"[\u4e00-\u9fff·•]{2,6}")
# Values whose shape is known: anything else after the key is not that entity (the key is a mere label).
_VALUE_SHAPE = {
    "WECHAT_ID": re.compile(r"[A-Za-z][A-Za-z0-9_\-]{5,19}|1[3-9]\d{9}|\d{6,11}"),
    "QQ_NUMBER": re.compile(r"[1-9]\d{4,10}"),
}


class CnFormFieldRecognizer(EntityRecognizer):
    """The value after a form key is that key's field, whatever it looks like: structure is the evidence.

    Keys are mapped strictly (exact spelling, or a spelling the key ends with) through the header synonym table,
    so 业主反映：… is not a name key although it contains 业主. A key is never itself reported. Values that say
    there is nothing (无, 不详, 同上) are not entities.
    """

    ENTITIES: ClassVar[list[str]] = ["PERSON", "EMPLOYER", "ADDRESS", "ROOM", "WECHAT_ID", "QQ_NUMBER"]
    # Upper bound on a value's length, per entity: a longer run is free text, cut at the bound.
    MAX_VALUE_CHARS: ClassVar[dict[str, int]] = {
        "PERSON": 8,
        "EMPLOYER": 40,
        "ADDRESS": 60,
        "ROOM": 20,
        "WECHAT_ID": 24,
        "QQ_NUMBER": 12,
    }
    EMPTY_VALUES: ClassVar[frozenset[str]] = frozenset(
        {
            "无",
            "暂无",
            "没有",
            "不详",
            "未知",
            "同上",
            "空",
            "略",
            "本人",
            "/",
            "-",
            "无业",
            "退休",
            "学生",
            "待定",
            "拒填",
            "拒绝填写",
            "未填",
            "未填写",
            "不便透露",
            "保密",
        }
    )
    SCORE = 0.85
    # A cheap test that the text may hold a form line at all.
    PREFILTER = re.compile(r"[:：]")

    def __init__(
        self,
        supported_entities: list[str] | None = None,
        supported_language: str = "zh",
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entities=supported_entities or list(self.ENTITIES),
            supported_language=supported_language,
            name=name or type(self).__name__,
        )

    def load(self) -> None:
        """Nothing to load: the synonym table is read lazily and cached."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """One result per ``key：value`` whose key maps to a field holding one of ``entities``."""
        if not self.PREFILTER.search(text):
            return []
        wanted = set(entities) & set(self.supported_entities)
        results: list[RecognizerResult] = []
        for match in _KEY.finditer(text):
            if _NOT_CUSTOMER_KEY.search(match.group("key")):
                continue
            field_name = strict_field(match.group("key"))
            entity = field_entities().get(field_name or "")
            if entity not in wanted:
                continue
            start = match.end()
            end = self._value_end(text, start, entity)
            value = text[start:end]
            stripped = value.rstrip()
            if not stripped or stripped in self.EMPTY_VALUES:
                continue
            if entity == "PERSON" and not _NAME.fullmatch(stripped.split("（")[0].split("(")[0]):
                continue
            if _KEY_AHEAD.match(text, start + len(stripped)) and strict_field(stripped):
                continue
            shape = _VALUE_SHAPE.get(entity)
            if shape is not None:
                shaped = shape.match(stripped)
                if shaped is None:
                    continue
                stripped = shaped.group(0)
            results.append(
                rule_result(
                    self,
                    entity,
                    start,
                    start + len(stripped),
                    self.SCORE,
                    f"value of form key ({field_name})",
                )
            )
        return results

    def _value_end(self, text: str, start: int, entity: str) -> int:
        limit = min(len(text), start + self.MAX_VALUE_CHARS[entity])
        end = limit
        stop = _VALUE_END.search(text, start, limit)
        if stop:
            end = stop.start()
        following_key = _NEXT_KEY.search(text, start, end + 1)
        if following_key:
            end = following_key.start()
        if entity == "PERSON":
            # A name ends where the characters that can be a name end: 张三（业主）, 张三 先生.
            name = _NAME.match(text, start, end)
            end = name.end() if name else start
        return end
