"""Finding one's way on a phone and a laptop: the header and its menu, which folds behind a
"Menu" button (a <details>, so it works without JavaScript) below 40rem, the current
page marked, and tables whose words never break in the middle."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_accessibility import AXE, failures, run_axe

PHONE = (390, 844)
DESKTOP = (1280, 900)
MAX_PHONE_HEADER = 100  # px: the page's own heading is in sight on a phone

# Every word of a table's cells (split at spaces, hyphens, dashes and slashes) whose
# characters lie on more than one line: a word broken in the middle.
BROKEN_WORDS = """() => {
    const broken = [];
    for (const cell of document.querySelectorAll('main th, main td')) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const m of node.data.matchAll(/[^\\s\\-\\u2010-\\u2014\\/]{2,}/g)) {
                const range = document.createRange();
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                const lines = new Set([...range.getClientRects()]
                    .filter(r => r.width > 0).map(r => Math.round(r.bottom)));
                if (lines.size > 1) broken.push(m[0]);
            }
        }
    }
    return broken;
}"""


def pages_of(site: Path) -> list[str]:
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert {"index.html", "facilitators.html", "facilitator-guide.html",
            "fr/index.html"} <= set(pages)
    # Without base_url a 404 page (each language's) has no menu: it cannot know where it
    # will be served (test_hosting.py checks it).
    return [page for page in pages if page.rpartition("/")[2] != "404.html"]


def header_height(page: Any) -> float:
    """The header's height below the row of languages (a kit in several languages has one,
    measured apart by `languages_row_height`)."""
    return float(page.evaluate("""() => {
        const header = document.querySelector('.site-header').getBoundingClientRect().height;
        const row = document.querySelector('.site-languages');
        return header - (row ? row.getBoundingClientRect().height : 0);
    }"""))


def languages_row_height(page: Any) -> float:
    return float(page.evaluate("""() => {
        const row = document.querySelector('.site-languages');
        return row ? row.getBoundingClientRect().height : 0;
    }"""))


def test_the_menu_is_one_row_beside_the_title_at_1280(new_page: Any, built_site: Path) -> None:
    page = new_page(*DESKTOP)
    for name in pages_of(built_site):
        page.goto((built_site / name).as_uri())
        rows = page.evaluate("""() => [...document.querySelectorAll('.site-nav li')]
            .map(li => Math.round(li.getBoundingClientRect().top))""")
        assert len(set(rows)) == 1 and len(rows) == 6, (name, rows)
        assert page.locator(".site-menu-button").is_hidden(), name
        if name.startswith("fr/"):
            # French menu words are longer: the title sits above the menu's one row
            assert header_height(page) < 130, name
        else:
            assert header_height(page) < 80, name  # the title and the menu share the row
        assert languages_row_height(page) <= 36, name  # a slim row above them


def test_on_a_phone_the_menu_folds_behind_a_button(new_page: Any, built_site: Path) -> None:
    page = new_page(*PHONE)
    for name in pages_of(built_site):
        page.goto((built_site / name).as_uri())
        assert header_height(page) <= MAX_PHONE_HEADER, name
        assert languages_row_height(page) <= 36, name
        assert page.locator(".site-menu-button").is_visible(), name
        assert page.locator(".site-nav a").first.is_hidden(), name
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE[0], name


def test_the_phone_menu_opens_and_is_followed_by_keyboard_alone(new_page: Any,
                                                                 built_site: Path) -> None:
    page = new_page(*PHONE)
    page.goto((built_site / "index.html").as_uri())
    focus = "() => [document.activeElement.className, document.activeElement.textContent.trim()]"
    languages = page.locator(".site-languages a").count()
    # the skip link, each language, the site's title, then the menu's button
    for _ in range(3 + languages):
        page.keyboard.press("Tab")
    assert page.evaluate(focus) == ["site-menu-button", "Menu"]
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "the focused Menu button shows no focus ring"
    page.keyboard.press("Enter")
    assert page.locator(".site-nav").is_visible()
    assert page.evaluate("() => document.querySelector('summary').parentElement.open")
    # the current page is marked, and the next Tab goes down the menu, in its order
    assert page.locator('.site-nav a[aria-current="page"]').inner_text() == "Home"
    titles = []
    for _ in range(3):
        page.keyboard.press("Tab")
        titles.append(page.evaluate(focus)[1])
    assert titles == ["Home", "Self-assessment", "Two kinds of support"]
    box = page.evaluate("() => document.activeElement.getBoundingClientRect().toJSON()")
    assert box["width"] > 0 and box["bottom"] <= PHONE[1]  # in sight over the page
    page.keyboard.press("Enter")
    page.wait_for_url("**/two-kinds-of-support.html")
    assert page.locator('.site-nav a[aria-current="page"]').get_attribute("href") == \
        "two-kinds-of-support.html"
    assert page.locator(".site-nav a").first.is_hidden()  # a new page: folded again
    assert page.page_errors == []


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_menu_works_with_javascript_off(new_page: Any, built_site: Path,
                                            size: tuple[int, int]) -> None:
    page = new_page(*size, java_script_enabled=False)
    page.goto((built_site / "index.html").as_uri())
    if size == PHONE:
        page.locator(".site-menu-button").click()
    page.get_by_role("link", name="For facilitators").first.click()
    page.wait_for_url("**/facilitators.html")
    if size == PHONE:
        page.locator(".site-menu-button").click()
    assert page.locator('.site-nav a[aria-current="page"]').inner_text() == "For facilitators"
    page.get_by_role("link", name="Editing the rules").click()
    page.wait_for_url("**/editing-the-rules.html")
    # the page's outline and its next page work without JavaScript too
    assert page.locator(".pager a[rel=next]").inner_text().endswith("Translating the workshop")


def test_table_words_never_break_in_the_middle_on_a_phone(new_page: Any,
                                                          built_site: Path) -> None:
    page = new_page(*PHONE)
    broken = {}
    for name in pages_of(built_site):
        page.goto((built_site / name).as_uri())
        if words := page.evaluate(BROKEN_WORDS):
            broken[name] = words
    assert not broken, f"words broken across lines in tables at 390 px: {broken}"


def test_the_open_phone_menu_passes_axe(new_page: Any, http_root: str) -> None:
    if not AXE.is_file():
        pytest.skip("axe-core is missing (npm ci)")
    page = new_page(*PHONE)
    page.goto(http_root + "facilitator-guide.html")  # over HTTP: axe reads the stylesheets
    page.locator(".outline-title").click()  # the folded "On this page" too
    page.locator(".site-menu-button").click()
    found = failures("facilitator-guide.html", "the open menu at 390 px",
                     run_axe(page, AXE.read_text(encoding="utf-8")))
    assert not found, "\n".join(found)
