"""`build --jobs N`: PDFs made in worker processes give the same site as a serial build."""

from __future__ import annotations

from pathlib import Path

from test_incremental import contents

from site_builder.build import build

PRINTED = ("about.md", "index.md", "two-kinds-of-support.md", "editing-the-rules.md")


def test_parallel_and_serial_builds_write_the_same(default_kit: Path, tmp_path: Path) -> None:
    for name in PRINTED:  # 7 PDFs in all: enough for two workers to pay for themselves
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
    assert (serial.pages, serial.pdfs) == (parallel.pages, parallel.pdfs) == (8, 7)
    assert contents(serial.out) == contents(parallel.out)


def test_a_few_pdfs_are_made_in_this_process(default_kit: Path) -> None:
    log: list[str] = []
    build(default_kit, log=log.append, jobs=4, use_cache=False)  # 3 PDFs: not worth a worker
    assert not any("worker" in line for line in log)


def test_the_cli_takes_jobs_and_no_cache(run_cli, default_kit: Path) -> None:
    result = run_cli("build", "--kit", str(default_kit), "--jobs", "1", "--no-cache")
    assert result.exit_code == 0, result.stderr
    assert not (default_kit / ".site-builder-cache").exists()
    assert run_cli("build", "--kit", str(default_kit), "--jobs", "0").exit_code == 2
