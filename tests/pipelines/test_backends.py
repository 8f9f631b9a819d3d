"""The same batch records on every backend; two workspaces can share one control-system database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from pipelines.runner import run_batch
from pipelines.workspace import batches, init_workspace, open_workspace
from recognizers.engine import Detector
from tests.backends import database_url

__all__ = ["database_url"]


def _point_at(root: Path, url: str) -> None:
    settings = (root / "baomi.toml").read_text(encoding="utf-8")
    (root / "baomi.toml").write_text(
        settings.replace('database = "baomi.db"', f'database = "{url}"'), encoding="utf-8"
    )


def test_batches_are_recorded_in_the_shared_control_database(
    tmp_path: Path, database_url: str, detector: Detector
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "诉求.csv").write_text(
        "联系电话,诉求\n13812345678,电梯坏了\n,门禁坏了\n", encoding="utf-8"
    )
    recorded = []
    for clerk in ("clerk_a", "clerk_b"):
        init_workspace(tmp_path / clerk)
        _point_at(tmp_path / clerk, database_url)
        workspace = open_workspace(tmp_path / clerk)
        summary = run_batch(
            workspace,
            [tmp_path / "in"],
            tmp_path / f"out_{clerk}",
            detector,
            progress=False,
            notify=lambda m: None,
        )
        recorded.append(summary.batch_id)
    with open_workspace(tmp_path / "clerk_a").engine().connect() as connection:
        rows = connection.execute(
            select(batches.c.batch_id, batches.c.rows_read, batches.c.rows_archived)
        ).all()
    assert sorted(row.batch_id for row in rows) == sorted(recorded)
    assert {(row.rows_read, row.rows_archived) for row in rows} == {(2, 2)}
