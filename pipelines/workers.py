"""Worker processes of a batch: sharded detection and chunk scrubbing.

Kept apart from ``pipelines.runner`` so that a spawned worker imports only what scrubbing needs (polars, the
recognizers): never great-expectations, which checks the parts in the main process, nor SQLAlchemy.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import polars as pl

from pipelines.archive import WrittenPart, write_part, writes_csv
from pipelines.gc_policy import release_free_memory, tune_for_batch
from pipelines.scrub import ColumnPlan, DetectColumnFn, ScrubResult, scrub_records
from pipelines.worker_start import shut_down, start_executors
from recognizers.span import Span, spans_by_value


class DetectorLike(Protocol):
    """What the runner needs of a detector: per text (column classification samples) and per column."""

    def detect(self, text: str, context: Sequence[str] = ()) -> list[Span]: ...

    def detect_column(self, texts: Sequence[str | None], context: Sequence[str] = ()) -> list[list[Span]]: ...


# The detector a worker process scrubs with, built once per worker. Workers are spawned, not forked: polars'
# thread pool does not survive a fork.
_WORKER_DETECTOR: DetectorLike | None = None


class LazyDetector:
    """A detector built on first use. The main process of a parallel run needs none of its own (workers detect,
    and classify unmapped columns for it), so it does not pay the analyzer's memory."""

    def __init__(self, detector_class: Callable[[], DetectorLike]) -> None:
        self.detector_class = detector_class
        self._detector: DetectorLike | None = None

    def _built(self) -> DetectorLike:
        if self._detector is None:
            self._detector = self.detector_class()
        return self._detector

    def detect(self, text: str, context: Sequence[str] = ()) -> list[Span]:
        return self._built().detect(text, context)

    def detect_column(self, texts: Sequence[str | None], context: Sequence[str] = ()) -> list[list[Span]]:
        return self._built().detect_column(texts, context)


def fast_detector() -> DetectorLike:
    """baomi's detector (``recognizers.fast_path.FastDetector``), imported only by the process that builds one.
    Passed to workers in its place, it keeps the main process of a parallel run from loading the recognizers,
    spaCy, jieba's tables and the name model's runtime at all (about 100 MB and 1.6 s it would never use)."""
    from recognizers.fast_path import FastDetector

    return FastDetector()


def detector_class_of(detector: DetectorLike) -> Callable[[], DetectorLike]:
    """What a worker builds its own detector with."""
    return detector.detector_class if isinstance(detector, LazyDetector) else type(detector)


# Detection work for one worker: (column context, distinct texts) per scanned column.
Jobs = list[tuple[tuple[str, ...], list[str]]]
# Answers of a chunk's detection, per column context: distinct text -> its spans (texts without spans left out).
Answers = dict[tuple[str, ...], dict[str, list[Span]]]
# Answers the main process keeps per column context (at most this many texts each): a text seen in an earlier
# chunk is not sent to a worker again (requests repeat across chunks), and memory stays bounded.
KNOWN_TEXTS = 1 << 17
_NOTHING_KNOWN: OrderedDict[str, list[Span]] = OrderedDict()


@dataclass
class Started:
    """A chunk's detection under way: the answers already known from earlier chunks, and each worker's jobs
    with the future of their spans."""

    known: Answers
    running: list[tuple[Jobs, Future[list[list[list[Span]]]]]]

    def cancel(self) -> None:
        for _, detection in self.running:
            detection.cancel()


def _init_worker(detector_class: Callable[[], DetectorLike]) -> None:
    global _WORKER_DETECTOR
    _WORKER_DETECTOR = detector_class()
    tune_for_batch()


def _detect_in_worker(jobs: Jobs) -> list[list[list[Span]]]:
    """Spans of distinct texts, per (column context, texts) job."""
    assert _WORKER_DETECTOR is not None, "worker started without a detector"
    spans = [_WORKER_DETECTOR.detect_column(texts, context) for context, texts in jobs]
    release_free_memory()
    return spans


def _detect_one_job(jobs: Jobs) -> list[list[Span]]:
    return _detect_in_worker(jobs)[0]


@dataclass
class ScrubbedChunk:
    """A chunk scrubbed and written in a worker: its archive rows are in ``part`` (None when it has none);
    ``result.archive`` is left empty so the rows are not sent back. The main process checks the part."""

    result: ScrubResult
    archived: int
    part: WrittenPart | None


@dataclass
class ScrubJob:
    """One chunk to scrub in a worker: its records and plan, the detection answers for its texts, the pseudonym
    key and archive settings, and the part file to write. Pickled with the records as Arrow IPC: about half the
    time of polars' own pickling, which the main process spends on every chunk."""

    records: pl.DataFrame
    plan: list[ColumnPlan]
    answers: Answers
    key: bytes
    archive_settings: dict[str, Any]
    part: Path

    def __reduce__(self) -> tuple[Any, ...]:
        buffer = io.BytesIO()
        self.records.write_ipc(buffer, compression="uncompressed")
        return (
            _scrub_job,
            (buffer.getvalue(), self.plan, self.answers, self.key, self.archive_settings, self.part),
        )


def _scrub_job(
    records: bytes,
    plan: list[ColumnPlan],
    answers: Answers,
    key: bytes,
    archive_settings: dict[str, Any],
    part: Path,
) -> ScrubJob:
    return ScrubJob(pl.read_ipc(io.BytesIO(records)), plan, answers, key, archive_settings, part)


