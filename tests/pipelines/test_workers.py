"""How a batch's detection is shared between worker processes: each distinct text goes to exactly one worker."""

from __future__ import annotations

import multiprocessing
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import polars as pl
import pytest

from pipelines.demo import make_demo_batch
from pipelines.errors import BaomiError
from pipelines.runner import RunSummary, run_batch
from pipelines.scrub import ColumnPlan
from pipelines.worker_start import start_executors
from pipelines.workers import (
    LazyDetector,
    ScrubJob,
    WorkerPool,
    detector_class_of,
    fast_detector,
    shard_texts,
)
from pipelines.workspace import init_workspace
from recognizers.engine import Detector
from tests.fresh import run_fresh

PLAN = [
    ColumnPlan(0, "姓名", "name", "private", "PERSON"),
    ColumnPlan(1, "诉求", "request", "free_text"),
    ColumnPlan(2, "备注", "note", "context"),
]


def _records(requests: list[str | None], notes: list[str | None]) -> pl.DataFrame:
    return pl.DataFrame(
        {"c0": ["王伟"] * len(requests), "c1": requests, "c2": notes},
        schema={"c0": pl.String, "c1": pl.String, "c2": pl.String},
    )


def test_each_distinct_text_of_a_scanned_column_goes_to_one_shard() -> None:
    requests = [f"{index % 37}号楼漏水" for index in range(200)] + [None, ""]
    notes = ["已回访"] * 101 + ["", None] + [f"备注{index}" for index in range(99)]
    shards = shard_texts(_records(requests, notes), PLAN, 3)
    assert len(shards) == 3
    seen: dict[tuple[str, ...], list[str]] = {}
    for jobs in shards:
        for context, texts in jobs:
            seen.setdefault(context, []).extend(texts)
    # The private column is never sent for detection; empty and missing values neither.
    assert set(seen) == {("诉求",), ("备注",)}
    assert sorted(seen[("诉求",)]) == sorted({text for text in requests if text})
    assert sorted(seen[("备注",)]) == sorted({text for text in notes if text})
    # The same text lands in the same shard in the next chunk.
    again = shard_texts(_records(requests[::-1], notes[::-1]), PLAN, 3)
    for first, second in zip(shards, again, strict=True):
        assert {(c, t) for c, texts in first for t in texts} == {(c, t) for c, texts in second for t in texts}


def test_one_shard_holds_everything() -> None:
    [jobs] = shard_texts(_records(["电梯坏了", "电梯坏了", "门禁坏了"], [None, None, None]), PLAN, 1)
    assert jobs == [(("诉求",), ["电梯坏了", "门禁坏了"])]


def test_a_text_seen_in_an_earlier_chunk_is_not_sent_to_a_worker_again() -> None:
    pool = WorkerPool(1, Detector)
    try:
        first = pool.detect(_records(["业主王伟反映漏水", "电梯坏了"], ["已回访", None]), PLAN)
        assert sorted(text for jobs, _ in first.running for _, texts in jobs for text in texts) == [
            "业主王伟反映漏水",
            "已回访",
            "电梯坏了",
        ]
        answers = pool.answers(first)
        requests = ["电梯坏了", "业主王伟反映漏水", "请联系李娜处理"]
        second = pool.detect(_records(requests, ["已回访", None, None]), PLAN)
        # Only the new text goes out; the known ones come back from the main process's own answers.
        assert [texts for jobs, _ in second.running for _, texts in jobs] == [["请联系李娜处理"]]
        again = pool.answers(second)
        assert again[("诉求",)]["业主王伟反映漏水"] == answers[("诉求",)]["业主王伟反映漏水"]
        detector = Detector()
        for text in requests:
            assert again[("诉求",)].get(text, []) == detector.detect(text, ("诉求",))
    finally:
        pool.shutdown()


