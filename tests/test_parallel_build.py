"""`build --jobs N`: pages and PDFs made in worker processes give the same site as a serial
build, and the same problems."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from site_builder.build import build
from site_builder.diagnostics import KitError
from site_builder.parallel import start_method
from tests.pdfs import contents
from tests.runner import RunCli

PRINTED = ("about.md", "index.md", "two-kinds-of-support.md", "editing-the-rules.md")


def test_parallel_and_serial_builds_write_the_same(default_kit: Path, tmp_path: Path) -> None:
    for name in PRINTED:  # 16 PDFs in all (8 a language): enough for two workers
        page = default_kit / "content" / name
        page.write_text(page.read_text().replace("---\n", "---\nprint: true\n", 1))
    serial_log: list[str] = []
    parallel_log: list[str] = []
    serial = build(default_kit, tmp_path / "serial", serial_log.append, jobs=1,
                   use_cache=False)
    parallel = build(default_kit, tmp_path / "parallel", parallel_log.append, jobs=2,
                     use_cache=False)
    assert not any("worker" in line for line in serial_log)
    assert any("over 2 workers" in line for line in parallel_log)
    # 11 pages and 404.html, 8 PDFs, in each language
    assert (serial.pages, serial.pdfs) == (parallel.pages, parallel.pdfs) == (24, 16)
    assert contents(serial.out) == contents(parallel.out)


def test_a_few_pdfs_are_made_in_this_process(english_kit: Path) -> None:
    log: list[str] = []
    build(english_kit, log=log.append, jobs=4, use_cache=False)  # 4 PDFs: not worth a worker
    assert not any("worker" in line for line in log)


def test_the_cli_takes_jobs_and_no_cache(run_cli: RunCli, default_kit: Path) -> None:
    result = run_cli("build", "--kit", str(default_kit), "--jobs", "1", "--no-cache")
    assert result.exit_code == 0, result.stderr
    assert not (default_kit / ".site-builder-cache").exists()
    assert run_cli("build", "--kit", str(default_kit), "--jobs", "0").exit_code == 2


def write_large_kit(root: Path, count: int = 240) -> Path:
    """Enough pages for the workers (`workers.ENOUGH`), in three folders that link across
    each other by source path, with a table, a list and code, as real pages have."""
    (root / "content").mkdir(parents=True)
    (root / "site.yaml").write_text("title: A large kit\nlanguage: en\n")
    (root / "content" / "index.md").write_text("---\ntitle: Start\n---\n\n# Start\n\n"
                                              "[The first guide](b/page-1.md)\n")
    for number in range(1, count + 1):
        folder = "abc"[number % 3]
        other = f"{'abc'[(number + 1) % 3]}/page-{number % count + 1}.md"
        page = root / "content" / folder / f"page-{number}.md"
        page.parent.mkdir(exist_ok=True)
        page.write_text(
            f"---\ntitle: Page {number} & friends\norder: {count - number}\n---\n\n"
            f"# Page {number}\n\nSee [the next one](../{other}) or [home](../index.md).\n\n"
            "- one\n- two\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n```yaml\nkey: value\n```\n")
    return root


def test_a_large_site_over_workers_is_the_serial_site_byte_for_byte(tmp_path: Path) -> None:
    kit = write_large_kit(tmp_path / "kit")
    for name in ("a/page-3.md", "c/page-5.md"):  # PDFs, which join the pages' workers
        page = kit / "content" / name
        page.write_text(page.read_text().replace("---\n", "---\nprint: true\n", 1))
    serial_log: list[str] = []
    parallel_log: list[str] = []
    serial = build(kit, tmp_path / "serial", serial_log.append, jobs=1, use_cache=False)
    parallel = build(kit, tmp_path / "parallel", parallel_log.append, jobs=2, use_cache=False)
    assert not any("processes" in line for line in serial_log)
    shared = [line.split("  ", 1)[1] for line in parallel_log if "processes" in line]
    assert [line.split(" (")[0] for line in shared] == [
        "rendered 241 Markdown pages over 2 processes",
        # with the built-in about page, 404.html and the index pages of sections a/, b/, c/
        "rendered 246 HTML pages over 2 processes",
    ]
    assert "rendering 2 PDFs in the pages' workers" in "\n".join(parallel_log)
    assert serial.pages == parallel.pages == 248  # and the print materials and search pages
    assert serial.pdfs == parallel.pdfs == 2
    assert contents(serial.out) == contents(parallel.out)
    menu = (parallel.out / "b" / "page-238.html").read_text()  # made once per folder
    assert '<li><a href="page-238.html" aria-current="page">Page 238 &amp; friends</a></li>' \
        in menu  # its section's menu
    assert '<li class="menu-section"><a href="../a/index.html">A</a></li>' in menu


def test_pages_made_by_workers_are_linked_by_the_next_build(tmp_path: Path) -> None:
    # A page's key, made by the worker that rendered it, is the one the next build computes.
    kit = write_large_kit(tmp_path / "kit")
    build(kit, jobs=2)
    log: list[str] = []
    result = build(kit, log=log.append, jobs=2)
    assert any(f"({result.pages} unchanged, linked)" in line for line in log), log
    page = kit / "content" / "b" / "page-1.md"
    page.write_text(page.read_text() + "\nOne more line.\n")
    log.clear()
    result = build(kit, log=log.append, jobs=2)
    assert any(f"({result.pages - 1} unchanged, linked)" in line for line in log), log


def test_spawned_workers_make_the_same_site(tmp_path: Path) -> None:
    """While another thread runs (serve's watcher), workers come from the fork server, not
    forked from this process: they import site-builder themselves and are sent the kit."""
    kit = write_large_kit(tmp_path / "kit")
    serial = build(kit, tmp_path / "serial", jobs=1, use_cache=False)
    log: list[str] = []
    stop = threading.Event()
    watcher = threading.Thread(target=stop.wait)
    watcher.start()
    try:
        assert start_method() == "forkserver"
        spawned = build(kit, tmp_path / "spawned", log.append, jobs=2, use_cache=False)
    finally:
        stop.set()
        watcher.join()
    assert sum("over 2 processes" in line for line in log) == 2
    assert contents(serial.out) == contents(spawned.out)


BREAKAGES = {
    "a broken link, found while reading the Markdown": (
        "b/page-7.md", "---\ntitle: Seven\n---\n\n[gone](nowhere.md)\n",
        "content/b/page-7.md:5:8: error: link to 'nowhere.md'"),
    "a missing layout, found while rendering the HTML": (
        "c/page-200.md", "---\ntitle: Wide\nlayout: wide.html\n---\n",
        "content/c/page-200.md:1:1: error: layout 'wide.html' not found"),
}


@pytest.mark.parametrize("breakage", BREAKAGES.values(), ids=BREAKAGES.keys())
def test_problems_found_by_workers_are_those_one_process_finds(
        tmp_path: Path, breakage: tuple[str, str, str]) -> None:
    name, text, expected = breakage
    kit = write_large_kit(tmp_path / "kit")
    (kit / "content" / name).write_text(text)
    found = []
    for jobs in (1, 2):
        with pytest.raises(KitError) as failed:
            build(kit, tmp_path / f"out-{jobs}", jobs=jobs, use_cache=False)
        found.append([str(d) for d in failed.value.diagnostics])
    assert found[0] == found[1]
    assert any(line.startswith(expected) for line in found[0]), found[0]
    assert not (tmp_path / "out-2").exists()
