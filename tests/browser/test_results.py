"""Results participants can trust, in a real Chromium: never premature, then final.

For every rule-test case of the default kit and of the second kit (a number question, a
text question, a `pick: first` group, no chart), each also in French (a copy whose
site.yaml says `language: fr`: the built-in words and the sentences' patterns, lists and
numbers are French, the kit's own texts as written), the case's answers are given one at a
time, in checklist order, as a participant would. After each single answer the advice the
page shows must be exactly what Python's three-valued evaluation gives for the answers so
far (engine/provisional.py), and part of the final advice; the advice it says may still
appear must be Python's pending advice. "See my results" then shows exactly what the real
`site-builder explain` shows for the same answers (a file of them, read from disk), and
each card's "Why this advice" gives explain's sentences word for word. A step committed on
the page goes into the downloaded answers, and `explain` and `report` put it first.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from site_builder.check import check_kit
from site_builder.diagnostics import Location, Problems
from site_builder.engine.document import Answer
from site_builder.engine.evaluate import Evaluator
from site_builder.engine.match import match_answers
from site_builder.kit.load import load_kit
from site_builder.model import Checklist
from site_builder.render.site import render_site
from tests.browser.pages import page_of_site

ROOT = Path(__file__).resolve().parents[2]
KITS = {"default": (ROOT, "network"),
        "second": (ROOT / "tests" / "fixtures" / "kits" / "second", "habits")}
# The same kits in French (the default kit's own French; a copy of the second kit with
# `language: fr`): the page's sentences against explain's, in French.
FRENCH = {f"{name}-fr": name for name in KITS}
KIT_PARTS = ("site.yaml", "content", "rules", "templates")  # the default kit is the checkout


def french_copy(root: Path, to: Path) -> Path:
    """A copy of a kit whose language is French."""
    if not to.is_dir():
        for part in (p for p in KIT_PARTS if (root / p).exists()):
            if (root / part).is_dir():
                shutil.copytree(root / part, to / part)
            else:
                to.mkdir(parents=True, exist_ok=True)
                shutil.copy2(root / part, to / part)
        site = to / "site.yaml"
        text, count = re.subn(r"(?m)^language: .*$", "language: fr",
                              site.read_text(encoding="utf-8"))
        site.write_text(text if count else text + "language: fr\n", encoding="utf-8")
    return to

READ = """() => {
  const results = document.getElementById('results');
  const ids = name => (results.dataset[name] || '').split(' ').filter(Boolean);
  return {shown: ids('shown'), pending: ids('pending'), final: results.dataset.final === 'true',
          cards: [...results.querySelectorAll('[data-rule-id]')].map(e => e.dataset.ruleId)};
}"""

ANSWER = """([id, value]) => {
  const field = document.querySelector(`#assessment [name="${id}"]:not([type=radio])`);
  if (field) {
    field.value = String(value);
    field.dispatchEvent(new Event('input', {bubbles: true}));
  } else {
    document.querySelector(`#assessment [name="${id}"][value="${value}"]`).click();
  }
}"""


class Kit:
    def __init__(self, name: str, out: Path) -> None:
        root, checklist_id = KITS[FRENCH.get(name, name)]
        # The default kit has its own French (translations/fr.po): its fr/ pages; the second
        # kit has none, so a copy of it says `language: fr`.
        own_french = name == "default-fr"
        if name in FRENCH and not own_french:
            root = french_copy(root, out.parent / f"kit-{name}")
        self.root = root
        self.french = name in FRENCH
        self.language_options = ["--language", "fr"] if own_french else []
        loaded = load_kit(root)
        checked = check_kit(loaded)
        self.kit = loaded.translations["fr"] if own_french else loaded
        self.documents = checked.translated_documents["fr"] if own_french \
            else checked.documents
        self.checklist: Checklist = self.kit.checklists[checklist_id]
        self.evaluator = Evaluator(self.documents[checklist_id])
        self.cases = [case for test in self.kit.rule_tests if test.checklist == checklist_id
                      for case in test.cases]
        self.out = out
        if not (out / "index.html").is_file():
            out.mkdir(parents=True, exist_ok=True)
            render_site(loaded, checked.documents, out)
        self.url = (out / ("fr" if own_french else "") / self.checklist.url).as_uri()

    def match(self, raw: Mapping[str, Any]) -> dict[str, Answer]:
        report = Problems()
        answers = match_answers(raw, self.checklist, lambda key: Location("case"), report)
        assert not report.errors, report.errors
        return answers


@pytest.fixture(scope="module", params=[*KITS, *FRENCH])  # a test may narrow it (indirect)
def kit(request: pytest.FixtureRequest, built_site: Path) -> Kit:
    name = str(request.param)
    out = built_site if name in ("default", "default-fr") \
        else built_site.parent / f"results-{name}"
    return Kit(name, out)


@pytest.fixture
def page(browser: Any, kit: Kit) -> Iterator[Any]:
    """The kit's assessment page from disk, in a fresh context."""
    with page_of_site(browser, kit.out, kit.url, accept_downloads=True) as page:
        yield page


