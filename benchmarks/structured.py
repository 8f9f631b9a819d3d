"""Structured-data throughput: the real `baomi run` on a generated customer table, against presidio-structured.

Generates a customer table of ROWS × 10 columns (姓名, 联系电话, 身份证号, 工作单位, 房号, 住址, 诉求, 问题类型,
登记日期, 处理状态) from pools of ``PiiFaker`` values sampled with numpy (phones and resident IDs are built
vectorised and are nearly all distinct; requests repeat as real requests do: a pool of ``--request-pool``
distinct requests, about 10 % of them carrying PII), writes it as UTF-8 CSV and/or Parquet (or one .xlsx
sheet), then runs the real ``baomi init`` and ``baomi run --workers N -q`` in a subprocess under
``/usr/bin/time -v`` (else
``getrusage(RUSAGE_CHILDREN)``) and prints rows/second, wall time and peak RSS. Peak RSS is given two ways:
the largest single process (what ``time -v`` reports; with workers, the main process or one worker) and the
whole process tree's total, sampled from /proc every 0.2 s, both as summed RSS (a shared library page counts
once per process that maps it) and as summed PSS (shared pages divided among the processes: what the tree
really holds).

Baseline: presidio-structured (installed at run time outside the project venv if missing) with an
``AnalyzerEngine`` from baomi's ``recognizers.engine.build_analyzer()`` (the same Chinese recognizers):
``PandasAnalysisBuilder.generate_analysis`` over every cell of the first ``--baseline-rows`` rows, then
``StructuredEngine.anonymize``. Its time is EXTRAPOLATED linearly to ROWS and labelled so. It is favourable
to the baseline: it excludes reading and writing files, and it replaces whole columns by one entity type
instead of redacting spans inside the request text.

    .venv/bin/python -m benchmarks.structured --rows 1000000 --format csv --workers 2
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from benchmarks._common import load_average, machine_line, optional_tool, package_version, rate, ratio
from pipelines.evalset import generate_domain_set
from pipelines.synthetic import MOBILE_PREFIXES, REGION_CODES, PiiFaker

COLUMNS = (
    "姓名",
    "联系电话",
    "身份证号",
    "工作单位",
    "房号",
    "住址",
    "诉求",
    "问题类型",
    "登记日期",
    "处理状态",
)
CATEGORIES = ("报修", "投诉", "咨询", "建议", "缴费", "装修", "停车", "其他")
STATUSES = ("已处理", "处理中", "待处理", "已回访", "已关闭")
ID_WEIGHTS = np.array((7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2), dtype=np.int64)
ID_CHECK = np.array(list("10X98765432"))
PATH_LINES = ("archive ", "quarantine ", "summary ")  # output paths of the (temporary) run folder


# -- the generated table ---------------------------------------------------------------------------------------


def _pool(make: Any, size: int) -> pl.Series:
    return pl.Series([make() for _ in range(size)], dtype=pl.String)


def _sample(pool: pl.Series, rows: int, rng: np.random.Generator) -> pl.Series:
    return pool.gather(rng.integers(0, len(pool), rows))


def _digits(rows: int, width: int, rng: np.random.Generator) -> pl.Series:
    return pl.Series(rng.integers(0, 10**width, rows), dtype=pl.Int64).cast(pl.String).str.zfill(width)


def _mobiles(rows: int, rng: np.random.Generator) -> pl.Series:
    prefixes = _sample(pl.Series(MOBILE_PREFIXES, dtype=pl.String), rows, rng)
    return prefixes + _digits(rows, 8, rng)


def _resident_ids(rows: int, rng: np.random.Generator) -> pl.Series:
    """18-character resident IDs with valid region, birth date and GB 11643 check character, built vectorised."""
    regions = _sample(pl.Series(REGION_CODES, dtype=pl.String), rows, rng)
    first, last = np.datetime64("1940-01-01"), np.datetime64("2005-12-31")
    days = rng.integers(0, int((last - first).astype(int)) + 1, rows)
    births = pl.Series(first + days.astype("timedelta64[D]")).dt.strftime("%Y%m%d")
    body = regions + births + _digits(rows, 3, rng)
    digits = np.frombuffer("".join(body.to_list()).encode("ascii"), dtype=np.uint8).reshape(rows, 17) - 48
    check = ID_CHECK[(digits.astype(np.int64) @ ID_WEIGHTS) % 11]
    return body + pl.Series(check, dtype=pl.String)


def _dates(rows: int, rng: np.random.Generator) -> pl.Series:
    first = np.datetime64("2023-01-01")
    return pl.Series(first + rng.integers(0, 1095, rows).astype("timedelta64[D]")).dt.strftime("%Y-%m-%d")


def request_pool(size: int, seed: int) -> pl.Series:
    """``size`` distinct-ish requests: about 90 % PII-free (``PiiFaker.request``), 10 % requests and clerk notes
    that carry PII (from the domain evaluation set)."""
    with_pii = [
        r["text"]
        for r in generate_domain_set(seed, max(10, size // 10 * 2))
        if r["spans"] and r["kind"] in ("request", "note")
    ][: size // 10]
    fake = PiiFaker(seed + 1)
    return pl.Series([fake.request() for _ in range(size - len(with_pii))] + with_pii, dtype=pl.String)


def make_customer_table(rows: int, seed: int = 5, request_pool_size: int = 50_000) -> pl.DataFrame:
    """A generated customer table of ``rows`` rows and the 10 columns of :data:`COLUMNS` (all strings)."""
    rng = np.random.default_rng(seed)
    fake = PiiFaker(seed)
    pool = min(rows, 20_000)
    phones = _mobiles(rows, rng)
    landlines = _sample(_pool(fake.landline, min(rows, 5000)), rows, rng)
    phones = pl.select(
        pl.when(pl.Series(rng.random(rows) < 0.1)).then(landlines).otherwise(phones)
    ).to_series()
    return pl.DataFrame(
        {
            "姓名": _sample(_pool(fake.person, pool), rows, rng),
            "联系电话": phones,
            "身份证号": _resident_ids(rows, rng),
            "工作单位": _sample(_pool(fake.employer, pool), rows, rng),
            "房号": _sample(_pool(fake.room, pool), rows, rng),
            "住址": _sample(_pool(fake.address, pool), rows, rng),
            "诉求": _sample(request_pool(min(rows, request_pool_size), seed), rows, rng),
            "问题类型": _sample(pl.Series(CATEGORIES), rows, rng),
            "登记日期": _dates(rows, rng),
            "处理状态": _sample(pl.Series(STATUSES), rows, rng),
        }
    )


def write_table(table: pl.DataFrame, folder: Path, fmt: str) -> Path:
    """Write the table as ``customers.csv`` (UTF-8), ``customers.xlsx`` (xlsxwriter, a dev dependency; one
    sheet, so at most 1,048,575 rows) or ``customers.parquet`` in its own folder."""
    folder.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        path = folder / "customers.csv"
        table.write_csv(path)
    elif fmt == "xlsx":
        path = folder / "customers.xlsx"
        table.write_excel(path, worksheet="客户", autofit=False)
    else:
        path = folder / "customers.parquet"
        table.write_parquet(path)
    return path


# -- running baomi ---------------------------------------------------------------------------------------------


@dataclass
class RunStats:
    """One `baomi run`: wall seconds, peak RSS of the largest process, peak of the whole tree's summed RSS and
    summed PSS (MB), its output."""

    seconds: float
    peak_rss_mb: float
    tree_rss_mb: float
    tree_pss_mb: float
    returncode: int
    stdout: str
    stderr: str
    rss_source: str


def _children_of(root: int) -> Callable[[int], list[int]]:
    """A function giving a process's children: from /proc/PID/task/TID/children where the kernel has it (it
    reads only the tree), else from one scan of every process's parent. The scan reads the stat file of every
    process on the machine — services included — five times a second: on two cores that took CPU from the run
    being measured (~1 s of CPU over a 1 000 000-row run)."""
    if Path(f"/proc/{root}/task/{root}/children").exists():

        def listed(pid: int) -> list[int]:
            found: list[int] = []
            try:
                for task in os.listdir(f"/proc/{pid}/task"):
                    found.extend(
                        int(child) for child in Path(f"/proc/{pid}/task/{task}/children").read_text().split()
                    )
            except OSError:
                pass  # the process ended meanwhile
            return found

        return listed
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(parent, []).append(int(entry))
    return lambda pid: parents.get(pid, [])


def _tree_memory_kb(root: int) -> tuple[int, int]:
    """Total RSS and total PSS (kB) of ``root`` and all its descendants, from /proc/PID/smaps_rollup.

    Summed RSS counts a page shared by several processes (the shared libraries, the Python modules' code
    mapped from disk) once per process; PSS divides each shared page among the processes that map it, so the
    summed PSS is what the tree really holds."""
    children = _children_of(root)
    rss = pss = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        stack.extend(children(pid))
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        found_rss = re.search(r"^Rss:\s+(\d+) kB", rollup, re.MULTILINE)
        found_pss = re.search(r"^Pss:\s+(\d+) kB", rollup, re.MULTILINE)
        rss += int(found_rss.group(1)) if found_rss else 0
        pss += int(found_pss.group(1)) if found_pss else 0
    return rss, pss


def run_baomi(source: Path, work: Path, workers: int) -> RunStats:
    """``baomi init`` + ``baomi run --workers N -q`` on ``source`` in subprocesses, measured."""
    baomi = str(Path(sys.executable).with_name("baomi"))
    workspace, out = work / "ws", work / "out"
    shutil.rmtree(workspace, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([baomi, "init", str(workspace)], check=True, capture_output=True)
    command = [baomi, "run", "--workspace", str(workspace), str(source), "--out", str(out)]
    command += ["--workers", str(workers), "-q"]
    timer = shutil.which("time") and Path("/usr/bin/time").exists()
    if timer:
        command = ["/usr/bin/time", "-v", *command]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    peak_tree = [0, 0]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            rss, pss = _tree_memory_kb(process.pid)
            peak_tree[0] = max(peak_tree[0], rss)
            peak_tree[1] = max(peak_tree[1], pss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr) if timer else None
    if found:
        peak_kb, source_note = int(found.group(1)), "/usr/bin/time -v"
    else:
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        source_note = "getrusage(RUSAGE_CHILDREN)" + (
            " (may include earlier runs)" if peak_kb == before else ""
        )
    if timer:
        stderr = stderr.split("\tCommand being timed:", 1)[0]
    return RunStats(
        seconds,
        peak_kb / 1024,
        peak_tree[0] / 1024,
        peak_tree[1] / 1024,
        process.returncode,
        stdout,
        stderr.strip(),
        source_note,
    )


# -- the presidio-structured baseline ---------------------------------------------------------------------------


@dataclass
class Baseline:
    rows: int
    analysis_seconds: float
    anonymize_seconds: float
    columns: dict[str, str]

    @property
    def seconds(self) -> float:
        return self.analysis_seconds + self.anonymize_seconds


def run_presidio_structured(table: pl.DataFrame) -> tuple[Baseline | None, str]:
    """presidio-structured on ``table`` with baomi's analyzer: analysis of every cell, then anonymization."""
    structured, note = optional_tool("presidio_structured", "presidio-structured")
    if structured is None:
        return None, note
    from recognizers.engine import build_analyzer

    analyzer = build_analyzer()
    analyzer.analyze(text="业主张伟，电话13800138000", language="zh")  # load jieba before timing
    frame = table.to_pandas()
    started = time.perf_counter()
    analysis = structured.PandasAnalysisBuilder(analyzer=analyzer).generate_analysis(frame, language="zh")
    analysed = time.perf_counter()
    structured.StructuredEngine().anonymize(frame, analysis)
    finished = time.perf_counter()
    columns = {str(k): str(v) for k, v in analysis.entity_mapping.items()}
    return Baseline(table.height, analysed - started, finished - analysed, columns), note


