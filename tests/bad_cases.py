"""The bad-input cases under fixtures/bad/: each is an overlay on the minimal kit, made
into a whole kit in a folder of the caller's, and its diagnostics are read from the real
command line. tests/test_bad_inputs.py says what a case holds and what is checked.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner, Result

from site_builder.cli import cli
from tests.kits import FIXTURES, MINIMAL

BAD = FIXTURES / "bad"
CHECK_EXPECTED = "expected.txt"
BUILD_EXPECTED = "expected-build.txt"
DELETED = "deleted.txt"  # the minimal kit's files a case leaves out, one path a line
NOT_IN_THE_KIT = frozenset({CHECK_EXPECTED, BUILD_EXPECTED, DELETED})
DIAGNOSTIC = re.compile(r"^[^\s:][^:]*(?::\d+(?::\d+)?)?: (?:error|warning): \S")
SUMMARY = re.compile(r"^\d+ (?:errors?|of \d+ rule tests failed)")


def case_dirs() -> list[Path]:
    return sorted(p for p in BAD.iterdir() if p.is_dir())


def overlay(case: Path) -> list[str]:
    """The case's kit files (added, or replacing the minimal kit's), relative, with '/'."""
    return sorted(p.relative_to(case).as_posix() for p in case.rglob("*")
                  if p.is_file() and p.relative_to(case).as_posix() not in NOT_IN_THE_KIT)


def deleted(case: Path) -> list[str]:
    path = case / DELETED
    return path.read_text(encoding="utf-8").split() if path.is_file() else []


def make_kit(case: Path, folder: Path) -> Path:
    """The minimal kit with the case's files deleted and its own copied over, in `folder`."""
    kit = shutil.copytree(MINIMAL, folder)
    for name in deleted(case):
        (kit / name).unlink()
    for name in overlay(case):
        (kit / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(case / name, kit / name)
    return kit


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
