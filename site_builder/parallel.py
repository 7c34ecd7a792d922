"""A large site's pages, spread over the CPUs: the Markdown of its pages and their HTML.

Work is cut into chunks, in order. Worker processes take chunks from the front while this
process takes them from the back, so no CPU waits for another, and the results come back
in the order of the chunks: the output is the same as one process would make, byte for
byte. Workers are forked where that is safe (see `start_method`), else spawned, which
costs a few tenths of a second each; either way small sites are made in this process alone.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from site_builder.diagnostics import plural

Shared = TypeVar("Shared")
Item = TypeVar("Item")
Result = TypeVar("Result")

ENOUGH = 200  # items (pages) before a worker pays for its start-up
CHUNKS_PER_CPU = 8  # small enough to share the work out evenly, big enough to be cheap


class Workers:
    """Up to `jobs - 1` worker processes beside this one, started when first needed."""

    def __init__(self, jobs: int | None = None, log: Callable[[str], None] = lambda _: None
                 ) -> None:
        self.jobs = jobs or cpus()
        self.log = log
        self._pool: ProcessPoolExecutor | None = None
        self._broken = False  # then everything is made in this process

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
        packed = (uuid.uuid4().hex, pickle.dumps(shared, pickle.HIGHEST_PROTOCOL))
        try:
            futures = [self._start().submit(_call, function, packed, chunk) for chunk in chunks]
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

    def submit(self, function: Callable[..., Result], *args: Any) -> Future[Result] | None:
        """`function(*args)` in a worker that is already running, for work that comes whole
        (a PDF) to share the workers the pages started; None when none runs."""
        if self._pool is None or self._broken:
            return None
        try:
            return self._pool.submit(function, *args)
        except BrokenProcessPool:
            self._broken = True
            return None

    def expect(self, items: int, *modules: str, once: str | None = None) -> None:
        """Start the workers now, importing `modules`, when `items` will be worth sharing:
        they start while this process reads the kit. One of them imports `once` too."""
        if self.jobs >= 2 and items >= ENOUGH and not self._broken:
            pool = self._start()
            for _ in range(self.jobs - 1):
                pool.submit(_import, *modules)
            if once is not None:
                pool.submit(_import, once)

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            method = start_method()
            if method == "fork":  # a forked worker would write out a copy of what waits
                sys.stdout.flush()
                sys.stderr.flush()
            context = multiprocessing.get_context(method)
            self._pool = ProcessPoolExecutor(max_workers=self.jobs - 1, mp_context=context,
                                             initializer=ignore_interrupts)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def take_unstarted(futures: Sequence[Future[Result]], make: Callable[[int], Result]
                   ) -> dict[int, Result]:
    """Make here, from the last one back, the work no worker has started yet (cancelling
    its future): this process helps instead of waiting. The results, by index."""
    done: dict[int, Result] = {}
    for index in reversed(range(len(futures))):
        if not futures[index].cancel():
            break  # a worker has it, and so everything before it
        done[index] = make(index)
    return done


def cpus() -> int:
    """The CPUs this process may run on (a container or `taskset` may allow fewer than the
    machine has): the default number of processes."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def start_method() -> str:
    """`fork` where it is safe and cheap: on Linux, from a process with no other thread
    (a build from the command line), so a worker starts at once with everything imported.
    Else `spawn` (`serve` builds while its watcher and server threads run; macOS's
    system libraries do not survive a fork), where a worker imports what it needs."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return "fork"
    return "spawn"


def ignore_interrupts() -> None:
    """In a worker: Ctrl-C is for this process to handle (it stops the build, cleanly);
    a worker would print its own traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


_unpacked: tuple[str, Any] | None = None  # in a worker: the `shared` of the current map


def _call(function: Callable[[Any, Sequence[Item]], list[Result]], packed: tuple[str, bytes],
          chunk: Sequence[Item]) -> list[Result]:
    global _unpacked
    if _unpacked is None or _unpacked[0] != packed[0]:
        _unpacked = None  # let the previous one go first
        _unpacked = (packed[0], pickle.loads(packed[1]))
    return function(_unpacked[1], chunk)


def _import(*modules: str) -> None:
    for module in modules:
        importlib.import_module(module)


SERIAL = Workers(1)  # for callers that make everything in this process
