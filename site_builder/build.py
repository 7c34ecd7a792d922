"""The build, step by step: load -> check -> render the site -> render the PDFs -> publish.

Everything is written into a staging folder beside the output and swapped in
whole, so a failed or interrupted build leaves the previous output untouched.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from site_builder.cache import BuildCache
from site_builder.check import check_kit
from site_builder.diagnostics import Diagnostic, KitError, Log, Problems, plural, quiet
from site_builder.kit.load import load_kit
from site_builder.parallel import Workers
from site_builder.render.output import (
    MARKER,
    PreviousOutput,
    SiteOutput,
    check_output_folder,
    publish,
)
from site_builder.render.pdf.batch import PdfBatch
from site_builder.render.site import write_site

MANIFEST = ("output", "manifest")  # the cache entry naming the last published build's files


@dataclass(frozen=True)
class BuildResult:
    out: Path
    pages: int
    pdfs: int
    pdfs_made: int  # rendered this time; the others came from the cache
    seconds: float
    warnings: tuple[Diagnostic, ...]


def build(kit_root: Path, out: Path | None = None, log: Log = quiet,
          jobs: int | None = None, use_cache: bool = True) -> BuildResult:
    """Build the kit into `out`; `log` receives a line per step, for `--verbose`.

    What the cache (`.site-builder-cache/` in the kit) holds is reused: pages read before,
    PDFs made before, and the previous output's pages, when their inputs are the same;
    `use_cache=False` neither reads nor writes it. Pages and PDFs are made over `jobs`
    processes (default: one per CPU)."""
    started = time.perf_counter()

    def step(message: str) -> None:
        log(f"{time.perf_counter() - started:5.2f} s  {message}")

    with Workers(jobs, step) as workers:
        return _build(kit_root, out, step, workers, use_cache, started)


def _build(kit_root: Path, out: Path | None, step: Log, workers: Workers, use_cache: bool,
           started: float) -> BuildResult:
    cache = BuildCache(kit_root.resolve(), enabled=use_cache)
    kit = load_kit(kit_root, cache, workers)
    step(f"read {plural(len(kit.pages), 'page')}, {plural(len(kit.checklists), 'checklist')}"
         f" and {plural(len(kit.rule_sets), 'rule file')} from {kit.root}")
    checked = check_kit(kit)
    if not checked.ok:
        raise KitError(checked.diagnostics)
    step(f"checked the rules; {plural(checked.cases_run, 'rule test')} passed")
    target = check_output_folder(kit.root, out or kit.root / "output")
    previous = previous_output(cache)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    try:
        with PdfBatch(kit, staging, cache, workers.jobs, step, workers) as pdfs:
            site = write_site(kit, checked.documents, SiteOutput(staging, Problems(), previous),
                              before_materials=pdfs.finish, workers=workers)
        step(f"wrote {len(site.written)} site files ({site.reused} unchanged, linked)")
        (staging / MARKER).write_text("This folder is written by site-builder; "
                                      "edits here are lost at the next build.\n")
        manifest = {**site.manifest(), "out": str(target)}
        publish(staging, target)
        step(f"published to {target}")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    cache.put_json(*MANIFEST, manifest)
    cache.prune()
    pages = sum(1 for p in site.written if p.suffix == ".html")
    warnings = [d for d in checked.diagnostics if d.severity == "warning"] + cache.warnings()
    return BuildResult(target, pages, len(pdfs.written), len(pdfs.todo),
                       time.perf_counter() - started, tuple(warnings))


def previous_output(cache: BuildCache) -> PreviousOutput | None:
    """The last published build, whose unchanged files this one links rather than writes."""
    previous = PreviousOutput.from_manifest(cache.get_json(*MANIFEST))
    if previous is not None and not (previous.root / MARKER).is_file():
        return None  # only a folder this program wrote lends its files
    return previous
