"""Free-text detection speed and quality: baomi's fast path against plain Presidio and helan, in one run.

Generates N property-management texts with exact gold spans (``pipelines.evalset.generate_domain_set``:
requests, transcribed forms, clerk notes, PII-free look-alikes), then measures texts/second of

* baomi: ``FastDetector().detect_column(texts)`` over all N texts, in one process and, with ``--workers`` > 1,
  split into that many chunks on a spawn-based process pool where each worker builds its own FastDetector;
* plain Presidio with the same recognizers, one text at a time and no cache (``Detector(cache_size=0).detect``)
  on the first ``--presidio-n`` texts;
* helan (PyPI ``helan``) in its default mode (``recognize(text)``: rules and checksums, jieba off) on the first
  ``--helan-n`` texts; installed at run time outside the project venv if missing, skipped if that fails.

and the scrub recall (all PII together and per entity), precision and false alarms on PII-free texts of each
tool on the SAME subset (the first min(N, presidio-n, helan-n) texts), with ``pipelines.evaluation.score``.
Detector construction and a warm-up text are not timed. Prints counts and rates only, never a text.

helan entity types are mapped to baomi's for the per-type columns (scrub recall ignores types anyway):
PERSON_NAME→PERSON, ID_CARD→CN_RESIDENT_ID, BANK_CARD→CN_BANK_CARD, USCC→CN_USCC, PASSPORT→CN_PASSPORT,
PHONE→CN_MOBILE, LANDLINE→CN_LANDLINE, EMAIL→EMAIL_ADDRESS, LICENSE_PLATE→CN_LICENSE_PLATE, ADDRESS→ADDRESS,
QQ_NUMBER→QQ_NUMBER, WECHAT_ID→WECHAT_ID. helan's other types (IP_ADDRESS, URL, POSTAL_CODE, TW_ID_CARD,
OFFICER_ID) keep their names: their predictions still count for scrub recall, precision and false alarms.
helan has no EMPLOYER, ROOM or CN_HK_MACAO_PERMIT type.

    .venv/bin/python -m benchmarks.free_text --n 100000 --presidio-n 2000 --helan-n 20000 --workers 2
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from types import ModuleType
from typing import Any

from benchmarks._common import load_average, machine_line, optional_tool, package_version, pct, rate, ratio
from pipelines.evalset import generate_domain_set
from pipelines.evaluation import OVERALL, EvalReport, GoldRecord, GoldSpan, PredSpan, score
from pipelines.gc_policy import tune_for_batch
from recognizers.span import Span

HELAN_TO_BAOMI: dict[str, str] = {
    "PERSON_NAME": "PERSON",
    "ID_CARD": "CN_RESIDENT_ID",
    "BANK_CARD": "CN_BANK_CARD",
    "USCC": "CN_USCC",
    "PASSPORT": "CN_PASSPORT",
    "PHONE": "CN_MOBILE",
    "LANDLINE": "CN_LANDLINE",
    "EMAIL": "EMAIL_ADDRESS",
    "LICENSE_PLATE": "CN_LICENSE_PLATE",
    "ADDRESS": "ADDRESS",
    "QQ_NUMBER": "QQ_NUMBER",
    "WECHAT_ID": "WECHAT_ID",
}

# Untimed, before each tool's run: it touches what loads on first use (the e-mail recognizer's offline suffix
# list, ~0.1 s, needs an at-sign).
WARM_UP = "我是3栋2单元501的业主，电话13800138000，邮箱 owner@example.com，楼上漏水请尽快处理。"


@dataclass
class Measured:
    """One tool's run: how many texts, how long, and its predictions per text (of the timed texts)."""

    name: str
    label: str
    texts: int
    seconds: float
    predictions: list[list[PredSpan]]
    note: str = ""

    @property
    def per_second(self) -> float:
        return rate(self.texts, self.seconds)


def as_pred(spans: Sequence[Span]) -> list[PredSpan]:
    return [PredSpan(s.start, s.end, s.entity_type, s.score) for s in spans]


# -- baomi, one process and a process pool ----------------------------------------------------------------------

_WORKER: Any = None


def _init_worker() -> None:
    global _WORKER
    from recognizers.fast_path import FastDetector

    _WORKER = FastDetector()
    _WORKER.detect_column([WARM_UP])
    tune_for_batch()


def _detect_chunk(texts: list[str]) -> tuple[float, list[list[tuple[int, int, str, float]]]]:
    started = time.perf_counter()
    spans = _WORKER.detect_column(texts)
    seconds = time.perf_counter() - started
    return seconds, [[(s.start, s.end, s.entity_type, s.score) for s in row] for row in spans]


def _cold() -> None:
    """Forget what an earlier measurement in this process left in the process-wide caches (the name model's
    clause cache, jieba's block segmentation, PERSON's candidate cache), so each tool starts from the same
    state."""
    from recognizers.cn.cn_person_recognizer import CnPersonRecognizer, _word_lengths
    from recognizers.lac_model import load

    load().clear_cache()
    _word_lengths.cache_clear()
    CnPersonRecognizer._rule_candidates.cache_clear()
    CnPersonRecognizer._compiled_candidates.cache_clear()


