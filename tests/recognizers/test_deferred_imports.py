"""Modules great-expectations need not load at start-up are loaded on first use, and then work as usual."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from recognizers.deferred_imports import Deferral, DeferredModule
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
