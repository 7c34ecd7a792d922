"""Time limits on what a kit can make slow without end: a template's loops, a PDF's layout.

A kit's author cannot be trusted to write templates that end, or pages WeasyPrint lays out
quickly; `build` and `serve` must go on, and say which page or PDF took too long.
"""

from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Iterator

PAGE_SECONDS = 30.0  # one template rendered (a page, a PDF's HTML, a report's): ms as a rule


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `TimeoutError` in this (main) thread after `seconds`, where the OS allows (the
    builds of `build`, `serve` and of the worker processes all run in a main thread).

    Limits nest: inside a longer one, the shorter applies, and the outer one's time left
    runs on afterwards; inside a shorter one, the shorter one stays."""
    if not hasattr(signal, "setitimer") or seconds <= 0:
        yield
        return
    outer, _ = signal.getitimer(signal.ITIMER_REAL)
    if outer and outer <= seconds:
        yield  # the outer limit comes first
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"took longer than {seconds:g} s")

    try:
        previous = signal.signal(signal.SIGALRM, expire)
    except ValueError:  # not the main thread: no time limit
        yield
        return
    started = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
        # A library may catch the TimeoutError raised inside it and carry on: the limit
        # holds all the same.
        if time.monotonic() - started > seconds:
            raise TimeoutError(f"took longer than {seconds:g} s")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            left = outer - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))
