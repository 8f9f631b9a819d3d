"""Chunked and parallel runs give the archive of a one-chunk serial run; Parquet input is read in chunks."""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
import pytest
from faker import Faker

from pipelines import runner
from pipelines.archive import formula_safe
from pipelines.demo import make_demo_batch
from pipelines.ingest import iter_source_chunks
from pipelines.ingest.model import PRECISION_LOST, SourceTable
from pipelines.runner import RunSummary, run_batch
from pipelines.workspace import init_workspace
from recognizers.engine import Detector
from tests.fresh import run_fresh

if TYPE_CHECKING:
    from expectations.output_guarantee import OutputGuarantee


def _set_chunk_rows(root: Path, rows: int) -> None:
    settings = root / "baomi.toml"
    settings.write_text(
        re.sub(r"chunk_rows = \d+", f"chunk_rows = {rows}", settings.read_text(encoding="utf-8"))
    )


def _archive(out: Path) -> pl.DataFrame:
    return pl.read_parquet(out / "archive" / "archive.parquet")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("chunks")
    make_demo_batch(root / "inputs", rows=25, seed=11)
    frame = pl.DataFrame(
        {
            "手机号码": ["13812345678", None, "13987654321"] * 5,
            "身份证号": [110101199003071234, 440305198512120016, None] * 5,
            "诉求": ["门禁坏了请回电13812345678", "电梯停运", None] * 5,
        }
    )
    frame.write_parquet(root / "inputs" / "导出.parquet")
    return root / "inputs"


def test_chunked_and_parallel_runs_equal_the_serial_run(
    inputs: Path, tmp_path: Path, detector: Detector
) -> None:
    outputs = {}
    guarantees = {}
    runs = (("whole", 50000, 0), ("chunked", 7, 0), ("one worker", 7, 1), ("parallel", 7, 2))
    for name, chunk_rows, workers in runs:
        workspace = init_workspace(tmp_path / f"ws_{name}")
        _set_chunk_rows(workspace.root, chunk_rows)
        workspace = type(workspace)(
            workspace.root,
            {**workspace.settings, "run": {**workspace.settings["run"], "chunk_rows": chunk_rows}},
        )
        summary = run_batch(
            workspace,
            [inputs],
            tmp_path / name,
            detector,
            progress=False,
            notify=lambda m: None,
            workers=workers,
        )
        guarantees[name] = summary.guarantee
        outputs[name] = _archive(tmp_path / name).drop("customer_key")  # keys differ: one workspace key each
        # The CSV for people, joined from the parts' rows, is the formula-safe CSV of the whole Parquet file.
        archive_dir = tmp_path / name / "archive"
        whole = io.BytesIO()
        formula_safe(pl.read_parquet(archive_dir / "archive.parquet")).write_csv(whole, include_bom=True)
        assert (archive_dir / "archive.csv").read_bytes() == whole.getvalue(), name
    assert outputs["whole"].height > 60
    assert outputs["chunked"].equals(outputs["whole"])
    assert outputs["parallel"].equals(outputs["whole"])
    assert outputs["one worker"].equals(outputs["whole"])
    # Workers check their own chunks with the output guarantee: every chunk is counted as in a serial run.
    assert guarantees["parallel"] == guarantees["chunked"] == guarantees["one worker"]
    assert guarantees["parallel"]["passed"] and guarantees["parallel"]["expectations"] > 0


def test_parquet_is_read_in_chunks_as_strings(inputs: Path) -> None:
    chunks = list(iter_source_chunks(inputs / "导出.parquet", 4))
    assert [chunk.height for chunk in chunks] == [4, 4, 4, 3]
    assert chunks[0].fields == ["phone", "id_number", "request"]
    assert chunks[0].row_values()[0] == ["13812345678", "110101199003071234", "门禁坏了请回电13812345678"]
    assert chunks[0].row_values()[2] == ["13987654321", None, None]
    assert [number for chunk in chunks for number in chunk.row_numbers] == list(range(1, 16))


def test_a_csv_is_streamed_in_chunks_with_its_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    lines = ["客户信息导出", "姓名,电话,诉求"] + [f"张{i},1381234{i:04d},诉求{i}" for i in range(25)]
    path.write_text("\n".join(lines) + "\n", encoding="gbk")
    chunks = list(iter_source_chunks(path, 10))
    assert [chunk.height for chunk in chunks] == [10, 10, 5]
    assert all(chunk.headers == ["姓名", "电话", "诉求"] and chunk.encoding == "gb18030" for chunk in chunks)
    assert chunks[2].row_numbers == list(range(23, 28))
    assert [chunk.column(0)[0] for chunk in chunks] == ["张0", "张10", "张20"]
    assert chunks[1].cells is not None and chunks[1].cells.row(0) == ("张10", "13812340010", "诉求10")


