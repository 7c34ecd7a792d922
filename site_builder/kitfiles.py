"""Reading a kit's files: only what lies inside the kit, under a size limit, as UTF-8,
each problem reported with the file's place."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from site_builder.diagnostics import Location, Report
from site_builder.yamlfile import YamlError, read_text

MAX_FILE_BYTES = 2_000_000


def check_links_out(root: Path, report: Report) -> None:
    """Links the reading of files one by one would not see: a kit folder, or a folder in
    one, linked from outside the kit (its files would be left out, or read from there), and
    any link among the templates, which Jinja would follow wherever it leads (a link to a
    folder inside the kit may hold links leading out)."""
    for name in ("content", "rules", "templates"):
        folder = root / name
        entries = [folder, *folder.rglob("*")] if folder.is_dir() else [folder]
        for path in entries:
            if not path.is_symlink():
                continue
            target = Path(os.path.realpath(path))  # never raises, even for a loop
            kind = "folder" if path.is_dir() else "file"
            shown = path.relative_to(root).as_posix()
            if name == "templates":
                report.error(Location(shown), f"this {kind} is a link to '{target}'; templates "
                             f"cannot be links: copy the {kind} into the kit instead")
            elif kind == "folder" and not target.is_relative_to(root):
                report.error(Location(shown), f"this folder is a link to '{target}', outside "
                             "the kit; copy the folder into the kit instead")


def files(folder: Path) -> Iterator[str]:
    """Paths of the files under `folder`, relative and with '/', hidden files skipped."""
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and not any(part.startswith(".") for part in relative.split("/")):
            yield relative


def read(root: Path, shown: str, report: Report,
          folders: dict[Path, Path] | None = None) -> str | None:
    """A kit file's text; None (reported) when it is too big, not UTF-8 or unreadable.
    `folders` keeps the folders resolved so far, for reading many files."""
    path = root / shown
    try:
        real = real_path(path, {} if folders is None else folders)
        if not real.is_relative_to(root):
            report.error(Location(shown), f"this file is a link to '{real}', outside the kit; "
                         "copy the file into the kit instead")
            return None
        if path.stat().st_size > MAX_FILE_BYTES:
            report.error(Location(shown), "this file is larger than 2 MB; split it up")
            return None
        return read_text(str(path), shown)
    except YamlError as error:
        report.extend([error.diagnostic])
    except OSError as error:
        report.error(Location(shown), f"cannot read this file: {error.strerror}")
    return None


def real_path(path: Path, folders: dict[Path, Path]) -> Path:
    """`path.resolve()`, resolving each folder once: a file that is not a link is where its
    folder really is."""
    if path.is_symlink():
        return Path(os.path.realpath(path))  # never raises, even for a loop
    folder = folders.get(path.parent)
    if folder is None:
        folder = folders[path.parent] = Path(os.path.realpath(path.parent))
    return folder / path.name
