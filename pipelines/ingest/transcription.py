"""Read .txt transcriptions of paper survey/census forms: ``key：value`` blocks, one row per form.

A form ends at a separator line (3+ dashes, equals signs or underscores); in a file without any separator
line, at a blank line. Several keys may share a line, separated by 2+ spaces, a tab or an ideographic space.
A line without a ``key：`` prefix continues the previous key's value; text before any key is kept under
``text`` so that nothing on the paper is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.ingest.csv_reader import decode_text
from pipelines.ingest.headers import map_header, normalise_header, synonym_index, unique_headers
from pipelines.ingest.model import MalformedSourceError, SourceTable

TEXT_HEADER = "text"
TEXT_FIELD = "request"
MAX_KEY_CHARS = 10

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_FORM_SEPARATOR = re.compile(r"^[ \t\u3000]*[-=_－＝＿—–─━﹣]{3,}[ \t\u3000]*$")
# Between two key：value pairs on one line.
_PAIR_SEPARATOR = re.compile(r"(?: {2,}|[\t\u3000])[ \t\u3000]*")
# A key at a given position: no colon, no whitespace except single spaces inside, then a colon.
_KEY_AT = re.compile(r"([^：:\s](?:[^：:\s]| (?! ))*?) ?[：:]")
_KEY_BEFORE_FIRST_COLON = re.compile(r"([^：:]{1,30}?)[：:]")
_SENTENCE_PUNCTUATION = frozenset("，。！？；、,!?;")
_WHITESPACE = re.compile(r"\s+")


def is_key(candidate: str) -> bool:
    """Whether text before a colon is a form key: short, no sentence punctuation, mostly not digits."""
    key = candidate.strip()
    if not 1 <= len(key) <= MAX_KEY_CHARS:
        return False
    if any(ch in _SENTENCE_PUNCTUATION for ch in key):
        return False
    if not any(ch.isalpha() for ch in key):
        return False
    return sum(ch.isdigit() for ch in key) * 2 <= len(key)


def split_line(line: str) -> tuple[str, list[tuple[str, str]]]:
    """(text before the first key, [(key, value)…]) of one line; no pairs when the line holds no key."""
    text = line.strip()
    found: list[tuple[int, int, str]] = []  # (key start, value start, key)
    position = 0
    # A key spread out for alignment on paper ("姓  名：") only counts when it is a known spelling.
    first = _KEY_BEFORE_FIRST_COLON.match(text)
    if first and _PAIR_SEPARATOR.search(first.group(1)):
        collapsed = _WHITESPACE.sub("", first.group(1))
        if is_key(collapsed) and normalise_header(collapsed) in synonym_index():
            found.append((0, first.end(), collapsed))
            position = first.end()
    starts = [position] if position == 0 else []
    starts += [m.end() for m in _PAIR_SEPARATOR.finditer(text, position)]
    for start in starts:
        if found and start < found[-1][1]:
            continue
        match = _KEY_AT.match(text, start)
        if match is None or not is_key(match.group(1)) or text.startswith("//", match.end()):
            continue
        found.append((start, match.end(), _WHITESPACE.sub("", match.group(1))))
    if not found:
        return text, []
    pairs = []
    for i, (_, value_start, key) in enumerate(found):
        value_end = found[i + 1][0] if i + 1 < len(found) else len(text)
        pairs.append((key, text[value_start:value_end].strip()))
    return text[: found[0][0]].strip(), pairs


@dataclass
class _Form:
    """One paper form being assembled: its first line and its values in key order."""

    first_line: int
    values: dict[str, list[str]] = field(default_factory=dict)
    last_key: str | None = None
    has_key: bool = False

    def add(self, key: str, value: str) -> None:
        header, n = key, 1
        while header in self.values:
            n += 1
            header = f"{key}_{n}"
        self.values[header] = [value] if value else []
        self.last_key = header

    def continue_value(self, text: str) -> None:
        if not text:
            return
        if self.last_key is None:
            self.values.setdefault(TEXT_HEADER, []).append(text)
        else:
            self.values[self.last_key].append(text)


def _parse_form(lines: list[tuple[int, str]]) -> _Form | None:
    """A form from its lines, or None when it has no text at all."""
    content = [(n, line) for n, line in lines if line.strip()]
    if not content:
        return None
    form = _Form(first_line=content[0][0])
    for _, line in content:
        leading, pairs = split_line(line)
        form.continue_value(leading)
        for key, value in pairs:
            form.add(key, value)
            form.has_key = True
    return form


def _split_forms(lines: list[str]) -> list[list[tuple[int, str]]]:
    """Lines grouped per form, with 1-based line numbers."""
    by_separator = any(_FORM_SEPARATOR.match(line) for line in lines)
    groups: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(lines, start=1):
        ends_form = _FORM_SEPARATOR.match(line) if by_separator else not line.strip()
        if ends_form:
            groups.append([])
        else:
            groups[-1].append((number, line))
    return groups


def read_transcription(path: Path, data: bytes, sha256: str) -> list[SourceTable]:
    """A transcription file as one SourceTable: headers are the union of keys, one row per form."""
    text, encoding = decode_text(path, data)
    forms = [f for f in (_parse_form(g) for g in _split_forms(_LINE_BREAK.split(text))) if f is not None]
    if not any(f.has_key for f in forms):
        raise MalformedSourceError(path, "no key：value form found (not a form transcription)")
    headers: list[str] = []
    seen: set[str] = set()
    for form in forms:
        for key in form.values:
            if key not in seen:
                seen.add(key)
                headers.append(key)
    rows: list[list[str | None]] = []
    for form in forms:
        row: list[str | None] = []
        for key in headers:
            joined = "\n".join(form.values.get(key, [])).strip()
            row.append(joined or None)
        rows.append(row)
    return [
        SourceTable(
            path=path,
            sha256=sha256,
            kind="txt",
            sheet_index=0,
            sheet_name="",
            headers=unique_headers(headers),
            fields=[TEXT_FIELD if h == TEXT_HEADER else map_header(h) for h in headers],
            rows=rows,
            row_numbers=[f.first_line for f in forms],
            damaged=[],
            encoding=encoding,
        )
    ]
