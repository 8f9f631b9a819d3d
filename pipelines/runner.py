"""The batch runner: ingest → detect/classify columns → scrub → output guarantee → archive, with row accounting."""

from __future__ import annotations

import importlib
import json
import uuid
from collections import Counter, deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
from tqdm import tqdm

from pipelines.archive import ArchiveWriter, check_output_dir, write_quarantine, write_summary, writes_csv
from pipelines.errors import BaomiError
from pipelines.gc_policy import keep_for_good, release_free_memory
from pipelines.ingest import MalformedSourceError, iter_source_chunks, iter_source_files
from pipelines.ingest.model import SourceTable, cells_frame
from pipelines.scrub import (
    FIELD_ENTITY,
    QUARANTINE_SCHEMA,
    ColumnPlan,
    DetectFn,
    Role,
    archive_frame,
)
from pipelines.worker_start import shut_down
from pipelines.workers import (
    DetectorLike,
    ScrubbedChunk,
    ScrubJob,
    Started,
    WorkerPool,
    detector_class_of,
    scrub_and_write,
)
from pipelines.workspace import Workspace, batches
from recognizers.column_classifier import classify_column

if TYPE_CHECKING:
    # pandas (~0.2 s to import) only types the parts the guarantee reads; it is imported once the workers have
    # been started (_GuaranteeLoader).
    import pandas as pd

    from expectations.output_guarantee import OutputGuarantee

# Archive columns that baomi generates itself: never scanned for PII shapes (hex digests hold digit runs).
GENERATED_COLUMNS = frozenset({"record_id", "source_sha256", "source_sheet", "source_row", "customer_key"})

Notify = Callable[[str], None]


@dataclass
class RunSummary:
    """What a batch did, in counts and locations only."""

    batch_id: str
    out: Path
    rows_read: int = 0
    rows_archived: int = 0
    rows_quarantined: int = 0
    files: list[dict[str, Any]] = field(default_factory=list)
    skipped_files: list[dict[str, str]] = field(default_factory=list)
    malformed_files: list[dict[str, str]] = field(default_factory=list)
    columns: list[dict[str, Any]] = field(default_factory=list)
    entity_counts: Counter[str] = field(default_factory=Counter)
    quarantine_reasons: Counter[str] = field(default_factory=Counter)
    damaged_cells: int = 0
    guarantee: dict[str, Any] = field(default_factory=dict)
    archive_dir: str | None = None

    def record_guarantee(self, failed: list[str], checked: int) -> None:
        """Count one chunk's output-guarantee check (the last failure, if any, is what stops the batch)."""
        expectations = int(self.guarantee.get("expectations", 0)) + checked
        self.guarantee = {"passed": not failed, "expectations": expectations, "failed": failed}

    def to_json(self) -> dict[str, Any]:
        return {
            "batch_id": self.batch_id,
            "rows": {
                "read": self.rows_read,
                "archived": self.rows_archived,
                "quarantined": self.rows_quarantined,
                "accounted": self.rows_archived + self.rows_quarantined == self.rows_read,
            },
            "files": self.files,
            "skipped_files": self.skipped_files,
            "malformed_files": self.malformed_files,
            "columns": self.columns,
            "entity_counts": dict(sorted(self.entity_counts.items())),
            "quarantine_reasons": dict(sorted(self.quarantine_reasons.items())),
            "damaged_cells": self.damaged_cells,
            "guarantee": self.guarantee,
            "archive_dir": self.archive_dir,
        }


def plan_columns(table: SourceTable, detect: DetectFn, settings: dict[str, Any]) -> list[ColumnPlan]:
    """Role of each column: mapped fields by the synonym table, unmapped ones by their content."""
    archive = settings["archive"]
    run = settings["run"]
    plans: list[ColumnPlan] = []
    for index, (header, field_name) in enumerate(zip(table.headers, table.fields, strict=True)):
        if field_name in archive["private_fields"]:
            plans.append(ColumnPlan(index, header, field_name, "private", FIELD_ENTITY.get(str(field_name))))
        elif field_name in archive["free_text_fields"]:
            plans.append(ColumnPlan(index, header, field_name, "free_text"))
        elif field_name in archive["context_fields"]:
            plans.append(ColumnPlan(index, header, field_name, "context"))
        else:
            values = table.column(index)
            verdict = classify_column(
                values,
                detect,
                header=header,
                sample_size=int(run["classify_sample"]),
                min_ratio=float(run["column_entity_ratio"]),
            )
            role: Role = "private" if verdict.entity else "other_text"
            plans.append(ColumnPlan(index, header, field_name, role, verdict.entity, verdict.confidence))
    return plans