WHY = """() => {
  document.querySelectorAll('#results .advice-more:not([hidden])').forEach(b => {
    if (b.getAttribute('aria-expanded') === 'false') b.click();
  });
  return Object.fromEntries([...document.querySelectorAll('#results [data-rule-id]')].map(
    card => [card.dataset.ruleId, [...card.querySelectorAll('.why-list li')].map(
      li => li.textContent)]));
}"""


def explain(kit: Kit, answers: Mapping[str, Answer], folder: Path) -> dict[str, Any]:
    path = folder / "answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "site_builder", "explain", str(path), "--kit", str(kit.root),
         "--checklist", kit.checklist.id, "--json", *kit.language_options],
        capture_output=True, text=True, check=False, cwd=kit.root)
    assert run.returncode == 0, run.stderr
    result: dict[str, Any] = json.loads(run.stdout)
    return result


def test_every_case_answer_by_answer_then_final(page: Any, kit: Kit, tmp_path: Path) -> None:
    assert kit.cases, "the kit has rule tests"
    sentences: list[str] = []
    for case in kit.cases:
        page.locator("#results-clear").evaluate("button => button.click()")
        answers = kit.match(case.answers)
        final = kit.evaluator.evaluate(answers)
        so_far: dict[str, Answer] = {}
        for question in kit.checklist.questions:
            if question.id not in answers:
                continue
            so_far[question.id] = answers[question.id]
            page.evaluate(ANSWER, [question.id, answers[question.id]])
            seen = page.evaluate(READ)
            expected = kit.evaluator.provisional(so_far)
            where = f"{case.name}, after {question.id}"
            if len(so_far) < len(kit.checklist.questions):
                assert not seen["final"], where
                assert seen["shown"] == list(expected.shown), where
                assert seen["pending"] == list(expected.pending), where
            assert set(seen["shown"]) <= set(final.shown), where
            assert set(seen["cards"]) <= set(seen["shown"]), where
        if not page.evaluate(READ)["final"]:
            page.locator("#results-finish").click()
        seen = page.evaluate(READ)
        assert seen["final"] and seen["pending"] == [], case.name
        assert seen["shown"] == list(final.shown), case.name
        explained = explain(kit, answers, tmp_path)
        assert seen["shown"] == explained["shown"], case.name
        assert set(case.expect) <= set(seen["shown"]), case.name
        # "Why this advice": the same sentences as explain's, from the same answers.
        why = page.evaluate(WHY)
        assert sorted(why) == sorted(seen["shown"]), case.name
        for rule in explained["rules"]:
            if rule["shown"]:
                assert why[rule["id"]] == rule["why"], (case.name, rule["id"])
                sentences += why[rule["id"]]
    if kit.french:  # French indeed: its quotation marks, none of the English patterns
        assert any("«\u00a0" in s for s in sentences), sentences
        assert not [s for s in sentences if s.startswith(("You", "It applies"))
                    or re.search(r"» (needs|is for) ", s)]


@pytest.mark.parametrize("kit", ["default"], indirect=True)
def test_nothing_premature_after_two_answers(page: Any, kit: Kit) -> None:
    """The reported case: two answers on one side decide nothing about the other."""
    for question in ("sounding_board", "cross_org_allies"):
        page.evaluate(ANSWER, [question, "yes"])
    seen = page.evaluate(READ)
    assert seen["shown"] == [] and not seen["final"]
    assert "profile-connected-but-alone" in seen["pending"]
    assert page.locator("#results-print").is_hidden()
    assert page.locator("#results-finish").is_visible()
    headline = page.locator("#results-profile-headline").text_content() or ""
    assert "questions you have not answered yet: 3, 4, 5 and 6" in headline
    scores = page.locator("#results-scores").text_content() or ""
    assert "Instrumental support: between 2 and 3 of 3 so far" in scores
    assert "Psychosocial support: between 0 and 3 of 3 so far" in scores


@pytest.mark.parametrize("kit", ["default"], indirect=True)
def test_see_my_results_names_the_skipped_question(page: Any, kit: Kit) -> None:
    for question, value in (("sounding_board", "no"), ("cross_org_allies", "yes"),
                            ("industry_peers", "yes"), ("confidant", "yes"),
                            ("similar_situation", "no")):
        page.evaluate(ANSWER, [question, value])
    page.locator("#results-finish").click()
    skipped = page.locator("#results-skipped")
    assert skipped.is_visible()
    text = skipped.text_content() or ""
    assert "6. People who knew you long before this job" in text
    assert "counted as 0 in Psychosocial support" in text
    assert page.locator("#results-print").is_visible()
    # Reloaded, the answers are still final: the skipped question stays skipped.
    page.reload()
    page.wait_for_selector("#results:not([hidden])")
    assert page.evaluate(READ)["final"]
    assert page.locator("#results-skipped").is_visible()


