"""The worker processes, the only ones site-builder starts, and the two kinds of work they share.

A large site's pages (`map`): work cut into chunks, in order. Worker processes take chunks
from the front while this process takes them from the back, so no CPU waits for another,
and the results come back in the order of the chunks: the output is the same as one
process would make, byte for byte. Whole jobs (`submit`: a site's PDFs, the participants'
reports): each made by one call, in the workers, and here when no worker has started it by
the time its result is wanted. Either way, small work is done in this process alone: a
worker costs its start-up.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import importlib
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from site_builder.diagnostics import plural

Shared = TypeVar("Shared")
Item = TypeVar("Item")
Result = TypeVar("Result")

PR_SET_PDEATHSIG = 1  # linux/prctl.h
ENOUGH = 200  # items (pages) before a worker pays for its start-up
CHUNKS_PER_CPU = 8  # small enough to share the work out evenly, big enough to be cheap
STOP_SECONDS = 5.0  # a worker's time to end on SIGTERM before it is killed


@dataclass(frozen=True)
class Preload:
    """What the workers import as they start, while this process reads the kit: `each` in
    every worker; `printing` in one of them, when the kit makes PDFs (WeasyPrint, a second:
    the PDFs come last, and a worker that loads it then holds up the end of the build)."""

    each: tuple[str, ...] = ()
    printing: tuple[str, ...] = ()


class Workers:
    """Up to `jobs` worker processes beside this one, in one pool started when first needed."""

    def __init__(self, jobs: int | None = None, log: Callable[[str], None] = lambda _: None,
                 preload: Preload = Preload()) -> None:
        self.jobs = jobs or cpus()
        self.log = log
        self.preload = preload
        self._pool: ProcessPoolExecutor | None = None
        self._broken = False  # then everything is made in this process
        self.stopped = False  # by `stop`: its workers ended mid-job

    @property
    def running(self) -> bool:
        return self._pool is not None and not self._broken

    def lost_a_worker(self) -> None:
        """A worker was killed (out of memory, say): from now on, everything is made here."""
        self._broken = True

    def map(self, function: Callable[[Shared, Sequence[Item]], list[Result]], shared: Shared,
            items: Sequence[Item], what: str, enough: int = ENOUGH) -> list[Result]:
        """`function(shared, chunk)` over `items` in chunks, the results joined in order.
        `function` must be a module-level function (it is pickled to the workers, with
        `shared` and the chunk) and return one result per item of its chunk; `what` names
        an item, for the log ("HTML page")."""
        if self.jobs < 2 or len(items) < enough or self._broken:
            return function(shared, items)
        size = -(-len(items) // (self.jobs * CHUNKS_PER_CPU))
        chunks = [items[start:start + size] for start in range(0, len(items), size)]
        # `shared` (a whole kit, say) is pickled once, not once per chunk, and a worker
        # unpickles it once for all the chunks it takes.
        packed = Packed(uuid.uuid4().hex, pickle.dumps(shared, pickle.HIGHEST_PROTOCOL))
        try:
            pool = self._start(self.jobs - 1)
            futures = [pool.submit(_call, function, packed, chunk) for chunk in chunks]
        except BrokenProcessPool:
            self._broken = True
            return function(shared, items)
        done = take_unstarted(futures, lambda index: function(shared, chunks[index]))
        results: list[Result] = []
        for index, future in enumerate(futures):
            if index not in done:
                try:
                    done[index] = future.result()
                except BrokenProcessPool:  # a worker was killed (out of memory, say)
                    self._broken = True
                    done[index] = function(shared, chunks[index])
            results.extend(done[index])
        here = sum(len(chunks[index]) for index in done if futures[index].cancelled())
        self.log(f"rendered {plural(len(items), what)} over {self.jobs} processes "
                 f"({here} in this one)")
        return results

    def submit(self, function: Callable[[Item], Result], items: Sequence[Item],
               processes: int) -> Batch[Item, Result]:
        """`function(item)` for each item, whole: in the workers when they run, else in a
        pool of `processes` started for them (fewer than 1: all in this process, as the
        results are asked for). `function` must be a module-level function."""
        futures: list[Future[Result]] = []
        if items and not self._broken and (self._pool is not None or processes >= 1):
            try:
                pool = self._start(processes)
                futures = [pool.submit(function, item) for item in items]
            except BrokenProcessPool:
                self._broken = True
                for future in futures:
                    future.cancel()
                futures = []
        return Batch(self, function, tuple(items), tuple(futures))

    def stream(self, function: Callable[[Item], Result], items: Iterable[Item],
               processes: int, window: int) -> Iterator[tuple[Item, Outcome[Result]]]:
        """`function(item)` for each item as `items` gives it, whole, with each item's outcome
        as it is had (not in order). At most `window` items wait at once, so a long stream
        holds no more than that: when the window is full, this process makes the newest
        item no worker has started, or else waits for the oldest. Fewer than 1 process (or
        a lost worker): everything here, one at a time."""
        pending: deque[tuple[Item, Future[Result]]] = deque()
        for item in items:
            if processes < 1 or self._broken:
                yield item, attempt(function, item)
                continue
            try:
                pending.append((item, self._start(processes).submit(function, item)))
            except BrokenProcessPool:
                self._broken = True
                yield item, attempt(function, item)
            while len(pending) >= max(1, window):
                yield self._next_of(function, pending)
        while pending:
            yield self._next_of(function, pending)

    def _next_of(self, function: Callable[[Item], Result],
                 pending: deque[tuple[Item, Future[Result]]]) -> tuple[Item, Outcome[Result]]:
        if pending[-1][1].cancel():  # no worker has it: make it here rather than wait
            item, _ = pending.pop()
            return item, attempt(function, item)
        item, future = pending.popleft()
        try:
            return item, Outcome(future.result())
        except BrokenProcessPool:  # killed, out of memory say
            self._broken = True
            return item, attempt(function, item)
        except Exception as error:
            return item, Outcome(error=error)

    def expect(self, items: int, printing: bool = False) -> None:
        """Start the workers now, importing what `preload` names, when `items` will be worth
        sharing: they start while this process reads the kit."""
        if self.jobs >= 2 and items >= ENOUGH and not self._broken:
            pool = self._start(self.jobs - 1)
            for _ in range(self.jobs - 1):
                pool.submit(_import, *self.preload.each)
            if printing and self.preload.printing:
                pool.submit(_import, *self.preload.printing)

    def _start(self, processes: int) -> ProcessPoolExecutor:
        """The pool; its size is that of the first work to need it (pages: `jobs - 1`,
        with this process; whole jobs: as many as pay for their start-up)."""
        if self._pool is None:
            method = start_method()
            if method == "fork":  # a forked worker would write out a copy of what waits
                sys.stdout.flush()
                sys.stderr.flush()
            context = multiprocessing.get_context(method)
            if method == "forkserver":  # no effect once the server runs
                context.set_forkserver_preload([__name__, *self.preload.each])
            # A forked worker checks that this process still lives: killed before the
            # worker set PR_SET_PDEATHSIG, it would wait on its queue for ever.
            parent = os.getpid() if method == "fork" else 0
            self._pool = ProcessPoolExecutor(max_workers=max(1, processes), mp_context=context,
                                             initializer=ignore_interrupts, initargs=(parent,))
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def stop(self) -> None:
        """End the workers now, mid-job (Ctrl-C, SIGTERM): the build is being abandoned,
        and its folder is removed once they are gone."""
        if self._pool is not None:
            processes = list((self._pool._processes or {}).values())
            for process in processes:
                process.terminate()
            for process in processes:
                process.join(STOP_SECONDS)
                if process.is_alive():  # SIGTERM ignored or not yet handled: no waiting
                    process.kill()
                    process.join()
            self._broken = True
            self.stopped = True
            self.close()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is not None and issubclass(kind, KeyboardInterrupt):
            self.stop()
        self.close()


@dataclass(frozen=True)
class Outcome(Generic[Result]):
    """A job's result, or what it raised."""

    value: Result | None = None
    error: Exception | None = None

    def get(self) -> Result:
        if self.error is not None:
            raise self.error
        return self.value  # type: ignore[return-value]  # None only with an error


