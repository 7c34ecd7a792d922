"""`Workers.map`: chunks shared between this process and its worker processes, results in order."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.managers import SyncManager

import pytest

from site_builder import parallel
from site_builder.parallel import ENOUGH, Preload, Workers, start_method

# This process's id, and an event a worker's chunk sets: see `meet`.
Meeting = tuple[int, threading.Event]


@pytest.fixture(scope="module")
def manager() -> Iterator[SyncManager]:
    """Events that worker processes can set, however they were started."""
    with multiprocessing.Manager() as manager:
        yield manager


@pytest.fixture
def meeting(manager: SyncManager) -> Callable[[], Meeting]:
    """A new meeting for each map: each map's workers must take a share of their own."""
    return lambda: (os.getpid(), manager.Event())


def meet(meeting: Meeting | None) -> None:
    """Both processes make a share, however fast the machine: a worker's chunk says a worker
    has started; this process's chunks wait for that (30 s at most: then the test fails on
    its pids)."""
    if meeting is not None:
        parent, worker_started = meeting
        if os.getpid() == parent:
            if not worker_started.wait(timeout=30):
                worker_started.set()  # no worker came: the next chunks wait no more
        else:
            worker_started.set()


def squares_and_pids(meeting: Meeting | None, chunk: Sequence[int]) -> list[tuple[int, int]]:
    meet(meeting)
    return [(number * number, os.getpid()) for number in chunk]


def squares_here_only(parent: int, chunk: Sequence[int]) -> list[int]:
    if os.getpid() != parent:
        os._exit(3)  # a worker killed mid-chunk, as the out-of-memory killer would
    return [number * number for number in chunk]


def test_results_come_back_in_order_from_both_processes(meeting: Callable[[], Meeting]
                                                         ) -> None:
    log: list[str] = []
    with Workers(2, log.append) as workers:
        results = workers.map(squares_and_pids, meeting(), range(ENOUGH + 50), "number")
    assert [square for square, _ in results] == [n * n for n in range(ENOUGH + 50)]
    assert len({pid for _, pid in results}) == 2
    assert log[0].startswith(f"rendered {ENOUGH + 50} numbers over 2 processes (")


def scaled_and_pids(shared: tuple[int, Meeting], chunk: Sequence[int]
                    ) -> list[tuple[int, int]]:
    factor, meeting = shared
    meet(meeting)
    return [(number * factor, os.getpid()) for number in chunk]


def test_each_map_gives_the_workers_its_own_shared_data(meeting: Callable[[], Meeting]
                                                        ) -> None:
    # A worker keeps the shared data it unpickled for the next chunks of the same map only.
    with Workers(2) as workers:
        for factor in (3, 5, 3):
            results = workers.map(scaled_and_pids, (factor, meeting()), range(ENOUGH),
                                  "number")
            assert [value for value, _ in results] == [n * factor for n in range(ENOUGH)]
            assert len({pid for _, pid in results}) == 2


def loaded_and_pids(shared: tuple[str, Meeting], chunk: Sequence[int]
                    ) -> list[tuple[bool, int]]:
    module, meeting = shared
    meet(meeting)
    return [(module in sys.modules, os.getpid()) for _ in chunk]


def test_expect_has_one_worker_load_a_module_ahead(meeting: Callable[[], Meeting]) -> None:
    # As a kit that prints has a worker load WeasyPrint while the pages are read.
    module = "pydoc_data.topics"  # large, harmless, and loaded by nothing else here
    assert module not in sys.modules
    for printing, expected in ((False, {False}), (True, {True})):
        with Workers(2, preload=Preload(each=("json",), printing=(module,))) as workers:
            workers.expect(ENOUGH, printing)
            results = workers.map(loaded_and_pids, (module, meeting()), range(ENOUGH),
                                  "number")
        assert {loaded for loaded, pid in results if pid != os.getpid()} == expected
    assert module not in sys.modules