def test_parquet_cells_are_stripped_as_the_python_readers_strip_them(tmp_path: Path) -> None:
    # polars' default strip set lacks U+001C-U+001F, which Python's strip (the CSV and Excel readers) removes.
    path = tmp_path / "导出.parquet"
    pl.DataFrame(
        {"姓名": [" 张三\x1f", "\x1c\u3000", "李四"], "诉求": ["门禁坏了\x1e", "漏水", None]}
    ).write_parquet(path)
    (chunk,) = iter_source_chunks(path, 10)
    assert chunk.row_values() == [["张三", "门禁坏了"], [None, "漏水"], ["李四", None]]


def test_parquet_damage_keeps_its_row_after_blank_rows_are_dropped(tmp_path: Path) -> None:
    # A float ID has lost digits already; the blank row before it is dropped, the damage follows its row.
    path = tmp_path / "导出.parquet"
    pl.DataFrame(
        {"姓名": ["张三", None, " ", "李四"], "身份证号": [None, None, None, 110101199003071234.0]}
    ).write_parquet(path)
    (chunk,) = iter_source_chunks(path, 10)
    assert chunk.row_numbers == [1, 4]
    assert chunk.column(0) == ["张三", "李四"]
    assert chunk.damaged == [(1, 1, PRECISION_LOST)]


def _customer_csv(rows: int, seed: int) -> str:
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    lines = ["姓名,联系电话,诉求"]
    lines += [f"{fake.name()},{fake.phone_number()},{fake.sentence()}" for _ in range(rows)]
    return "\n".join(lines) + "\n"


def test_a_file_found_malformed_part_way_counts_for_nothing_while_the_files_around_it_do(
    tmp_path: Path, detector: Detector
) -> None:
    """Chunks of several files are in flight on the workers at once (the next file is read while the last
    chunks of the one before are scrubbed). A file found malformed part way — here Python's reader stops at a
    cell over its field limit, after a stray quote sent the rest of the file to it — loses its chunks, those
    already taken and those still in flight; the files before and after it are archived whole, as in a serial
    run."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    bad_rows = '张三,13812345678,门禁"坏了\n' + "李四,13912345678," + "长" * 200_000 + "\n"
    (inputs / "a.csv").write_text(_customer_csv(12, 1), encoding="utf-8")
    # Malformed after its first 40 rows, twenty chunks, some taken and some in flight when the reader stops.
    (inputs / "b.csv").write_text(_customer_csv(40, 2) + bad_rows, encoding="utf-8")
    (inputs / "c.csv").write_text(_customer_csv(12, 3), encoding="utf-8")
    # Malformed before its first chunk (the header search reads it), while c.csv's last chunks are in flight.
    (inputs / "d.csv").write_text(_customer_csv(3, 4) + bad_rows, encoding="utf-8")
    workspace = init_workspace(tmp_path / "ws")
    workspace = type(workspace)(
        workspace.root, {**workspace.settings, "run": {**workspace.settings["run"], "chunk_rows": 2}}
    )
    archives = {}
    for workers in (0, 2):
        out = tmp_path / f"out{workers}"
        summary = run_batch(
            workspace, [inputs], out, detector, progress=False, notify=lambda m: None, workers=workers
        )
        assert [Path(item["file"]).name for item in summary.malformed_files] == ["b.csv", "d.csv"]
        assert [Path(item["file"]).name for item in summary.files] == ["a.csv", "c.csv"]
        assert summary.rows_read == 24 == summary.rows_archived + summary.rows_quarantined
        archives[workers] = _archive(out)
        assert set(archives[workers]["source_sha256"]) == {item["sha256"] for item in summary.files}
    assert archives[2].equals(archives[0])
    assert archives[2].height == 24


def _run_five_rows(tmp_path: Path, detector: Detector) -> RunSummary:
    """A serial batch of one CSV file of five customers, written under ``tmp_path``."""
    (tmp_path / "a.csv").write_text(_customer_csv(5, 1), encoding="utf-8")
    workspace = init_workspace(tmp_path / "ws")
    return run_batch(
        workspace, [tmp_path / "a.csv"], tmp_path / "out", detector, progress=False, notify=lambda m: None
    )


def test_the_first_chunk_is_read_while_the_output_guarantee_is_being_built(
    tmp_path: Path, detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """great-expectations is imported and its context set up on a thread, so reading the input does not wait
    for it: here the build itself waits until the first chunk has been read (and gives up after a minute, which
    fails the batch, if reading waited for the build)."""
    first_chunk = threading.Event()
    build = runner._build_guarantee
    read = runner.iter_source_chunks

    def build_after_the_first_chunk(text_columns: list[str], allowed: list[str]) -> OutputGuarantee:
        if not first_chunk.wait(timeout=60):
            raise RuntimeError("the input was not read while the output guarantee was being built")
        return build(text_columns, allowed)

    def chunks(path: Path, chunk_rows: int) -> Iterator[SourceTable]:
        for table in read(path, chunk_rows):
            first_chunk.set()
            yield table

    monkeypatch.setattr(runner, "_build_guarantee", build_after_the_first_chunk)
    monkeypatch.setattr(runner, "iter_source_chunks", chunks)
    summary = _run_five_rows(tmp_path, detector)
    assert summary.guarantee["passed"] and summary.guarantee["expectations"] > 0
    assert _archive(tmp_path / "out").height == summary.rows_archived == 5


def test_a_failure_to_build_the_output_guarantee_fails_the_batch_and_archives_nothing(
    tmp_path: Path, detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The thread's error reaches the batch when the first part is checked: nothing is committed."""

    def broken(text_columns: list[str], allowed: list[str]) -> OutputGuarantee:
        raise ImportError("great-expectations is missing")

    monkeypatch.setattr(runner, "_build_guarantee", broken)
    with pytest.raises(ImportError, match="great-expectations is missing"):
        _run_five_rows(tmp_path, detector)
    assert not (tmp_path / "out" / "archive").exists()


