"""Every CLI command has help text and is named in the README (sqlite-utils' tests/test_docs.py habit)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from pipelines.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(main.commands)


def test_there_are_commands() -> None:
    assert {"init", "run", "detect", "demo"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help(name: str) -> None:
    command = main.commands[name]
    assert command.help and len(command.help.strip()) > 20
    for parameter in command.params:
        if isinstance(parameter, click.Option) and not parameter.hidden:
            assert parameter.help, f"{name} {parameter.opts} has no help"


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_in_readme(name: str) -> None:
    assert f"baomi {name}" in README
