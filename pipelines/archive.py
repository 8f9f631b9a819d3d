"""Writing outputs atomically: the archive (Parquet + CSV for people + manifest), quarantine and summary.

Everything is written under a temporary name in the output folder and renamed into place, so a crash leaves no
half-written archive. The output guarantee runs on the Parquet file as written, before the rename.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import polars as pl

from pipelines.errors import BaomiError, GuaranteeFailed
from pipelines.hashing import sha256_file

if TYPE_CHECKING:
    import pandas as pd

ARCHIVE_DIR = "archive"
QUARANTINE_DIR = "quarantine"
SUMMARY_FILE = "summary.json"
ARCHIVE_CSV = "archive.csv"
# Excel treats a cell starting with one of these as a formula (OWASP CSV injection).
_FORMULA_START = r"^[=+\-@\t\r]"

# A check of one written part (read back as pandas, as great-expectations takes it): the failures, or none.
Guarantee = Callable[["pd.DataFrame"], list[str]]


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


@dataclass(frozen=True)
class WrittenPart:
    """A chunk written as a part file (picklable: a worker process writes its own chunk)."""

    path: Path
    schema: pl.Schema
    rows: int


def write_part(chunk: pl.DataFrame, path: Path, write_csv: bool = True) -> WrittenPart:
    """Write ``chunk`` to ``path`` (Parquet) and, for the archive's CSV, its formula-safe rows without a header
    beside it (``csv_part``): the process that scrubbed the chunk writes them, and ``commit`` only
    concatenates."""
    chunk.write_parquet(path)
    if write_csv:
        formula_safe(chunk).write_csv(csv_part(path), include_header=False)
    return WrittenPart(path, chunk.schema, chunk.height)


def writes_csv(archive_settings: dict[str, Any]) -> bool:
    """Whether the archive gets a CSV for people beside its Parquet file (``[archive] write_csv``, default on)."""
    return bool(archive_settings.get("write_csv", True))


def csv_part(part: Path) -> Path:
    """Where ``write_part`` puts a part's CSV rows."""
    return part.with_suffix(".csv")


def check_output_dir(out: Path, overwrite: bool) -> None:
    """Refuse to run when an archive exists already, unless told to replace it (nothing is lost silently)."""
    if (out / ARCHIVE_DIR).exists() and not overwrite:
        raise BaomiError(f"{out / ARCHIVE_DIR} exists already; choose another --out or pass --overwrite")


