"""The default kit with a French translation made here, in memory (`dataclasses.replace`):
the texts the PDFs and reports print, in French, so their tests can tell the languages
apart. Once the kit's own `translations/fr.po` is read by the loader, these tests move onto
the real bilingual kit.
"""

from __future__ import annotations

import dataclasses
import functools

from site_builder.model import Checklist, Kit, Page
from site_builder.model.rules import RuleSet

ROOT_TITLE = "Deux formes de soutien"
CHECKLIST_TITLE = "D\u2019où vient votre soutien\u00a0?"
LABELS = {"yes": "Oui", "not_sure": "Pas sûr", "no": "Non"}
QUESTIONS = {
    "sounding_board": "Une personne qui vous donne un avis honnête et impartial sur votre "
                      "évolution et la suite de votre carrière",
    "cross_org_allies": "Des personnes d\u2019autres équipes ou d\u2019autres niveaux de votre "
                        "organisation qui peuvent faire avancer une décision",
    "industry_peers": "Des pairs d\u2019autres organisations de votre domaine avec qui vous "
                      "échangez sur l\u2019avenir du métier",
    "confidant": "Une personne hors de votre équipe à qui parler en confiance quand les "
                 "choses se passent mal au travail",
    "similar_situation": "Des personnes dont la vie hors du travail ressemble à la vôtre",
    "long_time_friends": "Des personnes qui vous connaissaient bien avant cet emploi",
}
SECTIONS = {"instrumental": "Soutien instrumental", "psychosocial": "Soutien psychosocial"}
ADVICE = {
    "find-a-sounding-board": "Trouvez un regard impartial sur votre carrière",
    "build-cross-org-allies": "Faites connaissance au-delà de votre équipe",
    "meet-industry-peers": "Engagez la conversation avec des pairs d\u2019autres organisations",
    "profile-well-supported": "Votre profil\u00a0: bien soutenu",
    "profile-connected-but-alone": "Votre profil\u00a0: connecté mais seul",
    "profile-close-but-narrow": "Votre profil\u00a0: proche mais restreint",
    "profile-building-both": "Votre profil\u00a0: les deux à construire",
    "find-a-confidant": "Trouvez une personne à qui parler en confiance",
    "connect-with-people-like-you": "Rapprochez-vous de personnes dans votre situation",
    "reconnect-with-old-friends": "Renouez avec une personne qui vous connaît depuis "
                                  "longtemps",
    "broaden-your-reach": "Élargissez votre réseau au-delà du cercle habituel",
    "invest-in-a-few-close-ties": "Consacrez du temps à quelques relations proches",
}
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
    from site_builder.kit.load import load_kit
    from tests.kits import ROOT

    return bilingual(load_kit(ROOT))


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
