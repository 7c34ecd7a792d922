"""The live self-assessment in a real Chromium: the page gives the advice Python gives.

Every rule test of the default kit is answered by keyboard alone, and the advice the page
shows (ids and order) is compared with Python's `Evaluator` for the same answers; so are
seeded random answers, on the default kit and on the second kit (number and text questions,
raw logic). Also: progress, profile, chart, persistence, clearing, the download read back
by the real `site-builder explain`, printing, the page without JavaScript, and the CSP.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from site_builder.check import check_kit
from site_builder.diagnostics import Location, Problems
from site_builder.engine.document import RulesDocument
from site_builder.engine.evaluate import Evaluation, Evaluator
from site_builder.engine.match import match_answers
from site_builder.kit.load import load_kit
from site_builder.model import Checklist, Kit
from site_builder.render.chart import chart_svg
from site_builder.render.dates import format_long_date
from site_builder.render.site import render_site
from tests.browser.pages import page_of_site

ROOT = Path(__file__).resolve().parents[2]
SECOND_KIT = ROOT / "tests" / "fixtures" / "kits" / "second"
PAGE = "checklists/network.html"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'none'; form-action 'none'; base-uri 'none'")
DESIGN_EXAMPLE = {"sounding_board": "yes", "cross_org_allies": "yes", "industry_peers": "yes",
                  "confidant": "no", "similar_situation": "no",
                  "long_time_friends": "not_sure"}

KIT = load_kit(ROOT)
DOCUMENTS = check_kit(KIT).documents
CHECKLIST = KIT.checklists["network"]
EVALUATOR = Evaluator(DOCUMENTS["network"])
CASES = [case for test in KIT.rule_tests if test.checklist == "network" for case in test.cases]

READ_RESULTS = """() => ({
  ids: document.getElementById('results').dataset.shown.split(' ').filter(Boolean),
  cards: [...document.querySelectorAll('#results [data-rule-id]')].map(e => e.dataset.ruleId),
  final: document.getElementById('results').dataset.final === 'true',
  scores: Object.fromEntries([...document.querySelectorAll('#results [data-score-id]')]
    .map(e => [e.dataset.scoreId, Number(e.dataset.score)])),
  progress: document.getElementById('results-progress-text').textContent,
})"""

# Sets answers through the form as a participant would (clicks on the radios, typing in
# the fields, each firing its input/change events), then reads what the page shows.
SET_ANSWERS = """(answers) => {
  document.getElementById('results-clear').click();
  for (const [id, value] of Object.entries(answers)) {
    if (value === null) continue;
    const field = document.querySelector(`#assessment [name="${id}"]:not([type=radio])`);
    if (field) {
      field.value = String(value);
      field.dispatchEvent(new Event('input', {bubbles: true}));
    } else {
      document.querySelector(`#assessment [name="${id}"][value="${value}"]`).click();
    }
  }
  // "See my results" (the unanswered then count as skipped), once something is answered
  const finish = document.getElementById('results-finish');
  if (Object.values(answers).some(v => v !== null)) finish.click();
}"""


# --- what Python says ------------------------------------------------------------------


def evaluate(checklist: Checklist, evaluator: Evaluator, raw: Mapping[str, Any]) -> Evaluation:
    report = Problems()
    answers = match_answers(raw, checklist, lambda key: Location("answers"), report)
    assert not report.errors, report.errors
    return evaluator.evaluate(answers)


def page_order(document: RulesDocument, shown: tuple[str, ...]) -> list[str]:
    """`shown` as the page lays it out: the `pick: first` advice (the profile) at the top,
    then by checklist section in order, then "General"; each group keeps `shown` order."""
    rules = {rule["id"]: rule for rule in document["rules"]}
    sections = [section["id"] for section in document["checklist"]["sections"]]

    def place(rule_id: str) -> int:
        rule = rules[rule_id]
        if rule["pick"] == "first":
            return -1
        section = rule["advice"].get("section")
        return sections.index(section) if section in sections else len(sections)

    return sorted(shown, key=place)  # a stable sort keeps `shown` order within a group


# --- the page --------------------------------------------------------------------------


def open_assessment(new_page: Any, url: str, **options: Any) -> Any:
    page = new_page(**options)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type in ("error", "warning") else None)
    page.console_errors = errors
    page.goto(url)
    page.wait_for_selector("#results:not([hidden])")
    return page


def assert_clean(page: Any) -> None:
    assert page.page_errors == []
    assert page.console_errors == []  # a CSP violation would be reported here


def results(page: Any) -> dict[str, Any]:
    value: dict[str, Any] = page.evaluate(READ_RESULTS)
    return value


def focused(page: Any) -> dict[str, Any]:
    value: dict[str, Any] = page.evaluate("""() => {
      const e = document.activeElement;
      return {tag: e.tagName, type: e.type || null, name: e.name || null, id: e.id,
              value: e.value ?? null, checked: !!e.checked};
    }""")
    return value


def choose(page: Any, answers: Mapping[str, Any]) -> None:
    """Clicks the radios of these answers (each click fires input and change events)."""
    page.evaluate("""(answers) => {
      for (const [id, value] of Object.entries(answers)) {
        if (value !== null) document.querySelector(
          `#assessment input[name="${id}"][value="${value}"]`).click();
      }
    }""", dict(answers))


def answer_by_keyboard(page: Any, checklist: Checklist, answers: Mapping[str, Any]) -> None:
    """On an empty form, from the top of the page's main part: Tab to the first radio group,
    then into each group in turn (onto its first option), and Space to select that option or
    arrow keys to move to (and select) another; a blank answer is tabbed past. The final
    check shows that each key went where it should."""
    page.locator("#main").focus()  # Tab past the page's header links to the form
    for _ in range(6):
        page.keyboard.press("Tab")
        if focused(page)["type"] == "radio":
            break
    assert focused(page)["name"] == checklist.questions[0].id
    for index, question in enumerate(checklist.questions):
        if index:
            page.keyboard.press("Tab")
        wanted = answers.get(question.id)
        if wanted is None:
            continue
        steps = [option.value for option in question.answers].index(wanted)
        for key in ["ArrowRight"] * steps or ["Space"]:
            page.keyboard.press(key)
    checked = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
      '#assessment input[type=radio]:checked')].map(e => [e.name, e.value]))""")
    assert checked == {k: v for k, v in answers.items() if v is not None}
    last = focused(page)
    assert (last["type"], last["name"]) == ("radio", checklist.questions[-1].id)


