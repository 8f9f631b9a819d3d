from __future__ import annotations

import errno
import io
import json
import os
from pathlib import Path

import pandas as pd
import polars as pl
import pytest

from pipelines.archive import ArchiveWriter, formula_safe, write_archive
from pipelines.errors import BaomiError, GuaranteeFailed
from pipelines.hashing import sha256_file


def _archive() -> pl.DataFrame:
    return pl.DataFrame(
        {"record_id": ["a", "b", "c", "d", "e"], "request": ["=1+1", "+86", "-楼道灯坏了", "@某人", "正常"]}
    )


def _passes(frame: pd.DataFrame) -> list[str]:
    return []


def test_formula_cells_are_quoted_for_excel() -> None:
    assert formula_safe(_archive())["request"].to_list() == [
        "'=1+1",
        "'+86",
        "'-楼道灯坏了",
        "'@某人",
        "正常",
    ]


def test_archive_is_written_with_a_manifest_of_hashes(tmp_path: Path) -> None:
    archive_dir = write_archive(tmp_path, "b1", _archive(), _passes, {"rows_read": 5})
    names = sorted(path.name for path in archive_dir.iterdir())
    assert names == ["archive.csv", "archive.parquet", "manifest.json"]
    manifest = json.loads((archive_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["rows"] == 5 and manifest["rows_read"] == 5
    for entry in manifest["files"]:
        assert entry["sha256"] == sha256_file(archive_dir / entry["name"])
    assert pl.read_parquet(archive_dir / "archive.parquet")["request"].to_list()[0] == "=1+1"
    assert (archive_dir / "archive.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    csv_rows = pl.read_csv(archive_dir / "archive.csv", encoding="utf8-lossy")["request"].to_list()
    assert csv_rows == formula_safe(_archive())["request"].to_list()  # quoted for Excel, in the CSV only
    assert [path.name for path in tmp_path.iterdir()] == ["archive"]  # no staging left behind


def test_a_failed_guarantee_leaves_nothing_under_archive(tmp_path: Path) -> None:
    with pytest.raises(GuaranteeFailed, match="expect_x"):
        write_archive(tmp_path, "b1", _archive(), lambda frame: ["expect_x(column=request)"], {})
    assert list(tmp_path.iterdir()) == []


def test_an_existing_archive_is_kept_unless_overwrite(tmp_path: Path) -> None:
    write_archive(tmp_path, "b1", _archive(), _passes, {})
    with pytest.raises(BaomiError, match="--overwrite"):
        write_archive(tmp_path, "b2", _archive().head(2), _passes, {})
    write_archive(tmp_path, "b2", _archive().head(2), _passes, {}, overwrite=True)
    assert pl.read_parquet(tmp_path / "archive" / "archive.parquet").height == 2


@pytest.mark.parametrize("kernel_copy", [True, False])
def test_csv_parts_are_joined_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kernel_copy: bool
) -> None:
    """archive.csv is the header and every part's rows in order, copied inside the kernel or, where the
    system cannot, through a buffer (the same bytes)."""
    if not kernel_copy:

        def unsupported(*args: object) -> int:
            raise OSError(errno.EXDEV, "cross-device copy")

        monkeypatch.setattr(os, "copy_file_range", unsupported, raising=False)
    writer = ArchiveWriter(tmp_path, "b1", _passes)
    frame = _archive()
    for start in range(0, frame.height, 2):
        writer.add(frame.slice(start, 2))
    archive_dir = writer.commit(frame.head(0), {})
    expected = io.BytesIO()
    formula_safe(frame).write_csv(expected, include_bom=True)
    assert (archive_dir / "archive.csv").read_bytes() == expected.getvalue()


def test_small_parts_are_checked_together_and_every_part_before_the_commit(tmp_path: Path) -> None:
    """The guarantee sees parts of fewer than ``check_rows`` rows together, never more than that many rows at
    once (unless one part is larger), and every part taken — none dropped — before anything is committed."""
    checked: list[int] = []

    def counting(frame: pd.DataFrame) -> list[str]:
        checked.append(len(frame))
        return []

    frame = _archive()  # five rows
    for check_rows, expected in ((0, [2, 2, 1]), (4, [4, 1]), (3, [2, 3]), (5, [5])):
        checked.clear()
        writer = ArchiveWriter(tmp_path / f"rows{check_rows}", "b1", counting, check_rows=check_rows)
        for start in range(0, frame.height, 2):
            writer.add(frame.slice(start, 2))
        writer.commit(frame.head(0), {})
        assert checked == expected, check_rows
    # Parts that reach ``check_rows`` are checked at once, not when the next part comes.
    checked.clear()
    writer = ArchiveWriter(tmp_path / "at_once", "b1", counting, check_rows=4)
    writer.add(frame.slice(0, 2))
    writer.add(frame.slice(2, 2))
    assert checked == [4]
    # Parts of a file found malformed are dropped unchecked; the others are still checked.
    checked.clear()
    writer = ArchiveWriter(tmp_path / "discarded", "b1", counting, check_rows=10)
    kept = writer.add(frame.slice(0, 2))
    dropped = [writer.add(frame.slice(2, 2)), writer.add(frame.slice(4, 1))]
    writer.discard(dropped)
    archive_dir = writer.commit(frame.head(0), {})
    assert checked == [2] and writer.parts == [kept]
    assert pl.read_parquet(archive_dir / "archive.parquet").height == 2


def test_a_failing_part_checked_at_the_commit_leaves_nothing_under_archive(tmp_path: Path) -> None:
    def fails_on_the_last_row(frame: pd.DataFrame) -> list[str]:
        return ["expect_x(column=request)"] if len(frame) == 1 else []

    writer = ArchiveWriter(tmp_path, "b1", fails_on_the_last_row, check_rows=4)
    frame = _archive()
    for start in range(0, frame.height, 2):
        writer.add(frame.slice(start, 2))  # the last part, one row, waits for more
    with pytest.raises(GuaranteeFailed, match="expect_x"):
        writer.commit(frame.head(0), {})
    assert list(tmp_path.iterdir()) == []
