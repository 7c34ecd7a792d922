"""The service worker in Chromium: over HTTP a first visit stores the site, which then opens
with the network off (every page, the assessment, a PDF); a new build replaces it; from
the disk and under `site-builder serve` no worker is registered.

"Network off" is both Playwright's offline mode and a server that stops answering (it
closes every connection unanswered), so nothing can reach the files but the phone's cache.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import http.server
import re
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from site_builder.build import build
from site_builder.kit.urls import url_path
from site_builder.render.offline import WORKER_URL
from tests.browser.pages import SUB_PATH
from tests.devserver import edit, start_server
from tests.kits import MINIMAL

CHANGED_PAGE = "two-kinds-of-support.html"
OLD_HEADING = "# Instrumental and psychosocial support"
NEW_HEADING = "Two kinds of support, rewritten for this test"
CACHES = """async () => {
  const names = (await caches.keys()).filter(name => name.startsWith("site-builder "));
  const stored = {};
  for (const name of names) {
    stored[name] = (await (await caches.open(name)).keys()).map(request => request.url);
  }
  return stored;
}"""
# "activated" once the worker has stored the site and taken over; else what became of it
# (an install that fails leaves no registration: "none").
ACTIVE = """async () => {
  for (let tries = 0; tries < 300; tries++) {
    const found = await navigator.serviceWorker.getRegistration();
    const worker = found && (found.installing || found.waiting || found.active);
    if (worker && worker === found.active && worker.state === "activated") return "activated";
    if (!found && tries > 20) return "none";
    await new Promise(done => setTimeout(done, 50));
  }
  return "timed out";
}"""
STORED_BYTES = """async url => {
  const response = await caches.match(url);
  const digest = await crypto.subtle.digest("SHA-256", await response.arrayBuffer());
  return Array.from(new Uint8Array(digest), b => b.toString(16).padStart(2, "0")).join("");
}"""
VIEWER = ("chrome-extension://", "chrome://")  # Chromium's PDF viewer, its own files
# Counts the page's calls to register a worker (then makes them as asked).
SPY = """if (navigator.serviceWorker) {
  const register = navigator.serviceWorker.register.bind(navigator.serviceWorker);
  navigator.serviceWorker.register = (...args) => {
    window.registrations = (window.registrations || 0) + 1;
    return register(...args);
  };
}"""
REGISTERED = "window.registrations || 0"


class Host:
    """A static server on 127.0.0.1 whose network can be cut: then it answers nothing."""

    def __init__(self, docroot: Path, port: int = 0) -> None:
        self.down = threading.Event()
        host = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def handle_one_request(self) -> None:
                if host.down.is_set():
                    self.close_connection = True  # unanswered: a network error
                    return
                super().handle_one_request()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", port), functools.partial(Handler, directory=str(docroot)))
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextlib.contextmanager
def hosted(docroot: Path, port: int = 0) -> Iterator[Host]:
    host = Host(docroot, port)
    try:
        yield host
    finally:
        host.close()


class Watched:
    """A page in a fresh context where workers are allowed; console errors, script errors
    and requests to another origin are collected."""

    def __init__(self, browser: Any, origin: str) -> None:
        self.context = browser.new_context(service_workers="allow", accept_downloads=True)
        self.context.add_init_script(SPY)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.problems: list[str] = []
        self.requested: list[str] = []
        self.page.on("console", self.console)
        self.page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        self.context.on("request", self.request)
        self.context.on("response", lambda r: self.problems.append(
            f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
        self.origin = origin

    def console(self, message: Any) -> None:
        # The browser asks the host's root for a favicon unbidden (a PDF has no <link
        # rel=icon>): outside the site, the host's business.
        if message.type == "error" and message.location.get("url") != self.origin + "favicon.ico":
            self.problems.append(f"console: {message.text} ({message.location.get('url')})")

    def request(self, request: Any) -> None:
        self.requested.append(request.url)
        if not request.url.startswith((self.origin, "data:", "blob:", *VIEWER)):
            self.problems.append(f"request left the site: {request.url}")

    def offline(self, host: Host, off: bool) -> None:
        self.context.set_offline(off)
        if off:
            host.down.set()
        else:
            host.down.clear()


def site_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                  if p.is_file() and not p.name.startswith(".") and p.name != WORKER_URL)


def title_of(page_file: Path) -> str:
    found = re.search(r"<title>(.*?)</title>", page_file.read_text(encoding="utf-8"), re.S)
    assert found, page_file
    return html.unescape(found.group(1))


def answer_everything(page: Any) -> None:
    questions = page.locator("fieldset.question")
    assert questions.count() > 0
    for index in range(questions.count()):
        questions.nth(index).locator("label.option").nth(index % 2).click()
    page.locator("#results").wait_for(state="visible")
    page.locator(".results-advice-title").first.wait_for(state="visible")


@pytest.fixture
def site(default_kit: Path, tmp_path: Path) -> Path:
    """The default kit built into the folder a static host serves at SUB_PATH."""
    out = tmp_path / "docroot" / SUB_PATH.strip("/")
    build(default_kit, out)
    return out


def test_one_visit_keeps_the_site_and_a_new_build_replaces_it(
        browser: Any, site: Path, default_kit: Path) -> None:
    docroot = site.parents[len(SUB_PATH.strip("/").split("/")) - 1]
    with hosted(docroot) as host:
        root = f"http://127.0.0.1:{host.port}{SUB_PATH}"
        watched = Watched(browser, f"http://127.0.0.1:{host.port}/")
        page = watched.page
        loads: list[str] = []
        page.on("load", lambda: loads.append(page.url))
        try:
            page.goto(root)
            assert page.evaluate(ACTIVE) == "activated"
            assert page.evaluate(REGISTERED) == 1
            page.wait_for_timeout(300)
            assert loads == [root]  # the worker's first taking over reloads nothing
            stored = page.evaluate(CACHES)
            assert len(stored) == 1, stored
            (first_cache, urls), = stored.items()
            files = site_files(site)
            assert sorted(urls) == sorted(root + url_path(name) for name in files)

            watched.offline(host, True)
            page.reload()
            pages = [name for name in files if name.endswith(".html")]
            assert len(pages) >= 8
            for name in pages:
                response = page.goto(root + name)
                assert response is not None and response.ok, name
                assert page.title() == title_of(site / name), name
            page.goto(root)  # the folder's address is its index.html
            assert page.title() == title_of(site / "index.html")

            # A PDF, opened by its address, as a link on the materials page opens it.
            response = page.goto(root + "pdf/poster.pdf")
            assert response is not None and response.ok
            assert response.header_value("content-type") == "application/pdf"
            assert response.from_service_worker
            # (Chromium's viewer stands between the page and the file: the stored bytes.)
            stored_pdf = page.evaluate(STORED_BYTES, root + "pdf/poster.pdf")
            assert stored_pdf == hashlib.sha256((site / "pdf" / "poster.pdf").read_bytes()
                                                ).hexdigest()

            page.goto(root + "checklists/network.html")
            answer_everything(page)

            # A new build, with one page changed, into the folder the host serves.
            edit(default_kit / "content" / "two-kinds-of-support.md", OLD_HEADING,
                 f"# {NEW_HEADING}")
            build(default_kit, site)
            watched.offline(host, False)
            page.goto(root + CHANGED_PAGE)
            # The page shown first may be the stored one: the new build is stored, takes
            # over and the page reloads itself.
            page.get_by_role("heading", name=NEW_HEADING).wait_for()
            stored = page.evaluate(CACHES)
            assert list(stored) != [first_cache] and len(stored) == 1, stored

            watched.offline(host, True)
            page.reload()
            page.get_by_role("heading", name=NEW_HEADING).wait_for()
            page.goto(root + "checklists/network.html")
            page.locator("#results").wait_for(state="visible")  # answers kept
            assert not watched.problems, "\n".join(watched.problems)
        finally:
            watched.context.close()


def test_from_the_disk_no_worker_is_registered(browser: Any, site: Path) -> None:
    watched = Watched(browser, site.as_uri())
    try:
        for name in ("index.html", "checklists/network.html", CHANGED_PAGE):
            watched.page.goto(site.as_uri() + "/" + name)
            watched.page.wait_for_load_state("load")
            assert watched.page.evaluate(REGISTERED) == 0
        assert not [url for url in watched.requested if url.endswith(WORKER_URL)]
        assert not watched.problems, "\n".join(watched.problems)
    finally:
        watched.context.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_serve_registers_none_and_retires_one_left_on_its_address(
        browser: Any, site: Path, default_kit: Path, tmp_path: Path) -> None:
    """A facilitator tried the published site on http://127.0.0.1:PORT, then runs `serve`
    on that port: the pages show the kit as it now is, not the copy the worker kept."""
    port = free_port()
    origin = f"http://127.0.0.1:{port}/"
    watched = Watched(browser, origin)
    page = watched.page
    try:
        with hosted(site, port):  # the published copy, at the root of the address
            page.goto(origin + CHANGED_PAGE)
            assert page.evaluate(ACTIVE) == "activated"
            assert page.evaluate(CACHES)
        edit(default_kit / "content" / "two-kinds-of-support.md", OLD_HEADING,
             f"# {NEW_HEADING}")
        server = start_server(default_kit, tmp_path / "serve-tmp", "--port", str(port))
        try:
            page.goto(origin + CHANGED_PAGE)
            page.get_by_role("heading", name=NEW_HEADING).wait_for()
            page.wait_for_function("() => navigator.serviceWorker.controller === null")
            assert page.evaluate("navigator.serviceWorker.getRegistrations()"
                                 ".then(found => found.length)") == 0
            assert page.evaluate(CACHES) == {}
            # Later pages under serve register nothing, and live reload goes on.
            watched.requested.clear()
            page.goto(origin + "index.html")
            page.wait_for_load_state("load")
            assert page.evaluate(REGISTERED) == 0
            assert page.evaluate("navigator.serviceWorker.getRegistrations()"
                                 ".then(found => found.length)") == 0
            assert not [url for url in watched.requested if url.endswith(WORKER_URL)]
        finally:
            assert server.stop() == 0
        assert not watched.problems, "\n".join(watched.problems)
    finally:
        watched.context.close()


ODD_NAMES = ["a#b", "c?d", "e&f", "g%h", "i j", "sub folder/k#l m", "n'o(p)"]


def test_files_with_odd_names_are_stored_and_open_offline(browser: Any, tmp_path: Path) -> None:
    """One file the host cannot give would leave the whole site unstored: names with '#',
    '?', '%', quotes and spaces are listed as the site's links write them."""
    kit = shutil.copytree(MINIMAL, tmp_path / "kit")
    for name in ODD_NAMES:
        path = kit / "content" / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: Page {name}\n---\nText.\n", encoding="utf-8")
    site = build(kit, tmp_path / "docroot" / "site", use_cache=False).out
    with hosted(site.parent) as host:
        root = f"http://127.0.0.1:{host.port}/site/"
        watched = Watched(browser, f"http://127.0.0.1:{host.port}/")
        try:
            watched.page.goto(root)
            assert watched.page.evaluate(ACTIVE) == "activated"
            (urls,) = watched.page.evaluate(CACHES).values()
            assert sorted(urls) == sorted(root + url_path(name) for name in site_files(site))
            watched.offline(host, True)
            for name in ODD_NAMES:
                response = watched.page.goto(root + url_path(f"{name}.html"))
                assert response is not None and response.ok, name
                assert watched.page.title().startswith(f"Page {name}"), name
            assert not watched.problems, "\n".join(watched.problems)
        finally:
            watched.context.close()