# --- every rule test, by keyboard -------------------------------------------------------


def test_every_rule_case_answered_by_keyboard(new_page: Any, site_url: str,
                                              request: pytest.FixtureRequest) -> None:
    """Each case of rules/tests/: the advice Python expects, in the order Python gives it;
    then the keyboard reaches every button, and Enter never submits the form. From disk
    every case; over HTTP (the same script, only served) the first three, to save time."""
    page = open_assessment(new_page, site_url + PAGE)
    scheme = request.node.callspec.params["site_url"]
    for case in CASES if scheme == "file" else CASES[:3]:
        page.locator("#results-clear").evaluate("button => button.click()")
        answer_by_keyboard(page, CHECKLIST, case.answers)
        # Shift+Tab goes back to the previous group, onto its chosen answer.
        page.keyboard.press("Shift+Tab")
        back = focused(page)
        previous = CHECKLIST.questions[-2]
        assert (back["name"], back["value"], back["checked"]) == (
            previous.id, case.answers[previous.id], True), case.name

        shown = results(page)
        evaluation = evaluate(CHECKLIST, EVALUATOR, case.answers)
        assert set(case.expect) <= set(shown["ids"]), case.name
        assert not set(case.expect_not) & set(shown["ids"]), case.name
        assert shown["ids"] == list(evaluation.shown), case.name
        assert set(shown["cards"]) <= set(shown["ids"]), case.name
        assert shown["scores"] == pytest.approx(dict(evaluation.scores)), case.name
        answered = sum(1 for q in CHECKLIST.questions if case.answers.get(q.id) is not None)
        assert shown["progress"] == f"{answered} of {len(CHECKLIST.questions)} answered"

    page.keyboard.press("Enter")  # on a radio: would submit the form, which the page refuses
    page.wait_for_timeout(50)
    assert page.url == site_url + PAGE and focused(page)["type"] == "radio"
    page.keyboard.press("Tab")  # back on the last question
    buttons = []
    for _ in range(12):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["tag"] == "BUTTON":
            buttons.append(now["id"])
        if now["id"] == "results-clear":
            break
    assert buttons == ["results-step-own", "results-print", "results-download", "results-clear"]
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # the focus is visible
    page.keyboard.press("Enter")
    assert page.locator("#results-progress-text").text_content() == "0 of 6 answered"
    assert page.locator("#assessment input:checked").count() == 0
    assert_clean(page)


