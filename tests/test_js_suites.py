"""The browser's JSON Logic evaluator (site_builder/render/assets/jsonlogic.js) against the
public conformance suites, under Node.

The suites are read in place from ../shared/conformance/jsonlogic/ beside the project, as
tests/test_jsonlogic_suites.py reads them for the Python evaluator, with the same test
ids (`<suite file>:<n>`). Node runs every case once, in one process
(tests/js/suites.js, through both `apply` and `compile`), and prints a JSON line per
case; each case is then one test here. Without Node, or without the suites, the tests skip
with the reason, except with CI=true, where they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SUITE_DIR = ROOT.parent / "shared" / "conformance" / "jsonlogic"
RUNNER = ROOT / "tests" / "js" / "suites.js"
EXPECTED_CASES = 1138


def _case_ids() -> list[str]:
    """`<suite file>:<n>` for every case, n counting a file's cases from 0 (headings skipped)."""
    if not (SUITE_DIR / "index.json").is_file():
        return []
    ids = []
    for name in json.loads((SUITE_DIR / "index.json").read_text(encoding="utf-8")):
        if not (SUITE_DIR / name).is_file():
            continue  # its cases are then missing from the count below
        entries = json.loads((SUITE_DIR / name).read_text(encoding="utf-8"))
        tests = [entry for entry in entries if not isinstance(entry, str)]
        ids += [f"{name}:{n}" for n in range(len(tests))]
    return ids


CASE_IDS = _case_ids()


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        _skip_or_fail("Node.js (`node`) is not installed; it runs the browser's evaluator")
    assert node is not None
    return node


@pytest.fixture(scope="module")
def results() -> dict[str, dict[str, Any]]:
    """Every case's result from one run of Node, by case id."""
    if not CASE_IDS:
        _skip_or_fail(
            f"JSON Logic conformance suites not found at {SUITE_DIR}; "
            "they ship beside the project in ../shared"
        )
    run = subprocess.run(
        [_node(), str(RUNNER), str(SUITE_DIR)],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )
    assert run.returncode == 0, f"{RUNNER.name} failed:\n{run.stderr}"
    lines = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    return {line["id"]: line for line in lines}


@pytest.mark.parametrize("case_id", CASE_IDS or ["suites-missing"])
def test_case(case_id: str, results: dict[str, dict[str, Any]]) -> None:
    assert case_id in results, f"Node printed no result for {case_id}"
    result = results[case_id]
    assert result["passed"], result["detail"]


def test_every_case_was_run(results: dict[str, dict[str, Any]]) -> None:
    assert len(CASE_IDS) == EXPECTED_CASES
    assert sorted(results) == sorted(CASE_IDS)
