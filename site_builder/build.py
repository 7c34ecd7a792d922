"""The build, step by step: load -> check -> render the site -> render the PDFs -> publish.

Everything is written into a staging folder beside the output and swapped in
whole, so a failed or interrupted build leaves the previous output untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from site_builder.cache import BuildCache
from site_builder.check import check_kit
from site_builder.diagnostics import Diagnostic, KitError, Location, Report, plural
from site_builder.kit import load_kit
from site_builder.kitfiles import SOURCE_DIRS
from site_builder.render.output import PreviousOutput, SiteOutput
from site_builder.render.pdf_batch import PdfBatch
from site_builder.render.site import write_site
from site_builder.workers import Workers

MARKER = ".site-builder-output"
MANIFEST = ("output", "manifest")  # the cache entry naming the last published build's files


@dataclass(frozen=True)
class BuildResult:
    out: Path
    pages: int
    pdfs: int
    pdfs_made: int  # rendered this time; the others came from the cache
    seconds: float
    warnings: tuple[Diagnostic, ...]


Log = Callable[[str], None]


def quiet(message: str) -> None:
    """The `log` of a build that says nothing but its result."""


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
            site = write_site(kit, checked.documents, SiteOutput(staging, Report(), previous),
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


def check_output_folder(kit_root: Path, out: Path, marker: str = MARKER) -> Path:
    """The output folder, resolved; refused when replacing it could lose someone's work.

    A folder that is not empty must hold `marker`, the file site-builder leaves in the
    folders it writes (the build's, or the reports').
    """
    target = out.resolve()
    kit_root = kit_root.resolve()

    def refuse(message: str) -> KitError:
        return KitError([Diagnostic(Location(str(out)), message)])

    if target == kit_root or target in kit_root.parents:
        raise refuse("the output folder would contain the kit itself; choose another --out")
    for name in SOURCE_DIRS:
        source = kit_root / name
        if target == source or source in target.parents:
            raise refuse(f"the output folder is inside the kit's {name}/ folder; "
                         "choose another --out")
    if target.exists() and not target.is_dir():
        raise refuse("the output path is a file, not a folder")
    if (target / ".git").exists():
        raise refuse("the output folder holds a .git repository; choose another --out")
    if target.is_dir() and any(target.iterdir()) and not (target / marker).exists():
        raise refuse("the output folder is not empty and was not made by site-builder; "
                     "choose an empty or new folder, so nothing of yours is replaced")
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def publish(staging: Path, target: Path) -> None:
    """Swap the finished build into place: two renames, so readers never see half."""
    if not target.exists():
        os.replace(staging, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.replace(target, old / target.name)
    try:
        os.replace(staging, target)
    except OSError:
        os.replace(old / target.name, target)  # put the previous output back
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)
