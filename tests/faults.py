"""Builds run as a user runs them, in a process of their own, for the tests that kill,
interrupt or starve them: what the output folder holds, and what was left beside it."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from tests.kits import ROOT

LEFTOVERS = (".output.building-*", ".output.old-*")


def snapshot(folder: Path) -> dict[str, str]:
    """Every file of `folder` and its hash; {} when there is no folder."""
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(kit: Path) -> list[str]:
    return sorted(p.name for pattern in LEFTOVERS for p in kit.glob(pattern))


def site_builder(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`site-builder ARGS`, as installed."""
    return subprocess.run([sys.executable, "-m", "site_builder", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=timeout, env=env())


def faulty_build(moment: str, signal_name: str, *args: str, exchange: bool = True
                 ) -> subprocess.CompletedProcess[str]:
    """`site-builder build ARGS`, sent SIG`signal_name` at `moment` (tests/fault_build.py)."""
    options = [] if exchange else ["--no-exchange"]
    return subprocess.run([sys.executable, "-m", "tests.fault_build", *options, moment,
                           signal_name, "--", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, env=env())


def env() -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1", "PYTHONWARNINGS": "default"}


def edit_a_printed_page(kit: Path) -> None:
    """A change to a page that is also a PDF: the next build makes a PDF again."""
    guide = kit / "content" / "facilitator-guide.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nOne more line for this build.\n",
                     encoding="utf-8")


def add_printed_pages(kit: Path, count: int) -> None:
    """`count` more pages printed as PDFs: enough PDFs to make and the build shares them
    out to worker processes."""
    for number in range(count):
        (kit / "content" / f"extra-{number}.md").write_text(
            f"---\ntitle: Extra sheet {number}\nprint: true\n---\n\n# Extra sheet {number}\n\n"
            "A page printed for the fault tests.\n", encoding="utf-8")


def processes_mentioning(text: str) -> list[int]:
    """The processes whose command line holds `text` (a test's own folder, say)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if text.encode() in command:
                found.append(int(entry.name))
    return found