def records_frame(table: SourceTable) -> pl.DataFrame:
    """One row per input row: stable record id (file hash + sheet + row), damage reason, c{i} string columns."""
    damaged: dict[int, str] = {}
    for row_position, column, reason in table.damaged:
        damaged.setdefault(row_position, f"damaged cell in column {table.headers[column]}: {reason}")
    height = table.height
    prefix = f"{table.sha256[:12]}-s{table.sheet_index}-r"
    reasons: list[str | None] = [None] * height
    for position, reason in damaged.items():
        reasons[position] = reason
    source_row = pl.Series("source_row", table.row_numbers, dtype=pl.Int64)
    frame = pl.DataFrame(
        [
            (prefix + source_row.cast(pl.String)).alias("record_id"),
            pl.repeat(table.sha256, height, dtype=pl.String, eager=True).alias("source_sha256"),
            pl.repeat(table.sheet_index, height, dtype=pl.Int64, eager=True).alias("source_sheet"),
            source_row,
            pl.Series("damaged", reasons, dtype=pl.String),
        ]
    )
    width = len(table.headers)
    cells = table.cells if table.cells is not None else cells_frame(table.rows, width)
    return pl.concat([frame, cells.select(f"c{index}" for index in range(width))], how="horizontal")


def run_batch(
    workspace: Workspace,
    sources: Sequence[Path],
    out: Path,
    detector: DetectorLike,
    overwrite: bool = False,
    progress: bool = True,
    notify: Notify = print,
    workers: int = 0,
    executors: list[ProcessPoolExecutor] | None = None,
) -> RunSummary:
    """Run one batch and write the archive, quarantine and summary under ``out``.

    Input is read in chunks of ``[run] chunk_rows`` rows; columns are planned once per sheet (from its first
    chunk) and every chunk is detected and scrubbed with that plan, on ``workers`` worker processes, or in this
    process when 0 (the result is the same either way: chunks are written in input order). ``executors``: the
    workers' executors when the caller started them already (``pipelines.worker_start``); they are shut down
    here, whatever happens.
    """
    try:
        return _run_batch(workspace, sources, out, detector, overwrite, progress, notify, workers, executors)
    finally:
        shut_down(executors)  # whatever happened (the pool shuts them down too: the second time does nothing)


