"""jieba's prefix dictionary read in one piece (recognizers/jieba_setup.py) is the one jieba's own load gives."""

from __future__ import annotations

import marshal
import os
import tempfile
from pathlib import Path

import pytest

from recognizers.jieba_setup import jieba


def _tokenizer(dictionary: Path, cache_dir: Path) -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer(dictionary=str(dictionary))
    tokenizer.tmp_dir = str(cache_dir)
    return tokenizer


def test_the_cache_written_by_jieba_is_read_back_whole_and_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dictionary = tmp_path / "dict.txt"
    dictionary.write_text("物业 30 n\n物业费 20 n\n维修 25 v\n张伟 5 nr\n漏水 12 v\n", encoding="utf-8")
    built = _tokenizer(dictionary, tmp_path)
    built.initialize()  # no cache yet: jieba builds the prefix dictionary and writes its cache file
    [cache_file] = [path for path in tmp_path.iterdir() if path.name.startswith("jieba.")]
    # The cache must be newer than the dictionary for jieba to trust it (a coarse file clock may tie them).
    os.utime(dictionary, (1, 1))

    def rebuilt(*_: object) -> None:
        raise AssertionError("jieba rebuilt the prefix dictionary instead of reading its cache")

    monkeypatch.setattr(jieba.Tokenizer, "gen_pfdict", rebuilt)
    reads: list[int] = []
    real_loads = marshal.loads
    monkeypatch.setattr(marshal, "loads", lambda data: reads.append(len(data)) or real_loads(data))
    loaded = _tokenizer(dictionary, tmp_path)
    loaded.initialize()

    assert reads == [cache_file.stat().st_size], "the cache file was not read in one piece"
    assert loaded.initialized
    assert loaded.FREQ == built.FREQ and loaded.total == built.total
    with cache_file.open("rb") as file:
        assert (loaded.FREQ, loaded.total) == marshal.load(file)  # what jieba's own load gives
    assert loaded.FREQ["物业费"] == 20 and loaded.FREQ["物业"] == 30 and loaded.FREQ["物"] == 0


def test_the_default_dictionary_loads_as_jieba_loads_it() -> None:
    jieba.dt.check_initialized()
    cache_file = Path(jieba.dt.tmp_dir or tempfile.gettempdir()) / "jieba.cache"
    with cache_file.open("rb") as file:
        frequencies, total = marshal.load(file)
    assert total == jieba.dt.total
    assert frequencies == jieba.dt.FREQ
    assert len(frequencies) > 300_000
