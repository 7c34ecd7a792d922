"""The output folder as the renderers see it: every file claimed once, nothing outside it."""

from __future__ import annotations

import os
import posixpath
import shutil
from pathlib import Path

from site_builder.diagnostics import Location, Report


class SiteOutput:
    """Writes files into `root` by site URL; a URL claimed twice is reported, not overwritten."""

    def __init__(self, root: Path, report: Report) -> None:
        self.root = root
        self.report = report
        self.written: list[Path] = []
        self._owners: dict[str, Location] = {}

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
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def write_text(self, url: str, text: str, origin: Location, what: str) -> None:
        path = self.claim(url, origin, what)
        if path is not None:
            path.write_text(text, encoding="utf-8")
            self.written.append(path)

    def copy(self, url: str, source: Path, origin: Location, what: str) -> None:
        path = self.claim(url, origin, what)
        if path is not None:
            shutil.copyfile(source, path)
            self.written.append(path)


def inside(path: Path, folder: Path) -> bool:
    """True when `path`, with every symlink resolved, lies inside `folder`."""
    real = Path(os.path.realpath(path))
    return real.is_relative_to(Path(os.path.realpath(folder)))
