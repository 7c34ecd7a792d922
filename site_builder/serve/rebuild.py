"""`site-builder serve`: build, serve on 127.0.0.1, rebuild on every change, reload the pages.

Each build goes to a new folder inside a private temporary folder (removed at exit), so the
kit's own output/ is never touched and a request never sees half a build: the server
switches to a build only once it is complete. A failed rebuild keeps the last good build
in service and puts its errors in the pages; a good one puts its warnings there (see
serve/http.py).
"""

from __future__ import annotations

import errno
import queue
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from types import FrameType

import click

from site_builder.build import build
from site_builder.console import print_diagnostics
from site_builder.diagnostics import Diagnostic, KitError, Location, Log, plural
from site_builder.serve.http import BuildState, DevServer, LiveSite

LOOPBACK = ("127.0.0.1", "localhost", "::1")
IGNORED_TOP = ("output", "reports")  # what `build` and `report` write into the kit
IGNORED_DIRS = ("__pycache__", "node_modules")
TEMP_SUFFIXES = ("~", ".swp", ".swo", ".swx", ".tmp", ".part", ".pyc")
KEPT_BUILDS = 2  # the current build, and the previous one for requests still reading it


def serve(kit_root: Path, host: str | None, port: int, log: Log, log_requests: bool) -> None:
    """Serve the kit until Ctrl-C; raise KitError when it cannot start."""
    kit_root = check_kit_folder(kit_root)
    site = LiveSite()
    server = open_server(host or "127.0.0.1", port, site, log_requests)
    workdir = Path(tempfile.mkdtemp(prefix="site-builder-serve-"))
    stop_on_terminate()
    thread = threading.Thread(target=server.serve_forever, args=(0.2,), daemon=True)
    watcher = Watcher(kit_root)  # before the first build, so no change made during it is lost
    try:
        builder = Builder(kit_root, workdir, log)
        site.publish(builder.rebuild(None))
        announce(server, site.state, kit_root, host)
        thread.start()
        while True:
            site.publish(builder.rebuild(watcher.next_changes()))
    except KeyboardInterrupt:
        click.echo("stopped; the temporary build folder is removed", err=True)
    finally:
        watcher.stop.set()
        site.close()
        if thread.is_alive():
            server.shutdown()
        server.server_close()
        shutil.rmtree(workdir, ignore_errors=True)


class Watcher:
    """Watches the kit in a thread of its own; the main thread takes the changes in batches."""

    def __init__(self, kit_root: Path) -> None:
        self.kit_root = kit_root
        self.stop = threading.Event()
        self.changes: queue.Queue[set[Path] | BaseException] = queue.Queue()
        threading.Thread(target=self.watch, daemon=True).start()

    def watch(self) -> None:
        import watchfiles

        try:
            # step: a save that writes several files (or writes twice) is one batch
            for batch in watchfiles.watch(self.kit_root, watch_filter=KitChanges(self.kit_root),
                                          debounce=1000, step=30, stop_event=self.stop,
                                          raise_interrupt=False):
                self.changes.put({Path(path) for _, path in batch})
        except Exception as error:  # handed to the main thread, which reports it
            self.changes.put(error)

    def next_changes(self) -> set[Path]:
        """The paths changed since the last call, waiting for at least one."""
        changed: set[Path] = set()
        while not changed:
            try:  # a timeout, so that Ctrl-C is heard while waiting
                changed |= self.take(self.changes.get(timeout=0.5))
            except queue.Empty:
                continue
        while not self.changes.empty():  # batches that came during the last build
            changed |= self.take(self.changes.get_nowait())
        return changed

    @staticmethod
    def take(item: set[Path] | BaseException) -> set[Path]:
        if isinstance(item, BaseException):
            raise item
        return item


def check_kit_folder(kit_root: Path) -> Path:
    """Refuse at once a folder that is not a kit, rather than watch, say, a home folder."""
    root = kit_root.resolve()
    if not (root / "site.yaml").is_file():
        raise KitError([Diagnostic(Location(str(kit_root)), "no site.yaml here: is this a kit "
                                   "folder? (use --kit DIR to name one)")])
    return root


def open_server(host: str, port: int, site: LiveSite, log_requests: bool) -> DevServer:
    """Listen on host:port; a port in use or a host that does not exist is a KitError.

    On a loopback address only local names are answered (see DevServer)."""
    try:
        return DevServer(host, port, site, check_host=host in LOOPBACK,
                         log_requests=log_requests)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            where, message = "--port", (f"port {port} on {host} is already in use; stop the "
                                        "program using it or choose another port with --port")
        elif error.errno == errno.EACCES:
            where, message = "--port", (f"port {port} needs special rights; choose a port above "
                                        "1023 with --port")
        else:
            where, message = "--host", f"cannot listen on {host} port {port}: {error.strerror}"
        raise KitError([Diagnostic(Location(where), message)]) from None