# -- main ------------------------------------------------------------------------------------------------------


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rows", type=int, default=1_000_000, help="rows of the customer table (default 1000000)"
    )
    parser.add_argument(
        "--format",
        choices=("csv", "parquet", "xlsx", "both"),
        default="csv",
        help="input format(s): csv, parquet, xlsx, or both = csv and parquet (default csv)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        help=f"baomi run --workers (default {default_workers()})",
    )
    parser.add_argument(
        "--baseline-rows",
        type=int,
        default=2000,
        help="rows run through presidio-structured, extrapolated to ROWS (default 2000; 0 skips it)",
    )
    parser.add_argument("--seed", type=int, default=5, help="seed of the generated table (default 5)")
    parser.add_argument(
        "--request-pool", type=int, default=50_000, help="distinct requests the 诉求 column samples from"
    )
    parser.add_argument(
        "--keep", type=Path, help="work in this folder and keep it (default: a temporary one)"
    )
    args = parser.parse_args(argv)
    root = args.keep or Path(tempfile.mkdtemp(prefix="baomi-structured-"))
    print(f"machine: {machine_line()}")
    print(f"polars {package_version('polars')}, presidio-analyzer {package_version('presidio-analyzer')}")
    print(f"before: {load_average()}")

    started = time.perf_counter()
    table = make_customer_table(args.rows, args.seed, args.request_pool)
    generated = time.perf_counter() - started
    print(
        f"generated {table.height:,} rows × {table.width} columns in {generated:.1f} s "
        f"({table['诉求'].n_unique():,} distinct requests)"
    )
    formats = ["csv", "parquet"] if args.format == "both" else [args.format]
    results: list[tuple[str, RunStats, int]] = []
    for fmt in formats:
        started = time.perf_counter()
        source = write_table(table, root / f"inputs-{fmt}", fmt)
        size = source.stat().st_size
        print(f"wrote {source.name}: {size / 1e6:,.1f} MB in {time.perf_counter() - started:.1f} s")
        stats = run_baomi(source, root / f"run-{fmt}", args.workers)
        if stats.returncode != 0:
            print(f"baomi run on {fmt} FAILED (exit {stats.returncode}):\n{stats.stderr[-2000:]}")
            return stats.returncode
        results.append((fmt, stats, size))
    print(f"after baomi: {load_average()}")

    baseline: Baseline | None = None
    if args.baseline_rows > 0:
        baseline, note = run_presidio_structured(table.head(args.baseline_rows))
        print(f"presidio-structured: {note}")
        print(f"after baseline: {load_average()}")

    print(
        f"\n{'run':<40}{'rows':>11}{'seconds':>10}{'rows/s':>11}{'peak RSS MB':>13}{'tree RSS MB':>13}"
        f"{'tree PSS MB':>13}"
    )
    for fmt, stats, _size in results:
        name = f"baomi run {fmt}, --workers {args.workers}"
        print(
            f"{name:<40}{args.rows:>11,}{stats.seconds:>10.1f}{rate(args.rows, stats.seconds):>11,.0f}"
            f"{stats.peak_rss_mb:>13,.0f}{stats.tree_rss_mb:>13,.0f}{stats.tree_pss_mb:>13,.0f}"
        )
    if baseline is not None:
        per_row = baseline.seconds / baseline.rows
        print(
            f"{'presidio-structured (measured)':<40}{baseline.rows:>11,}{baseline.seconds:>10.1f}"
            f"{rate(baseline.rows, baseline.seconds):>11,.0f}"
        )
        print(
            f"{'presidio-structured EXTRAPOLATED':<40}{args.rows:>11,}{per_row * args.rows:>10.0f}"
            f"{rate(baseline.rows, baseline.seconds):>11,.0f}"
        )
        print(
            f"    measured on {baseline.rows:,} rows: analysis {baseline.analysis_seconds:.1f} s, anonymize "
            f"{baseline.anonymize_seconds:.2f} s; no file I/O; columns it chose: "
            + ", ".join(f"{column}→{entity}" for column, entity in baseline.columns.items())
        )
        for fmt, stats, _size in results:
            print(
                f"baomi ({fmt}) / presidio-structured (extrapolated), rows/s: "
                f"{ratio(rate(args.rows, stats.seconds), rate(baseline.rows, baseline.seconds))}"
            )
    print(
        f"peak RSS: largest single process ({results[0][1].rss_source}); tree RSS / PSS: sum over all "
        "processes, sampled (summed RSS counts shared library pages once per process, PSS shares them out)"
    )
    for fmt, stats, _size in results:
        lines = [line for line in stats.stdout.splitlines() if not line.lstrip().startswith(PATH_LINES)]
        print(f"\nbaomi run {fmt} summary:\n" + "\n".join(lines))
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
