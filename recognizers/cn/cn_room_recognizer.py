"""Room numbers (房号): a specific flat inside a building, a quasi-identifier of the household."""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers.cn._pattern import LeanPatternRecognizer

CN_DIGITS = r"[一二三四五六七八九十]"
# A phase of the estate before the building: 二期17栋 / 3期5栋.
PHASE = r"(?:" + CN_DIGITS + r"{1,2}|\d{1,2})期\s?"
# A building: 3栋 / 2幢 / 5号楼 / A座 / B栋 / 12#楼 / 四栋. A bare "5楼" is a floor, not a building.
# A building named by digits or letters only: on its own (without a door) "一栋" is a count, not a name.
BUILDING_NAMED = r"(?:\d{1,3}|[A-Za-z]\d{0,2})\s?(?:栋|幢|号楼|号?座|#楼?|号?栋)"
BUILDING = (
    r"(?:"
    + PHASE
    + r")?(?:\d{1,3}|[A-Za-z]\d{0,2}|"
    + CN_DIGITS
    + r"{1,3})\s?(?:栋|幢|号楼|号?座|#楼?|号?栋)"
)
UNIT = r"(?:\d{1,2}|" + CN_DIGITS + r"{1,2})\s?单元"
# The door number: floor + two-digit door (501, 1203, 2103), optionally 室/房/号/户. Never the start of an
# amount, area, year, decimal or another count (1203元, 2023年, 120平方米, 1203.5).
ROOM_NUMBER = r"\d{3,4}(?:室|房|号|户)?(?![\d年月日元块平米㎡点分个人次天栋幢座单%])(?!\.\d)"
NUMBER_START = r"(?<![0-9A-Za-z\-.])"
# A bare door with 室/房 (1303室), never a layout (3室2厅) or a count of rooms (2房间).
ROOM_DOOR = r"\d{3,4}(?:室|房)(?![\d厅间])"
NUMBER_END = r"(?![0-9A-Za-z\-.:])(?!/\d)"
# The dashed form building-unit-door (12-1-1801): the door must read as floor 1-59 + door 01-39.
PLAUSIBLE_DOOR = r"(?:[1-9]|[1-5]\d)(?:0[1-9]|[1-3]\d)"

# The whole room designation with a building or unit word (3栋2单元501室, A座1203, 2单元501): the address
# recognizer appends it to a street address.
ROOM_WITH_BUILDING = r"(?:" + BUILDING + r"\s?(?:" + UNIT + r"\s?)?|" + UNIT + r"\s?)" + ROOM_NUMBER
ROOM_DASHED = r"\d{1,3}-\d{1,2}-" + PLAUSIBLE_DOOR + NUMBER_END
# The two-part form building-door (27-1203, 6-602): the door must read as floor + door, and the number must
# not be a group of a longer digit run (+86 21-5123 4567) or a count (5-800元).
ROOM_DASHED_SHORT = (
    r"[1-9]\d?-"
    + PLAUSIBLE_DOOR
    + NUMBER_END
    + r"(?!\s?\d{3,4}(?!\d))(?![年月日元块平米㎡点分个人次天万千百%])"
)
SHORT_PATTERN_NAME = "CN room (building-door)"
# A two-part dashed number is a flat when the text is about a home around it ...
HOME_BEFORE = re.compile(
    r"住|家|业主|户主|房|反映|楼上|楼下|隔壁|对门|对面|拜访|独居|门牌|商铺|铺位|维修|报修|室|单元|栋"
)
HOME_AFTER = re.compile(
    r"^(?:的|家|业主|住户|户主|门|卫生间|厕所|厨房|阳台|漏水|渗水|空调|装修|楼上|楼下|客厅|卧室|水管|热水器|"
    r"房|室|电表|水表|燃气|窗|外墙|地漏|噪音)"
)
# ... or it stands alone as a clause (—— 13-2102 黄哥, /6-1104/, （6-2202）) after no key of another number.
CLAUSE_BEFORE = re.compile(r"(?:^|[，,。；;：:！!？?、/（(【】\s-])$")
CLAUSE_AFTER = re.compile(r"^(?:$|[，,。；;！!？?、/）)】\s])")
OTHER_NUMBER_BEFORE = re.compile(
    r"(?:编号|单号|型号|批号|批次|版本|代码|序号|尾号|比分|分数|得分|第|共|约|时间|日期|电话|号码|手机|分机|工号|"
    r"学号|车次|航班|页|章|节|条|款|规格|尺寸|价格|金额|区间|范围|标准|GB|gb)\s*[:：]?\s*$"
)