def _run_batch(
    workspace: Workspace,
    sources: Sequence[Path],
    out: Path,
    detector: DetectorLike,
    overwrite: bool,
    progress: bool,
    notify: Notify,
    workers: int,
    executors: list[ProcessPoolExecutor] | None,
) -> RunSummary:
    check_output_dir(out, overwrite)
    settings = workspace.settings
    archive_settings = settings["archive"]
    chunk_rows = int(settings["run"]["chunk_rows"])
    batch_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:8]
    summary = RunSummary(batch_id=batch_id, out=out)
    files, skipped = iter_source_files(sources)
    files, own = _exclude_own_folders(files, {out: "the output folder", workspace.root: "the workspace"})
    skipped.extend(own)
    for path, reason in skipped:
        notify(f"skipped {path}: {reason}")
        summary.skipped_files.append({"file": str(path), "reason": reason})
    if not files:
        raise BaomiError("no readable input files among: " + ", ".join(str(source) for source in sources))
    key = workspace.pseudonym_key()
    allowed = list(archive_settings["allowed_columns"])
    text_columns = [name for name in allowed if name not in GENERATED_COLUMNS]
    # The workers start first: their start-up overlaps the main process's (great-expectations, the first chunk).
    pool = _start_workers(workers, detector, notify, executors)
    try:
        checker = _GuaranteeLoader(text_columns, allowed)
        writer = ArchiveWriter(
            out,
            batch_id,
            lambda frame: _guarantee(checker.get(), summary, frame),
            write_csv=writes_csv(archive_settings),
            overwrite=overwrite,
            check_rows=chunk_rows,
        )
    except BaseException:
        if pool is not None:
            pool.shutdown()
        raise
    quarantines: list[pl.DataFrame] = []
    in_flight = None if pool is None else _InFlight(pool, writer, key, archive_settings)
    try:
        rows_bar = tqdm(desc="rows", unit="row", disable=not progress)
        read: list[_FileRun] = []
        for path in tqdm(files, desc="files", unit="file", disable=not progress, leave=False):
            outcome = _run_file(path, chunk_rows, detector, key, settings, writer, in_flight, rows_bar)
            if isinstance(outcome, MalformedSourceError):
                notify(f"malformed {outcome}")
                summary.malformed_files.append({"file": str(path), "reason": outcome.reason})
                continue
            read.append(outcome)
        if in_flight is not None:
            in_flight.drain()
        rows_bar.close()
        for run in read:
            run.count_into(summary)
            quarantines.extend(run.quarantines)
        quarantine = pl.concat(quarantines) if quarantines else pl.DataFrame(schema=QUARANTINE_SCHEMA)
        summary.rows_quarantined = quarantine.height
        summary.quarantine_reasons.update(_reason_kind(reason) for reason in quarantine["reason"].to_list())
        if summary.rows_archived + summary.rows_quarantined != summary.rows_read:
            raise BaomiError(
                f"row accounting failed: read {summary.rows_read}, archived {summary.rows_archived}, "
                f"quarantined {summary.rows_quarantined}"
            )
        write_quarantine(out, batch_id, quarantine)
        archive_dir = writer.commit(
            archive_frame([], allowed),
            manifest_extra={
                "rows_read": summary.rows_read,
                "rows_quarantined": summary.rows_quarantined,
                "entity_counts": dict(sorted(summary.entity_counts.items())),
                "sources": [{"sha256": item["sha256"], "rows": item["rows"]} for item in summary.files],
            },
        )
        summary.archive_dir = str(archive_dir)
    except BrokenProcessPool:
        writer.abort()
        raise BaomiError(
            "a worker process stopped unexpectedly (killed, or out of memory?); nothing was archived. "
            "Run again with fewer --workers or a smaller [run] chunk_rows in baomi.toml."
        ) from None
    except BaseException:
        writer.abort()
        raise
    finally:
        if pool is not None:
            pool.shutdown()
        write_summary(out, summary.to_json())
    _record_batch(workspace, summary)
    return summary


def _start_workers(
    workers: int, detector: DetectorLike, notify: Notify, executors: list[ProcessPoolExecutor] | None = None
) -> WorkerPool | None:
    """The batch's worker processes (on ``executors`` when they were started already), or None (this process
    does the work) when none are asked for or the system cannot start any (no POSIX semaphores in some
    sandboxes): the result is the same either way."""
    if workers < 1:
        return None
    try:
        return WorkerPool(workers, detector_class_of(detector), executors)
    except (OSError, NotImplementedError) as error:
        notify(f"worker processes cannot start here ({type(error).__name__}); running in this process")
        return None


# Imported by the main thread before the output guarantee is built on another (see _GuaranteeLoader).
_SHARED_WITH_THE_GUARANTEE = ("pandas", "pyarrow.pandas_compat", "pyarrow.parquet")


class _GuaranteeLoader:
    """The output guarantee, built on a thread while the batch's first chunks are read and sent.

    Importing great-expectations and setting up its context takes ~1.1 s of this process, which otherwise comes
    before the first chunk can reach a worker; on a clerk's small batch the workers then wait for it. The
    thread runs while the main thread waits for the workers or works outside the GIL. ``get`` waits for the
    build and raises what it raised."""

    def __init__(self, text_columns: Sequence[str], allowed: Sequence[str]) -> None:
        # Modules that great-expectations imports and that this (the main) thread imports too, to read parts
        # back for the check and to commit, are imported first, here: while one thread imports a module,
        # another thread importing a module it needs could see it half initialised. The main thread's other
        # imports while the build runs (the readers' modules, codecs) are not among great-expectations'.
        for name in _SHARED_WITH_THE_GUARANTEE:
            importlib.import_module(name)
        executor = ThreadPoolExecutor(1, thread_name_prefix="baomi-guarantee")
        self._built = executor.submit(_build_guarantee, list(text_columns), list(allowed))
        executor.shutdown(wait=False)

    def get(self) -> OutputGuarantee:
        return self._built.result()


