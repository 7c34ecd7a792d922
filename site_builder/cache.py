"""The build cache, `.site-builder-cache/` in the kit: results of the expensive pure steps,
each stored under a hash of its exact inputs and of site-builder's own code.

An entry is one file, `<kind>/<key>`, written to a temporary name and renamed, that starts
with a magic line and an HMAC-SHA256 of its payload under a secret kept outside the kit, in
the user's own cache folder: a truncated, damaged or foreign entry (a cache shipped inside
someone else's kit, crafted to put raw HTML into pages) is a miss (the build does the work
again and says so in one warning), never a stale or untrusted result.
After a good build, entries it did not use are removed, which caps the cache at one build.
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import json
import os
import secrets
import stat
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from site_builder import __version__
from site_builder.diagnostics import Diagnostic, Location

FOLDER = ".site-builder-cache"
MAGIC = b"site-builder-cache 1\n"
PACKAGE = Path(__file__).parent


def digest(*parts: str | bytes) -> str:
    """SHA-256 of `parts`, each length-prefixed so that ("ab", "c") != ("a", "bc")."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(f"{len(data)}:".encode())
        hasher.update(data)
    return hasher.hexdigest()


@cache
def code_digest() -> str:
    """site-builder's version and every file of the package (code, templates, assets): a
    cache made by other code, even an unreleased edit of this one, is never used."""
    files = sorted(p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix != ".pyc")
    return digest(__version__, *(part for p in files
                                 for part in (p.relative_to(PACKAGE).as_posix(), p.read_bytes())))


def user_secret() -> bytes | None:
    """This user's cache secret (made on first use, readable by the user alone), or None
    when it cannot be read or made: then the build runs without a cache."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    path = Path(base) / "site-builder" / "cache-secret"
    try:
        return path.read_bytes()[:64] or None
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as file:
            file.write(secrets.token_bytes(32))
        return path.read_bytes()[:64] or None
    except FileExistsError:  # another build made it meanwhile
        return path.read_bytes()[:64] or None
    except OSError:
        return None


class BuildCache:
    """The cache of one build. `enabled=False` (for `--no-cache`) reads and writes nothing."""

    def __init__(self, kit_root: Path, enabled: bool = True) -> None:
        self.folder = kit_root / FOLDER
        # A cache folder that is a link could make the build write outside the kit.
        self.secret = user_secret() if enabled else None
        self.enabled = enabled and self.secret is not None and not self.folder.is_symlink()
        self.used: set[str] = set()  # "<kind>/<key>" of every entry read or written
        self.problems = 0
        self.unwritable = ""  # why the cache could not be written or pruned, if it could not

    def key(self, kind: str, *parts: str | bytes) -> str:
        return digest(kind, code_digest(), *parts)

    def get(self, kind: str, key: str) -> bytes | None:
        """The payload stored under `key`, or None: missing, damaged or unreadable."""
        if not self.enabled:
            return None
        path = self.folder / kind / key
        try:
            data = read_regular_file(path)
        except FileNotFoundError:
            return None
        except OSError:
            self.problems += 1
            return None
        head = len(MAGIC) + 65
        payload = data[head:]
        if data[:len(MAGIC)] != MAGIC or not hmac.compare_digest(
                data[len(MAGIC):head], self._seal(payload)):
            self.problems += 1
            return None
        self.used.add(f"{kind}/{key}")
        return payload

    def put(self, kind: str, key: str, payload: bytes) -> None:
        """Store `payload` atomically; a cache that cannot be written only costs time."""
        if not self.enabled:
            return
        folder = self.folder / kind
        if folder.is_symlink():
            self.problems += 1
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=folder)
            with os.fdopen(handle, "wb") as file:
                file.write(MAGIC + self._seal(payload) + payload)
            os.replace(temporary, folder / key)
        except OSError as error:
            self.unwritable = self.unwritable or error.strerror or str(error)
            return
        self.used.add(f"{kind}/{key}")

    def _seal(self, payload: bytes) -> bytes:
        assert self.secret is not None
        return hmac.new(self.secret, payload, hashlib.sha256).hexdigest().encode() + b"\n"

    def get_json(self, kind: str, key: str) -> Any:
        payload = self.get(kind, key)
        if payload is None:
            return None
        try:
            return json.loads(payload)
        except ValueError:  # a sound checksum over bad JSON: written by other code
            self.problems += 1
            return None

    def put_json(self, kind: str, key: str, value: Any) -> None:
        self.put(kind, key, json.dumps(value, ensure_ascii=False).encode("utf-8"))

    def prune(self) -> None:
        """Remove every entry this build did not read or write. The build is published by
        then: a cache that cannot be pruned (read-only, say) is a warning."""
        if not self.enabled or not self.folder.is_dir():
            return
        try:
            self._prune()
        except OSError as error:
            self.unwritable = self.unwritable or error.strerror or str(error)

    def _prune(self) -> None:
        wanted = self.used
        for top, folders, files in os.walk(self.folder, topdown=False):
            for name in files:
                path = Path(top) / name
                if path.relative_to(self.folder).as_posix() not in wanted:
                    path.unlink(missing_ok=True)
            for name in folders:
                with_entries = Path(top) / name
                if with_entries.is_symlink():
                    with_entries.unlink()
                elif not any(with_entries.iterdir()):
                    with_entries.rmdir()

    def warnings(self) -> list[Diagnostic]:
        """At most one line, for the build's warnings."""
        damaged = (f"{self.problems} damaged, unreadable or foreign cache entries were "
                   "ignored and their results made again")
        if self.unwritable:
            done = f"{damaged}, and the" if self.problems else "the"
            return [Diagnostic(Location(FOLDER), f"{done} cache could not be written "
                               f"({self.unwritable}), so the next build makes more again; "
                               "make the folder writable, or delete it", "warning")]
        if self.problems:
            return [Diagnostic(Location(FOLDER), damaged, "warning")]
        return []


def read_regular_file(path: Path) -> bytes:
    """The bytes of `path`, which must be a regular file: a FIFO or a device in the cache
    would hang a build that read it, and a link could lead out of the kit."""
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    with os.fdopen(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        return file.read()


class JsonMemo:
    """A JSON object kept in the build cache from one build to the next, under `KIND` and
    `KEY`: `known` is what the last build kept, `found` what this one fills in; `save` keeps
    `found`, writing only when it changed (reading the entry marked it in use)."""

    KIND = KEY = ""

    def __init__(self, cache: BuildCache | None = None) -> None:
        self.cache = cache
        stored = cache.get_json(self.KIND, self.KEY) if cache else None
        self.known: dict[str, Any] = stored if isinstance(stored, dict) else {}
        self.found: dict[str, Any] = {}

    def save(self) -> None:
        if self.cache is not None and self.found != self.known:
            self.cache.put_json(self.KIND, self.KEY, self.found)
