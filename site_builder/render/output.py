"""The output folder: checked before a build, written by the renderers (every file claimed
once, nothing outside it), then swapped into place whole."""

from __future__ import annotations

import ctypes
import errno
import fcntl
import functools
import os
import posixpath
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_builder.diagnostics import Diagnostic, KitError, Location, Problems
from site_builder.kit.files import SOURCE_DIRS

MARKER = ".site-builder-output"  # left in every folder a build writes


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

    def __init__(self, root: Path, report: Problems, previous: PreviousOutput | None = None
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


def check_output_folder(kit_root: Path, out: Path, marker: str = MARKER) -> Path:
    """The output folder, resolved; refused when replacing it could lose someone's work.

    A folder that is not empty must hold `marker`, the file site-builder leaves in the
    folders it writes (the build's, or the reports').
    """
    target = out.resolve()
    kit_root = kit_root.resolve()

    def refuse(message: str) -> KitError:
        return KitError([Diagnostic(Location(str(out)), message)])

    if target == kit_root or target in kit_root.parents:
        raise refuse("the output folder would contain the kit itself; choose another --out")
    for name in SOURCE_DIRS:
        source = kit_root / name
        if target == source or source in target.parents:
            raise refuse(f"the output folder is inside the kit's {name}/ folder; "
                         "choose another --out")
    if target.exists() and not target.is_dir():
        raise refuse("the output path is a file, not a folder")
    if (target / ".git").exists():
        raise refuse("the output folder holds a .git repository; choose another --out")
    if target.is_dir() and any(target.iterdir()) and not (target / marker).exists():
        raise refuse("the output folder is not empty and was not made by site-builder; "
                     "choose an empty or new folder, so nothing of yours is replaced")
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def unwritable(target: Path, error: OSError) -> Diagnostic:
    """The one line for a build that could not write its output: which folder, and what to do."""
    reason = error.strerror or str(error)
    if error.errno == errno.ENOSPC or error.errno == errno.EDQUOT:
        fix = "free some space on its disk, or choose another --out, and build again"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        fix = (f"make it and {target.parent} writable (not read-only or immutable), or "
               "choose another --out, and build again")
    else:
        fix = "check the folder and its disk, or choose another --out, and build again"
    where = f" ({error.filename})" if error.filename else ""
    return Diagnostic(Location(str(target)),
                      f"cannot write the new build here: {reason}{where}; {fix}")


def publish(staging: Path, target: Path) -> None:
    """Swap the finished build into place whole: `target` is the old build or the new one
    at every moment, even if this process is killed; then remove the old one."""
    if not target.exists():
        os.rename(staging, target)
        return
    previous = swap(staging, target)
    shutil.rmtree(previous, ignore_errors=True)
    release_folder(previous)


def swap(staging: Path, target: Path) -> Path:
    """Put `staging` in `target`'s place; where the previous build now is. On Linux one
    call exchanges the two folders; elsewhere, two renames, and a process killed between
    them leaves the previous build set aside, which `tidy_output` puts back."""
    try:
        exchange(staging, target)
        return staging
    except OSError as error:
        if error.errno not in UNSUPPORTED:
            raise
    old = set_aside(target)
    try:
        os.rename(staging, target)
    except OSError:
        os.rename(old / target.name, target)  # put the previous output back
        raise
    return old


def set_aside(target: Path) -> Path:
    """Move `target` into a new hidden folder beside it, which this process locks."""
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    lock_folder(old)
    os.rename(target, old / target.name)
    return old


UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # linux/fs.h


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a libc older than glibc 2.28, or none
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def exchange(first: Path, second: Path) -> None:
    """Swap two paths in one step (Linux's renameat2 with RENAME_EXCHANGE); an OSError whose
    errno is in `UNSUPPORTED` where the system or the file system cannot."""
    function = _renameat2()
    if function is None:
        raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS))
    if function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                _RENAME_EXCHANGE) != 0:
        number = ctypes.get_errno()
        raise OSError(number, os.strerror(number), str(second))


# Folders a build holds (its staging folder, the previous build set aside) are locked with
# flock for as long as it runs: the kernel drops the lock when the process dies, however it
# dies, so a folder whose lock can be taken was left by a build that is gone.
_held: dict[Path, int] = {}


def lock_folder(folder: Path) -> None:
    """Hold `folder` for this process, until `release_folder` or the process ends."""
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(handle, fcntl.LOCK_EX)
    _held[folder] = handle


def release_folder(folder: Path) -> None:
    handle = _held.pop(folder, None)
    if handle is not None:
        os.close(handle)


def abandoned(folder: Path) -> bool:
    """True when no running build holds `folder`."""
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
    finally:
        os.close(handle)


def tidy_output(target: Path) -> None:
    """Undo what a killed build left beside `target`: a previous build set aside between
    the two renames goes back in place (when `target` is missing), and staging folders
    and set-aside builds no running build holds are removed."""
    parent = target.parent
    if not parent.is_dir():
        return
    for old in sorted(parent.glob(f".{target.name}.old-*")):
        if not abandoned(old):
            continue
        if not target.exists() and (old / target.name).is_dir():
            os.rename(old / target.name, target)
        shutil.rmtree(old, ignore_errors=True)
    for staging in parent.glob(f".{target.name}.building-*"):
        if abandoned(staging):
            shutil.rmtree(staging, ignore_errors=True)
