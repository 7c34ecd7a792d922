"""The 404 page as a host serves it: a real static server answering every missing path under
the site's sub-path with 404.html (status 404), opened in Chromium at depth 0, 1 and 3.

With `base_url` its links start at the host's root, so its stylesheet, logo, icon, menu and
home link all work at any depth (and on any host name: the test serves it on 127.0.0.1 while
`base_url` names example.org). Without it the page needs no other file: its style is inline,
allowed by its hash, and its images are data: URLs."""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from PIL import Image

from site_builder.build import build
from tests.browser.pages import SUB_PATH, serve_site
from tests.kits import FIXTURE_KITS

MISSING = {0: "missing.html", 1: "checklists/missing.html", 3: "a/b/c/missing.html"}
PRIMARY = "rgb(43, 93, 52)"  # the second kit's #2b5d34, from its theme.css


def built(tmp: Path, base_url: str) -> Path:
    kit = tmp / "kit"
    shutil.copytree(FIXTURE_KITS / "second", kit)
    (kit / "content" / "images").mkdir(exist_ok=True)
    Image.new("RGB", (160, 60), "#b5452a").save(kit / "content" / "images" / "logo.png")
    extra = "logo: images/logo.png\n" + (f"base_url: {base_url}\n" if base_url else "")
    site = kit / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + extra, encoding="utf-8")
    build(kit, tmp / "site", use_cache=False)
    return tmp / "site"


@pytest.fixture(scope="module")
def hosted_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("hosted")
    site = built(tmp, f"https://example.org{SUB_PATH}")
    yield from serve_site(site, tmp / "docroot", not_found=True)


@pytest.fixture(scope="module")
def standalone_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("standalone")
    yield from serve_site(built(tmp, ""), tmp / "docroot", not_found=True)


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def open_missing(browser: Any) -> Iterator[Any]:
    """Opens a missing address: its response, the page, every request it made and every
    console error but the one for the missing page itself."""
    contexts: list[Any] = []

    def open_page(url: str) -> tuple[Any, Any, list[str], list[str]]:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        requests: list[str] = []
        errors: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error"
                and not (m.location.get("url") == url and "status of 404" in m.text) else None)
        response = page.goto(url)
        page.wait_for_load_state("load")
        return response, page, requests, errors

    yield open_page
    for context in contexts:
        context.close()


def header_colour(page: Any) -> str:
    return str(page.evaluate(
        "() => getComputedStyle(document.querySelector('.site-header')).backgroundColor"))


def logo_width(page: Any) -> int:
    return int(page.evaluate("() => document.querySelector('.brand-logo').naturalWidth"))


@pytest.mark.parametrize("depth", sorted(MISSING))
def test_with_base_url_every_link_of_the_404_page_works_at_any_depth(
        open_missing: Any, hosted_root: str, depth: int) -> None:
    url = hosted_root + MISSING[depth]
    response, page, _, errors = open_missing(url)
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert header_colour(page) == PRIMARY  # site.css and theme.css applied
    assert logo_width(page) == 160
    links = page.evaluate("() => [...document.querySelectorAll('[href], [src]')]"
                          ".map(e => e.getAttribute('href') || e.getAttribute('src'))")
    site_links = [link for link in links if not link.startswith(("#", "http"))]
    assert len(site_links) >= 10  # styles, icon, logo, home, menu, footer
    broken = [link for link in site_links if status(urljoin(url, link)) != 200]
    assert broken == []
    assert page.locator("link[rel=icon]").get_attribute("href").startswith(
        SUB_PATH + "assets/favicon.png?v=")
    page.get_by_role("link", name="Go to the home page").click()
    page.wait_for_url(hosted_root + "index.html")
    assert page.title() == "Feedback habits"
    assert errors == []


@pytest.mark.parametrize("depth", sorted(MISSING))
def test_without_base_url_the_404_page_stands_alone_at_any_depth(
        open_missing: Any, standalone_root: str, depth: int) -> None:
    url = standalone_root + MISSING[depth]
    response, page, requests, errors = open_missing(url)
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert header_colour(page) == PRIMARY  # the inline style, allowed by its hash
    assert logo_width(page) == 160
    assert [r for r in requests if not r.startswith("data:")] == [url]
    assert errors == []  # a style or image the policy refused would be reported here


def test_a_page_opened_from_disk_loads_its_versioned_assets(browser: Any,
                                                            second_site: Path) -> None:
    """From file:// the `?v=` of an asset's URL is ignored and the file is read."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto((second_site / "checklists" / "habits.html").as_uri())
    assert "?v=" in str(page.locator("link[rel=stylesheet]").first.get_attribute("href"))
    assert header_colour(page) == PRIMARY
    page.wait_for_selector("#results:not([hidden])")  # the page's scripts ran
    assert errors == []
    context.close()


def test_the_hosted_sites_pages_are_valid_html(tmp_path: Path) -> None:
    """The canonical link and og: metadata, and the 404 page of both kinds, by the Nu HTML
    Checker (test_html_validity.py checks the sites without base_url)."""
    import json
    import subprocess

    from tests.browser.test_html_validity import JAVA_OPTIONS, VNU

    java = shutil.which("java")
    if not java or not VNU.is_file():
        pytest.skip("Java or the Nu HTML Checker is missing (see README)")
    pages = sorted(built(tmp_path / "hosted", "https://example.org/w/").rglob("*.html"))
    pages.append(built(tmp_path / "standalone", "") / "404.html")
    result = subprocess.run([java, *JAVA_OPTIONS, "-jar", str(VNU), "--errors-only",
                             "--format", "json", "--stdout", *map(str, pages)],
                            capture_output=True, text=True, timeout=180, check=False)
    messages = json.loads(result.stdout)["messages"]
    assert [m for m in messages if m.get("type") in ("error", "non-document-error")] == []
    assert len(pages) > 8 and result.returncode == 0


def test_the_404_page_passes_axe_where_a_host_serves_it(
        open_missing: Any, hosted_root: str, standalone_root: str) -> None:
    """Both kinds, at depth 3 (test_accessibility.py opens the default site's at its own
    address)."""
    from tests.browser.test_accessibility import AXE, check_at_every_width

    if not AXE.is_file():
        pytest.skip("axe-core is missing: run `npm ci`")
    source = AXE.read_text(encoding="utf-8")
    found = []
    for root in (hosted_root, standalone_root):
        _, page, _, errors = open_missing(root + MISSING[3])
        found += check_at_every_width(page, "404.html", root + MISSING[3], source)
        assert errors == []
    assert found == []
