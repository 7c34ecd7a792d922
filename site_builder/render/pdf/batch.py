"""The build's PDFs: each one taken from the cache while what WeasyPrint would be given is
the same (its HTML, stylesheets, options, the kit files it read, the versions), the others
made by `make_pdf`, in the build's worker processes when there is enough to make.

A worker has a start-up cost, so workers are started for the PDFs only when there is
enough work to pay for them (see `pdf_processes`); when the pages' workers already run,
the PDFs join them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from site_builder.cache import BuildCache
from site_builder.diagnostics import Log, Problems, plural, quiet
from site_builder.model import Kit
from site_builder.parallel import Batch, Workers
from site_builder.render.pdf.jobs import PdfJob, PdfResult, pdf_problems, plan_pdfs
from site_builder.render.pdf.make import make_pdf, write_atomically

KIND = "pdf"
PDFS_PER_WORKER = 4
LARGE_SITE = 200  # pages: rendering them takes longer than a worker's start-up


@cache
def weasyprint_version() -> str:
    """WeasyPrint's version from its metadata, without importing it."""
    from importlib.metadata import PackageNotFoundError, version  # 50 ms, for PDFs only

    try:
        return version("weasyprint")
    except PackageNotFoundError:
        return "unknown"


@dataclass(frozen=True)
class Pdfs:
    """The PDFs written, and how many of them were made this time (not cached)."""

    written: tuple[Path, ...]
    made: int


def render_pdfs(kit: Kit, out: Path, log: Log = quiet) -> list[Path]:
    """Every PDF into `out`, one after the other in this process, without a cache; any
    problem in any of them raises `KitError`."""
    with start_pdfs(kit, out, BuildCache(kit.root, enabled=False), Workers(1), log) as run:
        return list(run.finish().written)


def start_pdfs(kit: Kit, out: Path, cache: BuildCache, workers: Workers, log: Log
               ) -> PdfRun:
    """Write the cached PDFs into `out` and set the others going; `PdfRun.finish` waits."""
    cached: list[Path] = []
    todo: list[PdfJob] = []
    for job in plan_pdfs(kit, out):
        Path(job.out).parent.mkdir(parents=True, exist_ok=True)
        data = _cached(cache, job)
        if data is None:
            todo.append(job)
        else:
            write_atomically(Path(job.out), data)
            cached.append(Path(job.out))
            log(f"reused {job.path} from the cache")
    joined = workers.running
    processes = pdf_processes(workers.jobs, len(todo), len(kit.pages))
    batch = workers.submit(make_pdf, todo, processes)
    if batch.in_workers and joined:
        log(f"rendering {plural(len(todo), 'PDF')} in the pages' workers")
    elif batch.in_workers:
        log(f"rendering {plural(len(todo), 'PDF')} over {plural(processes, 'worker')}")
    return PdfRun(cache, tuple(cached), tuple(todo), batch, log)


def pdf_processes(jobs: int, todo: int, pages: int) -> int:
    """How many worker processes pay for their start-up, 0 for none. Measured on 2 CPUs:
    a worker costs ~1-2 s of CPU (imports, WeasyPrint's fonts) and a PDF ~1 s, so one is
    worth it for about four PDFs, or for any when a large site is rendered meanwhile."""
    if jobs < 2 or not todo:
        return 0
    processes = min(jobs, -(-todo // PDFS_PER_WORKER))
    if processes < 2 and pages < LARGE_SITE:
        return 0
    return processes


@dataclass(frozen=True)
class PdfRun:
    """The PDFs under way; leaving its `with` block drops or waits for those not finished
    (a failed build removes the folder they are written into)."""

    cache: BuildCache
    cached: tuple[Path, ...]
    todo: tuple[PdfJob, ...]
    batch: Batch[PdfJob, PdfResult]
    log: Log

    def finish(self) -> Pdfs:
        """Every PDF written, or `KitError` with the problems of every PDF."""
        report = Problems()
        outcomes = dict(self.batch.outcomes())
        written = list(self.cached)
        for index, job in enumerate(self.todo):
            try:
                result = outcomes[index].get()
            except TimeoutError:  # a page too long to lay out: the others go on
                report.error(job.location, f"{job.path} took longer than {job.timeout:g} s to "
                             "make; split it up or shorten its tables")
                continue
            report.extend(pdf_problems(job, result))
            if not result.messages:
                written.append(Path(job.out))
                _store(self.cache, job, result)
                self.log(f"rendered {job.path} with WeasyPrint")
        report.raise_if_errors()
        return Pdfs(tuple(written), len(self.todo))

    def __enter__(self) -> PdfRun:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is not None and issubclass(kind, KeyboardInterrupt):
            self.batch.workers.stop()  # no waiting for a PDF that is no longer wanted
        self.batch.cancel()


def _key(cache: BuildCache, job: PdfJob) -> str:
    return cache.key(KIND, weasyprint_version(), job.language, job.path, job.html,
                     *job.stylesheets, job.base_url, job.kit_root, str(job.forms))


def _cached(cache: BuildCache, job: PdfJob) -> bytes | None:
    """The PDF made from the same job, while every kit file it read is unchanged."""
    payload = cache.get(KIND, _key(cache, job))
    if payload is None:
        return None
    head, _, data = payload.partition(b"\n")
    try:
        fetched = json.loads(head)
        for path, sha in fetched:
            if hashlib.sha256(Path(path).read_bytes()).hexdigest() != sha:
                return None
    except (OSError, ValueError, TypeError):
        return None  # a file it read is gone (the build will say so) or a bad entry
    return data


def _store(cache: BuildCache, job: PdfJob, result: PdfResult) -> None:
    head = json.dumps([list(pair) for pair in result.fetched]).encode("utf-8")
    cache.put(KIND, _key(cache, job), head + b"\n" + result.data)
