"""A script run in a fresh interpreter: for what a process imports or loads at start-up, which this test
process, with everything other tests imported, cannot show."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_fresh(script: str) -> str:
    """The stripped stdout of ``script`` run by this interpreter in a new process from the repository root; the
    test fails with the end of the script's stderr when the script fails."""
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()
