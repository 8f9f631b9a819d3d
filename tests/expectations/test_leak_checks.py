from __future__ import annotations

import re
import subprocess
import sys

import polars as pl
import pytest

from expectations.leak_checks import MAYBE_LEAK_PATTERN, find_leaks
from pipelines.synthetic import PiiFaker

FAKE = PiiFaker(11)
ID = FAKE.resident_id()
CARD = FAKE.bank_card()


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("请回电13812345678", "CN_MOBILE"),
        ("请回电138-1234-5678", "CN_MOBILE"),
        ("请回电1 3 8 1 2 3 4 5 6 7 8", "CN_MOBILE"),
        ("请回电１３８１２３４５６７８", "CN_MOBILE"),
        ("（+86）13812345678", "CN_MOBILE"),
        ("座机010-62345678转8021", "CN_LANDLINE"),
        ("座机(0755)86543210", "CN_LANDLINE"),
        (f"证件{ID}", "CN_RESIDENT_ID"),
        (f"证件{ID[:6]} {ID[6:14]} {ID[14:]}", "CN_RESIDENT_ID"),
        (f"卡号{CARD}", "CN_BANK_CARD"),
        (f"卡号{' '.join(CARD[i : i + 4] for i in range(0, len(CARD), 4))}", "CN_BANK_CARD"),
        ("发到zhang.san@example.com谢谢", "EMAIL_ADDRESS"),
        ("发到ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", "EMAIL_ADDRESS"),
    ],
)
def test_every_written_form_is_a_leak(text: str, entity: str) -> None:
    assert entity in find_leaks(text)


@pytest.mark.parametrize(
    "text",
    [
        "客服热线400-820-8820",
        "拨打95588咨询",
        "订单号2023112712345670",
        "缴费1,280.50元，面积120.5平方米",
        "2026-11-27上午九点",
        "邮编518000",
        "电表读数12345.6",
        "〔手机号〕〔身份证号〕〔银行卡号〕〔邮箱〕",
        f"编号{ID[:-1]}{'0' if ID[-1] != '0' else '1'}",
    ],
)
def test_ordinary_numbers_are_not_leaks(text: str) -> None:
    assert find_leaks(text) == set()


def test_checking_ids_and_cards_does_not_load_the_recognizers() -> None:
    # A fresh interpreter: the main process of a parallel run checks every archived part with these, and it
    # must not load presidio, jieba or the name model to do so (they live in the workers).
    probe = (
        "import sys\n"
        "from expectations.leak_checks import find_leaks\n"
        f"found = find_leaks('证件{ID} 卡号{CARD}')\n"
        "heavy = [m for m in ('presidio_analyzer', 'jieba', 'onnxruntime', 'recognizers.cn') if m in sys.modules]\n"
        "print(sorted(found), heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['CN_BANK_CARD', 'CN_RESIDENT_ID'] []", result.stderr[-2000:]


def test_polars_matches_maybe_leak_pattern_wherever_python_does() -> None:
    # The scrub step runs it in polars (Rust regex) to choose which texts find_leaks (Python re) looks at, so
    # polars must match every text Python matches, for every digit and every separator character. (polars knows
    # a newer Unicode: it also takes a few digits Python's does not, which only sends more texts to Python.)
    chars = [chr(code_point) for code_point in range(0x110000) if not 0xD800 <= code_point <= 0xDFFF]
    texts = [*(char * 10 for char in chars), *(f"1{char}234567890" for char in chars)]
    python = [re.search(MAYBE_LEAK_PATTERN, text) is not None for text in texts]
    polars = pl.Series(texts, dtype=pl.String).str.contains(MAYBE_LEAK_PATTERN).to_list()
    missed = [
        index
        for index, (in_python, in_polars) in enumerate(zip(python, polars, strict=True))
        if in_python > in_polars
    ]
    assert not missed, (
        f"{len(missed)} texts, first code points {[hex(ord(chars[i % len(chars)])) for i in missed[:5]]}"
    )
    assert sum(python) > 1000  # digits of many scripts, and the separators
