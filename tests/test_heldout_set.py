"""The held-out evaluation set generator: exact spans, valid values, determinism, the promised mix."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from benchmarks.heldout_set import (
    DEFAULT_SEED,
    LABELS,
    MOBILE_PREFIXES,
    Record,
    generate,
    luhn_ok,
    main,
    resident_id_check,
    uscc_check,
)

N = 600


@pytest.fixture(scope="module")
def records() -> list[Record]:
    return generate(DEFAULT_SEED, N)


def _digits(value: str) -> str:
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", value))


def test_every_span_is_its_generated_value(records: list[Record]) -> None:
    for r in records:
        for s in r.spans:
            assert r.text[s.start : s.end] == s.value, (r.id, s)
            assert s.label in LABELS
            assert s.value == s.value.strip(), (r.id, s)


def test_spans_sorted_and_non_overlapping(records: list[Record]) -> None:
    for r in records:
        prev_end = 0
        for s in r.spans:
            assert 0 <= s.start < s.end <= len(r.text)
            assert s.start >= prev_end, r.id
            prev_end = s.end


def test_json_offsets_match(records: list[Record]) -> None:
    for r in records[:100]:
        obj = json.loads(json.dumps(r.to_json(), ensure_ascii=False))
        assert set(obj) == {"id", "kind", "text", "spans"}
        assert [(d["start"], d["end"], d["label"]) for d in obj["spans"]] == [
            (s.start, s.end, s.label) for s in r.spans
        ]


def test_deterministic_per_seed() -> None:
    a = [r.to_json() for r in generate(7, 120)]
    b = [r.to_json() for r in generate(7, 120)]
    c = [r.to_json() for r in generate(8, 120)]
    assert a == b
    assert a != c


def test_mix_and_pii_free_requests(records: list[Record]) -> None:
    kinds = {k: sum(r.kind == k for r in records) for k in ("request", "form", "note", "hard_negative")}
    assert kinds == {"request": 240, "form": 120, "note": 150, "hard_negative": 90}
    requests = [r for r in records if r.kind == "request"]
    assert sum(not r.spans for r in requests) >= 0.4 * len(requests)
    assert all(not r.spans for r in records if r.kind == "hard_negative")
    assert all(r.spans for r in records if r.kind in ("form", "note"))
    assert len({r.id for r in records}) == len(records)


def test_every_label_occurs(records: list[Record]) -> None:
    seen = {s.label for r in records for s in r.spans}
    assert seen == set(LABELS)


def test_values_are_valid(records: list[Record]) -> None:
    for r in records:
        for s in r.spans:
            v = unicodedata.normalize("NFKC", s.value)
            if s.label == "CN_MOBILE":
                d = _digits(v)
                d = d[2:] if v.lstrip("(").startswith("+86") else d[4:] if v.startswith("0086") else d
                assert len(d) == 11 and d[:3] in MOBILE_PREFIXES, v
            elif s.label == "CN_RESIDENT_ID":
                c = v.replace(" ", "").upper()
                if len(c) == 15:
                    assert c.isdigit()
                else:
                    assert len(c) == 18 and resident_id_check(c[:17]) == c[17], v
            elif s.label == "CN_BANK_CARD":
                c = v.replace(" ", "")
                assert c.startswith("62") and len(c) in (16, 19) and luhn_ok(c), v
            elif s.label == "CN_USCC":
                assert len(v) == 18 and uscc_check(v[:17]) == v[17], v
            elif s.label == "CN_PASSPORT":
                assert re.fullmatch(r"E(\d{8}|[A-HJ-NP-Z]\d{7})", v), v
            elif s.label == "CN_HK_MACAO_PERMIT":
                assert re.fullmatch(r"C\d{8}", v), v
            elif s.label == "QQ_NUMBER":
                assert re.fullmatch(r"[1-9]\d{4,10}", v), v
            elif s.label == "EMAIL_ADDRESS":
                assert re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", v, re.ASCII), v
            elif s.label == "WECHAT_ID":
                assert re.fullmatch(r"[A-Za-z][\w-]{5,19}", v, re.ASCII), v


def test_pii_free_texts_hold_no_obvious_pii(records: list[Record]) -> None:
    mobile = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
    for r in records:
        if not r.spans:
            assert not mobile.search(unicodedata.normalize("NFKC", r.text)), r.id
            assert "@" not in r.text, r.id


def test_cli_writes_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "h.jsonl"
    assert main(["--out", str(out), "--n", "40", "--seed", "3"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 40
    first = json.loads(lines[0])
    assert first == generate(3, 40)[0].to_json()
    summary = json.loads(capsys.readouterr().out)
    assert sum(summary["records_per_kind"].values()) == 40