def test_the_main_process_keeps_a_bounded_number_of_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pipelines.workers.KNOWN_TEXTS", 2)
    pool = WorkerPool(1, Detector)
    try:
        requests = ["业主王伟反映漏水", "电梯坏了", "请联系李娜处理"]
        first = pool.answers(pool.detect(_records(requests, [None] * 3), PLAN))
        # The oldest answer was let go: that text is sent again, and its answer is the same.
        second = pool.detect(_records(requests, [None] * 3), PLAN)
        assert [texts for jobs, _ in second.running for _, texts in jobs] == [["业主王伟反映漏水"]]
        assert pool.answers(second) == first
    finally:
        pool.shutdown()


def test_a_lazy_detector_is_built_on_first_use_and_names_its_class() -> None:
    lazy = LazyDetector(Detector)
    assert detector_class_of(lazy) is Detector
    assert lazy._detector is None  # a parallel run's main process never pays for one
    [span] = lazy.detect("电话13812345678")
    assert span.entity_type == "CN_MOBILE"
    assert lazy.detect_column(["电话13812345678", None])[0] == [span]
    assert detector_class_of(Detector()) is Detector


class DiesInAWorker(Detector):
    """A detector whose worker process dies while building it (as when the system kills it for memory)."""

    def __init__(self) -> None:
        if multiprocessing.parent_process() is not None:
            os._exit(9)
        super().__init__()


def test_a_dead_worker_stops_the_batch_with_a_clear_error_and_no_archive(tmp_path: Path) -> None:
    make_demo_batch(tmp_path / "inputs", rows=20, seed=3)
    workspace = init_workspace(tmp_path / "ws")
    with pytest.raises(BaomiError, match="worker process stopped unexpectedly"):
        run_batch(
            workspace,
            [tmp_path / "inputs"],
            tmp_path / "out",
            DiesInAWorker(),
            progress=False,
            notify=lambda message: None,
            workers=2,
        )
    assert not (tmp_path / "out" / "archive").exists()
    assert not list((tmp_path / "out").glob(".archive-*"))  # the staging folder is gone too


def test_the_main_process_of_a_parallel_run_never_loads_the_recognizers() -> None:
    # A fresh interpreter: this one has the recognizers loaded by other tests. run_batch is replaced by a probe
    # that looks at what `baomi run --workers 2` has imported by the time the batch would start.
    probe = (
        "import sys\n"
        "import pipelines.runner as runner\n"
        "seen = {}\n"
        "def probe(workspace, sources, out, detector, **options):\n"
        "    seen.update(loaded=sorted(m for m in ('recognizers.fast_path', 'spacy', 'onnxruntime')"
        " if m in sys.modules), builds=detector.detector_class.__name__)\n"
        "runner.run_batch = probe\n"
        "from pipelines import cli\n"
        "cli._run(None, [], None, False, True, workers=2)\n"
        "print(seen)\n"
    )
    assert run_fresh(probe) == "{'loaded': [], 'builds': 'fast_detector'}"
    assert detector_class_of(LazyDetector(fast_detector)) is fast_detector


def test_a_worker_imports_neither_the_archive_checks_nor_the_workspace_database() -> None:
    # A fresh interpreter doing what a spawned worker of `baomi run` does: import the main module (spawn imports
    # it again in every worker), then pipelines.workers, and build the detector. pandas, SQLAlchemy and
    # great-expectations are the main process's; each would add to every worker's start-up. So would
    # pkg_resources and jieba.posseg, which jieba needs only to rebuild its caches (recognizers/jieba_setup.py),
    # and pyarrow, which only the main process's archive commit uses (polars writes the parts).
    probe = (
        "import sys\n"
        "import pipelines.cli\n"
        "import pipelines.workers as workers\n"
        "workers._init_worker(workers.fast_detector)\n"
        "unwanted = ('pandas', 'sqlalchemy', 'great_expectations', 'pkg_resources', 'jieba.posseg', 'pyarrow')\n"
        "print(sorted(m for m in unwanted if m in sys.modules))\n"
    )
    assert run_fresh(probe) == "[]"


