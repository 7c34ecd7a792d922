"""A build killed or interrupted at each moment of its work (tests/fault_build.py names them),
as a facilitator's machine might: `output/` is the old build or the new one, never missing
nor a mix of the two, and the next build is exactly what a clean `--no-cache` build makes.
SIGTERM and Ctrl-C (SIGINT) also leave nothing behind."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from site_builder.build import build
from site_builder.new import copy_kit, drop_translations
from tests.faults import (
    add_printed_pages,
    faulty_build,
    leftovers,
    processes_mentioning,
    site_builder,
    snapshot,
)
from tests.kits import ROOT

MOMENTS = ("loaded", "checked", "pdfs-started", "pages-written", "pdf-stored",
           "materials-written", "publishing", "swapped", "published", "pruning")
STATUS = {"KILL": -9, "TERM": 143, "INT": 130}


class Builds:
    """A kit built once (the old output) then edited, what a clean build of the edit makes
    (the new output), and a fresh copy of the lot for each fault. The edit is to a short
    printed page of its own, so each build makes one PDF, quickly."""

    def __init__(self, folder: Path) -> None:
        self.template = copy_kit(ROOT, folder / "template")
        drop_translations(self.template)  # English alone: the moments are the same, sooner
        add_printed_pages(self.template, 1)
        assert site_builder("build", "--kit", str(self.template)).returncode == 0
        self.old = snapshot(self.template / "output")
        extra = self.template / "content" / "extra-0.md"
        extra.write_text(extra.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
        clean = folder / "clean"
        shutil.copytree(self.template, clean, ignore=shutil.ignore_patterns(
            "output", ".site-builder-cache"))
        assert site_builder("build", "--kit", str(clean), "--no-cache").returncode == 0
        self.new = snapshot(clean / "output")
        assert self.new != self.old

    def copy(self, folder: Path) -> Path:
        return Path(shutil.copytree(self.template, folder / "kit", symlinks=True))


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    return Builds(tmp_path_factory.mktemp("faults"))


def no_worker_left(kit: Path) -> None:
    """A killed build's workers die with it: none writes on into a folder."""
    for _ in range(50):
        if not processes_mentioning(str(kit)):
            return
        time.sleep(0.1)
    raise AssertionError(f"processes of a killed build still run: {processes_mentioning(str(kit))}")


@pytest.mark.parametrize("name", STATUS)
@pytest.mark.parametrize("moment", MOMENTS)
def test_a_build_stopped_at_any_moment_leaves_old_or_new(builds: Builds, tmp_path: Path,
                                                         moment: str, name: str) -> None:
    kit = builds.copy(tmp_path)
    done = faulty_build(moment, name, "--kit", str(kit))
    assert done.returncode == STATUS[name], done.stderr
    after = snapshot(kit / "output")
    assert after in (builds.old, builds.new), "output/ is missing or a mix of two builds"
    no_worker_left(kit)
    if name != "KILL":
        assert len(done.stderr.splitlines()) == 1, done.stderr
        assert leftovers(kit) == []
    build(kit)  # in this process, which has WeasyPrint loaded already: a second saved
    assert snapshot(kit / "output") == builds.new
    assert leftovers(kit) == []


@pytest.mark.parametrize("name", STATUS)
def test_a_build_stopped_while_workers_make_pdfs(english_kit: Path, name: str) -> None:
    """With PDFs enough for worker processes, stopped while they make them: the workers
    end with the build and, but for SIGKILL, every folder it made is gone."""
    assert site_builder("build", "--kit", str(english_kit)).returncode == 0
    old = snapshot(english_kit / "output")
    add_printed_pages(english_kit, 2)
    done = faulty_build("pdfs-started", name, "--kit", str(english_kit), "--no-cache",
                        "--jobs", "2", "-v")
    assert done.returncode == STATUS[name], done.stderr
    assert "rendering 6 PDFs over 2 workers" in done.stderr
    assert snapshot(english_kit / "output") == old
    no_worker_left(english_kit)
    if name != "KILL":
        assert done.stderr.splitlines()[-1].startswith("stopped; "), done.stderr
        assert "leaked" not in done.stderr and "Traceback" not in done.stderr
        assert leftovers(english_kit) == []