def announce(server: DevServer, state: BuildState, kit_root: Path, host: str | None) -> None:
    name, port = str(server.server_address[0]), server.server_address[1]
    shown = f"[{name}]" if ":" in name else name
    if host is not None and host not in LOOPBACK:
        print_diagnostics([Diagnostic(Location("--host"), f"serving on {host}: anyone who can "
                                      "reach this machine on the network can see the site",
                                      "warning")])
    status = "the kit did not build; the page lists the errors" if state.root is None else \
        "built into a temporary folder; output/ is left as it is"
    click.echo(f"serving http://{shown}:{port}/ ({status})")
    click.echo(f"watching {kit_root} for changes; press Ctrl-C to stop")


def stop_on_terminate() -> None:
    """SIGTERM stops the server as Ctrl-C does, so the temporary folder is removed."""
    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)


class KitChanges:
    """The watch filter: changes the build could read; not what builds write, not hidden
    files (.git, caches; the kit loader skips them too), not editors' temporary files."""

    def __init__(self, kit_root: Path) -> None:
        self.kit_root = kit_root

    def __call__(self, change: object, path: str) -> bool:
        try:
            parts = Path(path).relative_to(self.kit_root).parts
        except ValueError:
            return True
        if not parts:
            return True
        name = parts[-1]
        return not (
            parts[0] in IGNORED_TOP
            or any(part.startswith(".") or part in IGNORED_DIRS for part in parts)
            or name.endswith(TEMP_SUFFIXES)
            or (name.startswith("#") and name.endswith("#"))  # Emacs auto-save
            or name == "4913"  # Vim's test that it may write the folder
        )


class Builder:
    """Builds the kit again and again; knows what changed since the last good build."""

    def __init__(self, kit_root: Path, workdir: Path, log: Log) -> None:
        self.kit_root = kit_root
        self.workdir = workdir
        self.log = log
        self.count = 0
        self.good: list[Path] = []  # folders of good builds, the newest last

    def rebuild(self, changed: set[Path] | None) -> BuildState:
        """Build again; the kit's cache keeps every PDF and page whose inputs did not change,
        so a rule change costs no PDF."""
        last = self.good[-1] if self.good else None
        self.count += 1
        out = self.workdir / f"site-{self.count}"
        started = time.perf_counter()
        try:
            result = build(self.kit_root, out, self.log)
        except KitError as error:
            return self.failed(error.diagnostics, last)
        except Exception as error:  # a bug in site-builder: the server goes on
            return self.failed([Diagnostic(Location("site-builder"), f"internal error: "
                                           f"{type(error).__name__}: {error}")], last)
        print_diagnostics(result.warnings)
        if changed is not None:
            made = result.pdfs_made
            pdfs = f"{plural(made, 'PDF')} made again" if made else "PDFs unchanged"
            click.echo(f"{time.strftime('%H:%M:%S')} rebuilt in "
                       f"{time.perf_counter() - started:.2f} s ({pdfs}) after a change to "
                       f"{self.describe(changed)}", err=True)
        self.good.append(out)
        for old in self.good[:-KEPT_BUILDS]:
            shutil.rmtree(old, ignore_errors=True)
        self.good = self.good[-KEPT_BUILDS:]
        return BuildState(self.count, out, warnings=tuple(sorted(set(result.warnings))))

    def failed(self, diagnostics: Iterable[Diagnostic], last: Path | None) -> BuildState:
        found = sorted(set(diagnostics))
        print_diagnostics(found)
        serving = "still serving the last good build" if last else "nothing to serve yet"
        errors = tuple(d for d in found if d.severity == "error")
        click.echo(f"{time.strftime('%H:%M:%S')} {plural(len(errors), 'error')}; {serving}; "
                   "the page shows them until a change fixes them", err=True)
        return BuildState(self.count, last, errors,
                          tuple(d for d in found if d.severity == "warning"))

    def describe(self, changed: set[Path]) -> str:
        shown = {p for p in changed if p.exists()} or changed  # not an editor's passing file
        names = sorted(p.relative_to(self.kit_root).as_posix() if p.is_relative_to(
            self.kit_root) else str(p) for p in shown)
        return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
