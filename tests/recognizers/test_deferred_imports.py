"""Modules great-expectations need not load at start-up are loaded on first use, and then work as usual."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from recognizers.deferred_imports import Deferral, DeferredModule, defer_spacy_cli
from tests.fresh import run_fresh


def test_importing_the_output_guarantee_loads_neither_scipy_stats_nor_altair() -> None:
    loaded = run_fresh(
        "import sys, expectations.output_guarantee\n"
        "print(sorted(name for name in ('scipy.stats', 'scipy.stats._stats_py', 'altair', 'altair.vegalite')"
        " if name in sys.modules))"
    )
    assert loaded == "[]"


def test_great_expectations_gets_the_real_modules_on_first_use() -> None:
    answer = run_fresh(
        "import sys, expectations.output_guarantee\n"
        "from great_expectations.expectations.core import expect_column_kl_divergence_to_be_less_than as kl\n"
        "print(type(kl.stats).__name__, kl.stats.entropy([0.5, 0.5], [0.5, 0.5]), hasattr(kl.alt, 'Chart'))\n"
        "import scipy.stats\n"
        "print(scipy.stats.entropy is kl.stats.entropy, type(sys.modules['scipy.stats']).__name__)"
    )
    assert answer.splitlines() == ["DeferredModule 0.0 True", "True module"]


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A package of this test's own, not imported yet: ``probe_pkg`` with a submodule ``probe_pkg.sub``."""
    root = tmp_path / "probe_pkg"
    root.mkdir()
    (root / "__init__.py").write_text("LOADS = 1\n", encoding="utf-8")
    (root / "sub.py").write_text("VALUE = 42\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("probe_pkg", "probe_pkg.sub"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    return "probe_pkg"


def test_a_stand_in_loads_the_module_when_first_asked(package: str) -> None:
    deferral = Deferral([package])
    stand_in = importlib.import_module(package)
    assert isinstance(stand_in, DeferredModule)
    assert stand_in.LOADS == 1
    real = sys.modules[package]
    assert not isinstance(real, DeferredModule) and real.LOADS == 1
    deferral.release()
    assert sys.modules[package] is real  # release leaves a real module alone


def test_a_submodule_of_a_deferred_package_imports(package: str) -> None:
    deferral = Deferral([package])
    assert importlib.import_module(f"{package}.sub").VALUE == 42
    assert not isinstance(sys.modules[package], DeferredModule)
    deferral.release()


def test_released_names_import_as_usual(package: str) -> None:
    deferral = Deferral([package])
    deferral.release()
    assert package not in sys.modules
    assert not isinstance(importlib.import_module(package), DeferredModule)


def test_modules_already_imported_are_not_deferred() -> None:
    deferral = Deferral(["json"])
    assert deferral.stand_ins == {} and not isinstance(sys.modules["json"], DeferredModule)


def test_building_a_detector_leaves_spacys_command_line_unloaded() -> None:
    loaded = run_fresh(
        "import sys\n"
        "from recognizers.fast_path import FastDetector\n"
        "FastDetector().detect('业主王建华，电话13812345678')\n"
        "print(sorted(name for name in ('spacy.cli', 'weasel', 'httpx') if name in sys.modules),"
        " type(sys.modules['spacy.cli.info']).__name__)"
    )
    assert loaded == "[] _PlainModuleStandIn"


def test_spacys_command_line_works_when_asked_for() -> None:
    answer = run_fresh(
        "import sys, recognizers, spacy\n"
        "print(sorted(spacy.info(silent=True))[:2], type(sys.modules['spacy.cli.info']).__name__)\n"
        "import spacy.cli\n"
        "from spacy.cli.info import info_model\n"
        "print(callable(spacy.cli.download), info_model.__name__, spacy.cli.info(silent=True) == spacy.info(silent=True))"
    )
    assert answer.splitlines() == ["['location', 'pipelines'] module", "True info_model True"]


def test_spacys_command_line_imported_first_binds_the_same_info() -> None:
    answer = run_fresh(
        "import sys, recognizers, spacy\n"
        "import spacy.cli\n"
        "print(type(sys.modules['spacy.cli.info']).__name__)\n"
        "print(sorted(spacy.cli.info(silent=True))[:1], type(sys.modules['spacy.cli.info']).__name__)"
    )
    assert answer.splitlines() == ["_PlainModuleStandIn", "['location'] module"]


def test_spacy_imported_already_is_left_alone() -> None:
    import spacy  # noqa: F401  - the test session has imported it, and with it spacy.cli.info or its stand-in

    before = sys.modules.get("spacy.cli.info")
    defer_spacy_cli()
    assert sys.modules.get("spacy.cli.info") is before
