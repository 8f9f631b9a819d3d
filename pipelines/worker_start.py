"""The worker processes of a ``baomi run``, started before the main process imports what it needs itself.

A worker's start-up (its imports, the analyzer, the name model: ~1.5 s) is the longest step of a clerk's small
batch, and it runs alongside the main process's own (great-expectations, the input's reader). This module
imports only the standard library, so ``baomi run`` can spawn the workers first and load ``pipelines.runner``
(polars, the readers, the archive writer) while they start: a worker is then ready ~0.3 s sooner.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any


def start_executors(
    workers: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()
) -> list[ProcessPoolExecutor]:
    """One single-process executor per worker, each already starting its process, which runs ``initializer``
    (by default: build baomi's fast detector). Whoever holds them shuts them down (``run_batch``, or the
    ``WorkerPool`` that started them). Raises OSError or NotImplementedError where the system cannot start
    processes (no POSIX semaphores in some sandboxes)."""
    executors = [
        ProcessPoolExecutor(
            max_workers=1,
            mp_context=get_context("spawn"),
            initializer=initializer or _init_fast_worker,
            initargs=initargs,
        )
        for _ in range(workers)
    ]
    # An executor spawns its process on the first job: start them now, so that their start-up (imports, the
    # analyzer, the name model) overlaps the main process's own instead of waiting for the first chunk.
    for executor in executors:
        executor.submit(started)
    return executors


def start_batch_workers(workers: int) -> list[ProcessPoolExecutor] | None:
    """``start_executors(workers)`` for ``baomi run``, or None when the system cannot start processes (the
    batch then finds out again, says so, and runs in this process)."""
    try:
        return start_executors(workers)
    except (OSError, NotImplementedError):
        return None


def _init_fast_worker() -> None:
    """A worker's initializer: ``pipelines.workers``' own, with baomi's fast detector."""
    from pipelines.workers import _init_worker, fast_detector

    _init_worker(fast_detector)


def started() -> None:
    """A first job that only makes an executor start its worker (and so build the worker's detector)."""


def shut_down(executors: list[ProcessPoolExecutor] | None) -> None:
    """Stop the workers (again: shutting an executor down twice does nothing the second time)."""
    for executor in executors or ():
        executor.shutdown(cancel_futures=True)