def attempt(function: Callable[[Item], Result], item: Item) -> Outcome[Result]:
    try:
        return Outcome(function(item))
    except Exception as error:  # a job's failure is its own; the caller decides
        return Outcome(error=error)


@dataclass(frozen=True)
class Batch(Generic[Item, Result]):
    """Whole jobs set going by `Workers.submit`."""

    workers: Workers
    function: Callable[[Item], Result]
    items: tuple[Item, ...]
    futures: tuple[Future[Result], ...]  # none: every job is made here

    @property
    def in_workers(self) -> bool:
        return bool(self.futures)

    def outcomes(self) -> Iterator[tuple[int, Outcome[Result]]]:
        """Each job's index and outcome as it is had: first those no worker has started,
        made here from the last one back (this process helps instead of waiting), then the
        workers' in order; a job whose worker died is made here."""
        if not self.futures:
            for index, item in enumerate(self.items):
                yield index, attempt(self.function, item)
            return
        here: list[int] = []
        for index in cancel_unstarted(self.futures):
            here.append(index)
            yield index, attempt(self.function, self.items[index])
        for index in range(len(self.futures)):
            if index not in here:
                yield index, self._collect(index)

    def _collect(self, index: int) -> Outcome[Result]:
        try:
            return Outcome(self.futures[index].result())
        except BrokenProcessPool:  # killed, out of memory say
            self.workers.lost_a_worker()
            return attempt(self.function, self.items[index])
        except Exception as error:
            return Outcome(error=error)

    def cancel(self) -> None:
        """Drop the jobs no worker has started and wait for the others (they may be
        writing files), as a failed build must before it removes its folder. Once the
        workers are stopped nothing is writing, and a job they had may never be marked
        done (the pool shut down before it saw them end): no wait then."""
        for future in self.futures:
            future.cancel()
        if not self.workers.stopped:
            wait(self.futures)


