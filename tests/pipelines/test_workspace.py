from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import inspect

from pipelines.errors import WorkspaceError
from pipelines.workspace import KEY_BYTES, Workspace, init_workspace, open_workspace


def test_init_creates_settings_database_and_private_key(tmp_path: Path) -> None:
    workspace = init_workspace(tmp_path / "ws")
    assert (workspace.root / "baomi.toml").is_file()
    assert (workspace.root / "baomi.db").is_file()
    assert "batches" in inspect(workspace.engine()).get_table_names()
    mode = stat.S_IMODE(workspace.key_path.stat().st_mode)
    assert mode == 0o600
    assert len(workspace.pseudonym_key()) == KEY_BYTES


def test_two_workspaces_get_different_keys(tmp_path: Path) -> None:
    assert init_workspace(tmp_path / "a").pseudonym_key() != init_workspace(tmp_path / "b").pseudonym_key()


def test_init_twice_refuses_and_keeps_the_key(workspace: Workspace) -> None:
    key = workspace.pseudonym_key()
    with pytest.raises(WorkspaceError, match="already a baomi workspace"):
        init_workspace(workspace.root)
    assert open_workspace(workspace.root).pseudonym_key() == key


def test_missing_workspace_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="baomi init"):
        open_workspace(tmp_path / "nowhere")


def test_key_readable_by_others_is_refused(workspace: Workspace) -> None:
    os.chmod(workspace.key_path, 0o644)
    with pytest.raises(WorkspaceError, match="chmod 600"):
        workspace.pseudonym_key()


def test_settings_fall_back_to_defaults(workspace: Workspace) -> None:
    (workspace.root / "baomi.toml").write_text("[run]\nchunk_rows = 10\n", encoding="utf-8")
    settings = open_workspace(workspace.root).settings
    assert settings["run"]["chunk_rows"] == 10
    assert "request" in settings["archive"]["allowed_columns"]
