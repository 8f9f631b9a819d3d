"""Committed defaults: policy, header synonyms, recognizer configuration.

The files live beside this module so that an installed baomi finds them without the source tree.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

CONF_DIR = Path(__file__).resolve().parent


def conf_path(name: str) -> Path:
    """Path of a committed configuration file, e.g. ``conf_path("defaults.toml")``."""
    path = CONF_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"baomi configuration file '{name}' is missing from {CONF_DIR}")
    return path


@cache
def load_toml(name: str) -> dict[str, Any]:
    """Parse a committed TOML file (cached; callers must not mutate the result)."""
    with conf_path(name).open("rb") as handle:
        return tomllib.load(handle)
