"""E-mail addresses inside Chinese text (邮箱)."""

from __future__ import annotations

from typing import ClassVar

import tldextract
from presidio_analyzer import Pattern

from recognizers.cn._pattern import LeanPatternRecognizer

# The bundled Public Suffix List snapshot only: no suffix-list URLs and no cache directory, so validation
# never touches the network or the disk. Built once; the snapshot is parsed on first use.
_OFFLINE_TLD_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"


class CnEmailRecognizer(LeanPatternRecognizer):
    """Recognize e-mail addresses (RFC 5321 dot-atom, ASCII only) without swallowing adjacent Chinese.

    Presidio's ``EmailRecognizer`` uses ``\\w`` and ``\\b``, which treat Chinese characters as word
    characters, so ``请发到zhang.san@example.com谢谢`` would match whole. Here the local part and the domain
    are ASCII, and the domain must end in a public suffix from tldextract's bundled list (checked offline).
    """

    # Fast-path gate: no address without an at-sign.
    PREFILTER: ClassVar[str] = r"@"

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "Email (ASCII)",
            r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9_%+\-](?:[A-Za-z0-9._%+\-]{0,62}[A-Za-z0-9_%+\-])?"
            r"@" + _LABEL + r"(?:\." + _LABEL + r")+(?![A-Za-z0-9\-])",
            0.5,
        ),
    ]

    CONTEXT: ClassVar[list[str]] = ["邮箱", "邮件", "电邮", "email", "e-mail", "mail"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "zh",
        supported_entity: str = "EMAIL_ADDRESS",
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
        """True when the domain ends in a known public suffix (offline PSL snapshot); False otherwise."""
        domain = pattern_text.rpartition("@")[2]
        return bool(_OFFLINE_TLD_EXTRACT(domain).fqdn)
