"""Acceptance check of a whole batch, as a new user would run it.

Generates a mixed input folder (xlsx with title rows and merged cells, GBK CSV, BOM CSV, transcription txt) with
known planted values, runs the real `baomi init` and `baomi run` commands in a subprocess, then reads every file
under OUT/archive/ and reports: planted mobile / landline / ID / bank-card / email values found in any written
form (must be 0), the share of PII-free request texts that survive intact (must be ≥ 95%), and whether the
summary's row counts add up.

    .venv/bin/python -m benchmarks.end_to_end --rows 500 --seed 1
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import polars as pl

from pipelines.demo import make_demo_batch
from recognizers.text import fold_width


def written_forms(value: str) -> set[str]:
    """The value as written, width-folded, without separators, and as bare digits."""
    folded = fold_width(value)
    forms = {value, folded, re.sub(r"[\s\-()（）]", "", folded)}
    digits = re.sub(r"\D", "", folded)
    if len(digits) >= 7:
        forms |= {digits, digits[-11:] if digits.startswith(("86", "0086")) and len(digits) > 11 else digits}
    return {form for form in forms if len(form) >= 5}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=500, help="rows per generated spreadsheet (default 500)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated batch (default 1)")
    parser.add_argument(
        "--keep", type=Path, help="work in this folder and keep it (default: a temporary one)"
    )
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="baomi-e2e-"))
    truth = make_demo_batch(root / "inputs", rows=args.rows, seed=args.seed)
    baomi = str(Path(sys.executable).with_name("baomi"))
    subprocess.run([baomi, "init", str(root / "ws")], check=True, capture_output=True)
    started = time.perf_counter()
    run = subprocess.run(
        [
            baomi,
            "run",
            "--workspace",
            str(root / "ws"),
            str(root / "inputs"),
            "--out",
            str(root / "out"),
            "-q",
        ],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    print(run.stdout.strip())
    if run.returncode != 0:
        print(run.stderr.strip())
        return run.returncode
    archive_dir = root / "out" / "archive"
    texts = [
        fold_width(path.read_bytes().decode("utf-8", errors="replace")) for path in archive_dir.iterdir()
    ]
    archive = pl.read_parquet(archive_dir / "archive.parquet")
    texts.append(fold_width("\n".join(str(v) for column in archive.iter_columns() for v in column)))
    blob = "\n".join(texts)
    planted = Counter(entity for entity, _ in truth.planted)
    leaked = Counter(
        entity for entity, value in truth.planted if any(f in blob for f in written_forms(value))
    )
    requests = set(archive["request"].drop_nulls().to_list())
    intact = sum(1 for text in truth.clean_requests if text in requests)
    summary = json.loads((root / "out" / "summary.json").read_text(encoding="utf-8"))
    rows = summary["rows"]
    print(f"\ninputs: {len(truth.files)} files in {root / 'inputs'}; run took {elapsed:.1f} s")
    print(f"{'entity':<16}{'planted':>9}{'found in archive':>18}")
    for entity in sorted(planted):
        print(f"{entity:<16}{planted[entity]:>9}{leaked[entity]:>18}")
    share = intact / len(truth.clean_requests) if truth.clean_requests else 1.0
    print(f"PII-free requests intact: {intact}/{len(truth.clean_requests)} = {share:.1%}")
    print(
        f"rows read {rows['read']} = archived {rows['archived']} + quarantined {rows['quarantined']}: "
        f"{'adds up' if rows['accounted'] else 'DOES NOT add up'} (damaged rows planted: {truth.damaged_rows})"
    )
    ok = not leaked and share >= 0.95 and rows["accounted"]
    print("acceptance:", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
