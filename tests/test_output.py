"""The output folder under faults: a build killed mid-swap, interrupted, or stopped by the
machine (a full disk, read-only or immutable folders, a FIFO in the cache) leaves `output/`
whole, the old build or the new one, says so in one line and leaves nothing behind."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.faults import (
    edit_a_printed_page,
    faulty_build,
    leftovers,
    site_builder,
    snapshot,
)
from tests.mounts import immutable, read_only, small_disk


@pytest.fixture
def built_kit(english_kit: Path) -> Path:
    """The default kit, built once, then a printed page changed: the next build differs."""
    assert site_builder("build", "--kit", str(english_kit)).returncode == 0
    edit_a_printed_page(english_kit)
    return english_kit


def test_a_kill_just_after_the_output_is_moved_still_leaves_an_output(built_kit: Path) -> None:
    old = snapshot(built_kit / "output")
    done = faulty_build("output-moved", "KILL", "--kit", str(built_kit))
    assert done.returncode in (0, -9), done.stderr
    assert snapshot(built_kit / "output") != {}, "no output/ after a kill during the swap"
    assert snapshot(built_kit / "output") != old  # the swap is one step: the new build


def test_without_exchange_the_next_build_puts_the_output_back(built_kit: Path) -> None:
    """The fallback's two renames can leave the previous build set aside; the next start,
    even one that fails on the kit, puts it back and removes the hidden folder."""
    old = snapshot(built_kit / "output")
    done = faulty_build("between-renames", "KILL", "--kit", str(built_kit), exchange=False)
    assert done.returncode == -9, done.stderr
    assert not (built_kit / "output").exists()
    (built_kit / "rules" / "instrumental.yaml").write_text("rules: [\n")
    failed = site_builder("build", "--kit", str(built_kit))
    assert failed.returncode == 1
    assert snapshot(built_kit / "output") == old
    assert leftovers(built_kit) == []


@pytest.mark.parametrize("moment", ["pdfs-started", "swapped"])
def test_the_next_build_removes_what_a_killed_one_left(built_kit: Path, moment: str) -> None:
    done = faulty_build(moment, "KILL", "--kit", str(built_kit))
    assert done.returncode == -9, done.stderr
    assert leftovers(built_kit) != []  # the staging folder (or the old build, swapped out)
    assert site_builder("build", "--kit", str(built_kit)).returncode == 0
    assert leftovers(built_kit) == []


@pytest.mark.parametrize(("name", "status"), [("TERM", 143), ("INT", 130)])
def test_sigterm_and_ctrl_c_clean_up_and_say_one_line(built_kit: Path, name: str,
                                                      status: int) -> None:
    old = snapshot(built_kit / "output")
    done = faulty_build("pdfs-started", name, "--kit", str(built_kit), "--jobs", "2")
    assert done.returncode == status, done.stderr
    assert done.stderr.splitlines() == [
        "stopped; the output folder holds the last complete build, and nothing half-made "
        "was left behind"], done.stderr  # no "Aborted!", traceback or leaked semaphores
    assert snapshot(built_kit / "output") == old
    assert leftovers(built_kit) == []


def one_error(stderr: str, folder: Path, reason: str) -> None:
    lines = stderr.splitlines()
    assert len(lines) == 2, stderr  # the problem, and the summary
    assert lines[0].startswith(f"{folder}: error: cannot write the new build here: {reason}")
    assert "build again" in lines[0]
    assert lines[1].endswith("the previous output is untouched")


def test_a_full_disk_is_one_line_and_the_old_output_stays(built_kit: Path, tmp_path: Path
                                                           ) -> None:
    with small_disk(tmp_path / "disk", "2m") as disk:
        out = disk / "site"
        assert site_builder("build", "--kit", str(built_kit), "--out", str(out)).returncode == 0
        old = snapshot(out)
        free = shutil.disk_usage(disk).free
        (disk / "filler").write_bytes(b"x" * (free - 200_000))  # less than a build needs
        done = site_builder("build", "--kit", str(built_kit), "--out", str(out), "--no-cache")
        assert done.returncode == 1, done.stderr
        one_error(done.stderr, out, "No space left on device")
        assert snapshot(out) == old
        assert sorted(p.name for p in disk.iterdir()) == ["filler", "site"]


def test_an_immutable_output_folder_is_one_line(built_kit: Path) -> None:
    out = built_kit / "output"
    old = snapshot(out)
    with immutable(out):  # cannot be renamed, nor its files linked
        done = site_builder("build", "--kit", str(built_kit))
    assert done.returncode == 1, done.stderr
    one_error(done.stderr, out, "Operation not permitted")
    assert snapshot(out) == old
    assert leftovers(built_kit) == []


def test_a_read_only_folder_for_the_output_is_one_line(built_kit: Path, tmp_path: Path
                                                        ) -> None:
    parent = tmp_path / "published"
    parent.mkdir()
    out = parent / "site"
    assert site_builder("build", "--kit", str(built_kit), "--out", str(out)).returncode == 0
    old = snapshot(out)
    with read_only(parent):
        done = site_builder("build", "--kit", str(built_kit), "--out", str(out))
    assert done.returncode == 1, done.stderr
    one_error(done.stderr, out, "Read-only file system")
    assert snapshot(out) == old


def test_a_read_only_kit_is_one_line(built_kit: Path) -> None:
    old = snapshot(built_kit / "output")
    with read_only(built_kit):
        done = site_builder("build", "--kit", str(built_kit))
    assert done.returncode == 1, done.stderr
    one_error(done.stderr, built_kit / "output", "Read-only file system")
    assert snapshot(built_kit / "output") == old


@pytest.mark.parametrize("fault", [read_only, immutable])
def test_a_cache_that_cannot_be_written_is_a_warning(built_kit: Path, fault: object) -> None:
    cache = built_kit / ".site-builder-cache"
    with fault(cache):  # type: ignore[operator]
        done = site_builder("build", "--kit", str(built_kit))
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        line for line in done.stderr.splitlines() if ": warning: " in line]
    assert "the cache could not be written" in done.stderr
    assert "One more line for this build." in \
        (built_kit / "output" / "facilitator-guide.html").read_text(encoding="utf-8")


def test_a_fifo_in_the_cache_does_not_hang_the_build(built_kit: Path) -> None:
    manifest = built_kit / ".site-builder-cache" / "output" / "manifest"
    manifest.unlink()
    os.mkfifo(manifest)
    done = site_builder("build", "--kit", str(built_kit), timeout=60)
    assert done.returncode == 0, done.stderr
