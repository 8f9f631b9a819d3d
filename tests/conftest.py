"""Shared fixtures: one real analyzer per test session (building spaCy + jieba takes a second or two); the
hypothesis profile."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from pipelines.workspace import Workspace, init_workspace
from recognizers.engine import Detector

# CI (``.ci/run`` sets HYPOTHESIS_PROFILE=ci) draws the same examples on every run, so a red build is never a
# random draw that the next run does not repeat; a developer's run draws new examples each time and keeps any
# failure in hypothesis' example database.
settings.register_profile("ci", derandomize=True, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def detector() -> Detector:
    return Detector()


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return init_workspace(tmp_path / "ws")