def run_baomi(texts: list[str]) -> Measured:
    from recognizers.fast_path import FastDetector

    detector = FastDetector()
    detector.detect_column([WARM_UP])
    # As `baomi detect` and `baomi run` do; process-wide, so the tools measured after baomi run with it too.
    tune_for_batch()
    _cold()
    started = time.perf_counter()
    spans = detector.detect_column(texts)
    seconds = time.perf_counter() - started
    return Measured(
        "baomi FastDetector, 1 process", "baomi", len(texts), seconds, [as_pred(row) for row in spans]
    )


def run_baomi_parallel(texts: list[str], workers: int) -> Measured:
    size = -(-len(texts) // workers)
    chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
    started = time.perf_counter()
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=get_context("spawn"), initializer=_init_worker
    ) as pool:
        results = list(pool.map(_detect_chunk, chunks))
    seconds = time.perf_counter() - started
    detect_only = max(result[0] for result in results)
    predictions = [[PredSpan(*span) for span in row] for _, rows in results for row in rows]
    note = (
        f"wall incl. spawning {workers} workers and building their detectors; "
        f"detection alone (slowest worker) {detect_only:.1f} s = {rate(len(texts), detect_only):,.0f} texts/s"
    )
    return Measured(
        f"baomi FastDetector, {workers} processes", f"baomi×{workers}", len(texts), seconds, predictions, note
    )


# -- plain Presidio and helan ------------------------------------------------------------------------------------


def run_presidio(texts: list[str]) -> Measured:
    from recognizers.engine import Detector

    detector = Detector(cache_size=0)
    detector.detect(WARM_UP)
    _cold()
    started = time.perf_counter()
    spans = [detector.detect(text) for text in texts]
    seconds = time.perf_counter() - started
    return Measured(
        "Presidio per text, no cache", "Presidio", len(texts), seconds, [as_pred(row) for row in spans]
    )


def run_helan(helan: ModuleType, texts: list[str]) -> Measured:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # helan warns that jieba is installed but off (its default)
        recognizers = helan.build_recognizers()
    recognize: Callable[..., list[Any]] = helan.recognize
    recognize(WARM_UP, recognizers=recognizers)
    started = time.perf_counter()
    found = [recognize(text, recognizers=recognizers) for text in texts]
    seconds = time.perf_counter() - started
    predictions = [
        [PredSpan(e.start, e.end, HELAN_TO_BAOMI.get(e.type, e.type), float(e.score)) for e in row]
        for row in found
    ]
    return Measured(
        f"helan {helan.__version__} default (jieba off)", "helan", len(texts), seconds, predictions
    )


# -- report ------------------------------------------------------------------------------------------------------


def gold_records(records: Sequence[dict[str, Any]]) -> list[GoldRecord]:
    return [
        GoldRecord(
            record["id"],
            record["text"],
            tuple(GoldSpan(s["start"], s["end"], s["label"]) for s in record["spans"]),
        )
        for record in records
    ]