class ArchiveWriter:
    """Builds ``OUT/archive/`` from chunks: each chunk is written as a part file in a staging folder and checked by
    the output guarantee as written; ``commit`` joins the parts (streaming, bounded memory) and renames the folder
    into place. Until then nothing exists under ``OUT/archive/``."""

    def __init__(
        self,
        out: Path,
        batch_id: str,
        guarantee: Guarantee,
        write_csv: bool = True,
        overwrite: bool = False,
        check_rows: int = 0,
    ) -> None:
        """``check_rows``: parts smaller than this are checked together, up to this many rows (see ``accept``);
        0 checks every part on its own."""
        check_output_dir(out, overwrite)
        out.mkdir(parents=True, exist_ok=True)
        self.out = out
        self.batch_id = batch_id
        self.guarantee = guarantee
        self.write_csv = write_csv
        self.staging = out / f".{ARCHIVE_DIR}-{batch_id}.tmp"
        shutil.rmtree(self.staging, ignore_errors=True)
        (self.staging / "parts").mkdir(parents=True)
        self.parts: list[Path] = []
        self.schema: pl.Schema | None = None
        self._reserved = 0
        self.check_rows = check_rows
        # Parts taken and not checked yet (only ever fewer than ``check_rows`` rows in all).
        self._unchecked: list[WrittenPart] = []

    def reserve(self) -> Path:
        """The path of the next part, in input order (a worker process may write and check it)."""
        part = self.staging / "parts" / f"part-{self._reserved:06d}.parquet"
        self._reserved += 1
        return part

    def add(self, chunk: pl.DataFrame) -> Path:
        """Write one chunk as a part and run the guarantee on it as written; GuaranteeFailed stops the batch."""
        return self.accept(write_part(chunk, self.reserve(), self.write_csv))

    def accept(self, part: WrittenPart) -> Path:
        """Take a part as written (here or by a worker) and run the guarantee on it; GuaranteeFailed stops the
        batch. Parts of fewer than ``check_rows`` rows are checked together, once the next part would take them
        over that many rows or at ``commit``: great-expectations costs ~20 ms a validation whatever its size,
        most of the check of a small file's part. A failing part then stops the batch a few parts later, and
        always before anything is committed."""
        waiting = sum(unchecked.rows for unchecked in self._unchecked)
        if self._unchecked and waiting + part.rows > self.check_rows:
            self._check()
            waiting = 0
        self._unchecked.append(part)
        self.schema = self.schema or part.schema
        self.parts.append(part.path)
        if waiting + part.rows >= self.check_rows:
            self._check()
        return part.path

    def _check(self) -> None:
        """Run the guarantee on the parts taken and not checked yet, as one frame."""
        parts, self._unchecked = self._unchecked, []
        frame = pl.concat([pl.read_parquet(part.path) for part in parts], how="vertical_relaxed")
        failed = self.guarantee(frame.to_pandas())
        if failed:
            raise GuaranteeFailed(failed)

    def discard(self, parts: list[Path]) -> None:
        """Drop parts (a file found malformed after some of its chunks were scrubbed)."""
        for part in parts:
            part.unlink(missing_ok=True)
            csv_part(part).unlink(missing_ok=True)
            self.parts.remove(part)
        dropped = set(parts)
        self._unchecked = [waiting for waiting in self._unchecked if waiting.path not in dropped]

    def commit(self, empty: pl.DataFrame, manifest_extra: dict[str, Any]) -> Path:
        """Join the parts into archive.parquet (and archive.csv), write the manifest, rename into place."""
        # Here, not at the top: workers import this module to write parts (polars does), and pyarrow would add
        # ~65 ms to every worker's start-up.
        import pyarrow.parquet as pq

        try:
            if self._unchecked:
                self._check()
            parquet_path = self.staging / "archive.parquet"
            hashes: dict[str, str] = {}
            # The CSV is joined and hashed on a thread while polars joins the Parquet parts: copying, hashing and
            # polars' sink all run outside the GIL, so the two take about as long as the longer one.
            with ThreadPoolExecutor(max_workers=1) as pool:
                csv_joined = pool.submit(self._join_csv, empty) if self.write_csv else None
                if self.parts:
                    # Streamed by polars (bounded memory, both cores: the workers are done by now).
                    pl.scan_parquet(self.parts).sink_parquet(parquet_path, compression="snappy")
                else:
                    pq.ParquetWriter(parquet_path, empty.schema.to_arrow()).close()
                rows = pq.ParquetFile(parquet_path).metadata.num_rows
                hashes[parquet_path.name] = sha256_file(parquet_path)
                if csv_joined is not None:
                    hashes[ARCHIVE_CSV] = csv_joined.result()
            shutil.rmtree(self.staging / "parts")
            files = [
                {"name": name, "sha256": sha256, "bytes": (self.staging / name).stat().st_size}
                for name, sha256 in sorted(hashes.items())
            ]
            manifest = {
                "batch_id": self.batch_id,
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "rows": rows,
                "columns": list((self.schema or empty.schema).names()),
                "files": files,
                **manifest_extra,
            }
            _write_json(self.staging / "manifest.json", manifest)
            _commit_dir(self.staging, self.out / ARCHIVE_DIR)
        except BaseException:
            self.abort()
            raise
        return self.out / ARCHIVE_DIR

    def _join_csv(self, empty: pl.DataFrame) -> str:
        """archive.csv: the header, then every part's CSV rows in order; its sha256."""
        path = self.staging / ARCHIVE_CSV
        with path.open("wb") as handle:
            formula_safe(empty).write_csv(handle, include_header=True, include_bom=True)
            handle.flush()
            for part in self.parts:
                _append(csv_part(part), handle)
        return sha256_file(path)

    def abort(self) -> None:
        """Remove the staging folder: nothing is left under OUT/ of this archive."""
        shutil.rmtree(self.staging, ignore_errors=True)


def write_archive(
    out: Path,
    batch_id: str,
    archive: pl.DataFrame,
    guarantee: Guarantee,
    manifest_extra: dict[str, Any],
    write_csv: bool = True,
    overwrite: bool = False,
) -> Path:
    """Write, verify and commit ``OUT/archive/`` from one frame; on a failed guarantee nothing is left under it."""
    writer = ArchiveWriter(out, batch_id, guarantee, write_csv=write_csv, overwrite=overwrite)
    try:
        writer.add(archive)
    except BaseException:
        writer.abort()
        raise
    return writer.commit(archive.head(0), manifest_extra)


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


def _append(source: Path, target: BinaryIO) -> None:
    """Append a file to ``target`` (flushed, nothing buffered): inside the kernel where it can
    (``os.copy_file_range``), else through a buffer."""
    with source.open("rb") as rows:
        size = os.fstat(rows.fileno()).st_size
        copied = 0
        try:
            while copied < size:
                sent = os.copy_file_range(rows.fileno(), target.fileno(), size - copied)
                if not sent:
                    break
                copied += sent
        except (AttributeError, OSError):
            pass  # not on this system, or not between these files: copy the rest through a buffer
        rows.seek(copied)
        shutil.copyfileobj(rows, target, 1 << 20)


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
