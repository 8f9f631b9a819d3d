"""jieba as baomi uses it: quiet, and its prefix dictionary read from jieba's cache file in one piece.

jieba keeps its prefix dictionary (about 500 000 words and prefixes) in a marshal cache file in the temporary
directory and reads it back with ``marshal.load(file)``. CPython's ``marshal.load`` reads a file object in
small pieces, one call per object: 1.2 s per process on the benchmark machine, against 0.3 s for
``marshal.loads`` of the whole file read at once. Every worker process of a batch pays it at start-up.

Importing this module gives jieba a ``marshal`` whose ``load`` reads the whole file first and then decodes
it; ``dump`` is marshal's own. What jieba loads, when it trusts its cache, and how it rebuilds and writes the
cache are jieba's own code, unchanged (``tests/recognizers/test_jieba_setup.py`` compares the two loads).
Modules that use jieba import it from here.
"""

from __future__ import annotations

import logging
import marshal
from types import SimpleNamespace
from typing import Any, BinaryIO

import jieba


def _load_whole(file: BinaryIO) -> Any:
    """``marshal.load(file)`` with one read: the cache file holds exactly one object."""
    return marshal.loads(file.read())


# jieba's module-level ``marshal`` is only used by ``Tokenizer.initialize``: ``load`` on its cache file and
# ``dump`` when it writes a new one.
jieba.marshal = SimpleNamespace(load=_load_whole, dump=marshal.dump)

# jieba logs "Building prefix dict ..." on first use; batch runs keep stderr for real problems.
jieba.setLogLevel(logging.WARNING)

__all__ = ["jieba"]
