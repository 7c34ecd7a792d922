"""Accessibility (WCAG 2.2 AA): axe-core on every page of the built default site.

Every HTML page of the build is found by globbing the output, opened from the HTTP
sub-path at a desktop width and at 390 CSS px (a phone), and checked by axe-core against
the WCAG 2.0, 2.1 and 2.2 A and AA rules plus axe's best practices. The assessment page
is checked again after questions are answered, with its results panel showing.

Why HTTP and not file://: from disk every file is its own origin, so axe cannot read
the stylesheets' rules and tries to fetch them, which the policy's `connect-src 'none'`
refuses; its CSS-based rules (css-orientation-lock) would then silently check nothing.
Over HTTP the stylesheets are same-origin and readable. (test_offline.py covers file://.)

How axe gets into the page: `page.evaluate(source)`. Playwright runs it through the
DevTools protocol (Runtime.evaluate / callFunctionOn), which the page's
Content-Security-Policy does not govern, so the page keeps its real, strict policy
while it is checked. `bypass_csp=True` would instead switch the policy off for the
whole context, and with it any breakage the policy causes (a blocked script that
never builds the results panel, a blocked inline style): axe would then check a page
no participant ever sees. A `<script>` tag (`add_script_tag`) would be refused by the
policy itself.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": [*WCAG_TAGS, "best-practice"]},
    "resultTypes": ["violations"],
}
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
ASSESSMENT = "checklists/network.html"

# Best-practice findings (not WCAG failures), reported to the owners of their source.
# Keyed by (page, axe rule id); anything else, and every WCAG violation, fails the test.
KNOWN_BEST_PRACTICE: dict[tuple[str, str], str] = {}


def _missing(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing; CI must install it (see .ci/run)")
    pytest.skip(f"{what} is missing: install it to run the accessibility tests (see README)")


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        _missing(f"axe-core ({AXE}; run `npm ci`)")
    return AXE.read_text(encoding="utf-8")


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the build, as paths relative to its root."""
    pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    assert {"index.html", ASSESSMENT, "materials.html", "about.html",
            "facilitators.html"} <= set(pages), pages
    return pages


def run_axe(page: Any, axe_source: str) -> list[dict[str, Any]]:
    """axe-core's violations for the page as it is now."""
    if not hasattr(page, "axe_console"):
        page.axe_console = []
        page.on("console", lambda message: page.axe_console.append(message.text))
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    page.axe_console.clear()
    result: dict[str, Any] = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    preload = [text for text in page.axe_console if "preload" in text]
    assert not preload, (f"axe could not read the stylesheets of {page.url}, so its CSS "
                         f"rules checked nothing: {preload}")
    return list(result["violations"])


def describe(where: str, violation: dict[str, Any]) -> str:
    """One violation, readably: rule, impact, help, and each offending node."""
    lines = [f"{where}: {violation['id']} ({violation.get('impact') or 'no impact'}): "
             f"{violation['help']}  [{', '.join(violation.get('tags', []))}]",
             f"    {violation.get('helpUrl', '')}"]
    for node in violation["nodes"]:
        target = " >> ".join(" ".join(part) if isinstance(part, list) else str(part)
                             for part in node["target"])
        summary = " ".join(node.get("failureSummary", "").split())
        lines.append(f"    - {target}: {summary}")
        lines.append(f"      {node.get('html', '')[:200]}")
    return "\n".join(lines)


def failures(page_name: str, where: str, violations: list[dict[str, Any]]) -> list[str]:
    """The violations that fail the test: every WCAG one, and unknown best-practice ones."""
    found = []
    for violation in violations:
        wcag = bool(set(violation.get("tags", [])) & set(WCAG_TAGS))
        if not wcag and (page_name, violation["id"]) in KNOWN_BEST_PRACTICE:
            continue
        found.append(describe(where, violation))
    return found