# --- progress, profile, scores, chart and reasons -----------------------------------------


def test_progress_profile_scores_chart_and_reasons(new_page: Any, built_site: Path) -> None:
    page = open_assessment(new_page, built_site.as_uri() + "/" + PAGE)
    progress = page.locator("#results-progress-text")
    assert progress.text_content() == "0 of 6 answered"
    assert progress.get_attribute("aria-live") == "polite"
    assert page.locator("#results-advice-prompt").is_visible()
    assert results(page)["ids"] == []

    page.check("#q-sounding_board-1")
    page.check("#q-confidant-3")
    assert progress.text_content() == "2 of 6 answered"
    assert not page.locator("#results-advice-prompt").is_visible()
    # On a wide screen the summary sits beside the questions.
    form = page.locator("#assessment").bounding_box()
    summary = page.locator("#results-summary").bounding_box()
    assert summary["x"] >= form["x"] + form["width"]
    assert form["y"] <= summary["y"] < form["y"] + form["height"]

    choose(page, DESIGN_EXAMPLE)
    assert progress.text_content() == "6 of 6 answered"
    headline = page.locator("#results-profile-headline")
    assert headline.text_content() == "Your profile: connected but alone"
    profile = page.locator("#results-profile [data-rule-id]")
    assert profile.count() == 1
    assert profile.get_attribute("data-rule-id") == "profile-connected-but-alone"
    assert profile.locator("h3").text_content() == "Your profile: connected but alone"

    chart = page.locator("#results-chart svg")
    assert page.locator("#results-chart").is_visible()
    assert chart.get_attribute("role") == "img"
    name = page.locator("#" + str(chart.get_attribute("aria-labelledby")))
    assert name.text_content() == "Your two kinds of support"
    desc = page.locator("#" + str(chart.get_attribute("aria-describedby"))).text_content()
    assert str(desc).startswith("Instrumental support 3 of 3, Psychosocial support 0.5 of 3: "
                                "Connected but alone. Instrumental support runs across")
    caption = page.locator("#results-chart-caption")
    assert re.sub(r"\s+", " ", caption.inner_text()).strip() == (
        "Instrumental support: 3 of 3 Psychosocial support: 0.5 of 3")
    texts = page.locator("#results-chart svg text").all_text_contents()
    assert {"Close but narrow", "Building both sides", "Psychosocial support"} <= set(texts)
    # The page places the mark where the build's own drawing of these scores has it.
    expected = ET.fromstring(str(chart_svg(CHECKLIST, 3, 0.5)))
    drawn = next(n for n in expected.iter() if n.attrib.get("class") == "chart-dot")
    point = page.locator("#results-chart .chart-dot")
    assert point.get_attribute("visibility") == "visible"
    assert (point.get_attribute("cx"), point.get_attribute("cy")) == (
        drawn.attrib["cx"], drawn.attrib["cy"])
    dot = point.bounding_box()
    for label in page.locator("#results-chart svg text").all():
        box = label.bounding_box()
        assert (box["x"] + box["width"] <= dot["x"] or dot["x"] + dot["width"] <= box["x"]
                or box["y"] + box["height"] <= dot["y"] or dot["y"] + dot["height"] <= box["y"])
    assert [s.strip() for s in page.locator("#results-scores li").all_inner_texts()] == [
        "Instrumental support: 3 of 3", "Psychosocial support: 0.5 of 3"]

    # The advice, by section: every instrumental answer was "yes".
    groups = page.locator("#results-groups .advice-group:visible h3").all_text_contents()
    assert groups == ["Psychosocial support"]
    card = page.locator('#results [data-rule-id="find-a-confidant"]')
    assert card.locator("h4").text_content() == (
        "Find someone you can speak to in confidence about work")
    assert "somewhere safe" in card.locator(".advice-card-body").inner_text()
    why = card.locator("details.why")
    assert why.locator("summary").text_content() == "Why this advice"
    assert not why.locator(".why-list").is_visible()
    why.locator("summary").focus()
    page.keyboard.press("Enter")
    reason = why.locator(".why-list li").inner_text()
    assert reason == "You answered No to “Someone outside your own team …”."
    assert profile.locator(".why-list li").all_text_contents() == [
        "Your instrumental support score is 3 of 3, at least 2.",
        "“Your profile: well supported” needs your psychosocial support score to be at least "
        "2; it is 0.5 of 3."]
    # An open disclosure stays open while its advice stays shown, and follows the answer.
    page.check("#q-confidant-2")
    assert why.evaluate("details => details.open")
    assert why.locator(".why-list li").inner_text() == (
        "You answered Not sure to “Someone outside your own team …”.")
    assert_clean(page)


