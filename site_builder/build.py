"""The build, step by step: load -> check -> render the pages -> render the PDFs -> write
the print materials page (it gives the PDFs' sizes) -> the service worker (it lists every
file) -> publish.

Everything is written into a staging folder beside the output and swapped in whole, so a
failed or interrupted build leaves the previous output untouched. The cache
(`.site-builder-cache/` in the kit) is opened here and handed to each step as what that
step may reuse, when its inputs are the same: pages read before (a `PageMemo`, for `load`),
PDFs made before (`start_pdfs`), the previous output's files (`render_pages`), the rule
checks' findings (a `LintMemo`, for `check`), the digests of the files the service worker
lists (`FileDigests`). A step's cache works item by item (a page, a PDF), so one changed
page costs one page; the steps themselves never open the cache, and `check`, `explain` and
`report` load without one.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_builder.cache import BuildCache
from site_builder.check import CheckResult, LintMemo, check_kit, fallback_warnings
from site_builder.diagnostics import Diagnostic, KitError, Log, Problems, plural, quiet
from site_builder.kit.load import load_kit
from site_builder.kit.page_memo import PageMemo
from site_builder.model import Kit
from site_builder.parallel import Preload, Workers
from site_builder.render.offline import FileDigests, write_service_worker
from site_builder.render.output import (
    MARKER,
    PreviousOutput,
    SiteOutput,
    check_output_folder,
    lock_folder,
    publish,
    release_folder,
    tidy_output,
    unwritable,
)
from site_builder.render.pdf.batch import Pdfs, start_pdfs
from site_builder.render.search import PageTexts
from site_builder.render.site import SitePages, write_materials, write_site

MANIFEST = ("output", "manifest")  # the cache entry naming the last published build's files
# What each worker imports as it starts (the Markdown and HTML renderers), and what one of
# them imports too when the kit prints (WeasyPrint), while this process reads the kit.
PRELOAD = Preload(each=("site_builder.kit.pages", "site_builder.render.site"),
                  printing=("site_builder.render.pdf.weasy",))


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

    `use_cache=False` neither reads nor writes the cache. Pages and PDFs are made over
    `jobs` processes (default: one per CPU)."""
    started = time.perf_counter()

    def step(message: str) -> None:
        log(f"{time.perf_counter() - started:5.2f} s  {message}")

    cache = BuildCache(kit_root.resolve(), enabled=use_cache)
    # First, so what a killed build left beside the output is tidied away (its previous
    # output put back) even when this build stops at the kit's errors.
    tidy_output((out or kit_root / "output").resolve())
    with Workers(jobs, step, PRELOAD) as workers:
        kit = load(kit_root, cache, workers, step)
        checked = check(kit, LintMemo(cache), step)
        target = check_output_folder(kit.root, out or kit.root / "output")
        with written_beside(target), staging_folder(target) as staging, \
                start_pdfs(kit, staging, cache, workers, step) as pdfs_under_way:
            # The PDFs were set going first: workers make them while the pages are rendered.
            pages = render_pages(kit, checked, staging, previous_output(cache), workers,
                                 PageTexts(cache))
            pdfs = pdfs_under_way.finish()
            site = write_materials_page(pages, pdfs, step)
            # last: it lists every file before it
            write_offline_worker(kit, site, FileDigests(cache), step)
            manifest = publish_site(site, target, step)
    remember(cache, manifest)
    warnings = [d for d in checked.diagnostics if d.severity == "warning"] + \
        fallback_warnings(kit) + cache.warnings()
    return BuildResult(target, sum(1 for p in site.written if p.suffix == ".html"),
                       len(pdfs.written), pdfs.made, time.perf_counter() - started,
                       tuple(warnings))


def load(kit_root: Path, cache: BuildCache, workers: Workers, step: Log) -> Kit:
    """The kit, its pages taken from the cache where their files are unchanged."""
    kit = load_kit(kit_root, PageMemo(cache), workers)
    step(f"read {plural(len(kit.pages), 'page')}, {plural(len(kit.checklists), 'checklist')}"
         f" and {plural(len(kit.rule_sets), 'rule file')} from {kit.root}")
    return kit


def check(kit: Kit, memo: LintMemo, step: Log) -> CheckResult:
    """The rules checked, their tests run and the rule checks made (as `check` makes them,
    their findings reused from the cache while the rules are unchanged); any error stops
    the build here, warnings do not."""
    checked = check_kit(kit, lint=True, memo=memo)
    if not checked.ok:
        raise KitError(checked.diagnostics)
    linted = "reused from the cache" if memo.reused else "made"
    step(f"checked the rules; {plural(checked.cases_run, 'rule test')} passed; rule checks "
         f"{linted}")
    return checked


@contextlib.contextmanager
def staging_folder(target: Path) -> Iterator[Path]:
    """An empty folder beside `target`, held by this build (so another build's `tidy_output`
    leaves it alone) and removed afterwards, however the build ends."""
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    try:
        lock_folder(staging)
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        release_folder(staging)


@contextlib.contextmanager
def written_beside(target: Path) -> Iterator[None]:
    """What stops the writing (a full disk, a read-only folder) as one error naming the
    output folder, for the previous output is kept."""
    try:
        yield
    except OSError as error:
        raise KitError([unwritable(target, error)]) from None


def render_pages(kit: Kit, checked: CheckResult, staging: Path,
                 previous: PreviousOutput | None, workers: Workers,
                 texts: PageTexts) -> SitePages:
    """Every page but the print materials, the compiled rules, assets and static files;
    the pages' text for search kept for the next build."""
    pages = write_site(kit, checked.documents, SiteOutput(staging, Problems(), previous),
                       workers, texts)
    texts.save()
    return pages


def write_materials_page(pages: SitePages, pdfs: Pdfs, step: Log) -> SiteOutput:
    """The page that lists the PDFs with their sizes; then the site's problems, if any."""
    site = write_materials(pages, pdfs.written)
    step(f"wrote {len(site.written)} site files ({site.reused} unchanged, linked)")
    return site


def write_offline_worker(kit: Kit, site: SiteOutput, digests: FileDigests, step: Log) -> None:
    """The service worker that keeps the site on phones, keyed by every file written (the
    files linked unchanged from the last build by the digests it kept)."""
    stored, files = write_service_worker(kit, site, digests)
    site.report.raise_if_errors()
    # Not "worker" here: that word in the log means the worker processes.
    step(f"listed {stored} of {files} files for phones to store at their first visit "
         f"({digests.read} read to hash them)")


def publish_site(site: SiteOutput, target: Path, step: Log) -> dict[str, Any]:
    """Swap the staging folder in for `target`, whole; the manifest of what it holds."""
    manifest: dict[str, Any] = {**site.manifest(), "out": str(target)}
    (site.root / MARKER).write_text("This folder is written by site-builder; "
                                    "edits here are lost at the next build.\n")
    publish(site.root, target)
    step(f"published to {target}")
    return manifest


def remember(cache: BuildCache, manifest: dict[str, Any]) -> None:
    """Name this build's files for the next one, and drop what no build will reuse."""
    cache.put_json(*MANIFEST, manifest)
    cache.prune()


def previous_output(cache: BuildCache) -> PreviousOutput | None:
    """The last published build, whose unchanged files this one links rather than writes."""
    previous = PreviousOutput.from_manifest(cache.get_json(*MANIFEST))
    if previous is not None and not (previous.root / MARKER).is_file():
        return None  # only a folder this program wrote lends its files
    return previous