def _build_guarantee(text_columns: list[str], allowed: list[str]) -> OutputGuarantee:
    # Imported here, not at the top: spawned workers import this module's neighbours and never check a part.
    from expectations.output_guarantee import OutputGuarantee

    guarantee = OutputGuarantee(text_columns, allowed)
    keep_for_good()
    return guarantee


def _guarantee(checker: OutputGuarantee, summary: RunSummary, frame: pd.DataFrame) -> list[str]:
    """Run the output guarantee on one part and count it in the summary; the failed expectations."""
    result = checker.validate(frame, len(frame))
    summary.record_guarantee(result.failed, result.checked)
    return list(result.failed)


@dataclass
class _FileRun:
    """One input file's results so far. They count (``count_into``) only when the whole file was read: a file
    found malformed part way has its parts discarded and its chunks still in flight dropped."""

    path: Path
    rows: int = 0
    archived: int = 0
    damaged: int = 0
    sha256: str = ""
    sheets: set[int] = field(default_factory=set)
    parts: list[Path] = field(default_factory=list)
    quarantines: list[pl.DataFrame] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    columns: list[dict[str, Any]] = field(default_factory=list)

    def collect(self, done: ScrubbedChunk, writer: ArchiveWriter) -> None:
        """Take a scrubbed chunk: its part (checked by the output guarantee as it is taken), counts and
        quarantine rows."""
        if done.part is not None:
            self.parts.append(writer.accept(done.part))
        self.archived += done.archived
        self.quarantines.append(done.result.quarantine)
        self.counts.update(done.result.entity_counts)
        release_free_memory()

    def count_into(self, summary: RunSummary) -> None:
        """Add the file's rows, counts, columns and source record to the batch's summary."""
        summary.rows_read += self.rows
        summary.rows_archived += self.archived
        summary.damaged_cells += self.damaged
        summary.entity_counts.update(self.counts)
        summary.columns.extend(self.columns)
        summary.files.append(
            {"file": str(self.path), "sha256": self.sha256, "sheets": len(self.sheets), "rows": self.rows}
        )


class _InFlight:
    """Chunks on the workers, in input order, across files: the next file's first chunks are read and sent while
    the last ones of the file before are still being scrubbed (a folder of small files would otherwise wait
    for the workers at every file's end, and they for it). Bounded: one chunk being detected while the one
    before it is scrubbed, at most one chunk per worker being scrubbed; memory holds a few chunks, never a
    whole file."""

    def __init__(
        self, pool: WorkerPool, writer: ArchiveWriter, key: bytes, archive_settings: dict[str, Any]
    ) -> None:
        self.pool = pool
        self.writer = writer
        self.key = key
        self.archive_settings = archive_settings
        # Chunks whose detection is running (with their file, records, plan), then chunks being scrubbed.
        self.detecting: deque[tuple[_FileRun, pl.DataFrame, list[ColumnPlan], Started]] = deque()
        self.pending: deque[tuple[_FileRun, Future[ScrubbedChunk]]] = deque()

    def add(self, run: _FileRun, records: pl.DataFrame, plan: list[ColumnPlan]) -> None:
        self.detecting.append((run, records, plan, self.pool.detect(records, plan)))
        while len(self.detecting) > 1:
            self._scrub_next()
        while len(self.pending) >= len(self.pool.executors):  # one chunk being scrubbed per worker
            self._collect_next()

    def drain(self) -> None:
        while self.detecting:
            self._scrub_next()
        while self.pending:
            self._collect_next()

    def drop(self, run: _FileRun) -> None:
        """Cancel and forget the chunks of ``run`` (a file found malformed); other files' chunks go on."""
        for _, _, _, started in (entry for entry in self.detecting if entry[0] is run):
            started.cancel()
        for _, future in (entry for entry in self.pending if entry[0] is run):
            future.cancel()
        self.detecting = deque(entry for entry in self.detecting if entry[0] is not run)
        self.pending = deque(entry for entry in self.pending if entry[0] is not run)

    def _scrub_next(self) -> None:
        run, records, plan, started = self.detecting.popleft()
        answers = self.pool.answers(started)
        job = ScrubJob(records, plan, answers, self.key, self.archive_settings, self.writer.reserve())
        self.pending.append((run, self.pool.scrub(job)))

    def _collect_next(self) -> None:
        run, future = self.pending.popleft()
        run.collect(future.result(), self.writer)


