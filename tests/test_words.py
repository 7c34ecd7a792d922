"""The built-in words: complete catalogues in French, German and Spanish, kept up to date
with the source, and a French kit's pages and PDFs in French (plurals, numbers, dates)."""

from __future__ import annotations

import dataclasses
import datetime
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader

from site_builder.check import check_kit
from site_builder.engine.compile import compile_checklist
from site_builder.engine.evaluate import Evaluator
from site_builder.engine.why import Skipped
from site_builder.i18n import (
    CATALOGUES,
    builtin_messages,
    plural_categories,
    plural_form_count,
    words_for,
)
from site_builder.kit.load import load_kit
from site_builder.model import Kit
from site_builder.render.chart import chart_svg
from site_builder.render.dates import format_long_date
from site_builder.render.pdf.batch import render_pdfs
from site_builder.render.pdf.report import (
    cohort_context,
    participant_context,
    render_report_html,
    skipped_note,
)
from site_builder.render.site import render_site
from site_builder.render.templating import format_score
from site_builder.render.words import format_decimal, kit_words
from tests import messages
from tests.kits import FIXTURE_KITS, ROOT

LANGUAGES = messages.LANGUAGES
NBSP, NNBSP, RSQ = "\u00a0", "\u202f", "\u2019"  # French spaces, apostrophe


# --- the catalogues ------------------------------------------------------------------------

def test_the_template_is_up_to_date_with_the_source() -> None:
    """A word added to a template or to the Python and not extracted fails here: run
    `python -m tests.messages`, then translate what it added."""
    assert messages.TEMPLATE.read_bytes() == messages.pot_text(messages.extract()), (
        "site_builder/i18n/messages.pot is out of date: run `python -m tests.messages`")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_built_in_word_is_translated(language: str) -> None:
    template = messages.read_catalogue(messages.TEMPLATE)
    catalogue = messages.read_catalogue(CATALOGUES / f"{language}.po", language)
    problems = []
    for message in template:
        if not message.id:
            continue
        own = catalogue.get(message.id, context=message.context)
        forms = () if own is None else (
            own.string if isinstance(own.string, tuple) else (own.string,))
        if own is None or not all(forms):
            problems.append(f"untranslated: {message.id!r}")
        elif own.fuzzy:
            problems.append(f"fuzzy (its English changed; check it, then unmark): {message.id!r}")
    # every placeholder kept, plural forms as many as the language has
    problems += [f"{m.id!r}: {e}" for m, errors in catalogue.check() for e in errors]
    assert problems == [], f"{language}.po: " + "; ".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_catalogue_keeps_words_the_source_no_longer_has(language: str) -> None:
    known = {m.id if isinstance(m.id, str) else m.id[0]
             for m in messages.read_catalogue(messages.TEMPLATE) if m.id}
    catalogue = messages.read_catalogue(CATALOGUES / f"{language}.po", language)
    extra = [m.id for m in catalogue if m.id and
             (m.id if isinstance(m.id, str) else m.id[0]) not in known]
    assert extra == [], "run `python -m tests.messages`"


def test_builtin_messages_reads_the_template() -> None:
    known = builtin_messages()
    assert "Print materials" in known and "{answered} of {total} answered" in known


def test_french_typography() -> None:
    """No-break spaces where French wants them (U+00A0: the PDFs' fonts have no narrow
    one), « » for quotation marks."""
    catalogue = read_po((CATALOGUES / "fr.po").open("rb"), locale="fr")
    texts = [str(t) for m in catalogue if m.id
             for t in (m.string if isinstance(m.string, tuple) else (m.string,))]
    for text in texts:
        assert not re.search(r" [:;?!»]|« |[“”\"](?![^<]*>)", re.sub(r"<[^>]*>", "", text)), text
    assert any(f"{NBSP}:" in t for t in texts) and any(f"«{NBSP}" in t for t in texts)
    assert any(f"{NBSP};" in t for t in texts) and any(f"{NBSP}?" in t for t in texts)
    assert not any(NNBSP in t for t in texts)


# --- Words ---------------------------------------------------------------------------------

def test_words_in_each_language() -> None:
    assert words_for("fr").gettext("Print materials") == "Documents à imprimer"
    assert words_for("de").gettext("Print materials") == "Druckmaterialien"
    assert words_for("es-MX").gettext("Print materials") == "Materiales para imprimir"
    assert words_for("en").gettext("Print materials") == "Print materials"
    assert words_for("xx").gettext("Print materials") == "Print materials"  # no catalogue