def test_a_few_items_or_one_job_stay_in_this_process() -> None:
    for jobs, count in ((2, ENOUGH - 1), (1, ENOUGH * 2)):
        log: list[str] = []
        with Workers(jobs, log.append) as workers:
            results = workers.map(squares_and_pids, None, range(count), "number")
            assert workers._pool is None
        assert {pid for _, pid in results} == {os.getpid()}
        assert log == []


# Python before 3.12 (gh-107219): the pool's own thread, marking futures broken, trips over
# those this process cancelled to make them itself, and prints that; the results are sound.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_chunks_of_a_worker_that_dies_are_made_here() -> None:
    with Workers(2) as workers:
        for _ in range(2):  # and the next map, with the pool broken, too
            results = workers.map(squares_here_only, os.getpid(), range(ENOUGH), "number")
            assert results == [n * n for n in range(ENOUGH)]


def test_a_worker_leaves_ctrl_c_to_this_process(meeting: Callable[[], Meeting]) -> None:
    """Ctrl-C reaches every process of the terminal's group; a worker that took it would
    print a traceback of its own, so workers ignore it and the build stops cleanly."""
    with Workers(2) as workers:
        first = workers.map(squares_and_pids, meeting(), range(ENOUGH), "number")
        worker = next(pid for _, pid in first if pid != os.getpid())
        os.kill(worker, signal.SIGINT)
        # No wait needed: the signal reaches the idle worker before it can read the next
        # chunk, so a chunk it makes after this proves it lived through it.
        again = workers.map(squares_and_pids, meeting(), range(ENOUGH), "number")
    assert worker in {pid for _, pid in again}


def deaf_to_sigterm(seconds: float) -> int:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    time.sleep(seconds)
    return os.getpid()


def test_stopping_does_not_wait_on_a_worker_deaf_to_sigterm(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`stop` (Ctrl-C, SIGTERM) ends the workers mid-job; one that does not end on SIGTERM
    is killed after a moment, so the build never waits on it for ever."""
    monkeypatch.setattr(parallel, "STOP_SECONDS", 0.5)
    workers = Workers(2)
    (job,) = workers.submit(deaf_to_sigterm, [60.0], processes=1).futures
    pool = workers._pool
    assert pool is not None
    while not job.running():
        time.sleep(0.05)
    time.sleep(0.3)  # the worker has set SIGTERM aside
    (process,) = (pool._processes or {}).values()
    started = time.monotonic()
    workers.stop()
    assert time.monotonic() - started < 10
    assert not process.is_alive()


def nap(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_a_stopped_batch_is_dropped_without_waiting_on_its_ended_workers() -> None:
    """Ctrl-C or SIGTERM while workers make PDFs: the workers are ended, then the batch is
    dropped. The pool, shut down before it saw its workers end, may never mark their jobs
    done, and waiting on them hung the build (a few times in ten)."""
    for _ in range(10):
        workers = Workers(2)
        batch = workers.submit(nap, [60.0, 60.0, 60.0], processes=1)
        while not batch.futures[0].running():
            time.sleep(0.01)
        workers.stop()
        dropping = threading.Thread(target=batch.cancel, daemon=True)
        dropping.start()
        dropping.join(10)
        assert not dropping.is_alive(), "the stopped batch waits for ever"


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked only on Linux")
def test_workers_are_forked_only_from_a_process_without_threads() -> None:
    alone = subprocess.run([sys.executable, "-c", "from site_builder.parallel import "
                            "start_method; print(start_method())"],
                           capture_output=True, text=True, check=True)
    assert alone.stdout == "fork\n"  # as a build from the command line is
    stop = threading.Event()
    watcher = threading.Thread(target=stop.wait)  # as serve's watcher thread runs
    watcher.start()
    try:
        assert start_method() == "forkserver"
    finally:
        stop.set()
        watcher.join()


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="no CPU affinity here")
def test_the_default_is_the_cpus_this_process_may_use() -> None:
    """Not the machine's count: a container or `taskset` may allow fewer."""
    probe = ("import os; os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}); "
             "from site_builder.parallel import Workers; print(Workers().jobs)")
    one = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    assert one.stdout == "1\n"