def horizontal_overflow(page: Any) -> list[str]:
    """Elements sticking out to the right of the viewport (WCAG 1.4.10 reflow)."""
    wide: list[str] = page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= width) return [];
        return [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 1)
            .slice(0, 5)
            .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                      + (e.className ? '.' + String(e.className).trim().split(/\\s+/).join('.')
                                     : ''));
    }""")
    return wide


def check_at_every_width(page: Any, name: str, where: str, axe_source: str) -> list[str]:
    """axe at each width in turn, on the page as loaded (resizing re-applies the media
    queries: the same page at 390 px without a second load and injection), and no sideways
    scrolling on the phone."""
    found = []
    for width, size in WIDTHS.items():
        page.set_viewport_size({"width": size[0], "height": size[1]})
        found += failures(name, f"{where} at {width}", run_axe(page, axe_source))
        if width == "phone" and (wide := horizontal_overflow(page)):
            found.append(f"{where} at {width}: the page scrolls sideways (WCAG 1.4.10 "
                         f"reflow): {', '.join(wide)}")
    return found


def test_every_page_passes_axe(new_page: Any, built_site: Path, http_root: str,
                               axe_source: str) -> None:
    page = new_page(*WIDTHS["desktop"])
    found: list[str] = []
    for name in site_pages(built_site):
        page.set_viewport_size(dict(zip(("width", "height"), WIDTHS["desktop"], strict=True)))
        page.goto(http_root + name)
        found += check_at_every_width(page, name, name, axe_source)
    assert not found, f"{len(found)} accessibility problem(s):\n" + "\n".join(found)
    assert page.page_errors == []


def test_every_page_of_the_second_kit_passes_axe(new_page: Any, second_site: Path,
                                                 second_http_root: str,
                                                 axe_source: str) -> None:
    """A kit with number and text questions, no chart, its own colours and pages."""
    page = new_page(*WIDTHS["desktop"])
    found: list[str] = []
    names = sorted(p.relative_to(second_site).as_posix() for p in second_site.rglob("*.html"))
    assert "checklists/habits.html" in names
    for name in names:
        page.set_viewport_size(dict(zip(("width", "height"), WIDTHS["desktop"], strict=True)))
        page.goto(second_http_root + name)
        found += check_at_every_width(page, name, f"second kit: {name}", axe_source)
    assert not found, f"{len(found)} accessibility problem(s):\n" + "\n".join(found)
    assert page.page_errors == []


def test_every_page_of_a_kit_with_search_passes_axe(new_page: Any, search_site: Path,
                                                   search_http_root: str,
                                                   axe_source: str) -> None:
    """A kit large enough for search: its header box, the panel of results open, and the
    search page with results, at both widths."""
    page = new_page(*WIDTHS["desktop"])
    found: list[str] = []
    names = sorted(p.relative_to(search_site).as_posix() for p in search_site.rglob("*.html"))
    assert "search.html" in names
    for name in names:
        page.set_viewport_size(dict(zip(("width", "height"), WIDTHS["desktop"], strict=True)))
        page.goto(search_http_root + name)
        found += check_at_every_width(page, name, f"search kit: {name}", axe_source)
    for width, size in WIDTHS.items():
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.goto(search_http_root + "guides/deep.html")
        page.locator("#site-search-input").fill("habit")
        page.locator(".site-search-summary").filter(has_text="“habit”").wait_for()
        found += failures("guides/deep.html", f"search kit: the panel of results at {width}",
                          run_axe(page, axe_source))
    page.goto(search_http_root + "search.html?q=feedback")
    page.locator(".search-page-status").filter(has_text="“feedback”").wait_for()
    found += check_at_every_width(page, "search.html", "search kit: search.html?q=feedback",
                                  axe_source)
    assert not found, f"{len(found)} accessibility problem(s):\n" + "\n".join(found)
    assert page.page_errors == []


def answer_questions(page: Any) -> None:
    """Answer every choice question by clicking an option's label: a mix of answers, so
    that both gaps and strengths show. Number and text questions get a plain answer."""
    questions = page.locator("fieldset.question")
    for index in range(questions.count()):
        question = questions.nth(index)
        options = question.locator("label.option")
        if options.count():
            options.nth([2, 0, 1][index % 3] % options.count()).click()
        elif question.locator("input[type=number]").count():
            question.locator("input[type=number]").fill("1")
        elif question.locator("textarea").count():
            question.locator("textarea").fill("A. B.")


def test_answered_assessment_passes_axe(new_page: Any, http_root: str,
                                        axe_source: str) -> None:
    page = new_page(*WIDTHS["desktop"])
    page.goto(http_root + ASSESSMENT)
    if page.locator("script[src]").count() == 0:
        pytest.skip(f"{ASSESSMENT} has no script yet: there is no results panel to check")
    answer_questions(page)
    try:
        page.locator("#results").wait_for(state="visible", timeout=5_000)
    except Exception:  # Playwright's TimeoutError: report it with the page's own errors
        pytest.fail(f"{ASSESSMENT}: the results panel (#results) did not show after every "
                    f"question was answered; page errors: {page.page_errors}")
    found = check_at_every_width(page, ASSESSMENT, f"{ASSESSMENT} (answered)", axe_source)
    # The final results, a step being written, and the folded advice opened.
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS["desktop"], strict=True)))
    if page.locator("#results-finish").is_visible():
        page.locator("#results-finish").click()
    page.locator("#results-step-own").click()
    page.fill("#step-what", "Call Sam")
    for more in page.locator("#results .advice-more:visible, #results .actions-more:visible").all():
        more.click()
    found += check_at_every_width(page, ASSESSMENT, f"{ASSESSMENT} (final, with a step)",
                                  axe_source)
    assert not found, f"{len(found)} accessibility problem(s):\n" + "\n".join(found)
    assert page.page_errors == []


def test_skip_link_is_first_and_moves_focus_to_main(new_page: Any, built_site: Path) -> None:
    """Keyboard users reach the skip link first; it shows when focused and lands in <main>.
    (Every page shares base.html's header: the home page and the assessment page stand
    for all.)"""
    page = new_page()
    problems = []
    for name in ("index.html", ASSESSMENT):
        page.goto((built_site / name).as_uri())
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
            const e = document.activeElement, box = e.getBoundingClientRect();
            return {cls: e.className, href: e.getAttribute('href'),
                    visible: box.bottom > 0 && box.top >= 0 && box.width > 0};
        }""")
        if focused["cls"] != "skip-link" or not focused["visible"]:
            problems.append(f"{name}: the first Tab reaches {focused}, not a visible skip link")
            continue
        page.keyboard.press("Enter")
        if not page.evaluate("() => document.activeElement.closest('main') !== null"):
            problems.append(f"{name}: the skip link does not move focus into <main>")
    assert not problems, "\n".join(problems)


def test_every_page_has_its_own_title(built_site: Path) -> None:
    """WCAG 2.4.2: a page's title says which page it is; two pages never share one."""
    titles: dict[str, list[str]] = {}
    for name in site_pages(built_site):
        html = (built_site / name).read_text(encoding="utf-8")
        match = re.search(r"<title>(.*?)</title>", html, re.S)
        assert match and match.group(1).strip(), f"{name} has no title"
        titles.setdefault(" ".join(match.group(1).split()), []).append(name)
    shared = {title: names for title, names in titles.items() if len(names) > 1}
    assert not shared, f"pages that share a title: {shared}"
