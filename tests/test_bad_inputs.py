"""Bad kits, as data: what `check` and `build` say about each kind of mistake.

Each folder under fixtures/bad/ is one kind of mistake (or, in `several-errors`, several)
made in the minimal kit (fixtures/kits/minimal/): it holds only the files the mistake adds
or changes, at their place in the kit, and lists in an optional `deleted.txt` those of the
minimal kit it leaves out. The test makes the whole kit in a temporary folder. The case's
`expected.txt` holds the exact diagnostics `site-builder check --kit <kit>` prints, without
the summary line. A mistake only the build can see (a template) has `expected-build.txt`
instead, with what `build` prints. The build must also refuse every case, print the same
diagnostics, and leave a previous good build byte for byte as it was.

After a deliberate change of wording, rewrite the expected files with
`python -m tests.refresh_bad`, then read the diff: every message must still name the
right file, line and column and say how to fix the problem.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bad_cases import (
    BAD,
    BUILD_EXPECTED,
    CHECK_EXPECTED,
    DELETED,
    build_expected,
    case_dirs,
    deleted,
    diagnostics_of,
    expected_lines,
    make_kit,
    overlay,
    run,
)
from tests.kits import MINIMAL


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_minimal_kit_is_valid() -> None:
    """Every bad case starts from this kit, so its only problems are the ones made."""
    result = run("check", "--kit", MINIMAL)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: 1 page, 1 checklist, 2 rules, 2 rule tests")


def test_every_case_has_its_expected_diagnostics() -> None:
    assert case_dirs(), f"no case in {BAD}"
    for case in case_dirs():
        assert (case / CHECK_EXPECTED).is_file() != (case / BUILD_EXPECTED).is_file(), \
            f"{case.name}: needs exactly one of {CHECK_EXPECTED} and {BUILD_EXPECTED}"
        assert (case / build_expected(case)).read_text(encoding="utf-8").strip(), case.name


@pytest.mark.parametrize("case", case_dirs(), ids=lambda c: c.name)
def test_every_case_changes_the_minimal_kit(case: Path) -> None:
    """A file as the minimal kit has it, or a deletion of what is not there, is no overlay."""
    assert overlay(case) or deleted(case), f"{case.name}: no file added, changed or deleted"
    for name in overlay(case):
        same = (MINIMAL / name).is_file() and \
            (MINIMAL / name).read_bytes() == (case / name).read_bytes()
        assert not same, f"{case.name}/{name} is the minimal kit's own; delete it from the case"
    for name in deleted(case):
        assert (MINIMAL / name).is_file(), f"{case.name}: {DELETED} names {name}, not a file"
        assert name not in overlay(case), f"{case.name}: {name} is both deleted and given"


def test_a_case_is_the_minimal_kit_with_its_files_deleted_and_copied_over(tmp_path: Path) -> None:
    case = tmp_path / "case"
    (case / "rules").mkdir(parents=True)
    (case / "rules" / "advice.yaml").write_text("changed\n")
    (case / "content" / "extra").mkdir(parents=True)
    (case / "content" / "extra" / "new.md").write_text("added\n")
    (case / DELETED).write_text("rules/tests/quiz.yaml\ncontent/index.md\n")
    (case / CHECK_EXPECTED).write_text("x\n")
    kit = make_kit(case, tmp_path / "kit")
    made = sorted(p.relative_to(kit).as_posix() for p in kit.rglob("*") if p.is_file())
    assert made == ["content/checklists/quiz.yaml", "content/extra/new.md", "rules/advice.yaml",
                    "site.yaml"]
    assert (kit / "rules" / "advice.yaml").read_text() == "changed\n"
    assert (kit / "site.yaml").read_bytes() == (MINIMAL / "site.yaml").read_bytes()


@pytest.mark.parametrize("case", [c for c in case_dirs() if (c / CHECK_EXPECTED).is_file()],
                         ids=lambda c: c.name)
def test_check_reports_exactly(case: Path, tmp_path: Path) -> None:
    result = run("check", "--kit", make_kit(case, tmp_path / "kit"))
    assert result.exit_code == 1, result.output
    assert diagnostics_of(result) == expected_lines(case, CHECK_EXPECTED)


@pytest.fixture(scope="module")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal kit, built once: the previous output every failed build must keep."""
    out = tmp_path_factory.mktemp("good") / "out"
    result = run("build", "--kit", MINIMAL, "--out", out, "--no-cache")  # leave no cache in it
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("case", case_dirs(), ids=lambda c: c.name)
def test_build_refuses_and_keeps_the_previous_output(case: Path, good_build: Path,
                                                     tmp_path: Path) -> None:
    kit = make_kit(case, tmp_path / "kit")  # the build's cache goes in it
    out = tmp_path / "out"
    shutil.copytree(good_build, out)
    before = snapshot(out)
    result = run("build", "--kit", kit, "--out", out)
    assert result.exit_code == 1, result.output
    assert diagnostics_of(result) == expected_lines(case, build_expected(case))
    assert "nothing was written" in result.stderr
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kit", "out"], "staging left behind"


def test_the_installed_command_reports_without_a_traceback(tmp_path: Path) -> None:
    """Through the real entry point (`main`, which turns bugs into one line), in a process."""
    case = BAD / "unknown-key-whn"
    kit = make_kit(case, tmp_path / "kit")
    result = subprocess.run([sys.executable, "-m", "site_builder", "check", "--kit", str(kit)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""
    assert result.stderr.splitlines() == [*expected_lines(case, CHECK_EXPECTED), "2 errors"]
