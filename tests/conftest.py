"""Shared test fixtures: a copy of the default kit and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from site_builder.cli import cli
from site_builder.new import copy_kit
from tests.kits import ROOT
from tests.runner import RunCli


@pytest.fixture
def run_cli() -> RunCli:
    """Run the real command line in-process; stderr is kept apart from stdout."""

    def run(*args: str) -> Result:
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return run


@pytest.fixture
def default_kit(tmp_path: Path) -> Path:
    """A private copy of the default kit, safe to edit and build: the files `new` copies."""
    return copy_kit(ROOT, tmp_path / "kit")
