"""Street addresses (住址): administrative head + town + road + 号 + compound + building/room."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import ClassVar

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers.cn._results import rule_result
from recognizers.cn.cn_room_recognizer import BUILDING_NAMED, ROOM_DASHED, ROOM_DOOR, ROOM_WITH_BUILDING, UNIT

CJK = r"[\u4e00-\u9fff]"
# Placeholder rows of the statistical code table, and two-character county names that are everyday words
# (城区 "the urban area", 矿区, 郊区 ...) and would turn any sentence into an address head.
_SKIPPED_NAMES = frozenset(
    {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "城区", "矿区", "郊区", "东区", "西区"}
)
_SHORT_FORM_SUFFIXES = (
    "壮族自治区",
    "回族自治区",
    "维吾尔自治区",
    "特别行政区",
    "自治区",
    "省",
    "市",
    "地区",
)


# A character trie: each key is the next character, "" marks the end of a word.
_Trie = dict[str, "_Trie"]


def trie_regex(words: set[str]) -> str:
    """A regex matching any of ``words``, longest first, as a character trie (fast in ``re``)."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: _Trie) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return build(trie)


@cache
def admin_division_names() -> tuple[frozenset[str], frozenset[str]]:
    """Full names (广东省, 深圳市, 南山区) and province/prefecture short forms (广东, 深圳) from the bundled table."""
    table = resources.files("recognizers").joinpath("data/cn_admin_divisions.tsv").read_text(encoding="utf-8")
    full: set[str] = set()
    short: set[str] = set()
    for line in table.splitlines():
        if not line or line.startswith("#"):
            continue
        _code, name, level = line.split("\t")
        if name in _SKIPPED_NAMES or "直辖" in name:
            continue
        full.add(name)
        if level in ("province", "prefecture"):
            for suffix in _SHORT_FORM_SUFFIXES:
                stem = name.removesuffix(suffix)
                if stem != name and len(stem) >= 2:
                    short.add(stem)
                    break
    return frozenset(full), frozenset(short)


def _chain_regex(quick: bool = True) -> re.Pattern[str]:
    """The address chain. ``quick`` (the default; False gives the plain form the tests compare it with) puts it
    behind a guard that only lets it start where it can match something (``_chain_guard``) — every component is
    optional, so unguarded it matches the empty string at every position the finditer loop passes, each time
    after trying every component — and puts one-character checks in front of its long alternations
    (``_quick``). Neither changes a match the recognizer keeps."""
    return re.compile((_chain_guard() if quick else "") + _chain_body(quick))


# How the components that start with free Chinese text end: town, road (without its optional 段) and compound;
# a village ends in 村, which the road's endings include.
_TOWN_END = r"(?:街道办事处|街道|镇|乡)"
_ROAD_END = r"(?:大道|大街|路|街|巷|弄|胡同|道(?=\d)|(?:村\d{1,2}组|村|里|屯|组)(?=\d{1,5}号))"
_COMPOUND_END = r"(?:小区|花园|家园|公寓|大厦|广场|新村|山庄|华庭|名苑|公馆|雅居|新城|天地|豪庭|华府|社区|大院|苑|府|庭|园|城|湾|居)"


# Where a door number, building, unit, phase or room can start (possibly after one space): a digit, letter or
# Chinese numeral, and a few characters on, the character that names what it is — every one of those components
# has this shape (…号/弄, …期, …栋/幢/座/#, …单元, …室/房, 12-3-…). Most digits in a text (phones, dates,
# amounts) are followed by none of these, so the whole chain is no longer tried at each of them.
_NUMBERED_START = (
    r"(?=\s?[0-9A-Za-z一二三四五六七八九十])"
    r"\s?(?:\d{1,5}|[一二三四五六七八九十]{1,3}|[A-Za-z]\d{0,2})\s?[号弄期栋幢座#单室房\-]"
)


def _chain_guard() -> str:
    """A look-ahead that holds wherever the chain can match a non-empty string: a character that starts an
    administrative name; the start of a door number, building, unit, phase or room (``_NUMBERED_START``); or a
    run of at most eight Chinese characters followed by a character that starts a town, village, road or
    compound ending. Where it fails the unguarded chain could only have matched the empty string, which the
    recognizer skips — so the guard changes no address, it only spares the attempts (a test checks it)."""
    return (
        "(?=["
        + _admin_first_chars()
        + "]|"
        + _NUMBERED_START
        + "|"
        + CJK
        + "{1,8}?["
        + _first_chars(_TOWN_END, _ROAD_END, _COMPOUND_END)
        + "])"
    )


@cache
def _admin_first_chars() -> str:
    """The characters administrative names (full and short) start with, as the body of a character class."""
    full, short = admin_division_names()
    return re.escape("".join(sorted({name[0] for name in full | short})))