# --- persistence, clearing, downloading -------------------------------------------------


def test_answers_persist_across_reloads_and_clear(new_page: Any, site_url: str) -> None:
    page = open_assessment(new_page, site_url + PAGE)
    page.evaluate("""() => {  // answers saved for an older version, and someone else's data
      localStorage.setItem('site-builder:two-kinds-of-support:network:0ld', '{"answers": {}}');
      localStorage.setItem('another-app', 'kept');
    }""")
    choose(page, DESIGN_EXAMPLE)
    before = results(page)
    keys = sorted(page.evaluate("() => Object.keys(localStorage)"))
    assert keys == ["another-app",
                    f"site-builder:two-kinds-of-support:network@en:{CHECKLIST.version}"]
    page.evaluate("() => localStorage.removeItem('another-app')")
    keys = keys[1:]
    saved = json.loads(page.evaluate("(key) => localStorage.getItem(key)", keys[0]))
    assert saved["answers"] == DESIGN_EXAMPLE
    assert page.evaluate("() => document.cookie") == ""

    page.reload()
    page.wait_for_selector("#results:not([hidden])")
    checked = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
      '#assessment input:checked')].map(e => [e.name, e.value]))""")
    assert checked == DESIGN_EXAMPLE
    assert results(page) == before
    assert page.locator("#results-status").text_content().startswith("Welcome back")

    page.locator("#results-clear").click()
    assert page.locator("#results-status").text_content().startswith("Answers cleared.")
    assert page.locator("#assessment input:checked").count() == 0
    assert results(page)["ids"] == []
    assert page.locator("#results-progress-text").text_content() == "0 of 6 answered"
    assert page.evaluate("() => Object.keys(localStorage)") == []
    assert page.evaluate("() => document.activeElement.id") == "results-clear"

    page.get_by_role("button", name="Undo").click()  # a clear can be taken back
    assert results(page) == before
    page.locator("#results-clear").click()
    page.reload()
    page.wait_for_selector("#results:not([hidden])")
    assert page.locator("#assessment input:checked").count() == 0
    assert results(page)["ids"] == []
    assert_clean(page)


def test_the_download_is_read_by_explain(new_page: Any, site_url: str, tmp_path: Path) -> None:
    page = open_assessment(new_page, site_url + PAGE)
    answers = {**DESIGN_EXAMPLE, "industry_peers": None}
    choose(page, answers)
    with page.expect_download() as info:
        page.locator("#results-download").click()
    download = info.value
    assert download.suggested_filename == "network-answers.json"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert list(saved) == ["format", "kit", "checklist", "version", "language", "saved",
                           "answers"]
    assert saved["format"] == "site-builder/answers"
    assert saved["language"] == "en"
    assert saved["kit"] == "Two kinds of support"
    assert (saved["checklist"], saved["version"]) == ("network", CHECKLIST.version)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", saved["saved"])
    assert saved["answers"] == answers  # every question, a blank as null
    assert list(saved["answers"]) == [q.id for q in CHECKLIST.questions]

    explained = subprocess.run(
        [sys.executable, "-m", "site_builder", "explain", str(path), "--kit", str(ROOT),
         "--json"], capture_output=True, text=True, check=False, cwd=ROOT)
    assert explained.returncode == 0, explained.stderr
    report = json.loads(explained.stdout)
    assert report["shown"] == list(evaluate(CHECKLIST, EVALUATOR, answers).shown)
    assert report["shown"] == results(page)["ids"]
    assert_clean(page)


# --- printing, phones -------------------------------------------------------------------


def test_print_shows_the_results_as_a_clean_page(new_page: Any, built_site: Path) -> None:
    page = open_assessment(new_page, built_site.as_uri() + "/" + PAGE)
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    choose(page, DESIGN_EXAMPLE)
    page.locator("#results-print").click()
    assert page.evaluate("() => window.printed") == 1

    page.emulate_media(media="print")
    for hidden in (".site-header", "#assessment", "#catalogue", ".results-actions",
                   ".site-footer", "#results-progress-text", ".why"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator("h1").is_visible()
    rows = [re.sub(r"\s+", " ", row).strip()
            for row in page.locator("#results-answers .answer-row").all_inner_texts()]
    assert rows[0] == ("1. Someone who gives you an honest, impartial view of how you are "
                       "growing and where your career could go next Yes")
    assert rows[-1].endswith("in a longer light Not sure") and len(rows) == 6
    # the same words as a report's date: the locale the build chose, day first for `en`
    today = datetime.date(*page.evaluate(
        "() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()]; }"))
    assert page.locator("#results-date").text_content() == \
        f"Printed on {format_long_date(today, 'en')}"
    assert page.locator("#results-scores").is_visible()
    assert page.locator("#results-profile [data-rule-id]").is_visible()
    assert page.locator('#results [data-rule-id="find-a-confidant"]').is_visible()

    page.locator("#results-clear").evaluate("button => button.click()")
    assert not page.locator("#results-summary").is_visible()  # nothing answered: a worksheet
    assert page.locator("#assessment").is_visible()
    assert_clean(page)


def test_on_a_phone_the_results_follow_the_questions(new_page: Any, built_site: Path) -> None:
    page = open_assessment(new_page, built_site.as_uri() + "/" + PAGE, width=390, height=844,
                           reduced_motion="reduce")
    choose(page, DESIGN_EXAMPLE)
    form = page.locator("#assessment").bounding_box()
    summary = page.locator("#results-summary").bounding_box()
    advice = page.locator("#results-advice").bounding_box()
    assert form["y"] + form["height"] <= summary["y"] < advice["y"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    # prefers-reduced-motion: the chart's point jumps instead of gliding.
    duration = page.locator("#results-chart .chart-dot").evaluate(
        "dot => getComputedStyle(dot).transitionDuration")
    assert set(duration.split(", ")) == {"0s"}
    assert_clean(page)


def test_a_range_is_placed_as_the_build_draws_it(new_page: Any, built_site: Path) -> None:
    """While questions are unanswered a score may be {lo, hi}: the mark is then a rectangle
    over the range, where render/chart.py would draw it."""
    page = open_assessment(new_page, built_site.as_uri() + "/" + PAGE)
    page.evaluate("""() => {
      const svg = document.querySelector("#results-chart svg");
      const rules = JSON.parse(document.getElementById("rules-data").textContent);
      const chart = window.SiteBuilderAssessmentParts.chart.makeChart(svg, rules.chart, {
        say: (name, values) => name + JSON.stringify(values), number: String });
      chart.place({lo: 1, hi: 3}, 2);
    }""")
    expected = ET.fromstring(str(chart_svg(CHECKLIST, (1, 3), 2)))
    drawn = next(n for n in expected.iter() if n.attrib.get("class") == "chart-range")
    rect = page.locator("#results-chart .chart-range")
    assert rect.get_attribute("visibility") == "visible"
    assert page.locator("#results-chart .chart-dot").get_attribute("visibility") == "hidden"
    for name in ("x", "y", "width", "height"):
        assert rect.get_attribute(name) == drawn.attrib[name], name
    assert_clean(page)


# --- without JavaScript, without storage --------------------------------------------------


def test_without_javascript_the_form_and_catalogue_remain(new_page: Any,
                                                          built_site: Path) -> None:
    page = new_page(java_script_enabled=False)
    url = built_site.as_uri() + "/" + PAGE
    page.goto(url)
    assert page.locator("fieldset.question").count() == 6
    assert page.locator("#assessment input[type=radio]").first.is_visible()
    assert page.locator("#catalogue").is_visible()
    rules = len(DOCUMENTS["network"]["rules"])
    assert page.locator("#catalogue details.advice").count() == rules
    assert not page.locator("#results").is_visible()
    assert not page.locator("#results-summary").is_visible()
    page.check("#q-sounding_board-1")
    page.locator("#q-sounding_board-1").press("Enter")  # form-action 'none' blocks it
    page.wait_for_timeout(100)
    assert page.url == url
    assert page.page_errors == []


def test_the_page_works_when_storage_is_refused(new_page: Any, built_site: Path) -> None:
    page = new_page()
    page.add_init_script("""Object.defineProperty(window, 'localStorage', {
      get() { throw new DOMException('The operation is insecure.', 'SecurityError'); }});""")
    page.goto(built_site.as_uri() + "/" + PAGE)
    page.wait_for_selector("#results:not([hidden])")
    page.check("#q-sounding_board-3")
    assert "find-a-sounding-board" in results(page)["ids"]
    page.locator("#results-clear").click()
    assert results(page)["ids"] == []
    assert page.page_errors == []


# --- parity with Python on random answers -------------------------------------------------


def random_answers(checklist: Checklist, rng: random.Random) -> dict[str, Any]:
    """One participant: each question blank one time in four, else a random valid answer."""
    answers: dict[str, Any] = {}
    for question in checklist.questions:
        if rng.random() < 0.25:
            answers[question.id] = None
        elif question.type == "choice":
            answers[question.id] = rng.choice(question.answers).value
        elif question.type == "number":
            low, high = question.minimum or 0, question.maximum or 20
            answers[question.id] = rng.choice([low, high, rng.randint(int(low), int(high)),
                                               round(rng.uniform(low, high), 1)])
        else:
            answers[question.id] = rng.choice(["Telling Sam", "  ", "x"])
    return answers


def assert_parity(page: Any, checklist: Checklist, document: RulesDocument,
                  answers: Mapping[str, Any]) -> None:
    page.evaluate(SET_ANSWERS, answers)
    shown = results(page)
    given = {k: v for k, v in answers.items() if v is not None}
    evaluation = evaluate(checklist, Evaluator(document), given)
    answered = len(evaluation.answers) - list(evaluation.answers.values()).count(None)
    # With nothing answered the page shows a prompt, not the advice of empty answers.
    expected = list(evaluation.shown) if answered else []
    assert shown["ids"] == expected, answers
    assert shown["scores"] == pytest.approx(dict(evaluation.scores)), answers
    assert shown["progress"] == f"{answered} of {len(checklist.questions)} answered", answers


def test_random_answers_give_the_same_advice_as_python(new_page: Any, built_site: Path) -> None:
    page = open_assessment(new_page, built_site.as_uri() + "/" + PAGE)
    rng = random.Random(20251126)
    samples = [random_answers(CHECKLIST, rng) for _ in range(40)]
    assert any(None in s.values() for s in samples)
    for answers in samples:
        assert_parity(page, CHECKLIST, DOCUMENTS["network"], answers)
    assert_clean(page)


def render_kit(kit_root: Path, out: Path) -> Path:
    """A kit's HTML site (no PDFs), rendered once into `out`."""
    if not (out / "index.html").is_file():
        out.mkdir(parents=True, exist_ok=True)
        kit = load_kit(kit_root)
        render_site(kit, check_kit(kit).documents, out)
    return out


