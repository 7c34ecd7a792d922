"""The house rules for the code itself, tests included: strict types and a clean lint."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.kits import ROOT


def _tool(name: str) -> str:
    path = shutil.which(name, path=os.path.dirname(sys.executable))
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is not installed; CI installs it with the [test] extra")
        pytest.skip(f"{name} is not installed (pip install -e '.[test]' brings it)")
    return path


@pytest.mark.parametrize("command", [
    ["mypy", "--strict", "site_builder", "tests"],
    ["ruff", "check", "site_builder", "tests"],
], ids=["mypy", "ruff"])
def test_code_is_clean(command: list[str]) -> None:
    result = subprocess.run([_tool(command[0]), *command[1:]], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
