"""Small helpers shared by the benchmarks: the machine's description, timing summaries,
tools run in alternating order, and Markdown tables.

Import it from a benchmark script (benchmarks/ is on sys.path when a script in it runs):

    from harness import alternate, machine, summary, table
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple


class Sample(NamedTuple):
    """A summary of repeated timings (or any repeated measure), in the caller's unit."""

    median: float
    min: float
    max: float
    p95: float


def summary(times: Sequence[float]) -> Sample:
    """Median, min, max and 95th percentile (nearest rank, so it is one of the values)."""
    if not times:
        raise ValueError("summary() needs at least one value")
    ordered = sorted(times)
    rank = max(0, -(-95 * len(ordered) // 100) - 1)  # ceil(0.95 n) - 1
    return Sample(statistics.median(ordered), ordered[0], ordered[-1], ordered[rank])


def alternate(runs: int, tools: Mapping[str, Callable[[], float | None]],
              log: Callable[[str], None] | None = None) -> dict[str, list[float]]:
    """Run each tool `runs` times, all tools once per round, rotating the order each round
    so that no tool always runs first (on a cold cache) or always after the same neighbour.

    A tool returns its own measure (seconds, bytes...) or None to be timed by wall clock.
    """
    names = list(tools)
    results: dict[str, list[float]] = {name: [] for name in names}
    for number in range(runs):
        shift = number % len(names) if names else 0
        for name in names[shift:] + names[:shift]:
            started = time.perf_counter()
            value = tools[name]()
            results[name].append(time.perf_counter() - started if value is None else value)
            if log:
                log(f"round {number + 1}/{runs} {name}: {results[name][-1]:.3f}")
    return results


def table(rows: Sequence[Sequence[object]], columns: Sequence[str],
          right: Sequence[int] = ()) -> str:
    """A Markdown table; the column numbers in `right` are right-aligned."""
    cells = [[str(cell) for cell in row] for row in rows]
    rules = ["---:" if index in right else "---" for index in range(len(columns))]
    lines = [columns, rules, *cells]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as file:
            for line in file:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram() -> str:
    try:
        with open("/proc/meminfo", encoding="utf-8") as file:
            for line in file:
                if line.startswith("MemTotal:"):
                    return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _os() -> str:
    try:
        with open("/etc/os-release", encoding="utf-8") as file:
            fields = dict(line.rstrip("\n").split("=", 1) for line in file if "=" in line)
        return fields.get("PRETTY_NAME", "").strip('"') + f" (Linux {platform.release()})"
    except OSError:
        return platform.platform()


def machine(tools: Mapping[str, str] | None = None) -> dict[str, str]:
    """What the figures were measured on; `tools` adds versions the caller knows."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    details = {
        "CPU": _cpu_model(),
        "cores": str(os.cpu_count()),
        "RAM": _ram(),
        "OS": _os(),
        "Python": platform.python_version(),
        "load average": " / ".join(f"{value:.2f}" for value in load),
        "measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    details.update(tools or {})
    return details
