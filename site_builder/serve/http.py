"""The dev server's HTTP side: files of the last good build, and nothing outside it.

A request target is checked byte for byte before any file is touched: it is decoded
once, segment by segment, and refused when a segment is `.` or `..`, holds a slash,
a backslash or a control character after decoding, or is hidden. The file found is
resolved (symlinks followed) and served only when it lies inside the build folder.

HTML responses are rewritten on the way out, never on disk: a reload script, the
Content-Security-Policy loosened to let it listen (`connect-src 'self'`), the overlay of
errors when the last rebuild failed, and a bar of its warnings when it had any. Our own
files live under `/.site-builder/`, a hidden folder, which a kit cannot produce (hidden
files are never published).
"""

from __future__ import annotations

import html
import http.server
import os
import re
import socket
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final, cast
from urllib.parse import unquote_to_bytes

from site_builder.console import print_diagnostics
from site_builder.diagnostics import Diagnostic, Location
from site_builder.render.offline import WORKER_URL

PREFIX = "/.site-builder/"
ASSETS = Path(__file__).parent / "assets"
OWN_FILES: Final[Mapping[str, Path]] = {"reload.js": ASSETS / "reload.js",
                                        "overlay.css": ASSETS / "overlay.css"}
# Answered for the site's service worker: a worker left on this address by a published copy
# of a site would answer from its cache and hide each rebuild; this one removes itself.
RETIRE_WORKER = ASSETS / "retire-worker.js"
LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")
IDLE_SECONDS = 5.0
TYPES: Final[Mapping[str, str]] = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".json": "application/json",
    ".pdf": "application/pdf", ".svg": "image/svg+xml", ".png": "image/png",
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
    ".ico": "image/x-icon", ".woff2": "font/woff2", ".woff": "font/woff",
    ".txt": "text/plain; charset=utf-8", ".xml": "application/xml",
}
CSP_META = re.compile(r"<meta\b[^>]*http-equiv\s*=\s*[\"']?content-security-policy[^>]*>", re.I)
CONTENT_ATTR = re.compile(r"(\bcontent\s*=\s*)(\"[^\"]*\"|'[^']*')", re.I)
HEAD_END = re.compile(r"</head\s*>", re.I)
BODY_START = re.compile(r"<body\b[^>]*>", re.I)


