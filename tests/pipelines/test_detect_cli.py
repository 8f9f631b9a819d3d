from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from pipelines.cli import main
from pipelines.evalset import generate_domain_set


def test_detect_reads_json_lines_and_writes_original_offsets() -> None:
    lines = [
        json.dumps({"id": "a", "text": "请回电１３８１２３４５６７８谢谢", "other": 1}, ensure_ascii=False),
        json.dumps({"text": "发到zhang.san@example.com谢谢"}, ensure_ascii=False),
        json.dumps({"id": 7, "text": "门禁坏了\u2028第二行"}, ensure_ascii=False),
    ]
    result = CliRunner().invoke(main, ["detect"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record["id"] for record in records] == ["a", 1, 7]
    first = records[0]["spans"]
    assert [(s["start"], s["end"], s["entity_type"]) for s in first] == [(3, 14, "CN_MOBILE")]
    assert [(s["start"], s["end"], s["entity_type"]) for s in records[1]["spans"]] == [
        (2, 23, "EMAIL_ADDRESS")
    ]
    assert records[2]["spans"] == []
    assert all(0 < s["score"] <= 1 for s in first)


def test_detect_skips_bad_lines_with_a_message_and_fails() -> None:
    result = CliRunner().invoke(main, ["detect"], input='{"text": "ok"}\nnot json\n')
    assert result.exit_code != 0
    assert "line 1" in result.output


def test_detect_with_workers_writes_the_serial_output_in_input_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pipelines.cli.DETECT_BATCH", 200)  # 25-line batches: many, on both workers
    records = generate_domain_set(seed=21, n=900)
    lines = [
        json.dumps({"id": index, "text": record["text"]}, ensure_ascii=False)
        for index, record in enumerate(records)
    ]
    lines.insert(5, "not json")
    text = "\n".join(lines) + "\n"
    serial = CliRunner().invoke(main, ["detect"], input=text)
    parallel = CliRunner().invoke(main, ["detect", "--workers", "2"], input=text)
    assert serial.exit_code == parallel.exit_code != 0  # the bad line is reported either way
    assert serial.stdout.splitlines() == parallel.stdout.splitlines()
    assert len(parallel.stdout.splitlines()) == 900
    assert any(json.loads(line)["spans"] for line in parallel.stdout.splitlines())


def test_detect_counts_texts_on_standard_error_unless_quiet() -> None:
    lines = "\n".join(json.dumps({"text": f"电话1381234567{index}"}) for index in range(3)) + "\n"
    shown = CliRunner().invoke(main, ["detect"], input=lines)
    quiet = CliRunner().invoke(main, ["detect", "-q"], input=lines)
    assert shown.exit_code == quiet.exit_code == 0
    assert shown.stdout == quiet.stdout and len(shown.stdout.splitlines()) == 3
    assert "detect" in shown.stderr and "3" in shown.stderr
    assert quiet.stderr == ""
