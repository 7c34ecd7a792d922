"""Folders made read-only, immutable or small for a test: as root (which writes through
permissions) by a read-only bind mount, `chattr +i` or a small tmpfs. Elsewhere the test is
skipped with the reason, but never under CI, whose run (`.ci/run`) is root."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def need_root(what: str) -> None:
    if os.geteuid() != 0 and os.environ.get("CI") != "true":
        pytest.skip(f"{what} needs root (a mount or chattr); CI runs it as root")


def run(*command: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{' '.join(command)}: {done.stderr.strip()}")
        pytest.skip(f"{' '.join(command)} failed here: {done.stderr.strip()}")


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """`folder` read-only, even for root: a read-only bind mount of itself."""
    need_root("a read-only folder")
    run("mount", "--bind", str(folder), str(folder))
    try:
        run("mount", "-o", "remount,ro,bind", str(folder))
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@contextlib.contextmanager
def immutable(path: Path) -> Iterator[Path]:
    """`path` and all it holds immutable (`chattr -R +i`): nothing in it renamed, removed
    or written, even by root."""
    need_root("an immutable folder")
    run("chattr", "-R", "+i", str(path))
    try:
        yield path
    finally:
        subprocess.run(["chattr", "-R", "-i", str(path)], check=True)


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` mounted on `folder` (new and empty): a disk that fills up."""
    need_root("a small disk")
    folder.mkdir(parents=True)
    run("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)
