"""The ``baomi`` command: a thin layer that parses arguments, calls one library function, and turns known
errors into one clean line with a non-zero exit."""

from __future__ import annotations

import json
import os
import sys
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from pipelines.errors import BaomiError, GuaranteeFailed

if TYPE_CHECKING:
    from recognizers.span import Span

# Records handed to the fast path at a time by `detect` and `eval`.
DETECT_BATCH = 10_000


def _err(message: str) -> None:
    click.echo(message, err=True)


@click.group()
@click.version_option(package_name="baomi")
def main() -> None:
    """baomi (保密): classify and scrub Chinese customer information, by the customer-information policy.

    Typical use: `baomi init WS`, then `baomi run --workspace WS INPUTS... --out OUT`.
    """


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
def init(directory: Path) -> None:
    """Create a workspace in DIRECTORY: baomi.toml settings, the embedded SQLite database, a 0600 pseudonym key."""
    from pipelines.workspace import init_workspace

    try:
        workspace = init_workspace(directory)
    except BaomiError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"workspace ready: {workspace.root}")
    click.echo(f"  settings  {workspace.root / 'baomi.toml'}")
    click.echo(
        f"  key       {workspace.key_path} (keep it secret; back it up: without it keys cannot be linked)"
    )


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--workspace",
    "-w",
    "workspace_dir",
    type=click.Path(path_type=Path),
    default=Path("."),
    show_default=True,
    help="Workspace directory made by `baomi init`.",
)
@click.option(
    "--out",
    "-o",
    required=True,
    type=click.Path(path_type=Path),
    help="Output folder: archive/, quarantine/ and summary.json are written here.",
)
@click.option("--overwrite", is_flag=True, help="Replace an existing OUT/archive/.")
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=None,
    help="Worker processes that detect and scrub chunks (default: all cores, at most 4, for inputs over 5 MB "
    "as CSV, else 1, whose start-up overlaps this process's); 0 does everything in this process.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
def run(
    sources: tuple[Path, ...],
    workspace_dir: Path,
    out: Path,
    overwrite: bool,
    workers: int | None,
    quiet: bool,
) -> None:
    """Run a batch: read SOURCES (files or folders of .xlsx/.xls/.csv/.txt/.parquet), scrub, verify and archive
    them."""
    from pipelines.workspace import open_workspace

    try:
        workspace = open_workspace(workspace_dir)
        summary = _run(
            workspace,
            list(sources),
            out,
            overwrite,
            quiet,
            _auto_workers(sources) if workers is None else workers,
        )
    except GuaranteeFailed as error:
        _err(f"error: {error}")
        _err(f"summary: {out / 'summary.json'}")
        sys.exit(3)
    except BaomiError as error:
        raise click.ClickException(str(error)) from error
    _print_summary(summary.to_json(), out)


def _auto_workers(sources: tuple[Path, ...] | list[Path]) -> int:
    """Worker processes for a batch: every core (at most 4) once the input is large enough to repay each worker's
    start-up (its analyzer and name model, ~3 s of CPU); else one, which still beats none: its start-up runs
    while this process loads great-expectations and reads the first chunk. Sizes count as CSV: a workbook or a
    Parquet file holds several times the rows of a CSV file of its size."""
    size = sum(
        path.stat().st_size * _CSV_EQUIVALENT.get(path.suffix.lower(), 1)
        for source in sources
        for path in ([source] if source.is_file() else source.rglob("*"))
        if path.is_file()
    )
    return max(1, min(os.cpu_count() or 1, 4)) if size > PARALLEL_BYTES else 1


# Above this many bytes of input (as CSV), a batch runs on every core (measured in docs/performance.md: 20 000
# rows of the benchmark table, ~5 MB, is where two workers start to beat one).
PARALLEL_BYTES = 5 * 1024 * 1024
# Bytes of CSV per byte of file, roughly, for the compressed formats (the benchmark table: 260 MB as CSV, 35 MB
# as Parquet; a workbook of it, ~80 bytes a row against ~260).
_CSV_EQUIVALENT = {".xlsx": 3, ".xls": 3, ".parquet": 7}