@dataclass(frozen=True)
class BuildState:
    """What the server shows: the last good build (None before the first one), the
    errors of the latest build (empty when it succeeded) and its warnings (the rule
    checks', which do not stop a build). `generation` counts builds."""

    generation: int
    root: Path | None
    errors: tuple[Diagnostic, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()


class LiveSite:
    """The current build state, shared between the builder and the request threads."""

    def __init__(self) -> None:
        self._state = BuildState(0, None)
        self._changed = threading.Condition()
        self.closed = False

    @property
    def state(self) -> BuildState:
        return self._state

    def publish(self, state: BuildState) -> None:
        with self._changed:
            self._state = state
            self._changed.notify_all()

    def wait(self, seen: int, timeout: float) -> BuildState:
        """The state once its generation differs from `seen`, or after `timeout` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self.closed or self._state.generation != seen,
                                   timeout)
            return self._state

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()


class DevServer(http.server.ThreadingHTTPServer):
    """A thread per connection, so a slow client holds up no other."""

    daemon_threads = True  # an open event stream must not keep the process alive
    # Connections waiting to be accepted: a room of browsers opening the site at once
    # (the default, 5, made the kernel drop the rest and the browsers retry for seconds).
    request_queue_size = 128

    def __init__(self, host: str, port: int, site: LiveSite, check_host: bool,
                 log_requests: bool) -> None:
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), RequestHandler)
        self.site = site
        self.log_requests = log_requests
        port = self.server_address[1]
        # DNS rebinding: a page on another site may resolve its own name to 127.0.0.1, but
        # its requests still name that site in Host; only local names are answered.
        self.local_hosts = {f"{name}:{port}" for name in LOCAL_NAMES} if check_host else None
        if self.local_hosts is not None and port == 80:
            self.local_hosts |= set(LOCAL_NAMES)

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that went away mid-answer is no news; anything else is a bug in
        site-builder, said in one line, not socketserver's traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, OSError):
            return
        print_diagnostics([Diagnostic(Location("site-builder"), f"internal error while "
                                      f"answering a request: {type(error).__name__}: {error}")])


def site_path(target: str) -> tuple[str, ...] | None:
    """The decoded path segments of a request target, or None when it must be refused.

    A last segment of "" means the target names a folder."""
    if not target.startswith("/") or target.startswith("//"):
        return None  # absolute-form, authority-form or '*'
    path = target.split("?", 1)[0].split("#", 1)[0]
    raw = path[1:].split("/")
    segments = []
    for index, part in enumerate(raw):
        try:
            name = unquote_to_bytes(part).decode("utf-8")  # decoded once, never again
        except UnicodeDecodeError:
            return None
        if name == "" and index != len(raw) - 1:
            return None
        if name in (".", "..") or any(c in "/\\" or ord(c) < 32 or ord(c) == 127 for c in name):
            return None
        segments.append(name)
    return tuple(segments)


def find_file(root: Path, segments: tuple[str, ...]) -> Path | str | None:
    """The file to serve, "redirect" for a folder named without its slash, or None."""
    if any(name.startswith(".") for name in segments):
        return None  # hidden: the build marker, a staging folder
    base = Path(os.path.realpath(root))
    real = Path(os.path.realpath(base.joinpath(*segments)))
    if not real.is_relative_to(base):
        return None  # a symlink that leads outside the build
    if real.is_dir():
        if segments and segments[-1] != "":
            return "redirect"
        index = Path(os.path.realpath(real / "index.html"))
        return index if index.is_relative_to(base) and index.is_file() else None
    if real.is_file() and (not segments or segments[-1] != ""):
        return real
    return None


def loosen_csp(policy: str) -> str:
    """The policy with `'self'` allowed to connect, for the reload channel."""
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    names = [d.split()[0].lower() for d in directives]
    if "connect-src" in names:
        index = names.index("connect-src")
    elif "default-src" in names:
        index = len(directives)
        directives.append("connect-src " + " ".join(directives[names.index("default-src")]
                                                    .split()[1:]))
    else:
        return policy  # connecting is not restricted
    sources = [s for s in directives[index].split()[1:] if s != "'none'"]
    if "'self'" not in sources:
        sources.append("'self'")
    directives[index] = "connect-src " + " ".join(sources)
    return "; ".join(directives)


def _loosen_meta(match: re.Match[str]) -> str:
    def attribute(found: re.Match[str]) -> str:
        policy = loosen_csp(html.unescape(found.group(2)[1:-1]))
        escaped = html.escape(policy, quote=False).replace('"', "&quot;")
        return f'{found.group(1)}"{escaped}"'

    return CONTENT_ATTR.sub(attribute, match.group(0), count=1)


def _items(diagnostics: tuple[Diagnostic, ...]) -> str:
    return "".join(f"<li><code>{html.escape(str(d), quote=False)}</code></li>"
                   for d in diagnostics)


def overlay_html(errors: tuple[Diagnostic, ...]) -> str:
    return (
        '<section class="sb-overlay" role="alert" aria-labelledby="sb-overlay-title">'
        '<h2 id="sb-overlay-title">The kit did not build</h2>'
        "<p>This page shows the last good build. Fix the problems below and save: the page "
        "reloads by itself.</p>"
        f'<ul class="sb-overlay-list">{_items(errors)}</ul>'
        '<button type="button" class="sb-overlay-close" hidden>Hide</button></section>'
    )


def warnings_html(warnings: tuple[Diagnostic, ...]) -> str:
    """The warnings, as a bar that opens into a list: the page is up to date and usable,
    so they stay out of its way until asked for (errors cover it: it is out of date)."""
    count = f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
    return (
        '<details class="sb-warnings"><summary>'
        f'<span class="sb-warnings-title">The kit built, with {count}</span></summary>'
        "<p>This page is up to date: warnings do not stop the build. Each says what the "
        "rule checks found and how to fix it; save, and the page reloads by itself.</p>"
        f'<ul class="sb-overlay-list">{_items(warnings)}</ul></details>'
    )


def rewrite_html(page: str, state: BuildState) -> str:
    """A page as serve shows it: the reload script, the loosened CSP, the overlay of
    errors, the bar of warnings."""
    head = (f'<script src="{PREFIX}reload.js" data-build="{state.generation}" defer></script>')
    if state.errors or state.warnings:
        head += f'<link rel="stylesheet" href="{PREFIX}overlay.css">'
    page = CSP_META.sub(_loosen_meta, page)
    page, found = HEAD_END.subn(lambda m: head + m.group(0), page, count=1)
    if not found:
        page = head + page
    shown = (overlay_html(state.errors) if state.errors else "") + \
        (warnings_html(state.warnings) if state.warnings else "")
    if shown:
        page, found = BODY_START.subn(lambda m: m.group(0) + shown, page, count=1)
        if not found:
            page += shown
    return page


ERROR_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; \
style-src 'self'; connect-src 'none'; base-uri 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>The kit did not build · site-builder</title>
</head>
<body class="sb-error-page">
</body>
</html>
"""


class RequestHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Seconds a connection may stay silent (half a request, an idle keep-alive) or refuse
    # to read before it is closed: a slow or stuck client never holds a thread for ever.
    timeout = IDLE_SECONDS
    server_version = "site-builder"

    def version_string(self) -> str:
        return self.server_version

    @property
    def dev(self) -> DevServer:
        return cast(DevServer, self.server)

    def do_GET(self) -> None:
        self.answer(body=True)

    def do_HEAD(self) -> None:
        self.answer(body=False)

    def refuse_method(self) -> None:
        self.send_text(405, "only GET and HEAD are served", body=True, allow="GET, HEAD")

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = refuse_method

    def answer(self, body: bool) -> None:
        hosts = self.headers.get_all("Host") or []
        if self.dev.local_hosts is not None and (
                len(hosts) != 1 or hosts[0].lower() not in self.dev.local_hosts):
            self.send_text(400, "this server answers only to 127.0.0.1, localhost or [::1] "
                           "with its port in the Host header", body)
            return
        if self.path.startswith(PREFIX):
            self.serve_own(self.path[len(PREFIX):].split("?", 1)[0], body)
            return
        segments = site_path(self.path)
        if segments is None:
            self.send_text(400, "bad request path", body)
            return
        if segments == (WORKER_URL,):  # even before the first build has succeeded
            self.send_bytes(200, TYPES[".js"], RETIRE_WORKER.read_bytes(), body)
            return
        state = self.dev.site.state
        if state.root is None:
            page = rewrite_html(ERROR_PAGE, state)
            self.send_bytes(503, TYPES[".html"], page.encode("utf-8"), body)
            return
        found = find_file(state.root, segments)
        if found == "redirect":
            self.send_response(301)
            self.send_header("Location", self.path.split("?", 1)[0] + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif isinstance(found, Path):
            self.serve_file(found, state, body)
        elif segments == ("favicon.ico",):
            # Browsers ask for it unbidden; a site without one should not log a 404.
            self.send_bytes(204, "image/x-icon", b"", body=False)
        else:
            self.send_text(404, "not found", body)

    def serve_file(self, path: Path, state: BuildState, body: bool) -> None:
        try:
            data = path.read_bytes()
        except OSError:  # removed by a newer build between finding and reading it
            self.send_text(404, "not found", body)
            return
        kind = TYPES.get(path.suffix.lower(), "application/octet-stream")
        if path.suffix.lower() == ".html":
            data = rewrite_html(data.decode("utf-8", "replace"), state).encode("utf-8")
        self.send_bytes(200, kind, data, body)

    def serve_own(self, name: str, body: bool) -> None:
        if name == "events":
            self.stream_events(body)
        elif name in OWN_FILES:
            path = OWN_FILES[name]
            self.send_bytes(200, TYPES[path.suffix], path.read_bytes(), body)
        else:
            self.send_text(404, "not found", body)

    def stream_events(self, body: bool) -> None:
        """Server-Sent Events: the build generation now, then at every rebuild."""
        self.send_response(200)
        self.send_common_headers("text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if not body:
            return
        seen = -1
        site = self.dev.site
        try:
            self.wfile.write(b"retry: 500\n\n")
            while not site.closed:
                state = site.wait(seen, timeout=15)
                if state.generation != seen:
                    seen = state.generation
                    self.wfile.write(f"data: {seen}\n\n".encode())
                else:
                    self.wfile.write(b": still here\n\n")  # finds closed connections
                self.wfile.flush()
        except OSError:
            return  # the page went away

    def send_text(self, status: int, message: str, body: bool, allow: str = "") -> None:
        self.close_connection = True
        extra = {"Allow": allow} if allow else {}
        self.send_bytes(status, TYPES[".txt"], f"{status} {message}\n".encode(), body, extra)

    def send_bytes(self, status: int, kind: str, data: bytes, body: bool,
                   extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_common_headers(kind)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)

    def send_common_headers(self, kind: str) -> None:
        self.send_header("Content-Type", kind)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")

    def log_message(self, format: str, *args: object) -> None:
        if self.dev.log_requests:
            super().log_message(format, *args)
