"""Reading a kit's files: only what lies inside the kit, under a size limit, as UTF-8,
each problem reported with the file's place."""

from __future__ import annotations

import os
from pathlib import Path

from site_builder.diagnostics import Location, Problems
from site_builder.kit.text import NotTextError, read_text_file

MAX_FILE_BYTES = 2_000_000
SOURCE_DIRS = ("content", "rules", "templates")  # the kit's own folders


def check_templates(root: Path, report: Problems) -> None:
    """No template may be a link, wherever it leads: Jinja would follow it, and a link to a
    folder inside the kit may hold links leading out of it."""
    folder = root / "templates"
    for path in [folder, *folder.rglob("*")] if folder.is_dir() else [folder]:
        if path.is_symlink():
            kind = "folder" if path.is_dir() else "file"
            report.error(Location(path.relative_to(root).as_posix()),
                         f"this {kind} is a link to '{os.path.realpath(path)}'; templates "
                         f"cannot be links: copy the {kind} into the kit instead")


def files(root: Path, folder: str, report: Problems) -> list[str]:
    """The files under `root/folder`, relative to it and with '/', sorted, hidden ones left
    out. A folder there that is a link leading out of the kit is reported: the walk does
    not follow links, so its files would be left out without a word."""
    base = root / folder
    if not base.is_dir():
        return []
    found = []
    for path in (base, *base.rglob("*")):
        relative = path.relative_to(base).as_posix()
        if path != base and any(part.startswith(".") for part in relative.split("/")):
            continue
        if path.is_symlink() and path.is_dir():
            target = Path(os.path.realpath(path))  # never raises, even for a loop
            if not target.is_relative_to(root):
                report.error(Location(path.relative_to(root).as_posix()), f"this folder is a "
                             f"link to '{target}', outside the kit; copy the folder into the "
                             "kit instead")
                if path == base:
                    return []
        elif path.is_file():
            found.append(relative)
    return sorted(found)


def read(root: Path, shown: str, report: Problems,
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
        return read_text_file(path, shown)
    except NotTextError as error:
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
