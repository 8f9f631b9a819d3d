"""How `baomi run` grows with input size: the structured benchmark's table and run at several sizes.

For each size it generates the customer table of ``benchmarks.structured`` (same seed, same pools), writes it,
runs the real ``baomi init`` + ``baomi run --workers N -q`` in a subprocess and prints rows, seconds, rows/s,
peak RSS (largest single process, and the whole process tree sampled from /proc), and the growth factor of time
and of memory from the previous size next to the growth of the input. Linear time shows as a time factor close
to the size factor; bounded-chunk memory shows as a memory factor close to 1 once a size exceeds one chunk
(``[run] chunk_rows`` in the workspace settings, 50 000 by default).

    .venv/bin/python -m benchmarks.scaling --sizes 10000,100000,1000000 --format csv
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._common import load_average, machine_line, package_version, rate
from benchmarks.structured import RunStats, default_workers, make_customer_table, run_baomi, write_table


def _factor(now: float, before: float | None) -> str:
    return f"{now / before:.2f}×" if before else "—"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        default="10000,100000,1000000",
        help="comma-separated row counts (default 10000,100000,1000000)",
    )
    parser.add_argument(
        "--format", choices=("csv", "parquet"), default="csv", help="input format (default csv)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        help=f"baomi run --workers (default {default_workers()})",
    )
    parser.add_argument("--seed", type=int, default=5, help="seed of the generated tables (default 5)")
    args = parser.parse_args(argv)
    sizes = sorted(int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip())
    print(f"machine: {machine_line()}")
    print(f"polars {package_version('polars')}, presidio-analyzer {package_version('presidio-analyzer')}")
    root = Path(tempfile.mkdtemp(prefix="baomi-scaling-"))
    measured: list[tuple[int, RunStats, str]] = []
    try:
        for rows in sizes:
            load = load_average()
            started = time.perf_counter()
            source = write_table(make_customer_table(rows, args.seed), root / f"in-{rows}", args.format)
            print(f"{rows:,} rows generated and written in {time.perf_counter() - started:.1f} s; {load}")
            stats = run_baomi(source, root / f"run-{rows}", args.workers)
            shutil.rmtree(root / f"in-{rows}", ignore_errors=True)
            shutil.rmtree(root / f"run-{rows}", ignore_errors=True)
            if stats.returncode != 0:
                print(f"baomi run FAILED at {rows:,} rows (exit {stats.returncode}):\n{stats.stderr[-2000:]}")
                return stats.returncode
            measured.append((rows, stats, load))
    finally:
        shutil.rmtree(root, ignore_errors=True)

    print(f"\nbaomi run, {args.format}, --workers {args.workers}")
    header = (
        f"{'rows':>11}{'seconds':>10}{'rows/s':>10}{'peak RSS MB':>13}{'tree RSS MB':>13}{'tree PSS MB':>13}"
        f"{'rows ×':>9}{'time ×':>9}{'RSS ×':>9}{'tree ×':>9}"
    )
    print(header)
    print("-" * len(header))
    previous: tuple[int, RunStats] | None = None
    for rows, stats, _load in measured:
        before_rows, before = previous if previous else (None, None)
        print(
            f"{rows:>11,}{stats.seconds:>10.1f}{rate(rows, stats.seconds):>10,.0f}{stats.peak_rss_mb:>13,.0f}"
            f"{stats.tree_rss_mb:>13,.0f}{stats.tree_pss_mb:>13,.0f}{_factor(rows, before_rows):>9}"
            f"{_factor(stats.seconds, before.seconds if before else None):>9}"
            f"{_factor(stats.peak_rss_mb, before.peak_rss_mb if before else None):>9}"
            f"{_factor(stats.tree_rss_mb, before.tree_rss_mb if before else None):>9}"
        )
        previous = (rows, stats)
    print(f"(× columns: growth from the previous size; peak RSS from {measured[0][1].rss_source})")
    print(f"after: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
