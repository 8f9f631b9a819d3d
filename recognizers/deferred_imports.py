"""Modules a library imports at start-up but only uses later, if ever: imported on first use instead.

``Deferral`` puts a ``DeferredModule`` in ``sys.modules`` for each name not imported yet, for as long as the
library's import takes: the library binds the stand-in, and the first attribute asked of it (a function, a
class, a submodule's ``__path__``) imports the real module and answers from it. ``release`` then takes the
stand-ins out of ``sys.modules``, so any later ``import`` gets the real module as usual.

Used where a batch's start-up pays for modules it never runs (docs/performance.md): great-expectations imports
SciPy's ``stats`` and Altair at the top of its KL-divergence expectation, ~0.8 s of every batch's main process
(``expectations/output_guarantee.py``); jieba imports ``pkg_resources`` only to open its own dictionary, which
it reads only when its cache is missing, ~0.2 s of every worker's start-up (``recognizers/jieba_setup.py``);
spaCy imports its command line (requests, httpx, weasel …) only to bind ``spacy.info``, ~0.1-0.2 s of every
worker's start-up (``defer_spacy_cli``, called by ``recognizers/__init__.py``).
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Iterable
from typing import Any


class DeferredModule(types.ModuleType):
    """Stands in for the module ``name`` until an attribute is asked of it."""

    def __getattr__(self, attribute: str) -> Any:
        real = self.__dict__.get("_deferred_real")
        if real is None:
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            real = importlib.import_module(self.__name__)
            self.__dict__["_deferred_real"] = real
        return getattr(real, attribute)


class Deferral:
    """Stand-ins in ``sys.modules`` for those of ``names`` not imported yet, until ``release``."""

    def __init__(self, names: Iterable[str]) -> None:
        self.stand_ins = {name: DeferredModule(name) for name in names if name not in sys.modules}
        sys.modules.update(self.stand_ins)

    def release(self) -> None:
        for name, stand_in in self.stand_ins.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]


def defer_spacy_cli() -> None:
    """Leave spaCy's command line for first use, when spaCy has not been imported yet.

    ``spacy/__init__.py`` runs ``from .cli.info import info``: the ``spacy.cli`` package, and with it every
    command's imports, only for ``spacy.info``. With a stand-in for ``spacy.cli.info`` in ``sys.modules`` that
    import finds it and does not load ``spacy.cli`` at all; its ``info`` imports the real module when called,
    and any other attribute asked of it does too. It stays in ``sys.modules`` until then: importing
    ``spacy.cli`` later loads the real package, which binds the same lazy ``info``. Installed before any spaCy
    import in a process that imports ``recognizers`` (no spaCy is imported here)."""
    name = "spacy.cli.info"
    if name in sys.modules:  # spaCy was imported already (its import always loads this module), or deferred
        return
    stand_in = _PlainModuleStandIn(name)

    def info(*args: Any, **kwargs: Any) -> Any:
        """``spacy.info``, from the real ``spacy.cli.info`` (imported on this first call)."""
        return DeferredModule.__getattr__(stand_in, "info")(*args, **kwargs)

    stand_in.__dict__["info"] = info
    sys.modules[name] = stand_in


class _PlainModuleStandIn(DeferredModule):
    """A ``DeferredModule`` for a module that is not a package: ``from module import name`` asks for
    ``__path__`` first, which must not load it."""

    def __getattr__(self, attribute: str) -> Any:
        if attribute == "__path__":
            raise AttributeError(attribute)
        return super().__getattr__(attribute)