def _run(
    workspace: Any, sources: list[Path], out: Path, overwrite: bool, quiet: bool, workers: int = 0
) -> Any:
    from pipelines.worker_start import shut_down, start_batch_workers

    # The workers start first, before this process imports the runner (their start-up is the longest step).
    executors = start_batch_workers(workers) if workers > 0 else None
    try:
        from pipelines.gc_policy import tune_for_batch
        from pipelines.runner import run_batch
        from pipelines.workers import LazyDetector, fast_detector

        # With workers, the main process only reads, plans and writes: it never builds a detector of its own,
        # nor imports one.
        detector = fast_detector() if workers == 0 else LazyDetector(fast_detector)
        tune_for_batch()
    except BaseException:
        shut_down(executors)
        raise
    return run_batch(
        workspace,
        sources,
        out,
        detector,
        overwrite=overwrite,
        progress=not quiet,
        notify=_err,
        workers=workers,
        executors=executors,
    )


def _print_summary(summary: dict[str, Any], out: Path) -> None:
    rows = summary["rows"]
    click.echo(f"batch {summary['batch_id']}")
    click.echo(
        f"  rows read {rows['read']}  archived {rows['archived']}  quarantined {rows['quarantined']}"
        f"  ({'accounted for' if rows['accounted'] else 'NOT accounted for'})"
    )
    if summary["malformed_files"]:
        click.echo(f"  malformed files {len(summary['malformed_files'])} (see summary)")
    entities = ", ".join(f"{name} {count}" for name, count in summary["entity_counts"].items())
    click.echo(f"  found: {entities or 'nothing'}")
    click.echo(f"  archive    {out / 'archive'}")
    click.echo(f"  quarantine {out / 'quarantine' / 'quarantine.csv'}")
    click.echo(f"  summary    {out / 'summary.json'}")


@main.command()
@click.argument("input_file", required=False, type=click.File("r", encoding="utf-8"), default="-")
@click.option(
    "--output",
    "-o",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="Where to write JSON lines (default: standard output).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes that detect batches of lines in parallel; the output is the same, in input order.",
)
@click.option(
    "--quiet", "-q", is_flag=True, help="No progress bar (texts written so far, on standard error)."
)
def detect(input_file: IO[str], output: IO[str], workers: int, quiet: bool) -> None:
    """Find PII spans in JSON lines {"id", "text"} (stdin when INPUT_FILE is omitted).

    Writes {"id", "spans": [{"start", "end", "entity_type", "score"}]} per line; offsets are code points of the
    original text. A record without "id" takes its 0-based line number. Needs no workspace.
    """
    from concurrent.futures.process import BrokenProcessPool

    from tqdm import tqdm

    from pipelines.gc_policy import tune_for_batch
    from pipelines.workers import WorkerPool, fast_detector

    pool = WorkerPool(workers, fast_detector) if workers > 1 else None
    detector = fast_detector() if pool is None else None
    tune_for_batch()
    batch_size = DETECT_BATCH if pool is None else DETECT_BATCH // (4 * workers)
    bad_lines = 0
    batch: list[tuple[int, dict[str, Any]]] = []
    pending: deque[tuple[list[tuple[int, dict[str, Any]]], Any]] = deque()
    # The input length is unknown (a stream): the bar counts texts written and shows the rate.
    bar = tqdm(desc="detect", unit="text", disable=quiet)

    def write(records: list[tuple[int, dict[str, Any]]], spans: list[list[Span]]) -> None:
        for (line_number, record), found in zip(records, spans, strict=True):
            line = {"id": record.get("id", line_number), "spans": [span.to_json() for span in found]}
            output.write(json.dumps(line, ensure_ascii=False) + "\n")
        bar.update(len(records))

    def flush() -> None:
        # Records go through the vectorized fast path a batch at a time: same spans as per text, much faster.
        texts = [record["text"] for _, record in batch]
        if pool is None:
            assert detector is not None
            write(list(batch), detector.detect_column(texts))
        else:
            pending.append((list(batch), pool.detect_batch(texts)))
            while len(pending) > 2 * workers:  # a few batches in flight, written in input order
                records, future = pending.popleft()
                write(records, future.result())
        batch.clear()

    try:
        for line_number, record in _read_records(input_file):
            if record is None:
                bad_lines += 1
                _err(f"line {line_number}: not a JSON object with a string 'text'; skipped")
                continue
            batch.append((line_number, record))
            if len(batch) >= batch_size:
                flush()
        flush()
        while pending:
            records, future = pending.popleft()
            write(records, future.result())
    except BrokenProcessPool:
        raise click.ClickException(
            "a worker process stopped unexpectedly (killed, or out of memory?); run again with fewer --workers"
        ) from None
    finally:
        bar.close()
        if pool is not None:
            pool.shutdown()
    if bad_lines:
        raise click.ClickException(f"{bad_lines} input line(s) skipped")


