"""The HTML of a small kit matches the committed golden copy (refresh: python -m tests.golden)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden import GOLDEN, TEXT_SUFFIXES, build_html

HINT = "if the change is deliberate, run `python -m tests.golden` and review the diff"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return build_html(tmp_path_factory.mktemp("golden"))


def golden_files() -> dict[str, str]:
    return {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(GOLDEN.rglob("*")) if p.is_file() and p.suffix in TEXT_SUFFIXES}


def test_the_same_files_are_written(built: dict[str, str]) -> None:
    assert sorted(built) == sorted(golden_files()), HINT


@pytest.mark.parametrize("name", sorted(golden_files()))
def test_each_file_matches(built: dict[str, str], name: str) -> None:
    expected = golden_files()[name]
    assert built.get(name) == expected, f"{name} differs from tests/golden; {HINT}"


def test_golden_copy_exists() -> None:
    assert (GOLDEN / "index.html").is_file(), f"no golden copy at {GOLDEN}; {HINT}"
    assert Path(GOLDEN / "checklists").is_dir()
