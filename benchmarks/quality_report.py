"""Per-entity quality figures for docs/quality.md: the domain sets and every public corpus file given.

    .venv/bin/python -m benchmarks.quality_report --corpora ../shared/corpora > /tmp/quality_tables.md

Runs the same scoring as `baomi eval` (pipelines.evaluation) with one Detector over: the domain report set
(pipelines.evalset, default seed — never tuned on), the blind held-out set (benchmarks.heldout_set, written
without looking at the recognizers), and each *.jsonl file in --corpora with the shipped label map.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from conf import conf_path
from pipelines.evalset import DOMAIN_SEED, DOMAIN_SIZE, generate_domain_set, write_jsonl
from pipelines.evaluation import EvalReport, PredSpan, load_gold, load_label_map, score
from pipelines.workers import DetectorLike
from recognizers.engine import Detector


def _table(title: str, command: str, report: EvalReport, seconds: float) -> str:
    lines = [
        f"### {title}",
        "",
        f"`{command}`",
        "",
        "| entity | n | scrub recall | typed recall | predicted | precision |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    rows = [*sorted(report.groups.values(), key=lambda g: g.group), report.overall]
    for row in rows:
        name = "**all**" if row is report.overall else row.group

        def pct(value: float | None) -> str:
            return "—" if value is None else f"{value:.1%}"

        lines.append(
            f"| {name} | {row.n_gold} | {pct(row.scrub_recall)} | {pct(row.typed_recall)} | {row.n_pred} |"
            f" {pct(row.precision)} |"
        )
    alarm = report.false_alarm_rate
    lines += [
        "",
        f"False alarms on PII-free records: {report.n_false_alarm} / {report.n_pii_free}"
        f" ({'—' if alarm is None else f'{alarm:.1%}'}); {report.n_records} records in {seconds:.1f} s.",
        "",
    ]
    return "\n".join(lines)


def evaluate(
    detector: DetectorLike, path: Path, label_map_name: str | None, limit: int | None = None
) -> tuple[EvalReport, float]:
    """Score ``detector`` (the Presidio path's ``Detector`` or the fast path's) on a gold file, and the seconds
    its detection took."""
    records = load_gold(path)[:limit] if limit else load_gold(path)
    label_map = load_label_map(conf_path(label_map_name)) if label_map_name else None
    started = time.perf_counter()
    spans = detector.detect_column([record.text for record in records])
    predictions = {
        record.id: [PredSpan(s.start, s.end, s.entity_type, s.score) for s in found]
        for record, found in zip(records, spans, strict=True)
    }
    return score(records, predictions, label_map), time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--corpora", type=Path, help="folder of the public corpora (*.jsonl); skipped when absent"
    )
    parser.add_argument(
        "--limit", type=int, default=None, help="score only the first N records of each corpus"
    )
    args = parser.parse_args()
    detector = Detector()
    work = Path(tempfile.mkdtemp(prefix="baomi-quality-"))
    sections: list[str] = []
    domain = work / "domain.jsonl"
    write_jsonl(generate_domain_set(DOMAIN_SEED, DOMAIN_SIZE), domain)
    report, seconds = evaluate(detector, domain, None, None)
    command = (
        f"python -m pipelines.evalset --out domain.jsonl && baomi eval domain.jsonl  # seed {DOMAIN_SEED}"
    )
    sections.append(_table("Domain report set (our generator, report seed)", command, report, seconds))
    try:
        from benchmarks.heldout_set import main as _heldout_main  # noqa: F401
    except ImportError:
        pass
    else:
        heldout = work / "heldout.jsonl"
        import subprocess

        subprocess.run(
            [sys.executable, "-m", "benchmarks.heldout_set", "--out", str(heldout)],
            check=True,
            capture_output=True,
        )
        report, seconds = evaluate(detector, heldout, None, None)
        command = "python -m benchmarks.heldout_set --out heldout.jsonl && baomi eval heldout.jsonl"
        sections.append(
            _table("Blind held-out set (written independently of the recognizers)", command, report, seconds)
        )
    if args.corpora and args.corpora.is_dir():
        for path in sorted(args.corpora.glob("*.jsonl")):
            report, seconds = evaluate(detector, path, "label_map_corpora.toml", args.limit)
            limit = f" --limit {args.limit}" if args.limit else ""
            command = f"baomi eval {args.corpora.name}/{path.name} --label-map corpora{limit}"
            sections.append(_table(path.name, command, report, seconds))
    print("\n".join(sections))
    return 0


if __name__ == "__main__":
    sys.exit(main())
