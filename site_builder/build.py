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

from site_builder.check import check_kit
from site_builder.diagnostics import Diagnostic, KitError, Location, plural
from site_builder.kit import load_kit
from site_builder.model import Kit
from site_builder.render.pdf import pdf_targets, render_pdfs
from site_builder.render.site import render_site

MARKER = ".site-builder-output"
SOURCE_DIRS = ("content", "rules", "templates")


@dataclass(frozen=True)
class BuildResult:
    out: Path
    pages: int
    pdfs: int
    seconds: float
    warnings: tuple[Diagnostic, ...]


Log = Callable[[str], None]


def quiet(message: str) -> None:
    """The `log` of a build that says nothing but its result."""


def build(kit_root: Path, out: Path | None = None, log: Log = quiet,
          reuse_pdfs_from: Path | None = None) -> BuildResult:
    """Build the kit into `out`; `log` receives a line per step, for `--verbose`.

    `reuse_pdfs_from` names a previous build whose PDFs are still right (the dev server
    knows when: only rules changed); they are copied instead of rendered again."""
    started = time.perf_counter()

    def step(message: str) -> None:
        log(f"{time.perf_counter() - started:5.2f} s  {message}")

    kit = load_kit(kit_root)
    step(f"read {plural(len(kit.pages), 'page')}, {plural(len(kit.checklists), 'checklist')}"
         f" and {plural(len(kit.rule_sets), 'rule file')} from {kit.root}")
    checked = check_kit(kit)
    if not checked.ok:
        raise KitError(checked.diagnostics)
    step(f"checked the rules; {plural(checked.cases_run, 'rule test')} passed")
    target = check_output_folder(kit.root, out or kit.root / "output")
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    try:
        # PDFs first, so the materials page gives their sizes
        pdfs = copy_pdfs(kit, reuse_pdfs_from, staging, step) if reuse_pdfs_from else None
        if pdfs is None:
            pdfs = render_pdfs(kit, staging, step)
        html = render_site(kit, checked.documents, staging)
        step(f"wrote {len(html)} site files")
        (staging / MARKER).write_text("This folder is written by site-builder; "
                                      "edits here are lost at the next build.\n")
        publish(staging, target)
        step(f"published to {target}")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    pages = sum(1 for p in html if p.suffix == ".html")
    return BuildResult(target, pages, len(pdfs), time.perf_counter() - started,
                       tuple(d for d in checked.diagnostics if d.severity == "warning"))


def copy_pdfs(kit: Kit, previous: Path, staging: Path, log: Log) -> list[Path] | None:
    """The kit's PDFs copied from the build in `previous`, or None when one is missing."""
    sources = [(previous / t.path, staging / t.path) for t in pdf_targets(kit)]
    if not all(source.is_file() for source, _ in sources):
        return None
    for source, copy in sources:
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, copy)
    log(f"reused {plural(len(sources), 'PDF')} from the previous build")
    return [copy for _, copy in sources]


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