def test_small_inputs_get_one_worker_and_large_ones_every_core(tmp_path: Path) -> None:
    from pipelines.cli import PARALLEL_BYTES, _auto_workers

    cores = max(1, min(os.cpu_count() or 1, 4))
    small, large, table = tmp_path / "small.csv", tmp_path / "large.csv", tmp_path / "export.parquet"
    for path, size in (
        (small, PARALLEL_BYTES // 2),
        (large, PARALLEL_BYTES + 1),
        (table, PARALLEL_BYTES // 4),
    ):
        with path.open("wb") as handle:
            handle.truncate(size)  # a sparse file: only its size matters here
    assert _auto_workers([small]) == 1
    assert _auto_workers([large]) == cores
    # A Parquet file holds several times the rows of a CSV file of its size: a quarter of the limit is over it.
    assert _auto_workers([table]) == cores
    # Folders count everything under them.
    assert _auto_workers([tmp_path]) == cores


def test_a_batch_runs_in_this_process_when_workers_cannot_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class NoSemaphores:
        def __init__(self, *args: object) -> None:
            raise NotImplementedError("no sem_open here")

    monkeypatch.setattr("pipelines.runner.WorkerPool", NoSemaphores)
    make_demo_batch(tmp_path / "inputs", rows=20, seed=3)
    workspace = init_workspace(tmp_path / "ws")
    messages: list[str] = []
    summary = run_batch(
        workspace,
        [tmp_path / "inputs"],
        tmp_path / "out",
        LazyDetector(fast_detector),
        progress=False,
        notify=messages.append,
        workers=2,
    )
    assert summary.rows_archived > 0
    assert summary.rows_archived + summary.rows_quarantined == summary.rows_read
    assert "worker processes cannot start here (NotImplementedError); running in this process" in messages


def test_workers_started_before_the_batch_do_its_work_and_stop_with_it(tmp_path: Path) -> None:
    # `baomi run` starts the workers before it imports the runner; the batch runs on them, and stops them.
    make_demo_batch(tmp_path / "inputs", rows=20, seed=3)
    executors = start_executors(1)
    assert executors is not None
    ran_there = executors[0].submit(os.getpid).result()
    summary = _run_on_started(executors, tmp_path)
    assert summary.rows_archived > 0
    assert ran_there != os.getpid()
    with pytest.raises(RuntimeError, match="after shutdown"):
        executors[0].submit(os.getpid)


def test_workers_started_before_a_batch_that_cannot_begin_are_stopped(tmp_path: Path) -> None:
    make_demo_batch(tmp_path / "inputs", rows=5, seed=3)
    (tmp_path / "out" / "archive").mkdir(parents=True)  # an earlier batch's archive, and no --overwrite
    executors = start_executors(1)
    assert executors is not None
    with pytest.raises(BaomiError):
        _run_on_started(executors, tmp_path)
    with pytest.raises(RuntimeError, match="after shutdown"):
        executors[0].submit(os.getpid)


def _run_on_started(executors: list[ProcessPoolExecutor], tmp_path: Path) -> RunSummary:
    return run_batch(
        init_workspace(tmp_path / "ws"),
        [tmp_path / "inputs"],
        tmp_path / "out",
        LazyDetector(fast_detector),
        progress=False,
        notify=lambda message: None,
        workers=1,
        executors=executors,
    )


def test_a_scrub_job_reaches_the_worker_with_its_records_unchanged() -> None:
    records = _records(
        ["业主王伟反映漏水", None, "", "𠮷祥\x1f"], ["已回访", None, None, "备注"]
    ).with_columns(pl.Series("source_row", [2, 3, None, 5], dtype=pl.Int64))
    job = ScrubJob(
        records, PLAN, {("诉求",): {"业主王伟反映漏水": []}}, b"k" * 32, {"a": [1]}, Path("part-1")
    )
    back = pickle.loads(pickle.dumps(job))
    assert back.records.equals(records) and back.records.schema == records.schema
    assert (back.plan, back.answers, back.key, back.archive_settings, back.part) == (
        job.plan,
        job.answers,
        job.key,
        job.archive_settings,
        job.part,
    )
