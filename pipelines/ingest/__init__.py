"""Ingest: the reading edge. Every source file becomes SourceTables of strings with canonical field names.

Errors name the file, sheet, row and what is wrong — never a cell value.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from pipelines.ingest.csv_reader import iter_csv, read_csv
from pipelines.ingest.excel import iter_xlsx, read_xls, read_xlsx
from pipelines.ingest.headers import map_header
from pipelines.ingest.model import MalformedSourceError, SourceTable
from pipelines.ingest.parquet_reader import iter_parquet
from pipelines.ingest.transcription import read_transcription

__all__ = [
    "SUPPORTED_SUFFIXES",
    "MalformedSourceError",
    "SourceTable",
    "iter_source_chunks",
    "iter_source_files",
    "map_header",
    "read_source",
]

Reader = Callable[[Path, bytes, str], list[SourceTable]]

_READERS: dict[str, Reader] = {
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
    ".xls": read_xls,
    ".csv": read_csv,
    ".txt": read_transcription,
}
# Formats read as a stream in chunks of rows (memory grows with the chunk, not the file).
_STREAMED = {".csv": iter_csv, ".parquet": iter_parquet, ".xlsx": iter_xlsx}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_READERS) | frozenset(_STREAMED)

_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _skip_reason(path: Path) -> str | None:
    """Why a path found in a folder or given by the user is not read, or None when it is."""
    if path.name.startswith("~$"):
        return "Office lock/temporary file"
    if path.name.startswith("."):
        return "hidden file"
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return f"unsupported file type '{path.suffix or '(none)'}'"
    return None


def iter_source_files(paths: Sequence[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Expand files and folders (recursively, sorted) into (readable files, [(skipped path, reason)]).

    Nothing is ignored silently: hidden files and folders, lock files, unsupported types, missing paths and
    repeats are all reported as skipped.
    """
    readable: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    seen: set[Path] = set()

    def visit(path: Path, given: bool) -> None:
        if path.is_dir():
            if not given and path.name.startswith("."):
                skipped.append((path, "hidden folder"))
                return
            for child in sorted(path.iterdir(), key=lambda p: p.name):
                visit(child, given=False)
            return
        if not path.exists():
            skipped.append((path, "does not exist"))
            return
        if not path.is_file():
            skipped.append((path, "not a regular file"))
            return
        reason = _skip_reason(path)
        if reason is not None:
            skipped.append((path, reason))
            return
        resolved = path.resolve()
        if resolved in seen:
            skipped.append((path, "listed more than once"))
            return
        seen.add(resolved)
        readable.append(path)

    for path in paths:
        visit(Path(path), given=True)
    return readable, skipped


def _reader_for(path: Path, data: bytes) -> Reader:
    """The reader for a file: by suffix, corrected by the content for workbooks saved under the wrong name."""
    suffix = path.suffix.lower()
    if suffix not in _READERS:
        raise MalformedSourceError(path, f"unsupported file type '{suffix or '(none)'}'")
    if suffix in (".xls", ".xlsx", ".xlsm"):
        if data.startswith(_ZIP_MAGIC):
            return read_xlsx
        if data.startswith(_OLE2_MAGIC):
            return read_xls
        head = data[:512].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")):
            raise MalformedSourceError(
                path, "an HTML/XML export saved under an Excel name; open it in Excel and save as .xlsx"
            )
        if suffix == ".xls" and b"\x00" not in data[:4096]:
            return read_csv  # some systems export tab-separated text named .xls
    return _READERS[suffix]


def _starts_with(path: Path, magic: bytes) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(magic)) == magic
    except OSError:
        return False


def read_source(path: Path) -> list[SourceTable]:
    """One source file as SourceTables (one per non-empty sheet); MalformedSourceError if unreadable."""
    if path.suffix.lower() == ".parquet":
        return list(iter_source_chunks(path, 1 << 62))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MalformedSourceError(path, f"cannot be opened ({type(exc).__name__})") from None
    if not data:
        raise MalformedSourceError(path, "file is empty")
    sha256 = hashlib.sha256(data).hexdigest()
    reader = _reader_for(path, data)
    try:
        return reader(path, data, sha256)
    except (MalformedSourceError, MemoryError):
        raise
    except Exception as exc:  # keep only the type: library messages may quote cell content
        raise MalformedSourceError(path, f"could not be read ({type(exc).__name__})") from None


def iter_source_chunks(path: Path, chunk_rows: int) -> Iterator[SourceTable]:
    """A source file as SourceTables of at most ``chunk_rows`` rows each, in order; chunks of one sheet share its
    headers. CSV, Parquet and .xlsx workbooks are streamed; .xls workbooks and transcriptions are read whole,
    then cut."""
    suffix = path.suffix.lower()
    streamed = _STREAMED.get(suffix)
    if suffix == ".xlsx" and not _starts_with(path, _ZIP_MAGIC):
        streamed = None  # not a real .xlsx (an .xls or an HTML export under that name): read whole, then cut
    if streamed is not None:
        try:
            yield from streamed(path, chunk_rows)
        except (MalformedSourceError, MemoryError):
            raise
        except OSError as exc:
            raise MalformedSourceError(path, f"cannot be opened ({type(exc).__name__})") from None
        except Exception as exc:  # keep only the type: library messages may quote cell content
            raise MalformedSourceError(path, f"could not be read ({type(exc).__name__})") from None
        return
    for table in read_source(path):
        yield from table.pieces(chunk_rows)