def test_plurals_follow_the_language() -> None:
    one, many = "{answered} of {total} answered", "{answered} of {total} answered"
    assert words_for("fr").ngettext(one, many, 1) == "{answered} réponse sur {total}"
    assert words_for("fr").ngettext(one, many, 0) == "{answered} réponse sur {total}"
    assert words_for("fr").ngettext(one, many, 2) == "{answered} réponses sur {total}"
    assert words_for("de").ngettext("%(num)s page", "%(num)s pages", 0) == "%(num)s Seiten"


def test_plural_forms_name_every_cldr_category() -> None:
    assert plural_categories("en") == ("one", "other")
    assert plural_categories("fr") == ("one", "many", "other")
    assert plural_categories("ar") == ("zero", "one", "two", "few", "many", "other")
    forms = dict(words_for("fr").plural_forms("{count} page matches “{query}”.",
                                              "{count} pages match “{query}”."))
    assert forms == {"one": f"{{count}} page correspond à «{NBSP}{{query}}{NBSP}».",
                     "many": f"{{count}} pages correspondent à «{NBSP}{{query}}{NBSP}».",
                     "other": f"{{count}} pages correspondent à «{NBSP}{{query}}{NBSP}»."}


def test_a_kits_own_words_come_first() -> None:
    progress = "{answered} of {total} answered"
    words = words_for("fr", {"Print materials": "À imprimer",
                             progress: ("{answered} faite", "{answered} de faites",
                                        "{answered} faites")})
    assert words.gettext("Print materials") == "À imprimer"
    assert words.gettext("About") == "À propos"  # the others from the catalogue
    # the forms in the order of the catalogue's Plural-Forms: one, many, other for French
    assert [words.ngettext(progress, progress, n) for n in (1, 2, 1000000)] == [
        "{answered} faite", "{answered} faites", "{answered} de faites"]
    assert words_for("de", {progress: "{answered}"}).ngettext(progress, progress, 5) == (
        "{answered}")  # one text for every number
    # a language with no catalogue here still has its own forms (Babel's)
    arabic = words_for("ar", {progress: ("0", "1", "2", "3-10", "11-99", "100")})
    assert [arabic.ngettext(progress, progress, n) for n in (0, 1, 2, 5, 11, 100)] == [
        "0", "1", "2", "3-10", "11-99", "100"]
    assert plural_form_count("ar") == 6 and plural_form_count("fr-CA") == 3


def test_numbers_in_the_language() -> None:
    assert format_decimal(0.5, "fr") == "0,5" and format_decimal(0.5, "en") == "0.5"
    assert format_decimal(1250, "fr") == f"1{NBSP}250" and format_decimal(2.25, "de") == "2,25"
    assert format_score(2.5, "fr") == "2½" and format_score(1.25, "es") == "1,25"


# --- a French kit --------------------------------------------------------------------------

def french_kit(tmp_path: Path, words: dict[str, str] | None = None) -> Kit:
    """A copy of the second kit, its site.yaml saying `language: fr`."""
    root = tmp_path / "kit"
    shutil.copytree(FIXTURE_KITS / "second", root)
    site = root / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("language: en-GB", "language: fr"),
                    encoding="utf-8")
    kit = load_kit(root)
    assert kit.site.language == "fr"
    if words:
        kit = dataclasses.replace(kit, site=dataclasses.replace(kit.site,
                                                                words={"fr": words}))
    return kit


@pytest.fixture(scope="module")
def french_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("french")
    kit = french_kit(tmp)
    out = tmp / "out"
    render_site(kit, check_kit(kit).documents, out)
    return out


