"""Helpers shared by the performance benchmarks: machine load, optional third-party tools, number formatting.

Third-party comparison tools (helan, presidio-structured) are not baomi dependencies. When one is missing it is
installed at run time with pip into a cache folder outside the project (``~/.cache/baomi-benchmarks/site``,
``--no-deps``: their dependencies are already in baomi's environment) and imported from there, so the project's
virtual environment is never changed.
"""

from __future__ import annotations

import importlib
import os
import platform
import subprocess
import sys
from pathlib import Path
from types import ModuleType

TOOL_SITE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "baomi-benchmarks" / "site"


def load_average() -> str:
    """The 1/5/15-minute load average and the core count, to print next to every measured number."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "load unknown"
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def machine_line() -> str:
    """One line naming the machine: CPU model, cores, Python."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def optional_tool(module: str, requirement: str) -> tuple[ModuleType | None, str]:
    """Import ``module``, installing ``requirement`` into :data:`TOOL_SITE` first if it is missing.

    Returns (module or None, a one-line note saying where it came from or why it is unavailable).
    """
    try:
        return importlib.import_module(module), f"{requirement} already installed"
    except ImportError:
        pass
    if str(TOOL_SITE) not in sys.path:
        sys.path.insert(0, str(TOOL_SITE))
    try:
        return importlib.import_module(module), f"{requirement} from {TOOL_SITE}"
    except ImportError:
        pass
    TOOL_SITE.mkdir(parents=True, exist_ok=True)
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(TOOL_SITE),
            requirement,
        ],
        capture_output=True,
        text=True,
    )
    if install.returncode != 0:
        reason = (install.stderr.strip().splitlines() or ["pip failed"])[-1]
        return None, f"could not install {requirement}: {reason}"
    importlib.invalidate_caches()
    try:
        return importlib.import_module(module), f"{requirement} installed now into {TOOL_SITE}"
    except ImportError as error:
        return None, f"installed {requirement} but cannot import {module}: {error}"


def package_version(distribution: str) -> str:
    """The installed version of a distribution, or "not installed"."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "not installed"


def rate(count: int, seconds: float) -> float:
    """Items per second (0 when no time was measured)."""
    return count / seconds if seconds > 0 else 0.0


def pct(value: float | None) -> str:
    """A share as a percentage, "—" when undefined."""
    return "—" if value is None else f"{value:.1%}"


def ratio(a: float, b: float) -> str:
    """``a / b`` as "12.3×" (two significant decimals below 1: "0.043×"), "—" when ``b`` is 0."""
    if b <= 0:
        return "—"
    value = a / b
    return f"{value:,.1f}×" if value >= 1 else f"{value:.2g}×"
