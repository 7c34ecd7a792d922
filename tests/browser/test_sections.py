"""The library kit in Chromium: three workshops as sections on one site. Its home page is a
library, breadcrumbs lead back up, previous and next walk one section, the menus fold on a
phone (390 px), and it all passes axe."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.pages import serve_site
from tests.browser.test_accessibility import AXE, failures, horizontal_overflow, run_axe
from tests.browser.test_html_validity import JAVA_OPTIONS, VNU
from tests.kits import FIXTURE_KITS

PHONE = (390, 844)
DESKTOP = (1280, 900)
SECTIONS = ["networking", "feedback", "mentoring"]


@pytest.fixture(scope="module")
def library_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from site_builder.build import build

    kit = tmp_path_factory.mktemp("library") / "kit"
    shutil.copytree(FIXTURE_KITS / "library", kit)
    out = kit.parent / "site"
    build(kit, out, use_cache=False)
    return out


@pytest.fixture(scope="module")
def library_http(library_site: Path) -> Iterator[str]:
    yield from serve_site(library_site, library_site.parent / "docroot")


@pytest.fixture
def open_page(browser: Any, library_site: Path) -> Iterator[Callable[..., Any]]:
    """Pages of the library site opened from disk (or `root`); a request leaving the site
    or an error on a page fails the test."""
    contexts: list[Any] = []
    foreign: list[str] = []
    errors: list[str] = []

    def make(name: str, size: tuple[int, int] = DESKTOP, root: str | None = None,
             **options: Any) -> Any:
        base = root or library_site.as_uri() + "/"
        context = browser.new_context(viewport={"width": size[0], "height": size[1]},
                                      **options)
        contexts.append(context)

        def route(request: Any) -> None:
            if request.request.url.startswith((base, "data:", "blob:")):
                request.continue_()
            else:
                foreign.append(request.request.url)
                request.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(base + name)
        return page

    yield make
    for context in contexts:
        context.close()
    assert not foreign, f"requests left the site: {foreign}"
    assert errors == []


def test_the_home_page_is_a_library(open_page: Callable[..., Any]) -> None:
    page = open_page("index.html")
    cards = page.locator(".library-card")
    assert cards.count() == 3
    assert page.locator(".library-card-title").all_inner_texts() == [
        "Networking", "Asking for feedback", "Mentoring"]
    assert page.locator(".breadcrumbs").count() == 0  # none on the home page
    for index, folder in enumerate(SECTIONS):
        card = cards.nth(index)
        assert card.locator(".library-card-description").inner_text()
        assert card.get_by_role("link", name="Start the self-assessment").get_attribute(
            "href").startswith(f"{folder}/checklists/")
    # each workshop's materials: its own group on the materials page
    cards.nth(1).get_by_role("link", name="Print materials").click()
    page.wait_for_url(re.compile(r"/materials\.html#materials-feedback$"))
    group = page.locator("#materials-feedback")
    assert group.locator("h2").inner_text() == "Asking for feedback"
    assert group.is_visible() and group.bounding_box()["y"] < 100  # scrolled to it
    pdfs = group.locator(".material-title a")
    assert pdfs.count() == 3
    assert page.locator(".materials-group h2").all_inner_texts() == [
        "Networking", "Asking for feedback", "Mentoring"]
    # and its assessment opens and works from the section's folder
    page.goto(page.url.split("materials.html")[0] + "index.html")
    cards.nth(2).get_by_role("link", name="Start the self-assessment").click()
    page.wait_for_url("**/mentoring/checklists/mentoring.html")
    page.locator(".question input[type=radio]").first.check()
    assert "1 of" in page.locator(".progress, .results").first.inner_text()


def test_breadcrumbs_lead_back_up(open_page: Callable[..., Any]) -> None:
    page = open_page("networking/two-kinds-of-support.html")
    crumbs = page.locator(".breadcrumbs li")
    assert crumbs.all_inner_texts() == ["Home", "Networking",
                                        "Instrumental and psychosocial support"]
    assert page.locator('.breadcrumbs [aria-current="page"]').inner_text() == \
        "Instrumental and psychosocial support"
    page.locator(".breadcrumbs").get_by_role("link", name="Networking").click()
    page.wait_for_url("**/networking/index.html")
    assert page.locator(".breadcrumbs li").all_inner_texts() == ["Home", "Networking"]
    page.locator(".breadcrumbs").get_by_role("link", name="Home").click()
    page.wait_for_url("**/site/index.html")


def test_previous_and_next_walk_one_section(open_page: Callable[..., Any]) -> None:
    page = open_page("feedback/index.html")
    walked = [page.url.rsplit("/site/", 1)[1]]
    while page.locator(".pager a[rel=next]").count():
        page.locator(".pager a[rel=next]").click()
        page.wait_for_load_state()
        walked.append(page.url.rsplit("/site/", 1)[1])
    # the section's index, its assessment, then its pages in order; never another section
    assert walked == ["feedback/index.html", "feedback/checklists/feedback.html",
                      "feedback/asking-and-using-feedback.html", "feedback/feedback-plan.html"]
    menu = page.locator(".section-nav .section-level ul a").evaluate_all(
        "links => links.map(a => a.href.split('/site/')[1])")
    assert menu == walked[1:]  # the same order as the section's menu
    while page.locator(".pager a[rel=prev]").count():
        page.locator(".pager a[rel=prev]").click()
        page.wait_for_load_state()
    assert page.url.endswith("/feedback/index.html")


def test_the_menus_on_a_phone(open_page: Callable[..., Any]) -> None:
    page = open_page("networking/network-map.html", PHONE)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE[0]
    assert page.locator(".site-menu-button").is_visible()
    section_button = page.locator(".section-menu-button")
    assert " ".join(section_button.text_content().split()) == "In this section: Networking"
    assert page.locator(".section-nav a").first.is_hidden()  # folded
    assert page.locator(".breadcrumbs").is_visible()
    # the section's menu: its pages, the current one marked; follow one
    section_button.click()
    assert page.locator('.section-nav a[aria-current="page"]').inner_text() == "Map your network"
    link = page.locator(".section-nav").get_by_role("link", name="Two kinds of support")
    box = link.bounding_box()
    assert box["width"] > 300 and box["y"] + box["height"] <= PHONE[1]  # one a row, in sight
    link.click()
    page.wait_for_url("**/networking/two-kinds-of-support.html")
    assert page.locator(".section-nav a").first.is_hidden()  # a new page: folded again
    # the main menu: the sections, this one marked; go to another workshop
    page.locator(".site-menu-button").click()
    assert page.locator('.site-nav a[aria-current="true"]').inner_text() == "Networking"
    assert page.locator(".site-nav a").all_inner_texts() == [
        "Home", "Networking", "Asking for feedback", "Mentoring", "About", "For facilitators"]
    page.locator(".site-nav").get_by_role("link", name="Mentoring").click()
    page.wait_for_url("**/mentoring/index.html")
    assert page.locator(".site-menu-button").is_visible()
    assert page.locator("h1").inner_text() == "Mentoring"
    assert not horizontal_overflow(page)


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_menus_work_with_javascript_off(open_page: Callable[..., Any],
                                            size: tuple[int, int]) -> None:
    page = open_page("feedback/index.html", size, java_script_enabled=False)
    if size == PHONE:
        page.locator(".section-menu-button").click()
    page.locator(".section-nav").get_by_role("link", name="My feedback plan").click()
    page.wait_for_url("**/feedback/feedback-plan.html")
    assert page.locator(".pager a[rel=prev]").inner_text().endswith("Asking and using")


@pytest.mark.parametrize(("name", "size"), [
    ("index.html", DESKTOP), ("networking/index.html", PHONE),
    ("feedback/asking-and-using-feedback.html", PHONE), ("materials.html", DESKTOP),
    ("facilitators.html", DESKTOP)])
def test_the_library_passes_axe(open_page: Callable[..., Any], library_http: str, name: str,
                                size: tuple[int, int]) -> None:
    if not AXE.is_file():
        pytest.skip("axe-core is missing (npm ci)")
    page = open_page(name, size, root=library_http)  # over HTTP: axe reads the stylesheets
    for button in (".section-menu-button", ".site-menu-button"):
        if size == PHONE and page.locator(button).count():
            page.locator(button).click()
    found = failures(name, f"at {size[0]} px", run_axe(page, AXE.read_text(encoding="utf-8")))
    assert not found, "\n".join(found)


def test_every_page_of_the_library_is_valid_html(library_site: Path) -> None:
    java = shutil.which("java")
    if not java or not VNU.is_file():
        pytest.skip("Java or the Nu HTML Checker is missing (see README)")
    pages = sorted(library_site.rglob("*.html"))
    assert len(pages) > 20
    result = subprocess.run(
        [java, *JAVA_OPTIONS, "-jar", str(VNU), "--errors-only", "--format", "json",
         "--stdout", *map(str, pages)], capture_output=True, text=True, timeout=180,
        check=False)
    messages = json.loads(result.stdout).get("messages", [])
    errors = [f"{m.get('url')}:{m.get('lastLine')}: {m.get('message')}" for m in messages
              if m.get("type") in ("error", "non-document-error")]
    assert not errors, "\n".join(errors)
