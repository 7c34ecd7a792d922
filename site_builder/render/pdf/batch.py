"""The build's PDFs: each one taken from the cache while what WeasyPrint would be given is
the same (its HTML, stylesheets, options, the kit files it read, the versions), the others
made by WeasyPrint, in worker processes when there is enough to make.

Workers are started with `spawn` (as `report` does): `serve` builds while a watcher thread
runs, and forking a process with threads is unsafe. A worker has a start-up cost, so
they are used only when there is enough work to pay for them (see `_workers`).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache
from pathlib import Path

from site_builder.cache import BuildCache
from site_builder.diagnostics import Log, Problems, plural, quiet
from site_builder.model import Kit
from site_builder.parallel import Workers, ignore_interrupts, take_unstarted
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


def render_pdfs(kit: Kit, out: Path, log: Log = quiet) -> list[Path]:
    """Every PDF into `out`, one after the other in this process, without a cache; any
    problem in any of them raises `KitError`."""
    return PdfBatch(kit, out, BuildCache(kit.root, enabled=False), 1, log).start().finish()


class PdfBatch:
    """The kit's PDFs written into `out`: `start` takes the cached ones and sets the others
    going; `finish` waits for them (the materials page gives their sizes); `close` stops
    the workers whatever happened."""

    def __init__(self, kit: Kit, out: Path, cache: BuildCache, jobs: int, log: Log,
                 pages: Workers | None = None) -> None:
        self.kit, self.out, self.cache, self.jobs, self.log = kit, out, cache, jobs, log
        self.pages = pages  # the pages' workers: when they run, the PDFs join them
        self.written: list[Path] = []
        self.todo: list[PdfJob] = []  # the PDFs made this time, not taken from the cache
        self.pool: ProcessPoolExecutor | None = None
        self.futures: list[Future[PdfResult]] = []
        self.finished = False

    def start(self) -> PdfBatch:
        if self.finished:
            return self
        for job in plan_pdfs(self.kit, self.out):
            Path(job.out).parent.mkdir(parents=True, exist_ok=True)
            data = self._cached(job)
            if data is None:
                self.todo.append(job)
            else:
                write_atomically(Path(job.out), data)
                self.written.append(Path(job.out))
                self.log(f"reused {job.path} from the cache")
        if not self.todo:
            return self
        shared = [self.pages.submit(make_pdf, job) for job in self.todo] if self.pages else []
        if shared and all(future is not None for future in shared):
            self.futures = [future for future in shared if future is not None]
            self.log(f"rendering {plural(len(self.todo), 'PDF')} in the pages' workers")
            return self
        for future in shared:
            if future is not None:
                future.cancel()
        workers = self._workers()
        if workers:
            self.log(f"rendering {plural(len(self.todo), 'PDF')} over "
                     f"{plural(workers, 'worker')}")
            context = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                            initializer=ignore_interrupts)
            self.futures = [self.pool.submit(make_pdf, job) for job in self.todo]
        return self

    def finish(self) -> list[Path]:
        """Every PDF written, or `KitError` with the problems of every PDF."""
        if self.finished:
            return self.written
        self.finished = True
        report = Problems()
        made = take_unstarted(self.futures, lambda index: make_pdf(self.todo[index]))
        for index, job in enumerate(self.todo):
            result = made[index] if index in made else self._result(index)
            report.extend(pdf_problems(job, result))
            if not result.messages:  # then make_pdf wrote it
                self.written.append(Path(job.out))
                self._store(job, result)
                self.log(f"rendered {job.path} with WeasyPrint")
        self.close()
        report.raise_if_errors()
        return self.written

    def _result(self, index: int) -> PdfResult:
        """The PDF of todo[index], from its worker, or made here (no workers, or it died)."""
        if not self.futures:
            return make_pdf(self.todo[index])
        try:
            return self.futures[index].result()
        except BrokenProcessPool:  # killed, out of memory say
            return make_pdf(self.todo[index])

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def __enter__(self) -> PdfBatch:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _workers(self) -> int:
        """How many worker processes pay for their start-up, 0 for none. Measured on 2 CPUs:
        a worker costs ~1-2 s of CPU (imports, WeasyPrint's fonts) and a PDF ~1 s, so one
        is worth it for about four PDFs, or for any when a large site is rendered meanwhile."""
        if self.jobs < 2 or not self.todo:
            return 0
        workers = min(self.jobs, -(-len(self.todo) // PDFS_PER_WORKER))
        if workers < 2 and len(self.kit.pages) < LARGE_SITE:
            return 0
        return workers

    def _key(self, job: PdfJob) -> str:
        return self.cache.key(KIND, weasyprint_version(), job.path, job.html, *job.stylesheets,
                              job.base_url, job.kit_root, str(job.forms))

    def _cached(self, job: PdfJob) -> bytes | None:
        """The PDF made from the same job, while every kit file it read is unchanged."""
        payload = self.cache.get(KIND, self._key(job))
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

    def _store(self, job: PdfJob, result: PdfResult) -> None:
        head = json.dumps([list(pair) for pair in result.fetched]).encode("utf-8")
        self.cache.put(KIND, self._key(job), head + b"\n" + result.data)


