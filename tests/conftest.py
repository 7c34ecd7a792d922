"""Shared test fixtures: the project root (itself the default kit) and a CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from site_builder.cli import cli

ROOT = Path(__file__).resolve().parents[1]
KIT_PARTS = ("site.yaml", "content", "rules", "templates", "schemas")


@pytest.fixture
def run_cli() -> Callable[..., Result]:
    """Run the real command line in-process; stderr is kept apart from stdout."""

    def run(*args: str) -> Result:
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return run


@pytest.fixture
def default_kit(tmp_path: Path) -> Path:
    """A private copy of the default kit, safe to edit and build."""
    kit = tmp_path / "kit"
    kit.mkdir()
    for name in KIT_PARTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, kit / name)
        elif source.is_file():
            shutil.copy(source, kit / name)
    return kit