@pytest.fixture(scope="module")
def second_kit() -> Kit:
    return load_kit(SECOND_KIT)


@pytest.fixture(scope="module")
def second_page(browser: Any, built_site: Path) -> Iterator[Any]:
    """The second kit's assessment page, from disk; a request leaving its site fails."""
    out = render_kit(SECOND_KIT, built_site.parent / "second")
    with page_of_site(browser, out, (out / "checklists" / "habits.html").as_uri()) as page:
        yield page


def test_second_kit_numbers_text_and_raw_logic_match_python(second_page: Any,
                                                            second_kit: Kit) -> None:
    checklist = second_kit.checklists["habits"]
    document = check_kit(second_kit).documents["habits"]
    for test in second_kit.rule_tests:
        for case in test.cases:
            answers = {q.id: case.answers.get(q.id) for q in checklist.questions}
            assert_parity(second_page, checklist, document, answers)
    rng = random.Random(7)
    for _ in range(30):
        assert_parity(second_page, checklist, document, random_answers(checklist, rng))


def test_links_in_advice_lead_to_pages_of_the_site(second_page: Any) -> None:
    """The build re-bases advice links for the page in checklists/ (the second kit's
    advice links to one of its guides), and the link works from the results."""
    second_page.locator("#results-clear").evaluate("button => button.click()")
    second_page.check('#assessment input[name="give_specific"][value="never"]')
    link = second_page.locator('#results [data-rule-id="be-specific"] .advice-card-body a')
    assert link.get_attribute("href") == "../guides/deep.html#giving"
    link.click()
    second_page.wait_for_url("**/guides/deep.html#giving")
    second_page.go_back()
    second_page.wait_for_selector("#results:not([hidden])")