def print_quality(gold: list[GoldRecord], runs: list[Measured]) -> None:
    reports: list[tuple[str, EvalReport]] = []
    for run in runs:
        predictions = {record.id: run.predictions[i] for i, record in enumerate(gold)}
        reports.append((run.label, score(gold, predictions)))
    names = [name for name, _ in reports]
    width = max(12, *(len(name) + 2 for name in names))
    print(f"\nscrub recall on the same first {len(gold):,} texts (gold span ≥ 80% covered by any prediction)")
    print("  " + "; ".join(f"{run.label} = {run.name}" for run in runs))
    print(f"{'entity':<20}{'gold':>8}" + "".join(f"{name:>{width}}" for name in names))
    groups = sorted(
        {group for _, report in reports for group in report.groups if report.groups[group].n_gold}
    )
    for group in [*groups, OVERALL]:
        rows = [report.overall if group == OVERALL else report.groups.get(group) for _, report in reports]
        n_gold = rows[0].n_gold if rows[0] is not None else 0
        cells = "".join(f"{pct(row.scrub_recall if row else None):>{width}}" for row in rows)
        print(f"{group:<20}{n_gold:>8}{cells}")
    print(
        f"{'precision':<28}" + "".join(f"{pct(report.overall.precision):>{width}}" for _, report in reports)
    )
    first = reports[0][1]
    print(
        f"{'false alarms':<20}{first.n_pii_free:>8}"
        + "".join(
            f"{f'{report.n_false_alarm} ({pct(report.false_alarm_rate)})':>{width}}" for _, report in reports
        )
    )
    print("(false alarms: PII-free texts with at least one prediction, out of the 'gold' count)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=100_000, help="generated texts for baomi (default 100000)")
    parser.add_argument(
        "--presidio-n", type=int, default=2000, help="first texts run through plain Presidio (default 2000)"
    )
    parser.add_argument(
        "--helan-n",
        type=int,
        default=20_000,
        help="first texts run through helan (default 20000; 0 skips it)",
    )
    parser.add_argument("--seed", type=int, default=3, help="seed of the generated texts (default 3)")
    parser.add_argument(
        "--workers", type=int, default=2, help="processes for the parallel baomi run (default 2; 1 skips it)"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="run every tool this many times, interleaved, and report medians (default 1; a shared machine's "
        "speed drifts between minutes, and rounds show how much)",
    )
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    print(f"machine: {machine_line()}")
    print(f"before: {load_average()}")
    started = time.perf_counter()
    records = generate_domain_set(args.seed, args.n)
    texts = [record["text"] for record in records]
    kinds: dict[str, int] = {}
    for record in records:
        kinds[record["kind"]] = kinds.get(record["kind"], 0) + 1
    print(
        f"generated {len(texts):,} texts in {time.perf_counter() - started:.1f} s "
        f"({', '.join(f'{k} {v:,}' for k, v in sorted(kinds.items()))}; {len(set(texts)):,} distinct; "
        f"{sum(len(r['spans']) for r in records):,} gold spans)"
    )

    helan: ModuleType | None = None
    if args.helan_n > 0:
        helan, note = optional_tool("helan", "helan")
        print(f"helan: {note}" if helan is not None else "helan: SKIPPED (not installable here)")
    rounds: list[list[Measured]] = []
    for _ in range(args.rounds):
        measured = [run_baomi(texts)]
        if args.workers > 1:
            measured.append(run_baomi_parallel(texts, args.workers))
        measured.append(run_presidio(texts[: args.presidio_n]))
        if helan is not None:
            measured.append(run_helan(helan, texts[: args.helan_n]))
        if rounds:  # later rounds only time: their spans must be the first round's
            changed = sum(a.predictions != b.predictions for a, b in zip(rounds[0], measured, strict=True))
            if changed:
                print(f"WARNING: {changed} tool(s) gave different spans in a later round")
            measured = [Measured(m.name, m.label, m.texts, m.seconds, [], m.note) for m in measured]
        rounds.append(measured)
    print(f"after: {load_average()}")
    runs = rounds[0]
    rates = [[round_[index].per_second for round_ in rounds] for index in range(len(runs))]
    medians = [statistics.median(values) for values in rates]

    heading = "texts/s" if args.rounds == 1 else "texts/s (median)"
    print(f"\n{'tool':<36}{'texts':>10}{'seconds':>10}{heading:>18}")
    for run, values, median in zip(runs, rates, medians, strict=True):
        seconds = run.texts / median if median else float("nan")
        print(f"{run.name:<36}{run.texts:>10,}{seconds:>10.2f}{median:>18,.0f}")
        if args.rounds > 1:
            print(f"    rounds: {', '.join(f'{value:,.0f}' for value in values)}")
        if run.note:
            print(f"    {run.note}" + (" (first round)" if args.rounds > 1 else ""))
    presidio_index = next(i for i, run in enumerate(runs) if run.label == "Presidio")
    helan_index = next((i for i, run in enumerate(runs) if run.label == "helan"), None)
    baomi_indexes = [i for i, run in enumerate(runs) if run.name.startswith("baomi")]

    def report(label: str, index: int, versus: int) -> None:
        per_round = [round_[index].per_second / round_[versus].per_second for round_ in rounds]
        spread = f" (rounds: {', '.join(f'{value:.2f}×' for value in per_round)})" if args.rounds > 1 else ""
        print(f"{label}: {ratio(medians[index], medians[versus])}{spread}")

    report("baomi (1 process) / Presidio", 0, presidio_index)
    if args.workers > 1:
        report(f"baomi ({args.workers} processes) / Presidio", 1, presidio_index)
    if helan_index is not None:
        report("baomi (1 process) / helan", 0, helan_index)
        if args.workers > 1:
            best = max(baomi_indexes, key=lambda index: medians[index])
            report("baomi (best) / helan", best, helan_index)
    print(
        "(baomi analyses each distinct text once and skips texts no prefilter matches; "
        "Presidio and helan analyse every text)"
    )

    subset = min(len(texts), *(run.texts for run in runs))
    gold = gold_records(records[:subset])
    quality_runs = [
        Measured(run.name, run.label, subset, run.seconds, run.predictions[:subset])
        for run in runs
        if "processes" not in run.name
    ]
    print_quality(gold, quality_runs)
    if args.workers > 1:
        differ = sum(a != b for a, b in zip(runs[0].predictions, runs[1].predictions, strict=True))
        print(
            f"texts whose parallel baomi spans differ from the single-process spans: {differ:,}"
            + (
                " (workers import the recognizers afresh: was recognizer code edited during the run?)"
                if differ
                else ""
            )
        )
    print(
        f"\nversions: polars {package_version('polars')}, presidio-analyzer {package_version('presidio-analyzer')}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