def _run_file(
    path: Path,
    chunk_rows: int,
    detector: DetectorLike,
    key: bytes,
    settings: dict[str, Any],
    writer: ArchiveWriter,
    in_flight: _InFlight | None,
    rows_bar: tqdm[Any],
) -> _FileRun | MalformedSourceError:
    """Read one file chunk by chunk and scrub it: in this process (no ``in_flight``), or by sending its chunks to
    the workers (``in_flight``), where its last chunks may still be running when this returns."""
    archive_settings = settings["archive"]
    plans: dict[int, list[ColumnPlan]] = {}
    run = _FileRun(path)
    try:
        for table in iter_source_chunks(path, chunk_rows):
            run.sha256 = table.sha256
            if table.sheet_index not in plans:
                classify = detector.detect if in_flight is None else in_flight.pool.detect_text
                plans[table.sheet_index] = plan_columns(table, classify, settings)
                run.columns.extend(_column_report(path, table, plans[table.sheet_index]))
            run.sheets.add(table.sheet_index)
            run.rows += table.height
            run.damaged += len(table.damaged)
            records = records_frame(table)
            table.rows.clear()  # the records frame holds the values now; the chunk's lists can go
            table.cells = None
            plan = plans[table.sheet_index]
            if in_flight is None:
                part = writer.reserve()
                run.collect(
                    scrub_and_write(records, plan, detector.detect_column, key, archive_settings, part),
                    writer,
                )
            else:
                in_flight.add(run, records, plan)
            rows_bar.update(records.height)
    except MalformedSourceError as error:
        if in_flight is not None:
            in_flight.drop(run)
        writer.discard(run.parts)
        return error
    return run


def _exclude_own_folders(
    files: list[Path], own: dict[Path, str]
) -> tuple[list[Path], list[tuple[Path, str]]]:
    """baomi never reads its own outputs or workspace back as input, even when they sit inside a source folder."""
    kept: list[Path] = []
    excluded: list[tuple[Path, str]] = []
    resolved = {folder.resolve(): name for folder, name in own.items()}
    for path in files:
        parents = set(path.resolve().parents)
        owner = next((name for folder, name in resolved.items() if folder in parents), None)
        if owner is None:
            kept.append(path)
        else:
            excluded.append((path, f"inside {owner}"))
    return kept, excluded


def _column_report(path: Path, table: SourceTable, plan: Sequence[ColumnPlan]) -> list[dict[str, Any]]:
    disposition = {
        "private": "excluded from archive",
        "free_text": "scrubbed and archived",
        "context": "scrubbed and archived",
        "other_text": "scrubbed and archived in other_info",
    }
    return [
        {
            "file": path.name,
            "sheet": table.sheet_index,
            "header": column.header,
            "field": column.field,
            "entity": column.entity,
            "confidence": round(column.confidence, 3),
            "disposition": disposition[column.role],
        }
        for column in plan
    ]


def _reason_kind(reason: str) -> str:
    """Group quarantine reasons for the summary (the part before the first colon)."""
    return reason.split(":", 1)[0]


def _record_batch(workspace: Workspace, summary: RunSummary) -> None:
    with workspace.engine().begin() as connection:
        connection.execute(
            batches.insert().values(
                batch_id=summary.batch_id,
                rows_read=summary.rows_read,
                rows_archived=summary.rows_archived,
                rows_quarantined=summary.rows_quarantined,
                archive_dir=str(summary.out),
                summary_json=json.dumps(summary.to_json(), ensure_ascii=False),
            )
        )
