"""A built site's page in a real Chromium, for the browser tests of kits other than the
default one (which conftest.py's `new_page` serves)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any


@contextlib.contextmanager
def page_of_site(browser: Any, out: Path, url: str, **options: Any) -> Iterator[Any]:
    """A page of a site built into `out`, opened from disk in a fresh context: a request
    leaving that site, or an error on the page, fails the test when it ends."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    foreign: list[str] = []

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith((out.as_uri() + "/", "data:", "blob:")):
            request_route.continue_()
        else:
            foreign.append(url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url)
    page.wait_for_selector("#results:not([hidden])")
    yield page
    context.close()
    assert not foreign, f"requests left the site: {foreign}"
    assert errors == []


SUB_PATH = "/workshops/networking/"


def serve_site(site: Path, docroot: Path, not_found: bool = False) -> Iterator[str]:
    """A built site served read-only at SUB_PATH of 127.0.0.1, as a static host would;
    yields its root URL (for a fixture to `yield from`). With `not_found`, a missing path
    gets the site's 404.html with status 404, as GitHub Pages or Netlify give it."""
    (docroot / SUB_PATH.strip("/")).parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(site, docroot / SUB_PATH.strip("/"), dirs_exist_ok=True)
    page_404 = docroot / SUB_PATH.strip("/") / "404.html"

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def send_error(self, code: int, message: str | None = None,
                       explain: str | None = None) -> None:
            if code != 404 or not not_found:
                super().send_error(code, message, explain)
                return
            body = page_404.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    handler = functools.partial(Quiet, directory=str(docroot))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    server.shutdown()
