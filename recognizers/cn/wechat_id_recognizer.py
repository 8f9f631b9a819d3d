"""WeChat IDs (微信号)."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers.cn._pattern import LeanPatternRecognizer

# A WeChat ID (微信号) is 6-20 characters: a letter first, then letters, digits, "_" or "-". Accounts
# registered by phone also carry an internal "wxid_" + alphanumeric ID that users copy around.
WECHAT_ID = r"(?:wxid_[A-Za-z0-9]{4,30}|[A-Za-z][A-Za-z0-9_\-]{5,19})"
# Never cut out of a longer identifier, an e-mail address or a URL; a sentence-final "." is not part of it.
ID_START = r"(?<![A-Za-z0-9_\-.@/])"
ID_END = r"(?![A-Za-z0-9_\-@])(?!\.[A-Za-z0-9])"
# A label written right before the ID. Chinese labels may touch the ID (微信号abc123); the Latin
# abbreviations need a separator, because "vxabc123" might as well be the whole ID.
WECHAT_LABEL = (
    r"(?<=(?:(?:微信|威信|薇信|徽信|[VW]信|加微)(?:号码?|账号|id)?\s*(?:是|为)?\s*[:：]?\s*"
    r"|(?<![A-Za-z0-9])(?:vx|wx|weixin|wechat|加v)(?:号\s*[:：]?\s*|\s*[:：]\s*|\s+))"
    r"(?:加|搜|搜索)?)"
)
# A digit run right after a WeChat label: the QQ number the account is found by. A mobile number there is
# left to the mobile recognizer (a CN_MOBILE is scrubbed all the same).
NUMBER_AFTER_LABEL = (
    r"(?!1[3-9]\d{9}(?!\d))[1-9]\d{4,10}(?![0-9A-Za-z])(?!\.\d)(?!\s*@)"
    r"(?!\s*(?:元|块|万|亿|年|月|日|号|天|次|个|人|位|条|件|张|份|分|秒|小时|%))"
)
# Latin words that follow 微信 in ordinary text and are not anyone's account.
NOT_AN_ID = frozenset(
    {"wechat", "weixin", "wechatpay", "iphone", "android", "ipad", "windows", "online", "mobile", "official"}
)


class WechatIdRecognizer(LeanPatternRecognizer):
    """Recognize WeChat IDs next to 微信/微信号/vx/wx/加微 ...: ``zhangsan_88``, ``wxid_abc123xyz``.

    Tencent's rule for a WeChat ID (微信号) is 6-20 characters starting with a letter, then letters,
    digits, underscores and hyphens; there is no check character, and the shape matches any ASCII word,
    so context decides. An ID right after a WeChat label is reported on its own; elsewhere an ID-shaped
    word has a low base score that only a WeChat context word nearby lifts over the threshold. A digit
    run right after the label is the QQ or phone number the account is found by; a real phone number is
    found with a higher score by the mobile recognizer and stays a CN_MOBILE.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("WeChat ID (labelled)", WECHAT_LABEL + ID_START + WECHAT_ID + ID_END, 0.5),
        Pattern("WeChat number (labelled)", WECHAT_LABEL + r"(?<![0-9A-Za-z])" + NUMBER_AFTER_LABEL, 0.45),
        Pattern("WeChat ID (context)", ID_START + WECHAT_ID + ID_END, 0.1),
    ]

    # A necessary condition for any match, for the vectorized fast path (Rust regex, no look-around).
    PREFILTER: ClassVar[str] = r"[A-Za-z][A-Za-z0-9_\-]{5}|[1-9]\d{4}"
    # Without context words from the caller, a reported ID needs a WeChat label or context word in the text:
    # 微信/威信/薇信/徽信/V信/W信/加微/加v, vx, wx, weixin, wechat (case-insensitive, as the patterns match).
    CUE_PREFILTER: ClassVar[str] = r"(?i)[微威薇徽vw]信|加[微v]|vx|wx|weixin|wechat"

    CONTEXT: ClassVar[list[str]] = ["微信", "威信", "薇信", "v信", "加微", "vx", "wx", "wechat", "weixin"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "zh",
        supported_entity: str = "WECHAT_ID",
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

    def validate_result(self, pattern_text: str) -> bool | None:
        """No check character: None keeps the pattern score; False for ordinary words and repeated digits."""
        if pattern_text.lower() in NOT_AN_ID:
            return False
        if pattern_text.isdigit() and len(set(pattern_text)) == 1:
            return False
        return None
