"""The site's search in a real Chromium: from disk (file://) and from an HTTP sub-path, a
word of a page three folders deep is found, shown with its title and a marked excerpt, and
its link followed; the same with the keyboard alone; the search page without JavaScript;
and a site too small for search has no box. (axe checks these pages in
test_accessibility.py, the Nu HTML Checker in test_html_validity.py.)"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.pages import SUB_PATH
from tests.search_kit import (
    ACCENTED,
    DEEP_TITLE,
    DEEP_URL,
    DEEP_WORD,
    DRAFT_WORD,
    FACILITATORS_URL,
    FACILITATORS_WORD,
)

BOX = "#site-search-input"
PANEL = ".site-search-panel"
RESULTS = ".site-search-panel .search-result"


@pytest.fixture(params=["file", "http"])
def root(request: pytest.FixtureRequest, search_site: Path) -> str:
    """The search kit's root URL, opened from disk and from the HTTP sub-path."""
    if request.param == "file":
        return search_site.as_uri() + "/"
    return str(request.getfixturevalue("search_http_root"))


@pytest.fixture
def open_page(browser: Any, search_site: Path) -> Iterator[Callable[..., Any]]:
    """Pages in fresh contexts; a request leaving the site, or an error in a page (a
    refusal by the Content-Security-Policy included), fails the test."""
    contexts: list[Any] = []
    foreign: list[str] = []
    errors: list[str] = []
    allowed = [search_site.as_uri() + "/"]

    def route(handled: Any) -> None:
        if handled.request.url.startswith((*allowed, "data:")):
            handled.continue_()
        else:
            foreign.append(handled.request.url)
            handled.abort()

    def make(url: str, width: int = 1280, **options: Any) -> Any:
        if SUB_PATH in url and url.startswith("http://127.0.0.1:"):  # the served copy
            allowed.append(url[:url.index(SUB_PATH) + len(SUB_PATH)])
        context = browser.new_context(viewport={"width": width, "height": 900}, **options)
        contexts.append(context)
        context.route("**/*", route)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(url)
        return page

    yield make
    for context in contexts:
        context.close()
    assert not foreign, f"requests left the site: {foreign}"
    assert not errors, errors


def focused(page: Any) -> str:
    """The focused element: its id, or its tag and text."""
    return str(page.evaluate(
        "() => { const e = document.activeElement;"
        " return e.id || (e.tagName.toLowerCase() + ':' + e.textContent.trim()); }"))


def answered(page: Any, query: str, where: str = ".site-search-summary") -> None:
    """Wait until the results shown are those of `query` (not of the letters typed before)."""
    page.locator(where).filter(has_text=f"“{query}”").wait_for()


def test_a_word_of_a_deep_page_is_found_and_its_link_followed(open_page: Any,
                                                               root: str) -> None:
    page = open_page(root + "guides/deep.html")
    page.locator(BOX).click()
    page.keyboard.type(DEEP_WORD)
    answered(page, DEEP_WORD)
    results = page.locator(RESULTS)
    assert results.count() == 1
    assert page.locator(".site-search-summary").text_content() == f"1 page matches “{DEEP_WORD}”."
    assert results.first.locator(".search-result-link").text_content() == DEEP_TITLE
    assert results.first.locator(".search-result-area").text_content() == "The feedback library"
    marks = results.first.locator(".search-result-excerpt mark")
    assert marks.all_text_contents() == [DEEP_WORD]
    results.first.locator("a").click()
    page.wait_for_url(f"**/{DEEP_URL}")
    assert page.locator("h1").text_content() == DEEP_TITLE
    assert page.url == root + DEEP_URL


def test_from_a_deep_page_links_lead_back_up_and_accents_do_not_matter(open_page: Any,
                                                                      root: str) -> None:
    page = open_page(root + DEEP_URL)
    page.locator(BOX).fill("cafe")  # the title is "Café conversations"
    answered(page, "cafe")
    link = page.locator(RESULTS).first.locator("a")
    link.wait_for()
    assert link.text_content() == ACCENTED
    assert link.locator("mark").text_content() == "Café"
    assert link.get_attribute("href") == "../../../library/cafe.html"  # relative, as all
    link.click()
    page.wait_for_url("**/library/cafe.html")
    assert page.url == root + "library/cafe.html"


def test_drafts_are_not_found_and_facilitators_pages_are(open_page: Any, root: str) -> None:
    page = open_page(root + "index.html")
    page.locator(BOX).fill(DRAFT_WORD)
    summary = page.locator(".site-search-summary")
    summary.filter(has_text="No page").wait_for()
    assert summary.text_content() == f"No page matches “{DRAFT_WORD}”."
    assert page.locator(RESULTS).count() == 0
    page.locator(BOX).fill(FACILITATORS_WORD)
    answered(page, FACILITATORS_WORD)
    assert page.locator(RESULTS).first.locator("a").get_attribute("href") == FACILITATORS_URL


def test_the_panel_shows_eight_and_links_to_all_on_the_search_page(open_page: Any,
                                                                   root: str) -> None:
    page = open_page(root + "index.html")
    page.locator(BOX).fill("a")  # begins a word of every page
    answered(page, "a")
    summary = page.locator(".site-search-summary").text_content() or ""
    total = int(summary.split()[0])
    assert total > 8
    assert page.locator(RESULTS).count() == 8
    more = page.locator(".site-search-more")
    assert more.text_content() == f"See all {total} results"
    more.click()
    page.wait_for_url("**/search.html?q=a")
    answered(page, "a", ".search-page-status")
    assert page.locator(".search-page-results .search-result").count() == total