def _read_records(handle: IO[str]) -> Iterator[tuple[int, dict[str, Any] | None]]:
    # Split on "\n" only: texts may hold U+2028, which str.splitlines() would treat as a line break.
    buffer = ""
    line_number = 0
    for chunk in iter(lambda: handle.read(1 << 16), ""):
        buffer += chunk
        *lines, buffer = buffer.split("\n")
        for line in lines:
            yield from _parse_line(line_number, line)
            line_number += 1
    if buffer.strip():
        yield from _parse_line(line_number, buffer)


def _parse_line(line_number: int, line: str) -> Iterator[tuple[int, dict[str, Any] | None]]:
    if not line.strip():
        return
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        yield line_number, None
        return
    if isinstance(record, dict) and isinstance(record.get("text"), str):
        yield line_number, record
    else:
        yield line_number, None


@main.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--pred",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Predictions from `baomi detect` (default: run detection on the gold texts now).",
)
@click.option(
    "--label-map",
    "label_map_path",
    default=None,
    help="TOML mapping gold labels to baomi entity groups, or 'corpora' for the shipped map of the "
    "public corpora labels (default: gold labels are baomi entity names).",
)
@click.option(
    "--json",
    "json_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the figures as JSON to this file.",
)
@click.option("--limit", type=int, default=None, help="Score only the first N gold records.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def evaluate(
    gold: Path,
    pred: Path | None,
    label_map_path: str | None,
    json_out: Path | None,
    limit: int | None,
    quiet: bool,
) -> None:
    """Score detection against GOLD.jsonl: per entity, scrub recall, typed recall, precision, false alarms.

    Scrub recall: share of gold entities whose characters are at least 80% covered by any detected span; typed
    recall: the same with a compatible type; false alarms: share of PII-free records with any detection.
    """
    from tqdm import tqdm

    from conf import conf_path
    from pipelines.evaluation import (
        PredSpan,
        format_report,
        load_gold,
        load_label_map,
        load_predictions,
        score,
    )

    try:
        records = load_gold(gold)[:limit] if limit else load_gold(gold)
        label_map = None
        if label_map_path:
            path = (
                conf_path("label_map_corpora.toml") if label_map_path == "corpora" else Path(label_map_path)
            )
            label_map = load_label_map(path)
    except (ValueError, OSError) as error:
        raise click.ClickException(str(error)) from error
    if pred is not None:
        predictions = load_predictions(pred)
    else:
        from recognizers.engine import Detector

        detector = Detector()
        predictions = {
            record.id: [
                PredSpan(s.start, s.end, s.entity_type, s.score) for s in detector.detect(record.text)
            ]
            for record in tqdm(records, desc="detect", unit="text", disable=quiet)
        }
    report = score(records, predictions, label_map)
    click.echo(format_report(report))
    if json_out is not None:
        json_out.write_text(
            json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )


@main.command()
@click.argument("directory", required=False, type=click.Path(path_type=Path), default=Path("baomi-demo"))
@click.option("--rows", default=200, show_default=True, help="Customer rows per generated spreadsheet.")
@click.option("--seed", default=7, show_default=True, help="Seed of the generated data.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
def demo(directory: Path, rows: int, seed: int, quiet: bool) -> None:
    """Generate a realistic demo batch into DIRECTORY and run it end to end.

    Makes DIRECTORY/inputs (developer spreadsheets with different header conventions, a GBK CSV, a BOM CSV,
    transcribed forms), a workspace in DIRECTORY/workspace, and writes the results to DIRECTORY/out.
    """
    from pipelines.demo import make_demo_inputs
    from pipelines.workspace import init_workspace

    if directory.exists() and any(directory.iterdir()):
        raise click.ClickException(f"{directory} is not empty; choose a new folder for the demo")
    inputs = make_demo_inputs(directory / "inputs", rows=rows, seed=seed)
    click.echo(f"generated {len(inputs)} input files in {directory / 'inputs'}")
    try:
        workspace = init_workspace(directory / "workspace")
        out = directory / "out"
        summary = _run(
            workspace, [directory / "inputs"], out, False, quiet, _auto_workers([directory / "inputs"])
        )
    except GuaranteeFailed as error:
        _err(f"error: {error}")
        sys.exit(3)
    except BaomiError as error:
        raise click.ClickException(str(error)) from error
    _print_summary(summary.to_json(), out)


if __name__ == "__main__":
    main()
