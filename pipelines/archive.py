"""Writing outputs atomically: the archive (Parquet + CSV for people + manifest), quarantine and summary.

Everything is written under a temporary name in the output folder and renamed into place, so a crash leaves no
half-written archive. The output guarantee runs on the Parquet file as written, before the rename.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl

from pipelines.errors import BaomiError, GuaranteeFailed

ARCHIVE_DIR = "archive"
QUARANTINE_DIR = "quarantine"
SUMMARY_FILE = "summary.json"
# Excel treats a cell starting with one of these as a formula (OWASP CSV injection).
_FORMULA_START = r"^[=+\-@\t\r]"

Guarantee = Callable[[pd.DataFrame], list[str]]


def formula_safe(frame: pl.DataFrame) -> pl.DataFrame:
    """Prefix a quote to any string cell that Excel would read as a formula."""
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(_FORMULA_START))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name, dtype in frame.schema.items()
        if dtype == pl.String
    )


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_output_dir(out: Path, overwrite: bool) -> None:
    """Refuse to run when an archive exists already, unless told to replace it (nothing is lost silently)."""
    if (out / ARCHIVE_DIR).exists() and not overwrite:
        raise BaomiError(f"{out / ARCHIVE_DIR} exists already; choose another --out or pass --overwrite")


def write_archive(
    out: Path,
    batch_id: str,
    archive: pl.DataFrame,
    guarantee: Guarantee,
    manifest_extra: dict[str, Any],
    write_csv: bool = True,
    overwrite: bool = False,
) -> Path:
    """Write, verify and commit ``OUT/archive/``; on a failed guarantee nothing is left under it."""
    check_output_dir(out, overwrite)
    out.mkdir(parents=True, exist_ok=True)
    staging = out / f".{ARCHIVE_DIR}-{batch_id}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        parquet_path = staging / "archive.parquet"
        archive.write_parquet(parquet_path)
        failed = guarantee(pl.read_parquet(parquet_path).to_pandas())
        if failed:
            raise GuaranteeFailed(failed)
        if write_csv:
            formula_safe(archive).write_csv(staging / "archive.csv", include_bom=True)
        files = [
            {"name": path.name, "sha256": sha256_file(path), "bytes": path.stat().st_size}
            for path in sorted(staging.iterdir())
        ]
        manifest = {
            "batch_id": batch_id,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "rows": archive.height,
            "columns": archive.columns,
            "files": files,
            **manifest_extra,
        }
        _write_json(staging / "manifest.json", manifest)
        _commit_dir(staging, out / ARCHIVE_DIR)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out / ARCHIVE_DIR


def write_quarantine(out: Path, batch_id: str, quarantine: pl.DataFrame) -> Path:
    """``OUT/quarantine/quarantine.csv``: record location and reason, never a value."""
    staging = out / f".{QUARANTINE_DIR}-{batch_id}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    formula_safe(quarantine).write_csv(staging / "quarantine.csv", include_bom=True)
    _commit_dir(staging, out / QUARANTINE_DIR)
    return out / QUARANTINE_DIR


def write_summary(out: Path, summary: dict[str, Any]) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / SUMMARY_FILE
    _write_json(path, summary)
    return path


def _write_json(path: Path, payload: dict[str, Any]) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def _commit_dir(staging: Path, target: Path) -> None:
    """Rename ``staging`` to ``target``; an existing target is moved aside first and removed after."""
    retired = target.with_name(f".{target.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        os.replace(target, retired)
    os.replace(staging, target)
    shutil.rmtree(retired, ignore_errors=True)
