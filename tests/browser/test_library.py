"""The library kit (three workshops as sections) hosted as a learning team would host it:
built with `base_url`, served at a sub-path by a static server that answers missing paths
with 404.html. In Chromium: the library home, a section's breadcrumbs and previous/next,
search across the sections, the 404 page deep in the site, the sitemap, and every page
again with the network off after one visit."""

from __future__ import annotations

import re
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from site_builder.build import build
from tests.browser.pages import SUB_PATH, serve_site
from tests.browser.test_service_worker import ACTIVE
from tests.kits import FIXTURE_KITS

BASE_URL = f"https://example.org{SUB_PATH}"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    tmp = tmp_path_factory.mktemp("library")
    kit = Path(shutil.copytree(FIXTURE_KITS / "library", tmp / "kit"))
    site_yaml = kit / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + f"base_url: {BASE_URL}\n",
                         encoding="utf-8")
    site = build(kit, tmp / "site", use_cache=False).out
    for root in serve_site(site, tmp / "docroot", not_found=True):
        yield root, site


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(service_workers="allow")
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == []


def test_the_library_home_leads_into_each_workshop_and_back(
        page: Any, library: tuple[str, Path]) -> None:
    root, _ = library
    page.goto(root)
    cards = page.locator(".library-card")
    titles = [title.strip() for title in cards.locator("h2, h3").all_inner_texts()]
    assert {"Networking", "Asking for feedback", "Mentoring"} <= set(titles), titles
    page.get_by_role("link", name=re.compile("Asking for feedback")).first.click()
    assert page.url == root + "feedback/index.html"
    trail = page.locator("nav.breadcrumbs")
    assert trail.get_by_role("link", name="Home").count() == 1
    following = page.locator("a[rel=next]").first
    following.click()
    assert page.url.startswith(root + "feedback/")
    assert page.locator("nav.breadcrumbs").get_by_role("link", name="Asking for feedback") \
        .count() == 1
    page.locator("a[rel=prev]").first.click()
    assert page.url == root + "feedback/index.html"


def test_search_finds_a_page_of_another_workshop(page: Any, library: tuple[str, Path]) -> None:
    root, _ = library
    page.goto(root + "feedback/index.html")
    page.locator("#site-search-input").fill("mentee")  # a word of the mentoring pages only
    found = page.locator(".site-search-panel .search-result a").first
    found.wait_for(state="visible")
    found.click()
    assert page.url.startswith(root + "mentoring/"), page.url
    assert "mentee" in page.locator("main").inner_text().lower()


def test_a_missing_page_deep_in_a_section_gets_the_styled_404(
        page: Any, library: tuple[str, Path]) -> None:
    root, _ = library
    response = page.goto(root + "feedback/old/notes/missing.html")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    colour = page.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")  # the site's stylesheet applies
    page.get_by_role("link", name="Home").first.click()
    assert page.url in (root, root + "index.html")


def test_the_sitemap_names_every_workshop_page_at_its_address(library: tuple[str, Path]) -> None:
    root, site = library
    with urllib.request.urlopen(root + "sitemap.xml") as response:
        sitemap = response.read().decode("utf-8")
    listed = set(re.findall(r"<loc>(.*?)</loc>", sitemap))
    for section in ("networking", "feedback", "mentoring"):
        assert f"{BASE_URL}{section}/" in listed or f"{BASE_URL}{section}/index.html" in listed
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")} - {"404.html"}
    assert len(listed) == len(pages)


def test_after_one_visit_every_workshop_opens_with_the_network_off(
        page: Any, library: tuple[str, Path]) -> None:
    root, _ = library
    page.goto(root)
    assert page.evaluate(ACTIVE) == "activated"
    page.context.set_offline(True)
    for name in ("feedback/index.html", "mentoring/checklists/mentoring.html",
                 "networking/facilitator-guide.html", "materials.html"):
        response = page.goto(root + name)
        assert response is not None and response.ok, name
        assert page.locator("h1").count() >= 1, name
    page.reload()
    assert page.locator("h1").first.is_visible()
