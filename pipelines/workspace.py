"""A baomi workspace: settings (baomi.toml), the embedded control-system database and the pseudonym key."""

from __future__ import annotations

import os
import secrets
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, create_engine, func
from sqlalchemy.engine import Engine

from conf import conf_path
from pipelines.errors import WorkspaceError

SETTINGS_FILE = "baomi.toml"
KEY_BYTES = 32

metadata = MetaData()

batches = Table(
    "batches",
    metadata,
    Column("batch_id", String(64), primary_key=True),
    Column("started_at", DateTime(timezone=True), server_default=func.now()),
    Column("rows_read", Integer, nullable=False),
    Column("rows_archived", Integer, nullable=False),
    Column("rows_quarantined", Integer, nullable=False),
    Column("archive_dir", Text, nullable=False),
    Column("summary_json", Text, nullable=False),
)


@dataclass(frozen=True)
class Workspace:
    """An initialised workspace directory."""

    root: Path
    settings: dict[str, Any]

    @property
    def database_url(self) -> str:
        database = str(self.settings["workspace"]["database"])
        if "://" in database:
            return database
        return f"sqlite:///{(self.root / database).resolve()}"

    @property
    def key_path(self) -> Path:
        return self.root / str(self.settings["workspace"]["key_file"])

    def pseudonym_key(self) -> bytes:
        """The workspace's HMAC key; refuses a key file readable by others or of the wrong length."""
        path = self.key_path
        if not path.is_file():
            raise WorkspaceError(
                f"pseudonym key {path} is missing; it cannot be recreated without breaking keys"
            )
        if path.stat().st_mode & 0o077:
            raise WorkspaceError(f"pseudonym key {path} is readable by others; run: chmod 600 {path}")
        key = path.read_bytes()
        if len(key) != KEY_BYTES:
            raise WorkspaceError(f"pseudonym key {path} must hold {KEY_BYTES} bytes, found {len(key)}")
        return key

    def engine(self) -> Engine:
        """The control-system store: embedded SQLite by default, PostgreSQL when baomi.toml names a URL.

        The schema is created when missing, so a workspace pointed at a new shared database just works.
        """
        engine = create_engine(self.database_url)
        metadata.create_all(engine)
        return engine


def init_workspace(root: Path) -> Workspace:
    """Create a workspace in ``root``: settings from conf/defaults.toml, SQLite database, 0600 pseudonym key.

    An existing workspace is left untouched (its key above all): initialising twice is an error.
    """
    root.mkdir(parents=True, exist_ok=True)
    settings_path = root / SETTINGS_FILE
    if settings_path.exists():
        raise WorkspaceError(f"{root} is already a baomi workspace ({SETTINGS_FILE} exists)")
    shutil.copyfile(conf_path("defaults.toml"), settings_path)
    workspace = open_workspace(root)
    key_path = workspace.key_path
    if key_path.exists():
        raise WorkspaceError(f"{key_path} exists already; refusing to overwrite a pseudonym key")
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(secrets.token_bytes(KEY_BYTES))
    os.chmod(key_path, 0o600)  # the umask may have narrowed it further; never wider
    workspace.engine().dispose()  # creates the schema in the embedded database
    return workspace


def open_workspace(root: Path) -> Workspace:
    """Open the workspace at ``root`` or explain how to make one."""
    settings_path = root / SETTINGS_FILE
    if not settings_path.is_file():
        raise WorkspaceError(
            f"{root.resolve()} is not a baomi workspace (no {SETTINGS_FILE}); run: baomi init {root}"
        )
    with settings_path.open("rb") as handle:
        try:
            settings = tomllib.load(handle)
        except tomllib.TOMLDecodeError as error:
            raise WorkspaceError(f"{settings_path}: not valid TOML ({error})") from error
    with conf_path("defaults.toml").open("rb") as handle:
        defaults = tomllib.load(handle)
    return Workspace(root=root, settings=_merge(defaults, settings))


def _merge(defaults: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Settings missing from an older baomi.toml fall back to the committed defaults."""
    merged = dict(defaults)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged
