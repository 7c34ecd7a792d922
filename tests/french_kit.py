"""The default kit in French: `default_bilingual()` is the kit as loaded, with its own
French (translations/fr.po and the *.fr.md pages), and the constants below are that
French's texts, which the PDF and report tests look for. `french(kit)` makes the same texts
in memory (`dataclasses.replace`) for a kit built in a test, such as one in another
language.
"""

from __future__ import annotations

import dataclasses
import functools

from site_builder.model import Checklist, Kit, Page
from site_builder.model.rules import RuleSet


def _french_of_the_default_kit() -> Kit:
    from site_builder.kit.load import load_kit
    from tests.kits import ROOT

    return load_kit(ROOT).translations["fr"]


_FR = _french_of_the_default_kit()
_NETWORK = _FR.checklists["network"]
ROOT_TITLE = _FR.site.title
CHECKLIST_TITLE = _NETWORK.title
LABELS = {a.value: a.label for a in _NETWORK.questions[0].answers}
QUESTIONS = {q.id: q.text for q in _NETWORK.questions}
SECTIONS = {s.id: s.title for s in _NETWORK.sections}
ADVICE = {r.id: r.advice.title for s in _FR.rule_sets for r in s.rules}
ADVICE_BODY = "<p>Choisissez une personne et proposez-lui vingt minutes cette semaine.</p>"
GUIDE_HTML = ("<h2>Avant l\u2019atelier</h2><p>Ce guide d\u2019animation donne le déroulé "
              "minuté de l\u2019atelier de quatre-vingt-dix minutes.</p>")


def french(kit: Kit) -> Kit:
    """`kit` (the default kit, in English) as its French translation would be."""
    site = dataclasses.replace(kit.site, language="fr", title=ROOT_TITLE, languages=())
    checklists = {key: _checklist(c) for key, c in kit.checklists.items()}
    pages = tuple(_page(p) for p in kit.pages)
    rule_sets = tuple(_rule_set(s) for s in kit.rule_sets)
    return dataclasses.replace(kit, site=site, checklists=checklists, pages=pages,
                               rule_sets=rule_sets, translations={})


def bilingual(kit: Kit) -> Kit:
    """`kit` in English and French, as the loader gives a kit with `languages: [en, fr]`."""
    site = dataclasses.replace(kit.site, languages=(kit.site.language, "fr"))
    return dataclasses.replace(kit, site=site, translations={"fr": french(kit)})


@functools.cache
def default_bilingual() -> Kit:
    """The default kit as it is: English and its own French."""
    from site_builder.kit.load import load_kit
    from tests.kits import ROOT

    kit = load_kit(ROOT)
    assert "fr" in kit.translations
    return kit


def _checklist(checklist: Checklist) -> Checklist:
    sections = tuple(dataclasses.replace(
        s, title=SECTIONS.get(s.id, s.title),
        questions=tuple(dataclasses.replace(
            q, text=QUESTIONS.get(q.id, q.text), help_html="",
            answers=tuple(dataclasses.replace(a, label=LABELS.get(a.value, a.label))
                          for a in q.answers)) for q in s.questions))
        for s in checklist.sections)
    scores = tuple(dataclasses.replace(s, label=SECTIONS.get(s.id, s.label))
                   for s in checklist.scores)
    chart = checklist.chart
    if chart is not None:
        chart = dataclasses.replace(chart, title="Vos deux formes de soutien")
    return dataclasses.replace(checklist, title=CHECKLIST_TITLE, sections=sections,
                               scores=scores, chart=chart)


def _page(page: Page) -> Page:
    if page.source == "facilitator-guide.md":
        return dataclasses.replace(page, title="Guide d\u2019animation", html=GUIDE_HTML,
                                   description="Tout pour animer l\u2019atelier.")
    return page


def _rule_set(rule_set: RuleSet) -> RuleSet:
    rules = tuple(dataclasses.replace(r, advice=dataclasses.replace(
        r.advice, title=ADVICE.get(r.id, r.advice.title), html=ADVICE_BODY))
        for r in rule_set.rules)
    return dataclasses.replace(rule_set, rules=rules)
