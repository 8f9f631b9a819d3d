"""Room numbers (房号): a specific flat inside a building, a quasi-identifier of the household."""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

# A building: 3栋 / 2幢 / 5号楼 / A座 / B栋 / 12#楼. A bare "5楼" is a floor, not a building.
BUILDING = r"(?:\d{1,3}|[A-Za-z]\d{0,2})\s?(?:栋|幢|号楼|号?座|#楼?|号?栋)"
UNIT = r"\d{1,2}\s?单元"
# The door number: floor + two-digit door (501, 1203, 2103), optionally 室/房/号/户. Never the start of an
# amount, area, year or another count (1203元, 2023年, 120平方米).
ROOM_NUMBER = r"\d{3,4}(?:室|房|号|户)?(?![\d年月日元块平米㎡点分个人次天栋幢座单.%])"
NUMBER_START = r"(?<![0-9A-Za-z\-.])"
NUMBER_END = r"(?![0-9A-Za-z\-./:])"
# The dashed form building-unit-door (12-1-1801): the door must read as floor 1-59 + door 01-39.
PLAUSIBLE_DOOR = r"(?:[1-9]|[1-5]\d)(?:0[1-9]|[1-3]\d)"

# The whole room designation with a building or unit word (3栋2单元501室, A座1203, 2单元501): the address
# recognizer appends it to a street address.
ROOM_WITH_BUILDING = r"(?:" + BUILDING + r"\s?(?:" + UNIT + r"\s?)?|" + UNIT + r"\s?)" + ROOM_NUMBER
ROOM_DASHED = r"\d{1,3}-\d{1,2}-" + PLAUSIBLE_DOOR + NUMBER_END


class CnRoomRecognizer(PatternRecognizer):
    """Recognize a flat's designation: ``3栋2单元501``, ``12-1-1801``, ``5号楼302室``, ``A座1203``, ``501室``.

    Only a specific door is a ROOM: building-level mentions (``3号楼``, ``13幢``, ``2单元``, ``地下车库B2``) are
    the building-level location the archive keeps, and never match because a door number is required. The
    dashed form ``12-1-1801`` is found on its own only when its last part reads as floor + door; any other
    three-part dashed number (and a bare ``501`` after 房号) needs a context word (房号/房间/住/业主 ...).
    Dates (``2023-11-27``), hotlines (``400-820-8820``) and long order numbers do not have the shape.
    """

    PREFILTER: ClassVar[re.Pattern[str]] = re.compile(
        r"[0-9A-Za-z]\s?(?:栋|幢|号楼|座|#|单元|室|房|户)|\d-\d{1,2}-\d"
    )

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("CN room (building + door)", NUMBER_START + ROOM_WITH_BUILDING, 0.7),
        Pattern("CN room (dashed, plausible door)", NUMBER_START + ROOM_DASHED, 0.5),
        Pattern(
            "CN room (dashed, other)",
            NUMBER_START + r"\d{1,3}-\d{1,2}-\d{3,4}" + NUMBER_END,
            0.1,
        ),
        Pattern(
            "CN room (door + 室/房)",
            NUMBER_START + r"\d{3,4}(?:室|房)(?![\d厅间])",
            0.5,
        ),
    ]

    STRONG = 0.6

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
        results: list[RecognizerResult] = super().analyze(text, entities, nlp_artifacts, regex_flags)
        for result in results:
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