@pytest.mark.parametrize("kit", ["default"], indirect=True)
def test_the_step_goes_from_page_to_download_to_explain_and_report(
        page: Any, kit: Kit, tmp_path: Path) -> None:
    for question, value in (("sounding_board", "no"), ("cross_org_allies", "not_sure"),
                            ("industry_peers", "yes"), ("confidant", "yes")):
        page.evaluate(ANSWER, [question, value])
    assert page.locator("#results-step").is_hidden()  # a step comes after the results
    page.locator("#results-finish").click()
    card = page.locator('.advice-card[data-rule-id="find-a-sounding-board"]')
    card.locator(".choose-step").click()
    assert card.locator(".choose-step").get_attribute("aria-pressed") == "true"
    assert page.locator("#step-what").input_value() == \
        "Find an impartial sounding board for your career"
    page.fill("#step-what", "Ask Priya for twenty minutes on my next move")
    page.fill("#step-who", "Priya, my former manager")
    page.fill("#step-how", "a video call")
    page.fill("#step-when", "by Friday 11 December")
    # Kept with the answers: a reload brings it back.
    page.reload()
    page.wait_for_selector("#results:not([hidden])")
    assert page.locator("#step-who").input_value() == "Priya, my former manager"

    with page.expect_download() as info:
        page.locator("#results-download").click()
    path = tmp_path / "answers.json"
    info.value.save_as(path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["step"] == {"advice": "find-a-sounding-board",
                             "what": "Ask Priya for twenty minutes on my next move",
                             "who": "Priya, my former manager", "how": "a video call",
                             "when": "by Friday 11 December"}

    explained = subprocess.run(
        [sys.executable, "-m", "site_builder", "explain", str(path), "--kit", str(kit.root)],
        capture_output=True, text=True, check=False, cwd=kit.root)
    assert explained.returncode == 0, explained.stderr
    assert explained.stdout.startswith(
        "Your step: Ask Priya for twenty minutes on my next move\n"
        "  with whom: Priya, my former manager\n  how: a video call\n"
        "  by when: by Friday 11 December\n"
        "  from the advice: Find an impartial sounding board for your career\n")
    assert "You skipped question 5" in explained.stdout

    reports = tmp_path / "reports"
    made = subprocess.run(
        [sys.executable, "-m", "site_builder", "report", str(path), "--kit", str(kit.root),
         "--out", str(reports)], capture_output=True, text=True, check=False, cwd=kit.root)
    assert made.returncode == 0, made.stderr
    (pdf,) = [p for p in reports.glob("*.pdf") if not p.name.startswith("cohort")]
    first_page = " ".join(PdfReader(pdf).pages[0].extract_text().split())
    for words in ("Ask Priya for twenty minutes on my next move", "Priya, my former manager",
                  "a video call", "by Friday 11 December",
                  "Find an impartial sounding board for your career",
                  "You skipped questions 5 and 6"):
        assert words in first_page, words


@pytest.mark.parametrize("kit", ["default-fr"], indirect=True)
def test_a_score_still_open_is_a_range_in_french(page: Any, kit: Kit) -> None:
    """While answering, the page's own sentences (no `explain` to compare with) are French
    too: a score some of whose questions are open is given as its range."""
    for question in ("sounding_board", "cross_org_allies", "industry_peers", "confidant",
                     "similar_situation"):
        page.evaluate(ANSWER, [question, "yes"])
    assert not page.evaluate(READ)["final"]
    label = {score.id: score.label for score in kit.checklist.scores}
    assert page.evaluate(WHY)["profile-well-supported"] == [
        f"Votre score «\u00a0{label['instrumental']}\u00a0»\u00a0: 3 sur 3, soit au moins 2.",
        f"Votre score «\u00a0{label['psychosocial']}\u00a0»\u00a0: entre 2 et 3 sur 3 pour "
        "l\u2019instant, soit au moins 2."]


NUMBERS = """([language, values]) => {
  const format = new Intl.NumberFormat(language, {useGrouping: false, maximumFractionDigits: 6});
  return values.map(v => format.format(v));
}"""


def test_the_page_writes_numbers_as_babel_does(browser: Any) -> None:
    """assessment-why.js's numbers (Intl.NumberFormat, the options it uses) are the ones
    `wording.number` writes with Babel for `explain`, in each catalogue's language."""
    from site_builder.engine.wording import number

    values = [0, 2, 0.5, 2.25, 1 / 3, 1234567.5, -1.5, 10**15]
    page = browser.new_page()
    try:
        for language in ("en", "en-GB", "fr", "fr-CA", "de", "es"):
            assert page.evaluate(NUMBERS, [language, values]) == \
                [number(v, language) for v in values], language
    finally:
        page.close()
