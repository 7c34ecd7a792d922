"""The site in several languages, in a real Chromium: the French assessment gives the same
advice as the English for every rule-test case; each language keeps its own saved answers
and says its language in them; the switcher works by keyboard and on a phone; axe-core and
the Nu HTML Checker find nothing on the French and the right-to-left pages; and pictures of
a French and an Arabic page at 1280 and 390 px, for people to look at.

The French site is the default kit's own French (translations/fr.po and the *.fr.md
pages); the right-to-left one is the RTL fixture kit (tests/fixtures/kits/rtl) with a few
texts in Arabic from tests/translations.py. Pictures go to SITE_BUILDER_SCREENSHOTS, else
`languages/` in pytest's temporary folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from site_builder.check import check_kit
from site_builder.diagnostics import Location, Problems
from site_builder.engine.evaluate import Evaluator
from site_builder.engine.match import match_answers
from site_builder.kit.load import load_kit
from site_builder.model import Kit
from site_builder.render.site import render_site
from tests.browser.pages import page_of_site, serve_site
from tests.browser.test_accessibility import (
    WIDTHS,
    answer_questions,
    axe_source,
    check_at_every_width,
    horizontal_overflow,
)
from tests.browser.test_html_validity import JAVA_OPTIONS, VNU
from tests.browser.test_html_validity import _missing as vnu_missing
from tests.browser.test_results import ANSWER, READ
from tests.kits import FIXTURE_KITS, ROOT
from tests.translations import arabic, with_translations

__all__ = ["axe_source"]  # a fixture, used by name
ASSESSMENT = "checklists/network.html"


def render(kit: Kit, out: Path) -> Path:
    out.mkdir(parents=True)
    render_site(kit, check_kit(kit).documents, out)
    return out


@pytest.fixture(scope="module")
def bilingual() -> Kit:
    """The default kit as it is: English, and French from translations/fr.po and *.fr.md."""
    kit = load_kit(ROOT)
    assert "fr" in kit.translations
    return kit


@pytest.fixture(scope="module")
def french_site(bilingual: Kit, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(bilingual, tmp_path_factory.mktemp("languages") / "site")


@pytest.fixture(scope="module")
def rtl_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    kit = load_kit(FIXTURE_KITS / "rtl")
    return render(with_translations(kit, arabic(kit)), tmp_path_factory.mktemp("rtl") / "site")


def served(site: Path) -> Iterator[str]:
    yield from serve_site(site, site.parent / "docroot")


@pytest.fixture(scope="module")
def french_root(french_site: Path) -> Iterator[str]:
    yield from served(french_site)


@pytest.fixture(scope="module")
def rtl_root(rtl_site: Path) -> Iterator[str]:
    yield from served(rtl_site)


def final_advice(page: Any, answers: Mapping[str, Any]) -> list[str]:
    """The advice ids the page shows once every answer of the case is given and the
    participant asked for their results."""
    page.locator("#results-clear").evaluate("button => button.click()")
    for question, value in answers.items():
        page.evaluate(ANSWER, [question, value])
    if not page.evaluate(READ)["final"]:
        page.locator("#results-finish").click()
    seen = page.evaluate(READ)
    assert seen["final"] and seen["pending"] == []
    return list(seen["shown"])


def test_the_french_assessment_gives_the_english_advice_for_every_case(
        browser: Any, bilingual: Kit, french_site: Path) -> None:
    checklist = bilingual.checklists["network"]
    evaluator = Evaluator(check_kit(bilingual).documents["network"])
    cases = [case for test in bilingual.rule_tests if test.checklist == "network"
             for case in test.cases]
    assert cases
    with page_of_site(browser, french_site, (french_site / ASSESSMENT).as_uri()) as english, \
            page_of_site(browser, french_site,
                         (french_site / "fr" / ASSESSMENT).as_uri()) as french:
        assert french.evaluate("document.documentElement.lang") == "fr"
        french_kit = bilingual.translations["fr"]
        assert french.locator("h1").first.inner_text() == \
            french_kit.checklists["network"].title
        french_titles = {rule.advice.title for rules in french_kit.rule_sets
                         for rule in rules.rules}
        english_titles = {rule.advice.title for rules in bilingual.rule_sets
                          for rule in rules.rules}
        for case in cases:
            report = Problems()
            answers = match_answers(case.answers, checklist, lambda _: Location("case"),
                                    report)
            assert not report.errors
            shown = final_advice(english, answers)
            assert final_advice(french, answers) == shown, case.name
            assert shown == list(evaluator.evaluate(answers).shown), case.name
            assert set(case.expect) <= set(shown), case.name
            # the cards are the French texts
            titles = french.locator("#results [data-rule-id] .advice-card-title").all_inner_texts()
            assert titles and set(titles) <= french_titles - english_titles, case.name


def test_each_language_keeps_its_own_answers_and_names_its_language(
        browser: Any, french_site: Path) -> None:
    context = browser.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        page.goto((french_site / ASSESSMENT).as_uri())
        page.wait_for_selector("#results:not([hidden])")
        page.evaluate(ANSWER, ["sounding_board", "no"])
        page.goto((french_site / "fr" / ASSESSMENT).as_uri())
        page.wait_for_selector("#results:not([hidden])")
        assert page.locator("#assessment input:checked").count() == 0  # English's stay there
        page.evaluate(ANSWER, ["confidant", "yes"])
        saved = page.evaluate("""() => Object.fromEntries(Object.keys(localStorage).map(
            key => [key, JSON.parse(localStorage.getItem(key))]))""")
        by_language = {record["language"]: (key, record["answers"])
                       for key, record in saved.items()}
        assert sorted(by_language) == ["en", "fr"]
        assert "@fr:" in by_language["fr"][0] and "@en:" in by_language["en"][0]
        assert by_language["en"][1]["sounding_board"] == "no"
        assert by_language["fr"][1]["confidant"] == "yes"
        assert by_language["fr"][1].get("sounding_board") is None
        page.locator("#results-finish").click()
        with page.expect_download() as download:
            page.locator("#results-download").click()
        data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        assert data["language"] == "fr" and data["answers"]["confidant"] == "yes"
        page.goto((french_site / ASSESSMENT).as_uri())  # back in English: its answers
        page.wait_for_selector("#results:not([hidden])")
        assert page.locator("#assessment input:checked").evaluate_all(
            "inputs => inputs.map(i => [i.name, i.value])") == [["sounding_board", "no"]]
    finally:
        context.close()


def test_answers_saved_before_pages_had_a_language_are_kept(browser: Any,
                                                           french_site: Path) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((french_site / ASSESSMENT).as_uri())
        page.wait_for_selector("#results:not([hidden])")
        assert page.evaluate("() => Object.keys(localStorage)") == []
        version = check_kit(load_kit(ROOT)).documents["network"]["checklist"]["version"]
        old = f"site-builder:two-kinds-of-support:network:{version}"
        page.evaluate("([key]) => localStorage.setItem(key, JSON.stringify("
                      "{answers: {industry_peers: 'yes'}}))", [old])
        page.reload()
        page.wait_for_selector("#results:not([hidden])")
        assert page.locator("#assessment input:checked").evaluate_all(
            "inputs => inputs.map(i => [i.name, i.value])") == [["industry_peers", "yes"]]
        page.evaluate(ANSWER, ["confidant", "no"])  # the first save moves them
        keys = page.evaluate("() => Object.keys(localStorage)")
        assert len(keys) == 1
        assert keys[0].startswith("site-builder:two-kinds-of-support:network@en:")
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_switcher_by_keyboard_goes_to_the_same_page(browser: Any, french_site: Path,
                                                        width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 844})
    try:
        page = context.new_page()
        page.goto((french_site / "fr" / "network-map.html").as_uri())
        english = page.locator(".site-languages a[hreflang=en]")
        assert english.is_visible() and english.inner_text() == "English"
        box = english.bounding_box()
        assert box and box["height"] >= 24 and box["width"] >= 24  # WCAG 2.5.8
        assert horizontal_overflow(page) == []
        page.keyboard.press("Tab")  # the skip link
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.textContent") == "English"
        page.keyboard.press("Enter")
        page.wait_for_url("**/site/network-map.html")
        assert page.evaluate("document.documentElement.lang") == "en"
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")  # past the current language, to French
        assert page.evaluate("() => document.activeElement.textContent") == "Français"
        page.keyboard.press("Enter")
        page.wait_for_url("**/site/fr/network-map.html")
    finally:
        context.close()


def _pages(site: Path, folder: str) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in (site / folder).rglob("*.html"))


def test_french_and_rtl_pages_pass_axe(browser: Any, french_site: Path, french_root: str,
                                       rtl_site: Path, rtl_root: str, axe_source: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    found: list[str] = []
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        for site, root, folder in ((french_site, french_root, "fr"), (rtl_site, rtl_root, "ar")):
            for name in _pages(site, folder):
                page.set_viewport_size({"width": 1280, "height": 900})
                page.goto(root + name)
                found += check_at_every_width(page, name, name, axe_source)
            # the assessment answered, its results showing
            name = next(n for n in _pages(site, folder) if "/checklists/" in n)
            page.set_viewport_size({"width": 1280, "height": 900})
            page.goto(root + name)
            answer_questions(page)
            page.locator("#results").wait_for(state="visible")
            found += check_at_every_width(page, name, f"{name} (answered)", axe_source)
        assert errors == []
    finally:
        context.close()
    assert not found, f"{len(found)} accessibility problem(s):\n" + "\n".join(found)


def test_french_and_rtl_pages_are_valid_html(french_site: Path, rtl_site: Path) -> None:
    java = shutil.which("java")
    if not java:
        vnu_missing("Java (Debian package 'default-jre-headless')")
    if not VNU.is_file():
        vnu_missing(f"The Nu HTML Checker ({VNU}; run `npm ci`)")
    pages = sorted((french_site / "fr").rglob("*.html")) + sorted(rtl_site.rglob("*.html"))
    pages.append(french_site / "index.html")  # an English page of a bilingual site
    result = subprocess.run(
        [str(java), *JAVA_OPTIONS, "-jar", str(VNU), "--errors-only", "--format", "json",
         "--stdout", *map(str, pages)],
        capture_output=True, text=True, timeout=180, check=False)
    report = json.loads(result.stdout)
    errors = [f"{m.get('url')}:{m.get('lastLine')}: {m.get('message')}"
              for m in report.get("messages", []) if m.get("type") in ("error",
                                                                       "non-document-error")]
    assert not errors, "\n".join(errors)
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    named = os.environ.get("SITE_BUILDER_SCREENSHOTS")
    path = Path(named) if named else tmp_path_factory.getbasetemp() / "languages"
    path.mkdir(parents=True, exist_ok=True)
    return path.resolve()


@pytest.mark.parametrize("width", [1280, 390])
def test_pictures_of_a_french_and_an_rtl_page(browser: Any, french_site: Path, rtl_site: Path,
                                              folder: Path, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": WIDTHS["phone"][1]})
    try:
        page = context.new_page()
        for site, name, picture in (
                (french_site, "fr/index.html", "fr-home"),
                (french_site, f"fr/{ASSESSMENT}", "fr-assessment"),
                (rtl_site, "ar/index.html", "ar-home"),
                (rtl_site, "ar/checklists/team.html", "ar-assessment")):
            page.goto((site / name).as_uri())
            if "assessment" in picture:
                answer_questions(page)
                page.locator("#results").wait_for(state="visible")
            path = folder / f"{picture}-{width}.png"
            page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 10_000
    finally:
        context.close()