def scrub_and_write(
    records: pl.DataFrame,
    plan: Sequence[ColumnPlan],
    detect_column: DetectColumnFn,
    key: bytes,
    archive_settings: dict[str, Any],
    part: Path,
) -> ScrubbedChunk:
    """Scrub a chunk and write its archive rows to ``part`` (the same step in a worker or a serial run)."""
    result = scrub_records(records, plan, detect_column, key, archive_settings)
    archived = result.archive.height
    if not archived:
        return ScrubbedChunk(result, 0, None)
    written = write_part(result.archive, part, writes_csv(archive_settings))
    return ScrubbedChunk(
        ScrubResult(result.archive.head(0), result.quarantine, result.entity_counts), archived, written
    )


def _scrub_in_worker(job: ScrubJob) -> ScrubbedChunk:
    def detect_column(texts: Sequence[str | None], context: Sequence[str] = ()) -> list[list[Span]]:
        return spans_by_value(pl.Series(texts, dtype=pl.String), job.answers.get(tuple(context), {}))

    scrubbed = scrub_and_write(job.records, job.plan, detect_column, job.key, job.archive_settings, job.part)
    release_free_memory()
    return scrubbed


def shard_texts(records: pl.DataFrame, plan: Sequence[ColumnPlan], shards: int) -> list[Jobs]:
    """The distinct non-empty texts of a chunk's scanned (non-private) columns, split into ``shards`` disjoint
    job lists of (column context, texts): a text always lands in the same shard during a run."""
    jobs: list[Jobs] = [[] for _ in range(shards)]
    for column in plan:
        if column.role == "private":
            continue
        values = records[f"c{column.index}"].drop_nulls().unique(maintain_order=True)
        buckets: list[list[str]] = [[] for _ in range(shards)]
        for text in values.filter(values.str.len_chars() > 0).to_list():
            # Python's string hash is fixed for the life of this process, which decides every shard.
            buckets[hash(text) % shards].append(text)
        for shard, bucket in zip(jobs, buckets, strict=True):
            if bucket:
                shard.append(((column.header,), bucket))
    return jobs


class WorkerPool:
    """Worker processes for a batch, each with its own detector and its own answer cache.

    Each distinct text is analysed by one worker only, chosen by a hash of the text (requests repeat across
    chunks, and a text analysed twice — once per worker — is most of the cost of a table whose requests
    repeat). A chunk is scrubbed on one worker with the answers gathered from all of them. A text's spans do
    not depend on which worker analysed it, so the result is the one of a serial run."""

    def __init__(
        self,
        workers: int,
        detector_class: Callable[[], DetectorLike],
        executors: list[ProcessPoolExecutor] | None = None,
    ) -> None:
        """``executors``: ones already started (``pipelines.worker_start``), whose workers build their detector
        themselves; else ``workers`` new ones, each building ``detector_class()``."""
        self.executors = (
            executors if executors is not None else start_executors(workers, _init_worker, (detector_class,))
        )
        self._next = 0
        # Per column context: text -> its spans, oldest first (plain dicts: looked up ~20 times per text).
        self._known: dict[tuple[str, ...], OrderedDict[str, list[Span]]] = {}

    def detect(self, records: pl.DataFrame, plan: Sequence[ColumnPlan]) -> Started:
        """Start detection of the distinct texts of the chunk's scanned columns that no earlier chunk held,
        sharded over the workers; returns what ``answers`` needs to collect them."""
        known: Answers = {}
        running = []
        for jobs, executor in zip(
            shard_texts(records, plan, len(self.executors)), self.executors, strict=True
        ):
            unseen: Jobs = []
            for context, texts in jobs:
                seen = self._known.get(context, _NOTHING_KNOWN)
                new: list[str] = []
                for text in texts:
                    spans = seen.get(text)
                    if spans is None:
                        new.append(text)
                    elif spans:
                        known.setdefault(context, {})[text] = spans
                if new:
                    unseen.append((context, new))
            if unseen:
                running.append((unseen, executor.submit(_detect_in_worker, unseen)))
        return Started(known, running)

    def answers(self, started: Started) -> Answers:
        """Wait for a chunk's detection and gather its non-empty answers (and keep them for later chunks)."""
        answers = started.known
        for jobs, future in started.running:
            for (context, texts), spans in zip(jobs, future.result(), strict=True):
                found = answers.setdefault(context, {})
                seen = self._known.setdefault(context, OrderedDict())
                for text, text_spans in zip(texts, spans, strict=True):
                    seen[text] = text_spans
                    if text_spans:
                        found[text] = text_spans
                # Bounded: the oldest answers go first (a text asked again later is only analysed again).
                for _ in range(len(seen) - KNOWN_TEXTS):
                    seen.popitem(last=False)
        return answers

    def scrub(self, job: ScrubJob) -> Future[ScrubbedChunk]:
        """Scrub a chunk on the next worker in turn; the worker writes its archive rows to ``job.part``."""
        return self._next_executor().submit(_scrub_in_worker, job)

    def detect_batch(self, texts: list[str]) -> Future[list[list[Span]]]:
        """Spans of a batch of free texts (``baomi detect``), on the next worker in turn."""
        return self._next_executor().submit(_detect_one_job, [((), texts)])

    def _next_executor(self) -> ProcessPoolExecutor:
        executor = self.executors[self._next % len(self.executors)]
        self._next += 1
        return executor

    def detect_text(self, text: str, context: Sequence[str] = ()) -> list[Span]:
        """Spans of one text, from the worker that owns it (column classification in the main process)."""
        jobs: Jobs = [(tuple(context), [text])]
        executor = self.executors[hash(text) % len(self.executors)]
        return executor.submit(_detect_in_worker, jobs).result()[0][0]

    def shutdown(self) -> None:
        shut_down(self.executors)