# A batch run by `baomi run` in a fresh process, with the output guarantee's build held back until the main
# thread first asks for it: prints, one per line, the modules the main thread loaded between starting the build
# and first asking for it, i.e. all it can load while the build may be running, whatever the timing.
_MAIN_THREAD_IMPORTS_DURING_THE_BUILD = """
import sys, threading
loaded = []
sys.addaudithook(lambda event, args: loaded.append(args[0])
                 if event == "import" and threading.current_thread() is threading.main_thread() else None)
from pipelines import runner
asked = threading.Event()
window = []
build = runner._build_guarantee
runner._build_guarantee = lambda *args: asked.wait() and build(*args)

class Loader(runner._GuaranteeLoader):
    def __init__(self, *args):
        super().__init__(*args)
        window.append(len(loaded))
    def get(self):
        if not asked.is_set():
            window.append(len(loaded))
            asked.set()
        return super().get()

runner._GuaranteeLoader = Loader
import contextlib, io
from pipelines.cli import main
try:
    with contextlib.redirect_stdout(io.StringIO()):
        main([ARGS], standalone_mode=False)
finally:
    asked.set()
start, end = window
print("\\n".join(sorted(set(loaded[start:end]) - set(loaded[:start]))))
"""

# The modules building the output guarantee loads in a fresh process that has loaded the command line.
_GUARANTEE_IMPORTS = """
import sys
import pipelines.cli
before = set(sys.modules)
from pipelines.runner import _build_guarantee
_build_guarantee(["诉求"], ["诉求"])
print("\\n".join(sorted(set(sys.modules) - before)))
"""


@pytest.mark.parametrize("workers", [0, 1])
def test_the_main_thread_loads_none_of_the_modules_the_guarantee_loads_while_it_is_built(
    tmp_path: Path, workers: int
) -> None:
    """Two threads that import modules at once can see a module the other is importing half initialised, or
    wait on each other. While the output guarantee is built on its thread, the main thread reads, classifies,
    scrubs and checks; it must not load a module of great-expectations' own imports (pandas and pyarrow, which
    it needs to check parts and to commit, are loaded before the build starts)."""
    (tmp_path / "a.csv").write_text(_customer_csv(5, 1), encoding="utf-8")
    init_workspace(tmp_path / "ws")
    args = ", ".join(
        repr(arg)
        for arg in (
            "run",
            "-w",
            str(tmp_path / "ws"),
            "-o",
            str(tmp_path / "out"),
            "-q",
            "--workers",
            str(workers),
        )
    )
    during = set(
        run_fresh(
            _MAIN_THREAD_IMPORTS_DURING_THE_BUILD.replace("ARGS", f"{args}, {str(tmp_path / 'a.csv')!r}")
        ).split()
    )
    guarantee = set(run_fresh(_GUARANTEE_IMPORTS).split())
    assert "great_expectations" in guarantee and len(guarantee) > 500
    assert during, "the main thread loads the readers' modules while the build runs"
    assert not during & guarantee
