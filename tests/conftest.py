"""Shared test fixtures: a copy of the default kit and a CLI runner."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from site_builder.cli import cli
from site_builder.new import copy_kit, drop_translations
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


@pytest.fixture
def english_kit(default_kit: Path) -> Path:
    """The default kit in English alone, its French dropped as `new` drops it: for tests of
    other things that count its outputs or edit its English (which would leave French out
    of date)."""
    drop_translations(default_kit)
    return default_kit


# Property tests: `ci` always (200 examples a test, each within its deadline), `nightly`
# when HYPOTHESIS_PROFILE=nightly.
settings.register_profile("ci", max_examples=200, deadline=timedelta(seconds=5),
                          derandomize=True, print_blob=True)
settings.register_profile("nightly", max_examples=5000, deadline=timedelta(seconds=5))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