def _first_chars(*alternations: str) -> str:
    """The characters the branches of ``(?:a|b|…)`` alternations of literal words start with, as the body of a
    character class (a branch may open a group of its own: ``(?:村…|村|里)``)."""
    branches = [branch for alternation in alternations for branch in alternation.split("|")]
    return re.escape("".join(sorted({branch.lstrip("(?:")[0] for branch in branches})))


def _quick(alternation: str) -> str:
    """``alternation`` behind a one-character check of its first characters: re tries the branches of an
    alternation one by one, so where no branch can start, the check fails once instead of once per branch."""
    return "(?=[" + _first_chars(alternation) + "])" + alternation


def _chain_body(quick: bool) -> str:
    full, short = admin_division_names()
    full_name = trie_regex(set(full))
    # A short form (广东, 深圳) counts only right before another division (广东深圳市, 深圳南山区): on its own it
    # is a plain place word, and before a road it is usually the road's own name (中山路).
    short_name = trie_regex(set(short))
    admin = "(?:" + full_name + "|" + short_name + "(?=(?:" + short_name + ")?" + full_name + "))"
    if quick:
        admin = "(?=[" + _admin_first_chars() + "])" + admin
    ending = _quick if quick else str
    town = CJK + r"{1,6}?" + ending(_TOWN_END)
    road = CJK + r"{1,8}?" + ending(_ROAD_END) + r"(?:[东西南北中]段|[一二三四五六七八九十\d]段)?"
    # The door number (12号, 1521弄22号); a digit right after it only as a door (…号1303室).
    number = (
        r"\d{1,5}(?:-\d{1,4})?(?:弄\d{1,4}号|号|弄)(?:院)?"
        r"(?:(?![楼座栋幢线店\d])|(?=" + ROOM_DOOR + r"))"
    )
    # A village after a town (桃洪镇高塘村): the end of a rural address without a door number.
    village = r"(?!某)" + CJK + r"{1,4}?村(?:\d{1,2}组)?(?![\u4e00-\u9fff])"
    compound = CJK + r"{1,8}?" + ending(_COMPOUND_END)
    room = r"(?:" + ROOM_WITH_BUILDING + r"|" + ROOM_DASHED + r"|(?<=号)" + ROOM_DOOR + r")"
    building = BUILDING_NAMED + r"(?:\s?" + UNIT + r")?(?![\d])"
    return (
        r"(?P<admin>(?:" + admin + r"){1,5})?"
        r"(?P<town>" + town + r")?"
        r"(?:(?P<village>(?<=[镇乡])" + village + r")|(?P<road>" + road + r"))?"
        r"(?P<number>" + number + r")?"
        r"(?P<compound>" + compound + r")?"
        r"(?:\s?(?P<room>" + room + r")|\s?(?P<building>" + building + r"))?"
    )


# What every reported address holds (``CnAddressRecognizer._score`` wants an administrative, town or road
# component): a town ending, a road ending (as ``_TOWN_END`` and ``_ROAD_END`` end, in Rust-regex syntax: no
# look-around) or the last two characters of a full administrative name (a short form counts only before a
# full name). The name endings are grouped by their last character into character classes.
_HEAD_ENDINGS = r"[镇乡路街巷弄]|胡同|大道|道\d|[村里屯组]\d{1,5}号"


@cache
def head_prefilter() -> str:
    """``CnAddressRecognizer.SECOND_PREFILTER``: a text it does not match holds no administrative, town or road
    component, so no address (a Rust regex, matched by the fast path in polars)."""
    full, _short = admin_division_names()
    before: dict[str, set[str]] = {}
    for name in full:  # every name has two characters or more (the shortest are counties such as 蔚县)
        before.setdefault(name[-1], set()).add(name[-2])
    classes = [
        "[" + re.escape("".join(sorted(chars))) + "]" + re.escape(last)
        for last, chars in sorted(before.items())
    ]
    return "|".join([_HEAD_ENDINGS, *classes])


# A chain that starts with a town/road/compound (no administrative head) may have swallowed the words before
# it ("住在中山路12号", "我家住人民路"): the address starts after the last of these.
_LEADING_STOP = re.compile(
    r".*(?:住在|家住|居住|住|在|于|是|的|到|至|址|往|去|从|搬|我|你|他|她|了|送|寄|靠近|附近|[：:，,、；;\s])"
)
# How far before its first sub-district component a chain may start (administrative head + a body), and
# an upper bound on a chain's length.
_LOOKBACK = 48
_MAX_CHAIN = 120
_NON_ADMIN = ("town", "village", "road", "number", "compound", "room", "building")


