"""The output folder as the renderers see it: every file claimed once, nothing outside it."""

from __future__ import annotations

import os
import posixpath
import shutil
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_builder.diagnostics import Location, Report


@dataclass(frozen=True)
class PreviousOutput:
    """The last published build, as its manifest describes it: for each file made from a
    key (a hash of its inputs), the key and the size and time it was written with."""

    root: Path
    files: Mapping[str, tuple[str, int, int]] = field(default_factory=dict)

    @classmethod
    def from_manifest(cls, manifest: Any) -> PreviousOutput | None:
        try:
            files = {str(url): (str(key), int(size), int(mtime))
                     for url, (key, size, mtime) in manifest["files"].items()}
            return cls(Path(manifest["out"]), files)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None


class SiteOutput:
    """Writes files into `root` by site URL; a URL claimed twice is reported, not overwritten.

    A file whose key matches the `previous` build's is hard-linked from it, not written:
    the same inputs made the same bytes, and a rebuild then costs one link per file."""

    def __init__(self, root: Path, report: Report, previous: PreviousOutput | None = None
                 ) -> None:
        self.root = root
        self.report = report
        self.previous = previous
        self.written: list[Path] = []
        self.reused = 0
        self.keys: dict[str, str] = {}  # url -> key, for the files made from one
        self._owners: dict[str, Location] = {}
        self._folders: set[Path] = set()  # made already

    def claim(self, url: str, origin: Location, what: str) -> Path | None:
        """The file for `url`, or None (with a diagnostic) when it is taken or leaves the output."""
        normal = posixpath.normpath(url)
        if normal.startswith(("../", "/")) or normal in ("..", "."):
            self.report.error(origin, f"{what} would be written outside the output folder: '{url}'")
            return None
        if normal in self._owners:
            other = self._owners[normal]
            self.report.error(
                origin, f"{what} would overwrite '{normal}', already written for {other}; "
                "rename one of them",
            )
            return None
        self._owners[normal] = origin
        path = self.root / normal
        if path.parent not in self._folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)
        return path

    def write_text(self, url: str, text: str, origin: Location, what: str) -> None:
        path = self.claim(url, origin, what)
        if path is not None:
            path.write_text(text, encoding="utf-8")
            self.written.append(path)

    def wrote(self, url: str, path: Path, key: str) -> None:
        """Record the file for `url`, claimed here and written from its `key`'s inputs (by a
        worker process, say), for the next build to reuse."""
        self.written.append(path)
        self.keys[url] = key

    def had(self, url: str) -> bool:
        """True when the previous build wrote a file for `url` from a key (which `reuse`
        may then compare)."""
        return self.previous is not None and url in self.previous.files

    def reuse(self, url: str, key: str, origin: Location, what: str) -> bool:
        """Link the previous build's file for `url` when it was made from the same key and
        is still as it was written; False when it must be made again."""
        known = self.previous.files.get(url) if self.previous else None
        if self.previous is None or known is None or known[0] != key:
            return False
        source = self.previous.root / url
        try:
            found = os.stat(source, follow_symlinks=False)
        except OSError:
            return False
        if not stat.S_ISREG(found.st_mode) or (found.st_size, found.st_mtime_ns) != known[1:]:
            return False
        path = self.claim(url, origin, what)
        if path is None:
            return True  # reported
        try:
            os.link(source, path)
        except OSError:  # another file system, say: make it again
            del self._owners[posixpath.normpath(url)]
            return False
        self.written.append(path)
        self.keys[url] = key
        self.reused += 1
        return True

    def manifest(self) -> dict[str, Any]:
        """What the next build needs to reuse this one's files once it is published."""
        files = {}
        for url, key in self.keys.items():
            found = os.stat(self.root / url)
            files[url] = [key, found.st_size, found.st_mtime_ns]
        return {"files": files}

    def copy(self, url: str, source: Path, origin: Location, what: str) -> None:
        path = self.claim(url, origin, what)
        if path is not None:
            shutil.copyfile(source, path)
            self.written.append(path)


def inside(path: Path, folder: Path) -> bool:
    """True when `path`, with every symlink resolved, lies inside `folder`."""
    real = Path(os.path.realpath(path))
    return real.is_relative_to(Path(os.path.realpath(folder)))
