"""The site's service worker: the last file of a build, since it lists the others.

`service-worker.js`, at the site's root, is the worker's script (`service-worker.js` beside
this module) after two lines: `BUILD`, a hash of every file of the build (its path and its
bytes), which names the phone's cache, so a new build replaces it and an unchanged rebuild
writes the same bytes; and `PRECACHE`, the files a phone stores at its first visit.

What is stored at once is bounded, for a phone on a room's Wi-Fi: a site of at most
`MAX_FILES` files and `MAX_BYTES` is stored whole. A larger one stores its essentials (the
assets, every `index.html`, the self-assessments, the print materials page and 404), then
its PDFs too if they fit the same bounds; any other file is stored the first time it is
opened. `assets/offline.js` registers the worker, over http(s) only. Each file is hashed
once: a file linked unchanged from the last build keeps the digest the cache holds for it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from site_builder.cache import BuildCache, JsonMemo
from site_builder.diagnostics import Location
from site_builder.kit.urls import url_path
from site_builder.model import Kit
from site_builder.render.output import SiteOutput

WORKER_URL = "service-worker.js"
WORKER_SOURCE = Path(__file__).with_name("service-worker.js")
MAX_FILES = 500
MAX_BYTES = 30 * 1024 * 1024
# Pages a participant needs whatever the site's size, besides every index.html and the
# self-assessments (under a checklists/ folder).
ESSENTIAL_PAGES = frozenset({"materials.html", "facilitators.html", "404.html"})


@dataclass(frozen=True)
class SiteFile:
    path: str  # relative to the site's root, with '/'
    size: int
    digest: str  # sha256 of its bytes


class FileDigests(JsonMemo):
    """The digests of the last build's files, kept in the build cache with the inode, size
    and time each file had: a file linked unchanged into this build (the same three) is not
    read again, so a rebuild of a large site hashes only what it wrote anew."""

    KIND, KEY = "offline", "digests"

    def __init__(self, cache: BuildCache | None = None) -> None:
        super().__init__(cache)
        self.read = 0  # files hashed this time

    def digest(self, relative: str, path: Path) -> tuple[int, str]:
        """The file's size and the sha256 of its bytes."""
        found = path.stat()
        seen = [found.st_ino, found.st_size, found.st_mtime_ns]
        known = self.known.get(relative)
        if isinstance(known, list) and len(known) == 4 and known[:3] == seen:
            value = str(known[3])
        else:
            with path.open("rb") as handle:
                value = hashlib.file_digest(handle, "sha256").hexdigest()
            self.read += 1
        self.found[relative] = [*seen, value]
        return found.st_size, value



def write_service_worker(kit: Kit, output: SiteOutput,
                         digests: FileDigests | None = None) -> tuple[int, int]:
    """Write `service-worker.js` for every file now in `output.root`; problems go to
    `output.report`. The number of files stored at the first visit, and of all files."""
    if WORKER_URL in kit.static_files:
        output.report.error(Location(f"content/{WORKER_URL}"),
                            f"'{WORKER_URL}' is the name of the site's own file that keeps the "
                            "site on phones for use offline; rename this file")
        return 0, 0
    digests = digests or FileDigests()
    files = site_files(output.root, digests)
    digests.save()
    stored = precached(files, tuple(f"{code}/" for code in kit.languages[1:]))
    output.write_text(WORKER_URL, worker_script(files, stored), Location("<built-in>"),
                      "the offline service worker")
    return len(stored), len(files)


def site_files(root: Path, digests: FileDigests) -> list[SiteFile]:
    """Every file of the site, by path; hidden files and folders (the build's marker) are
    not published content."""
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in names:
            path = Path(folder, name)
            relative = path.relative_to(root).as_posix()
            if name.startswith(".") or relative == WORKER_URL:
                continue
            found.append(SiteFile(relative, *digests.digest(relative, path)))
    return sorted(found, key=lambda file: file.path)


def build_key(files: Iterable[SiteFile]) -> str:
    """A hash of the build: each file's path and bytes, in path order."""
    whole = hashlib.sha256()
    for file in files:
        whole.update(f"{file.path}\0{file.digest}\n".encode())
    return whole.hexdigest()[:20]


def precached(files: Sequence[SiteFile], folders: Sequence[str] = ()) -> list[SiteFile]:
    """The files a phone stores at its first visit: all of them within the bounds; else
    the essentials, and the PDFs when they fit too. `folders` are the translations' ("fr/"):
    each language's essentials are essential."""
    if fits(files):
        return list(files)
    essential = [file for file in files if is_essential(file.path, folders)]
    with_pdfs = essential + [file for file in files if file.path.lower().endswith(".pdf")
                             and not is_essential(file.path, folders)]
    return sorted(with_pdfs if fits(with_pdfs) else essential, key=lambda file: file.path)


def fits(files: Sequence[SiteFile]) -> bool:
    return len(files) <= MAX_FILES and sum(file.size for file in files) <= MAX_BYTES


def is_essential(path: str, folders: Sequence[str] = ()) -> bool:
    folder = next((f for f in folders if path.startswith(f)), "")
    path = path[len(folder):]  # a translation's pages are essential as the source's are
    parts = PurePosixPath(path).parts
    return (parts[0] == "assets" or parts[-1] == "index.html" or path in ESSENTIAL_PAGES
            or "checklists" in parts[:-1])


def worker_script(files: Sequence[SiteFile], stored: Sequence[SiteFile]) -> str:
    urls = [url_path(file.path) for file in stored]
    return (f"// Written by site-builder: the build this worker keeps, and what it stores "
            f"at once.\nvar BUILD = {json.dumps(build_key(files))};\n"
            f"var PRECACHE = {json.dumps(urls, indent=0)};\n\n"
            + WORKER_SOURCE.read_text(encoding="utf-8"))