def take_unstarted(futures: Sequence[Future[Result]], make: Callable[[int], Result]
                   ) -> dict[int, Result]:
    """Make here the work no worker has started yet (see `cancel_unstarted`): this process
    helps instead of waiting. The results, by index."""
    return {index: make(index) for index in cancel_unstarted(futures)}


def cancel_unstarted(futures: Sequence[Future[Any]]) -> Iterator[int]:
    """The index of each future no worker has started, from the last one back, cancelled
    only as it is reached (the caller makes it meanwhile, while workers go on from the
    front); it stops at the first one a worker has, since a worker has all before it too."""
    for index in reversed(range(len(futures))):
        if not futures[index].cancel():
            return
        yield index


def cpus() -> int:
    """The CPUs this process may run on (a container or `taskset` may allow fewer than the
    machine has): the default number of processes."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def start_method() -> str:
    """How the pool's workers start, chosen once, for all its work (pages, PDFs, reports).
    On Linux, from a process with no other thread (a command-line build or report): `fork`,
    a worker at work in ~0.05 s with everything imported. With other threads (`serve` builds
    while its watcher and server threads run), forking is unsafe: the fork server, a fresh
    process without threads started once, from which each worker is forked (~0.2 s for the
    first, ~0.01 s at each later build; `spawn` takes ~0.17 s every time). Measured on
    1,000 pages, the fork server's slower first start cost a cold build ~0.2 s. Elsewhere
    `spawn` (macOS's system libraries do not survive a fork; Windows has nothing else)."""
    if sys.platform != "linux":
        return "spawn"
    return "fork" if threading.active_count() == 1 else "forkserver"


def ignore_interrupts(parent: int = 0) -> None:
    """In a worker: Ctrl-C is for this process to handle (it stops the build, cleanly);
    a worker would print its own traceback. A worker dies with the process that started
    it: killed, it would leave workers writing into a folder the next build removes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the build's handler, forked with it
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL))
    if parent and os.getppid() != parent:  # the build died before the line above
        os._exit(1)


@dataclass(frozen=True)
class Packed:
    """The `shared` of one map, pickled once; `key` names that map (and is all it is
    compared and hashed by)."""

    key: str
    data: bytes = field(compare=False, repr=False)


@functools.lru_cache(maxsize=1)
def unpack(packed: Packed) -> Any:
    """In a worker: the shared data of the map at hand, unpickled once for every chunk
    of it that the worker takes."""
    return pickle.loads(packed.data)


def _call(function: Callable[[Any, Sequence[Item]], list[Result]], packed: Packed,
          chunk: Sequence[Item]) -> list[Result]:
    return function(unpack(packed), chunk)


def _import(*modules: str) -> None:
    for module in modules:
        importlib.import_module(module)
