"""Errors that the CLI turns into one clean line and a non-zero exit. Messages never hold PII values."""

from __future__ import annotations


class BaomiError(Exception):
    """A known failure with a message fit for the person running baomi."""


class WorkspaceError(BaomiError):
    """The workspace is missing or incomplete."""


class GuaranteeFailed(BaomiError):
    """The output guarantee blocked the archive: nothing was written under OUT/archive/."""

    def __init__(self, failed: list[str]) -> None:
        self.failed = failed
        super().__init__("output guarantee failed, archive not written: " + "; ".join(failed))