def test_a_french_kits_pages_are_in_french(french_site: Path) -> None:
    home = (french_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr" dir="ltr">' in home
    for words in ("Aller au contenu", "Documents à imprimer", "À propos",
                  "Vos réponses ne quittent jamais ce navigateur.",
                  f"Commencer l{RSQ}autodiagnostic"):
        assert words in home, words
    for english in ("Print materials", "Skip to main content", "Start the self-assessment"):
        assert english not in home, english
    about = (french_site / "about.html").read_text(encoding="utf-8")
    assert "Vos réponses restent chez vous" in about


def test_the_french_assessment_page_gives_its_script_french_words(french_site: Path) -> None:
    page = (french_site / "checklists" / "habits.html").read_text(encoding="utf-8")
    for words in ("Vos résultats", "Voir mes résultats", "Catalogue des conseils",
                  "Votre réponse (de 0 à 10)", "Imprimer cette fiche"):
        assert words in page, words
    # a plural: one attribute per CLDR category of French, the script choosing
    assert 'data-text-progress-one="{answered} réponse sur {total}"' in page
    assert 'data-text-progress-many="{answered} réponses sur {total}"' in page
    assert 'data-text-progress-other="{answered} réponses sur {total}"' in page
    assert "data-text-progress=" not in page and "data-text-pending-one=" in page
    assert f'data-text-score="{{label}}{NBSP}: {{score}} sur {{max}}"' in page
    # the catalogue's words, made in Python (the conditions' own words are the engine's)
    assert f"Quand aucun des cas précédents ne s{RSQ}applique" in page
    assert "Un seul de ces conseils vous concerne" in page and "Général" in page


def test_a_french_chart_speaks_french() -> None:
    kit = load_kit(ROOT)  # the default kit, which has a chart
    svg = str(chart_svg(kit.checklists["network"], 1.5, 2, words=words_for("fr")))
    assert f"1,5 sur 3, Psychosocial support 2 sur 3{NBSP}:" in svg
    assert "de gauche à droite, partagé à 2" in svg and "En haut à gauche" in svg


def test_a_kits_own_words_replace_the_built_in_ones(tmp_path: Path) -> None:
    kit = french_kit(tmp_path, {"Print materials": "Tout imprimer <b>ici</b>",
                                "{answered} of {total} answered": "{answered} sur {total}"})
    out = tmp_path / "out"
    render_site(kit, check_kit(kit).documents, out)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Tout imprimer &lt;b&gt;ici&lt;/b&gt;" in home  # a kit's word is text, escaped
    assert "Documents à imprimer" not in home
    page = (out / "checklists" / "habits.html").read_text(encoding="utf-8")
    assert 'data-text-progress-one="{answered} sur {total}"' in page


def test_a_french_worksheet_is_in_french(tmp_path: Path) -> None:
    kit = french_kit(tmp_path)
    out = tmp_path / "out"
    render_pdfs(kit, out)
    reader = PdfReader(out / "pdf" / "habits-worksheet.pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert f"FICHE D{RSQ}AUTODIAGNOSTIC" in text  # its style puts it in capitals
    for words in ("Cochez une case par énoncé",
                  "Vos scores", "Votre total", "Mon action de la semaine", "Qui",
                  "Page 1 sur", "de 0 à 10"):
        assert words in text, words
    for english in ("Your scores", "Page 1 of", "Tick one box"):
        assert english not in text, english


def test_a_french_report_and_room_summary_are_in_french(tmp_path: Path) -> None:
    """The words of a participant's report and of the room's summary (the reports'
    language choice is `report`'s; here the kit's)."""
    kit = french_kit(tmp_path)
    words = kit_words(kit)
    checklist = kit.checklists["habits"]
    document = compile_checklist(kit, "habits")
    evaluation = Evaluator(document).evaluate({"ask_for_feedback": "often",
                                               "one_to_one_hours": 1.5})
    date = format_long_date(datetime.date(2026, 12, 6), "fr")
    html = render_report_html(kit, "report.html", participant_context(
        checklist, document, evaluation, "Awa", date, None, words), checklist.url)
    for text in ("Votre bilan", "Préparé pour", "6 décembre 2026", "Vos scores", "1,5",
                 "Vous avez passé les questions", "Passée"):
        assert text in html, text
    assert "Your report" not in html and "Skipped" not in html
    room = render_report_html(kit, "cohort.html", cohort_context(
        checklist, document, [evaluation], 0, words), checklist.url)
    for text in ("Synthèse du groupe", "Seulement 1 personne", "Conseils les plus fréquents",
                 "Passée par 1 sur 1"):
        assert text in room, text
    note = skipped_note([Skipped("a", 2, "…", ("Asking",), ""),
                         Skipped("b", 3, "…", ("Asking",), "")], words)
    assert note == "Vous avez passé les questions 2 et 3, comptées 0 dans Asking."
