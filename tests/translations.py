"""Kits in several languages for the site's tests, made from a loaded kit with
`dataclasses.replace`: every text a participant reads (site, pages, sections, checklists,
scores, chart, advice) passed through a function, the rules' logic untouched.

`prefixed(kit, "fr")` marks every text "[fr] ", so a test can tell the French site's words
from the English; `arabic(kit)` translates the RTL fixture kit's few texts (the rest stays
English, as a translation in progress would). `with_translations` puts the translations on
the source kit as the loader does (`Kit.translations`, `Site.languages`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from site_builder.model import Kit
from site_builder.model.checklist import Chart, ChartZones, Checklist, Section

Text = Callable[[str], str]


def translate(kit: Kit, code: str, text: Text, html: Text) -> Kit:
    """The kit in the language `code`, its texts through `text` and its HTML through `html`."""
    site = replace(kit.site, title=text(kit.site.title),
                   subtitle=text(kit.site.subtitle) if kit.site.subtitle else "",
                   language=code, languages=())
    pages = tuple(replace(page, title=text(page.title), html=html(page.html),
                          description=text(page.description) if page.description else "")
                  for page in kit.pages)
    sections = {folder: replace(section, title=text(section.title))
                for folder, section in kit.sections.items()}
    checklists = {cid: _checklist(checklist, text, html)
                  for cid, checklist in kit.checklists.items()}
    rule_sets = tuple(replace(rule_set, title=text(rule_set.title) if rule_set.title else "",
                              rules=tuple(replace(rule, advice=replace(
                                  rule.advice, title=text(rule.advice.title),
                                  html=html(rule.advice.html))) for rule in rule_set.rules))
                      for rule_set in kit.rule_sets)
    return replace(kit, site=site, pages=pages, sections=sections, checklists=checklists,
                   rule_sets=rule_sets, translations={})


def _checklist(checklist: Checklist, text: Text, html: Text) -> Checklist:
    sections = tuple(
        Section(section.id, text(section.title), html(section.intro_html),
                tuple(replace(question, text=text(question.text),
                              help_html=html(question.help_html) if question.help_html else "",
                              answers=tuple(replace(option, label=text(option.label))
                                            for option in question.answers))
                      for question in section.questions), section.location)
        for section in checklist.sections)
    scores = tuple(replace(score, label=text(score.label)) for score in checklist.scores)
    chart: Chart | None = checklist.chart
    if chart is not None:
        zones = chart.zones
        chart = replace(chart, title=text(chart.title) if chart.title else chart.title,
                        zones=ChartZones(text(zones.top_left), text(zones.top_right),
                                         text(zones.bottom_left), text(zones.bottom_right)))
    return replace(checklist, title=text(checklist.title), intro_html=html(checklist.intro_html),
                   sections=sections, scores=scores, chart=chart)


def with_translations(kit: Kit, *translations: Kit) -> Kit:
    """The source kit with its translations, as the loader gives a kit in several languages."""
    codes = (kit.site.language, *(t.site.language for t in translations))
    return replace(kit, site=replace(kit.site, languages=codes),
                   translations={t.site.language: t for t in translations})


_FIRST_TEXT = re.compile(r"(<(?:p|h1|h2|li)\b[^>]*>)")


def prefixed(kit: Kit, code: str) -> Kit:
    """Every text marked "[fr] " (the language's code in brackets), each HTML body's first
    paragraph or heading too."""
    mark = f"[{code}] "
    return translate(kit, code, lambda t: mark + t,
                     lambda h: _FIRST_TEXT.sub(lambda m: m[1] + mark, h, count=1))


# The RTL fixture kit's texts in Arabic (tests/fixtures/kits/rtl), English as written ->
# Arabic; a text not listed stays in English.
ARABIC = {
    "Team check-in": "مراجعة الفريق",
    "A short self-assessment for a team's weekly check-in":
        "تقييم ذاتي قصير للقاء الفريق الأسبوعي",
    "Welcome": "مرحبًا",
    "Welcome to the team check-in.": "مرحبًا بكم في مراجعة الفريق.",
    "Answer a few questions, then read the advice.": "أجب عن بعض الأسئلة، ثم اقرأ النصائح.",
    "How is your team doing?": "كيف حال فريقك؟",
    "Working together": "العمل معًا",
    "We agree on this week's priorities": "نتفق على أولويات هذا الأسبوع",
    "Everyone can ask for help": "يستطيع الجميع طلب المساعدة",
    "Yes": "نعم",
    "Not sure": "لست متأكدًا",
    "No": "لا",
    "Teamwork": "العمل الجماعي",
    "Agree on three priorities": "اتفقوا على ثلاث أولويات",
    "Start the week by naming three priorities together.":
        "ابدأوا الأسبوع بتسمية ثلاث أولويات معًا.",
    "Make asking for help normal": "اجعلوا طلب المساعدة أمرًا عاديًا",
    "Close each check-in by asking who needs a hand.":
        "اختموا كل مراجعة بسؤال: من يحتاج إلى مساعدة؟",
    "Keep asking": "واصلوا السؤال",
    "Your team asks for help; keep the habit.": "فريقك يطلب المساعدة؛ حافظوا على هذه العادة.",
    "Take the check-in": "ابدأ المراجعة",
    "Step": "الخطوة",
    "Minutes": "الدقائق",
    "Answer": "الإجابة",
    "Talk": "الحديث",
    "Read the advice together.": "اقرأوا النصائح معًا.",
    "About this check-in": "عن هذه المراجعة",
    "This check-in takes ten minutes.": "تستغرق هذه المراجعة عشر دقائق.",
}


def arabic(kit: Kit) -> Kit:
    """The RTL fixture kit's Arabic translation (ARABIC)."""

    def text(value: str) -> str:
        return ARABIC.get(value, value)

    def html(value: str) -> str:
        for english, translated in sorted(ARABIC.items(), key=lambda item: -len(item[0])):
            value = value.replace(f">{english}<", f">{translated}<")
        return value

    return translate(kit, "ar", text, html)
