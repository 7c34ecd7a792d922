"""Real-browser fixtures: Debian's Chromium driven by Playwright, never a downloaded browser.

The built default site is opened from disk (file://) and from an HTTP sub-path on
127.0.0.1. Every request is watched: one that leaves the site fails the test.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.pages import serve_site

ROOT = Path(__file__).resolve().parents[2]
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


def _missing(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing; CI must install it (see .ci/run)")
    pytest.skip(f"{what} is missing: install it to run the browser tests (see README)")


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not path:
        _missing("Chromium (Debian package 'chromium')")
    return str(path)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default kit, built once for the whole browser session."""
    from site_builder.build import build

    out = tmp_path_factory.mktemp("browser") / "site"
    build(ROOT, out, use_cache=False)  # leave no cache in the checkout
    return out


@pytest.fixture(scope="session")
def http_root(built_site: Path) -> Iterator[str]:
    """The built site served read-only at a sub-path of 127.0.0.1, as a static host would."""
    yield from serve_site(built_site, built_site.parent / "docroot")


@pytest.fixture(scope="session")
def second_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The second kit (number and text questions, no chart), built once for the session."""
    from site_builder.build import build

    kit = tmp_path_factory.mktemp("second") / "kit"
    shutil.copytree(ROOT / "tests" / "fixtures" / "kits" / "second", kit)
    out = kit.parent / "site"
    build(kit, out, use_cache=False)
    return out


@pytest.fixture(scope="session")
def second_http_root(second_site: Path) -> Iterator[str]:
    yield from serve_site(second_site, second_site.parent / "docroot")


@pytest.fixture(scope="session")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A kit large enough to have search (tests/search_kit.py), built once for the session."""
    from site_builder.build import build
    from tests.search_kit import make_search_kit

    kit = make_search_kit(tmp_path_factory.mktemp("search") / "kit")
    out = kit.parent / "site"
    build(kit, out, use_cache=False)
    return out


@pytest.fixture(scope="session")
def search_http_root(search_site: Path) -> Iterator[str]:
    yield from serve_site(search_site, search_site.parent / "docroot")




@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture(params=["file", "http"])
def site_url(request: pytest.FixtureRequest, built_site: Path) -> str:
    """The site's root URL, opened from disk and from the HTTP sub-path."""
    if request.param == "file":
        return built_site.as_uri() + "/"
    return str(request.getfixturevalue("http_root"))


class RequestLog:
    """Every request the page makes; those leaving the site are blocked and remembered."""

    def __init__(self, allowed_prefixes: list[str]) -> None:
        self.allowed = allowed_prefixes
        self.foreign: list[str] = []

    def route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:", "about:")) or url.startswith(tuple(self.allowed)):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()


@pytest.fixture
def new_page(browser: Any, built_site: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A factory of pages in fresh contexts; fails the test if any request left the site."""
    logs: list[RequestLog] = []
    contexts: list[Any] = []

    def make(width: int = 1280, height: int = 900, **options: Any) -> Any:
        context = browser.new_context(viewport={"width": width, "height": height},
                                      accept_downloads=True, **options)
        contexts.append(context)
        allowed = [built_site.as_uri()]
        for served in ("http_root", "second_http_root", "search_http_root"):
            if served in request.fixturenames:
                allowed.append(str(request.getfixturevalue(served)))
        log = RequestLog(allowed)
        logs.append(log)
        context.route("**/*", log.route)
        page = context.new_page()
        page.set_default_timeout(10_000)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.page_errors = errors
        return page

    yield make
    for context in contexts:
        context.close()
    foreign = [url for log in logs for url in log.foreign]
    assert not foreign, f"requests left the site: {foreign}"

