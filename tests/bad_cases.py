"""The bad-input cases under fixtures/bad/ and how their diagnostics are read from the real
command line. tests/test_bad_inputs.py says what each case holds and what is checked.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner, Result

from site_builder.cli import cli
from tests.kits import FIXTURES

BAD = FIXTURES / "bad"
CHECK_EXPECTED = "expected.txt"
BUILD_EXPECTED = "expected-build.txt"
DIAGNOSTIC = re.compile(r"^[^\s:][^:]*(?::\d+(?::\d+)?)?: (?:error|warning): \S")
SUMMARY = re.compile(r"^\d+ (?:errors?|of \d+ rule tests failed)")


def case_dirs() -> list[Path]:
    return sorted(p for p in BAD.iterdir() if p.is_dir())


def run(*args: str | Path) -> Result:
    """The real command line, in-process; an exception is kept, not raised."""
    return CliRunner().invoke(cli, [str(a) for a in args])


def diagnostics_of(result: Result) -> list[str]:
    """The diagnostic lines of a failed run, checked to be clean; the summary is left out."""
    # In-process, a crash is no traceback in the output but the result's exception.
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"{type(result.exception).__name__}: {result.exception}"
    lines = result.stderr.splitlines()
    assert lines and SUMMARY.match(lines[-1]), f"no summary line at the end:\n{result.stderr}"
    for line in lines[:-1]:
        assert DIAGNOSTIC.match(line), f"not a 'path:line:col: error: message' line: {line!r}"
    return lines[:-1]


def expected_lines(case: Path, name: str) -> list[str]:
    return (case / name).read_text(encoding="utf-8").splitlines()


def build_expected(case: Path) -> str:
    return BUILD_EXPECTED if (case / BUILD_EXPECTED).is_file() else CHECK_EXPECTED