def test_a_number_out_of_range_is_flagged_and_not_counted(second_page: Any) -> None:
    second_page.locator("#results-clear").evaluate("button => button.click()")
    field = second_page.locator("#q-one_to_one_hours-input")
    error = second_page.locator("#q-one_to_one_hours-error")
    field.fill("3")
    assert "make-time-to-talk" not in results(second_page)["ids"]
    assert second_page.locator("#results-progress-text").text_content() == "1 of 9 answered"
    field.fill("11")
    assert error.is_visible() and field.get_attribute("aria-invalid") == "true"
    assert field.get_attribute("aria-describedby") == "q-one_to_one_hours-error"
    assert second_page.locator("#results-progress-text").text_content() == "0 of 9 answered"
    field.fill("1.5")
    assert not error.is_visible() and field.get_attribute("aria-invalid") is None
    assert "make-time-to-talk" in results(second_page)["ids"]
    field.press("Enter")
    assert second_page.url.endswith("habits.html")


# --- the HTML itself ------------------------------------------------------------------------


class Scan(HTMLParser):
    """The CSP meta tags, scripts and inline styles of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.csp: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.inline: list[str] = []
        self.in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "meta" and found.get("http-equiv") == "Content-Security-Policy":
            self.csp.append(str(found.get("content")))
        if tag == "script":
            self.scripts.append({**found, "in_head": "yes" if self.in_head else None})
        if tag == "style" or "style" in found or any(k.startswith("on") for k in found):
            self.inline.append(self.get_starttag_text() or tag)
        self.in_head = self.in_head or tag == "head"

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def test_every_page_has_the_csp_and_no_inline_code(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 7
    for path in pages:
        scan = Scan()
        html = path.read_text(encoding="utf-8")
        scan.feed(html)
        if path.name == "404.html":  # stands alone: its one style allowed by its hash
            style = html.split("<style>", 1)[1].split("</style>", 1)[0]
            source = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
            assert scan.csp == [f"default-src 'none'; style-src 'sha256-{source}'; img-src "
                                "data:; form-action 'none'; base-uri 'none'"], path
            assert scan.inline == ["<style>"] and scan.scripts == [], path
            continue
        assert scan.csp == [CSP], path
        assert scan.inline == [], path
        for script in scan.scripts:
            if script.get("src") is None:
                assert script.get("type") == "application/json", (path, script)
            else:
                assert "defer" in script and script["in_head"], (path, script)
    assessment = Scan()
    assessment.feed((built_site / PAGE).read_text(encoding="utf-8"))
    assert [(s.get("src") or "?").split("?")[0] or None for s in assessment.scripts] == [
        "../assets/offline.js",  # on every page
        "../assets/jsonlogic-values.js", "../assets/jsonlogic-compile.js",
        "../assets/jsonlogic-data.js", "../assets/jsonlogic-iterate.js", "../assets/jsonlogic.js",
        "../assets/engine.js", "../assets/provisional.js", "../assets/assessment-dom.js",
        "../assets/assessment-answers.js", "../assets/assessment-chart.js",
        "../assets/assessment-results.js", "../assets/assessment-why.js",
        "../assets/assessment-step.js",
        "../assets/assessment.js", None]

