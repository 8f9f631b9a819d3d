"""Tests for the fake-PII generators: checksums, documented formats and determinism."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest

from pipelines.synthetic import (
    MOBILE_STYLES,
    REGION_CODES,
    USCC_CHARSET,
    PiiFaker,
    luhn_valid,
    resident_id_check_char,
    to_fullwidth_digits,
    uscc_check_char,
)

SAMPLES = 300
MOBILE_RE = re.compile(r"^1(3\d|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8\d|9[0-35-9])\d{8}$")


@pytest.fixture
def fake() -> PiiFaker:
    return PiiFaker(seed=7)


def test_resident_ids_pass_gb11643(fake: PiiFaker) -> None:
    for _ in range(SAMPLES):
        rid = fake.resident_id()
        assert re.fullmatch(r"\d{17}[\dX]", rid)
        assert rid[:6] in REGION_CODES
        assert resident_id_check_char(rid[:17]) == rid[17]
        birth = dt.date(int(rid[6:10]), int(rid[10:12]), int(rid[12:14]))  # raises if the date is invalid
        assert 1940 <= birth.year <= 2005


def test_resident_id_check_char_known_value() -> None:
    # The worked example in GB 11643-1999 annex: 11010519491231002X.
    assert resident_id_check_char("11010519491231002") == "X"


def test_bad_check_ids_fail_gb11643(fake: PiiFaker) -> None:
    for _ in range(SAMPLES):
        rid = fake.resident_id_bad_check()
        assert len(rid) == 18
        assert resident_id_check_char(rid[:17]) != rid[17]


def test_bank_cards_pass_luhn(fake: PiiFaker) -> None:
    prefixes = set()
    for _ in range(SAMPLES):
        card = fake.bank_card()
        assert len(card) in (16, 19)
        assert luhn_valid(card)
        prefixes.add(card[0])
    assert "6" in prefixes and prefixes <= {"4", "5", "6"}


def test_luhn_known_values() -> None:
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")


def test_uscc_passes_gb32100(fake: PiiFaker) -> None:
    for _ in range(SAMPLES):
        code = fake.uscc()
        assert len(code) == 18
        assert all(c in USCC_CHARSET for c in code)
        assert uscc_check_char(code[:17]) == code[17]


def test_uscc_known_value() -> None:
    # A published example code (GB 32100 explanatory material): 91350100M000100Y43.
    assert uscc_check_char("91350100M000100Y4") == "3"


def test_mobiles_have_valid_prefixes(fake: PiiFaker) -> None:
    for _ in range(SAMPLES):
        assert MOBILE_RE.fullmatch(fake.mobile())


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("plain", "13812345678"),
        ("dashed", "138-1234-5678"),
        ("spaced", "138 1234 5678"),
        ("plus86", "+8613812345678"),
        ("plus86_dash", "+86-138-1234-5678"),
        ("0086", "008613812345678"),
        ("paren86", "（+86）13812345678"),
        ("fullwidth", "１３８１２３４５６７８"),
    ],
)
def test_format_mobile(fake: PiiFaker, style: str, expected: str) -> None:
    assert fake.format_mobile("13812345678", style) == expected


def test_format_mobile_covers_every_style(fake: PiiFaker) -> None:
    assert len({fake.format_mobile("13812345678", s) for s in MOBILE_STYLES}) == len(MOBILE_STYLES)
    with pytest.raises(ValueError):
        fake.format_mobile("13812345678", "morse")


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("plain", "6222021234567890123"),
        ("spaced4", "6222 0212 3456 7890 123"),
        ("dashed4", "6222-0212-3456-7890-123"),
        ("fullwidth", to_fullwidth_digits("6222021234567890123")),
    ],
)
def test_format_digits(fake: PiiFaker, style: str, expected: str) -> None:
    assert fake.format_digits("6222021234567890123", style) == expected


def test_landlines_use_area_codes(fake: PiiFaker) -> None:
    pattern = re.compile(r"^(0\d{2,3}[- ]?|[(（]0\d{2,3}[)）])[2-8]\d{6,7}(转\d{3,4})?$")
    for _ in range(SAMPLES):
        assert pattern.fullmatch(fake.landline())


@pytest.mark.parametrize(
    ("method", "pattern"),
    [
        ("email", r"[a-z0-9._]+@[a-z0-9.-]+\.[a-z]{2,}"),
        ("passport", r"E\d{8}|E[A-HJ-NP-Z]\d{7}|G\d{8}"),
        ("hk_macao_permit", r"C\d{8}|C[A-HJ-NP-Z]\d{7}"),
        ("qq", r"[1-9]\d{4,10}"),
        ("wechat", r"[a-zA-Z][-_a-zA-Z0-9]{5,19}"),
        ("license_plate", r"[\u4e00-\u9fff][A-H][· ]?([0-9A-HJ-NP-Z]{5}|[DF][0-9A-HJ-NP-Z]\d{4})"),
        ("person", r"[\u4e00-\u9fff]{2,4}"),
        ("room", r"\d+(栋|幢|号楼)(\d单元)?\d+室?|\d+-\d-\d+|[A-D]座\d+"),
        ("project_name", r"[\u4e00-\u9fff]{3,4}"),
        ("honorific", r"[\u4e00-\u9fff]{1,2}(先生|女士|阿姨|师傅|老师|大爷|小姐|大姐|经理|总)"),
        ("employer", r"[\u4e00-\u9fff\d]+(公司|支行|医院|保健院|局|委员会|大学|中学|小学)"),
        ("address", r"[\u4e00-\u9fff]+(区)[\u4e00-\u9fff]+\d+号[\u4e00-\u9fffA-D\d-]*"),
    ],
)
def test_formats(fake: PiiFaker, method: str, pattern: str) -> None:
    generate: Callable[[], str] = getattr(fake, method)
    for _ in range(SAMPLES):
        value = generate()
        assert re.fullmatch(pattern, value), value


def test_compound_surnames_appear(fake: PiiFaker) -> None:
    names = {fake.person() for _ in range(2000)}
    assert any(name[:2] in {"欧阳", "司马", "诸葛", "上官"} for name in names)


def test_requests_are_pii_free(fake: PiiFaker) -> None:
    mobile = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
    email = re.compile(r"@")
    texts = [fake.request() for _ in range(SAMPLES)]
    assert len(set(texts)) > SAMPLES * 0.9
    for text in texts:
        assert not mobile.search(text), text
        assert not email.search(text), text


@pytest.mark.parametrize(
    "method",
    [
        "mobile",
        "landline",
        "resident_id",
        "bank_card",
        "email",
        "person",
        "employer",
        "address",
        "request",
        "uscc",
        "wechat",
        "room",
    ],
)
def test_deterministic_per_seed(method: str) -> None:
    def run(seed: int) -> list[str]:
        fake = PiiFaker(seed)
        generate: Callable[[], str] = getattr(fake, method)
        return [generate() for _ in range(20)]

    assert run(11) == run(11)
    assert run(11) != run(12)
