"""Property: no planted phone, ID, bank card or email survives into any archive file, in any written form.

Values are separated from each other by at least one non-digit character: two numbers glued digit to digit
("…37475201…") are one digit run that neither a person nor baomi can split (a known limitation).
"""

from __future__ import annotations

import csv
import re
from itertools import count
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.runner import run_batch
from pipelines.scrub import redact
from pipelines.synthetic import DIGIT_STYLES, MOBILE_STYLES, PiiFaker
from pipelines.workspace import init_workspace
from recognizers.engine import Detector
from recognizers.text import fold_width

FILLERS = [
    "楼上漏水",
    "电梯停运三天了",
    "请尽快处理，",
    "，",
    "谢谢！",
    "联系",
    "电话",
    "卡号",
    "邮箱",
    " ",
    "（业主）",
]
_runs = count()


@st.composite
def planted_value(draw: st.DrawFn) -> tuple[str, str]:
    fake = PiiFaker(draw(st.integers(0, 10_000)))
    kind = draw(st.sampled_from(["mobile", "id", "card", "email"]))
    if kind == "mobile":
        return "CN_MOBILE", fake.format_mobile(fake.mobile(), draw(st.sampled_from(MOBILE_STYLES)))
    if kind == "id":
        return "CN_RESIDENT_ID", fake.format_digits(
            fake.resident_id(), draw(st.sampled_from(("plain", "fullwidth")))
        )
    if kind == "card":
        return "CN_BANK_CARD", fake.format_digits(fake.bank_card(), draw(st.sampled_from(DIGIT_STYLES)))
    return "EMAIL_ADDRESS", fake.email()


@st.composite
def request_with_values(draw: st.DrawFn) -> tuple[str, list[str]]:
    values = draw(st.lists(planted_value(), min_size=1, max_size=3))
    pieces: list[str] = []
    for _, value in values:
        pieces.append(draw(st.sampled_from(FILLERS)))
        pieces.append(value)
    pieces.append(draw(st.sampled_from(FILLERS)))
    return "".join(pieces), [value for _, value in values]


def _forms(value: str) -> set[str]:
    folded = fold_width(value)
    digits = re.sub(r"\D", "", folded)
    forms = {value, folded, re.sub(r"[\s\-]", "", folded)}
    if len(digits) >= 7:
        forms |= {digits, digits[-11:]}
    return {form for form in forms if len(form) >= 6}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(request_with_values(), min_size=1, max_size=4))
def test_no_planted_value_survives_a_batch(
    tmp_path: Path, detector: Detector, rows: list[tuple[str, list[str]]]
) -> None:
    root = tmp_path / f"run{next(_runs)}"
    (root / "in").mkdir(parents=True)
    with (root / "in" / "诉求.csv").open("w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["反映问题", "备注"])
        for text, _ in rows:
            writer.writerow([text, text])
    workspace = init_workspace(root / "ws")
    summary = run_batch(
        workspace, [root / "in"], root / "out", detector, progress=False, notify=lambda m: None
    )
    assert summary.rows_archived + summary.rows_quarantined == summary.rows_read == len(rows)
    written = "".join(
        fold_width(path.read_bytes().decode("utf-8", errors="replace"))
        for path in (root / "out").rglob("*.*")
    )
    for _, values in rows:
        for value in values:
            for form in _forms(value):
                assert form not in written


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(row=request_with_values())
def test_scrubbing_twice_equals_scrubbing_once(detector: Detector, row: tuple[str, list[str]]) -> None:
    text, _ = row
    once = redact(text, detector.detect(text))
    assert redact(once, detector.detect(once)) == once