class CnRoomRecognizer(LeanPatternRecognizer):
    """Recognize a flat's designation: ``3栋2单元501``, ``12-1-1801``, ``5号楼302室``, ``A座1203``, ``501室``.

    Only a specific door is a ROOM: building-level mentions (``3号楼``, ``13幢``, ``2单元``, ``地下车库B2``) are
    the building-level location the archive keeps, and never match because a door number is required. The
    dashed form ``12-1-1801`` is found on its own only when its last part reads as floor + door; any other
    three-part dashed number (and a bare ``501`` after 房号) needs a context word (房号/房间/住/业主 ...).
    Dates (``2023-11-27``), hotlines (``400-820-8820``) and long order numbers do not have the shape.
    """

    PREFILTER: ClassVar[re.Pattern[str]] = re.compile(
        r"[0-9A-Za-z一二三四五六七八九十]\s?(?:栋|幢|号楼|座|#|单元|室|房|户)|\d-\d{1,2}-\d|\d-\d{3}"
    )

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("CN room (building + door)", NUMBER_START + ROOM_WITH_BUILDING, 0.7),
        Pattern("CN room (dashed, plausible door)", NUMBER_START + ROOM_DASHED, 0.5),
        Pattern(
            "CN room (dashed, other)",
            NUMBER_START + r"\d{1,3}-\d{1,2}-\d{3,4}" + NUMBER_END,
            0.1,
        ),
        Pattern(SHORT_PATTERN_NAME, NUMBER_START + ROOM_DASHED_SHORT, 0.1),
        Pattern(
            "CN room (door + 室/房)",
            NUMBER_START + ROOM_DOOR,
            0.5,
        ),
    ]

    STRONG = 0.6
    SHORT_CLAUSE = 0.5

    def _short_score(self, text: str, start: int, end: int) -> float:
        """A two-part dashed number (27-1203): strong next to a home word, fair as a standalone clause."""
        before = text[max(0, start - 8) : start]
        after = text[end : end + 6]
        if OTHER_NUMBER_BEFORE.search(before):
            return 0.0
        if HOME_BEFORE.search(before) or HOME_AFTER.match(after):
            return self.STRONG
        if CLAUSE_BEFORE.search(before) and CLAUSE_AFTER.match(after):
            return self.SHORT_CLAUSE
        return 0.0

    CONTEXT: ClassVar[list[str]] = [
        "房号",
        "房间",
        "门牌",
        "住在",
        "住户",
        "业主",
        "楼栋",
        "单元",
        "栋",
        "室",
    ]

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Pattern matches; a strong match (≥ 0.6) is final, so context words only lift weak ones."""
        results: list[RecognizerResult] = []
        for result in super().analyze(text, entities, nlp_artifacts, regex_flags):
            explanation = result.analysis_explanation
            if explanation is not None and explanation.pattern_name == SHORT_PATTERN_NAME:
                # Decided here from the words around it: no context bonus on top, and no span without one.
                result.score = self._short_score(text, result.start, result.end)
                if not result.score:
                    continue
                if result.recognition_metadata is not None:
                    result.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
            results.append(result)
            if result.score >= self.STRONG and result.recognition_metadata is not None:
                result.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
        return results

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "zh",
        supported_entity: str = "ROOM",
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else self.PATTERNS,
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            # Presidio types `name` as str; passing the class name is what it does for None.
            name=name or type(self).__name__,
        )
