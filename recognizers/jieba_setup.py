"""jieba as baomi uses it: quiet, and its prefix dictionary read from jieba's cache file in one piece.

jieba keeps its prefix dictionary (about 500 000 words and prefixes) in a marshal cache file in the temporary
directory and reads it back with ``marshal.load(file)``. CPython's ``marshal.load`` reads a file object in
small pieces, one call per object: 1.2 s per process on the benchmark machine, against 0.3 s for
``marshal.loads`` of the whole file read at once. Every worker process of a batch pays it at start-up.

Importing this module gives jieba a ``marshal`` whose ``load`` reads the whole file first and then decodes
it; ``dump`` is marshal's own. What jieba loads, when it trusts its cache, and how it rebuilds and writes the
cache are jieba's own code, unchanged (``tests/recognizers/test_jieba_setup.py`` compares the two loads).
Modules that use jieba import it from here.

Two more start-up costs are cut the same way, without changing what jieba answers:

- jieba imports ``pkg_resources`` (~0.2 s) only to open its own dictionary file, which it reads only when its
  cache is missing: it is imported on first use (``recognizers.deferred_imports``).
- ``word_tags`` gives ``jieba.posseg``'s word -> part-of-speech table of the default dictionary without
  importing ``jieba.posseg``, which parses the 350 000-line dictionary text on import (~0.3 s): the table is
  kept in a marshal cache beside jieba's own (~0.14 s to read), keyed by the dictionary file's path, size and
  modification time, and rebuilt as ``POSTokenizer.load_word_tag`` builds it when the key differs.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import marshal
import os
import tempfile
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any, BinaryIO

from recognizers.deferred_imports import Deferral

# Where ``word_tags`` keeps its table (in jieba's temporary directory, beside jieba.cache), one file per
# dictionary path (as jieba names its caches of other dictionaries), so environments do not overwrite each
# other's.
TAGS_CACHE = "baomi-jieba-tags.{}.cache"


def _import_jieba() -> ModuleType:
    """jieba, with ``pkg_resources`` left for first use."""
    deferral = Deferral(("pkg_resources",))
    try:
        return importlib.import_module("jieba")
    finally:
        deferral.release()


jieba: Any = _import_jieba()


def _load_whole(file: BinaryIO) -> Any:
    """``marshal.load(file)`` with one read: the cache file holds exactly one object."""
    return marshal.loads(file.read())


# jieba's module-level ``marshal`` is only used by ``Tokenizer.initialize``: ``load`` on its cache file and
# ``dump`` when it writes a new one.
jieba.marshal = SimpleNamespace(load=_load_whole, dump=marshal.dump)

# jieba logs "Building prefix dict ..." on first use; batch runs keep stderr for real problems.
jieba.setLogLevel(logging.WARNING)


def word_tags() -> dict[str, str]:
    """``jieba.posseg.dt.word_tag_tab``: word -> part-of-speech tag of jieba's dictionary (read from a cache
    for the default dictionary; from ``jieba.posseg`` itself for a dictionary set with ``set_dictionary``)."""
    if jieba.dt.dictionary != jieba.DEFAULT_DICT:
        posseg = importlib.import_module("jieba.posseg")
        return posseg.dt.word_tag_tab  # type: ignore[no-any-return]
    path = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)
    stat = path.stat()
    key = [str(path), stat.st_size, stat.st_mtime_ns]
    cache = Path(jieba.dt.tmp_dir or tempfile.gettempdir()) / tags_cache_name(path)
    try:
        stored = marshal.loads(cache.read_bytes())
        if (
            isinstance(stored, tuple)
            and len(stored) == 2
            and stored[0] == key
            and isinstance(stored[1], dict)
        ):
            return stored[1]
    except (OSError, ValueError, EOFError, TypeError):
        pass  # no cache yet, or one this code cannot read: build it
    tags = read_word_tags(path)
    partial = cache.with_name(f"{cache.name}.{os.getpid()}.partial")
    try:
        partial.write_bytes(marshal.dumps((key, tags)))
        os.replace(partial, cache)
    except OSError:
        partial.unlink(missing_ok=True)  # a read-only temporary directory: read the dictionary every time
    return tags


def tags_cache_name(dictionary: Path) -> str:
    """The cache file name of ``dictionary``'s tag table."""
    return TAGS_CACHE.format(hashlib.md5(str(dictionary).encode("utf-8"), usedforsecurity=False).hexdigest())


def read_word_tags(path: Path) -> dict[str, str]:
    """The word -> tag table of a jieba dictionary file, as ``jieba.posseg.POSTokenizer.load_word_tag``
    builds it (stripped lines of ``word count tag``; blank lines skipped)."""
    tags: dict[str, str] = {}
    with path.open("rb") as file:
        for number, raw in enumerate(file, 1):
            line = raw.strip().decode("utf-8")
            if not line:
                continue
            parts = line.split(" ")
            if len(parts) != 3:
                raise ValueError(f"invalid POS dictionary entry in {path} at line {number}")
            tags[parts[0]] = parts[2]
    return tags


__all__ = ["jieba", "tags_cache_name", "word_tags"]
