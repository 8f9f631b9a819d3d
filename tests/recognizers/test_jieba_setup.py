"""jieba's prefix dictionary read in one piece (recognizers/jieba_setup.py) is the one jieba's own load gives."""

from __future__ import annotations

import marshal
import os
import tempfile
from pathlib import Path

import pytest

import recognizers.jieba_setup as setup
from recognizers.jieba_setup import jieba, read_word_tags, tags_cache_name, word_tags
from tests.fresh import run_fresh


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


def test_word_tags_are_jieba_posseg_s() -> None:
    import jieba.posseg

    expected = jieba.posseg.POSTokenizer(jieba.dt).word_tag_tab
    assert word_tags() == expected
    assert len(expected) > 300_000 and expected["周杰伦"] == "nr"


def test_word_tags_are_cached_and_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jieba.dt, "tmp_dir", str(tmp_path))
    built = word_tags()  # no cache in tmp_path yet: built from the dictionary and written
    [cache] = tmp_path.glob("baomi-jieba-tags.*.cache")
    assert cache.name == tags_cache_name(Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME))
    assert tags_cache_name(Path("/elsewhere/dict.txt")) != cache.name  # another environment's dictionary
    assert not list(tmp_path.glob("*.partial"))

    def reread(_: Path) -> dict[str, str]:
        raise AssertionError("the dictionary was read again instead of the cache")

    monkeypatch.setattr(setup, "read_word_tags", reread)
    assert word_tags() == built


def test_a_stale_or_broken_tags_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jieba.dt, "tmp_dir", str(tmp_path))
    cache = tmp_path / tags_cache_name(Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME))
    for stale in (marshal.dumps((["another dictionary", 1, 1], {"王": "x"})), b"not marshal at all"):
        cache.write_bytes(stale)
        tags = word_tags()
        assert tags["周杰伦"] == "nr" and tags["王"] == "nr"
        assert marshal.loads(cache.read_bytes())[1] == tags  # rewritten with the right key


def test_read_word_tags_reads_jieba_dictionary_lines(tmp_path: Path) -> None:
    dictionary = tmp_path / "dict.txt"
    dictionary.write_text("物业 30 n\n\n  张伟 5 nr  \n维修 25 v\n", encoding="utf-8")
    assert read_word_tags(dictionary) == {"物业": "n", "张伟": "nr", "维修": "v"}
    dictionary.write_text("物业 30 n\n物业费 20\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        read_word_tags(dictionary)


def test_without_any_cache_jieba_builds_its_dictionary_through_the_deferred_pkg_resources(
    tmp_path: Path,
) -> None:
    """A fresh machine: no jieba.cache and no tag cache. jieba opens its dictionary with pkg_resources, which
    jieba_setup left for first use; both caches are then written."""
    probe = (
        "import sys\n"
        "from recognizers.jieba_setup import jieba, word_tags\n"
        f"jieba.dt.tmp_dir = {str(tmp_path)!r}\n"
        "assert 'pkg_resources' not in sys.modules\n"
        "jieba.dt.initialize()\n"
        "print(len(jieba.dt.FREQ) > 300_000, len(word_tags()) > 300_000, 'pkg_resources' in sys.modules)\n"
    )
    assert run_fresh(probe) == "True True True"
    assert sorted(path.name.split(".")[0] for path in tmp_path.iterdir()) == ["baomi-jieba-tags", "jieba"]