def test_the_keyboard_alone_finds_a_page_and_opens_it(open_page: Any, root: str) -> None:
    page = open_page(root + "index.html")
    # Tab from the top of the page to the box: it is in the tab order, after the title.
    for _ in range(10):
        page.keyboard.press("Tab")
        if focused(page) == "site-search-input":
            break
    assert focused(page) == "site-search-input"
    page.keyboard.type(DEEP_WORD)
    answered(page, DEEP_WORD)
    page.keyboard.press("ArrowDown")
    assert focused(page) == f"a:{DEEP_TITLE}"
    # Escape closes the panel and puts the reader back in the box.
    page.keyboard.press("Escape")
    assert page.locator(PANEL).is_hidden()
    assert focused(page) == "site-search-input"
    # Typing opens it again; down, then Enter follows the link.
    page.keyboard.type(" ")
    page.keyboard.press("Backspace")
    page.locator(PANEL).wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{DEEP_URL}")
    # "/" puts the cursor in the box; Enter goes to the search page with the results.
    page.keyboard.press("/")
    assert focused(page) == "site-search-input"
    page.keyboard.type(FACILITATORS_WORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=" + FACILITATORS_WORD)
    answered(page, FACILITATORS_WORD, ".search-page-status")
    listed = page.locator(".search-page-results .search-result-link")
    assert listed.all_text_contents() == ["Timing the practice rounds"]
    assert page.locator("#search-page-input").input_value() == FACILITATORS_WORD
    page.locator("#search-page-input").focus()
    page.keyboard.press("Tab")  # the page's Search button
    page.keyboard.press("Tab")  # the first result
    assert focused(page) == "a:Timing the practice rounds"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{FACILITATORS_URL}")


def test_the_search_page_searches_as_the_reader_types(open_page: Any, root: str) -> None:
    page = open_page(root + "search.html")
    assert focused(page) == "search-page-input"  # nothing asked yet: ready to type
    status = page.locator(".search-page-status")
    assert status.text_content() == ("Type a word or two: every page with all of them is "
                                     "listed here.")
    page.keyboard.type("asking feedback")
    answered(page, "asking feedback", ".search-page-status")
    assert "pages match “asking feedback”" in (status.text_content() or "")
    assert "q=asking+feedback" in page.url  # the address can be shared or bookmarked
    titles = page.locator(".search-page-results .search-result-link").all_text_contents()
    assert "Going deeper" in titles  # "Asking" and "feedback" are both in it
    assert "Timing the practice rounds" not in titles  # neither is
    for result in page.locator(".search-page-results .search-result").all():
        assert result.locator("mark").count() >= 1


def test_without_javascript_a_link_and_a_helpful_page_stand_in(open_page: Any,
                                                               root: str) -> None:
    page = open_page(root + "index.html", java_script_enabled=False)
    assert page.locator(".site-search-form").is_hidden()  # it could not search
    link = page.locator(".site-search-link")
    assert link.is_visible()
    link.click()
    page.wait_for_url("**/search.html")
    message = page.locator(".search-page-noscript")
    assert message.is_visible()
    assert "Search needs JavaScript" in (message.text_content() or "")
    assert page.locator(".search-page-form").is_hidden()
    assert page.locator("h1").text_content() == "Search"


def test_on_a_phone_the_box_has_a_row_of_its_own(open_page: Any, root: str) -> None:
    page = open_page(root + "guides/deep.html", width=390)
    box = page.locator(".site-search-form").bounding_box()
    brand = page.locator(".brand").bounding_box()
    assert box is not None and brand is not None
    assert box["y"] >= brand["y"] + brand["height"]
    assert box["width"] >= 300
    page.locator(BOX).fill(DEEP_WORD)
    panel = page.locator(PANEL)
    panel.wait_for()
    shown = panel.bounding_box()
    assert shown is not None and shown["x"] >= 0 and shown["x"] + shown["width"] <= 390


def test_a_site_under_the_threshold_has_no_search_box(browser: Any, second_site: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(second_site.as_uri() + "/index.html")
    assert page.locator(".site-header").is_visible()
    assert page.locator(".site-search, #site-search-input, .site-search-link").count() == 0
    assert not (second_site / "search.html").exists()
    context.close()


def test_an_index_that_cannot_be_loaded_is_said_and_tried_again(browser: Any,
                                                                search_http_root: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    offline = [True]  # the room's Wi-Fi has dropped

    def index(route: Any) -> None:
        if offline[0]:
            route.abort()
        else:
            route.continue_()

    page.route("**/search/index.js", index)
    page.goto(search_http_root + "index.html")
    page.locator(BOX).fill(DEEP_WORD)
    summary = page.locator(".site-search-summary")
    summary.filter(has_text="could not be loaded").wait_for()
    assert page.locator(RESULTS).count() == 0
    offline[0] = False
    page.locator(BOX).fill(DEEP_WORD + " ")  # the next search tries the index again
    answered(page, DEEP_WORD)
    assert page.locator(RESULTS).count() == 1
    assert page_errors == []
    context.close()