class CnAddressRecognizer(EntityRecognizer):
    """Recognize street addresses: ``广东省深圳市南山区科技路12号丽景苑3栋2单元501``, ``黄浦区中山路8号``.

    An address is a chain of adjacent components: administrative divisions (from the bundled code table,
    see ``recognizers/data/README.md``), town/街道, road (路/街/大道/巷/弄/胡同), door number (…号), compound
    (小区/花园/苑/大厦 …) and building/unit/room. A chain needs at least two components, at least one of
    them below the district level, so bare place names (北京, 黄浦区, 广东省深圳市) and news-style
    locations are not addresses. A road with a door number, or any chain ending in a room, is strong; a
    chain without a door number or room (天河区中山路, 南山区科技园) scores below the threshold and needs a
    context word (住址/地址/家住 ...). A trailing room is part of the ADDRESS span.
    """

    PREFILTER: ClassVar[re.Pattern[str]] = re.compile(
        r"[路街巷弄镇乡苑园府庭城湾居村庄院]|道\d|胡同|小区|大厦|公寓|广场|天地|公馆|社区|[0-9A-Za-z一二三四五六七八九十]\s?(?:号|栋|幢|座|单元)|\d-\d{1,2}-\d"
    )

    # The fast path's second gate (``recognizers.fast_path``): most texts PREFILTER lets in hold a compound or
    # door word (园, 号, 小区) but no administrative, town or road component, and give no address.
    SECOND_PREFILTER: str

    CONTEXT: ClassVar[list[str]] = [
        "住址",
        "地址",
        "家住",
        "住在",
        "居住",
        "现住",
        "户籍",
        "通讯",
        "收货",
        "寄到",
        "address",
    ]

    STRONG_SCORE = 0.75
    WITH_ROOM_SCORE = 0.85
    WEAK_SCORE = 0.3

    def __init__(
        self,
        context: list[str] | None = None,
        supported_language: str = "zh",
        supported_entity: str = "ADDRESS",
        name: str | None = None,
    ) -> None:
        self._chain = _chain_regex()
        self._admin = re.compile(trie_regex(set(admin_division_names()[0])))
        self.SECOND_PREFILTER = head_prefilter()
        super().__init__(
            supported_entities=[supported_entity],
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            # Presidio types `name` as str; passing the class name is what it does for None.
            name=name or type(self).__name__,
        )

    def load(self) -> None:
        """The code table is loaded (and cached) by the constructor."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Address spans in ``text`` (already width-folded by the detector)."""
        if not self.PREFILTER.search(text):
            return []
        results: list[RecognizerResult] = []
        taken_until = 0
        for window_start, window_end in self._windows(text):
            # A chain starts at most _LOOKBACK characters before a non-administrative component and is
            # shorter than _MAX_CHAIN, so searching these windows finds every chain a full scan finds.
            for match in self._chain.finditer(
                text, max(window_start, taken_until), min(len(text), window_end + _MAX_CHAIN)
            ):
                if match.start() > window_end:
                    break
                if match.end() == match.start():
                    continue
                found = self._best_chain(text, match)
                if found is not None:
                    results.append(self._result(*found))
                    taken_until = found[1]
        return results

    def _windows(self, text: str) -> list[tuple[int, int]]:
        """Merged ranges of possible chain starts: up to _LOOKBACK characters before each component anchor."""
        windows: list[tuple[int, int]] = []
        for anchor in self.PREFILTER.finditer(text):
            start, end = max(0, anchor.start() - _LOOKBACK), anchor.start()
            if windows and start <= windows[-1][1] + 1:
                windows[-1] = (windows[-1][0], end)
            else:
                windows.append((start, end))
        return windows

    def _best_chain(self, text: str, match: re.Match[str]) -> tuple[int, int, float] | None:
        """Trim swallowed words off a chain's head, re-parse from there, and score it (None: no address)."""
        start = match.start()
        if match.group("admin") is None:
            first_end = next(match.end(kind) for kind in _NON_ADMIN if match.group(kind) is not None)
            stop = _LEADING_STOP.match(text, start, max(start, first_end - 1))
            if stop is not None:
                start = stop.end()
            head = self._admin.search(text, start, max(start, first_end - 1))
            if head is not None:
                start = head.start()
            if start != match.start():
                reparsed = self._chain.match(text, start)
                if reparsed is None or reparsed.end() <= start:
                    return None
                match = reparsed
        score = self._score(match)
        if score is None:
            return None
        return match.start(), match.end(), score

    def _score(self, match: re.Match[str]) -> float | None:
        present = {kind for kind in ("admin", *_NON_ADMIN) if match.group(kind) is not None}
        if len(present) < 2 or not present & {"admin", "town", "road"} or not present & set(_NON_ADMIN):
            return None
        if "number" in present and not present & {"road", "village"}:
            return None
        if "room" in present:
            return self.WITH_ROOM_SCORE
        if "number" in present:
            return self.STRONG_SCORE
        if "building" in present and present & {"road", "compound"}:
            return self.STRONG_SCORE - 0.1
        if {"admin", "town", "village"} <= present:
            # Province/city … town … village: a rural home address down to the village.
            return self.STRONG_SCORE - 0.1
        return self.WEAK_SCORE

    def _result(self, start: int, end: int, score: float) -> RecognizerResult:
        return rule_result(self, self.supported_entities[0], start, end, score, "address component chain")
