"""The type of the `run_cli` fixture (tests/conftest.py): the real command line, run
in-process through Click's CliRunner, its exceptions raised in the test."""

from __future__ import annotations

from collections.abc import Callable

from click.testing import Result

RunCli = Callable[..., Result]
