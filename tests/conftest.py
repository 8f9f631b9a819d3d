"""Shared fixtures: one real analyzer per test session (building spaCy + jieba takes a second or two)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.workspace import Workspace, init_workspace
from recognizers.engine import Detector


@pytest.fixture(scope="session")
def detector() -> Detector:
    return Detector()


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return init_workspace(tmp_path / "ws")
