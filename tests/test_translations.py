"""A kit in two languages (tests/fixtures/kits/bilingual: English, translated into French in
translations/fr.po and content/guide.fr.md; content/index.md left untranslated): its
French Kit, what check and build say of missing and out-of-date texts, a broken
catalogue, and `site-builder translations` keeping a translator's work."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from site_builder.check import check_kit
from site_builder.diagnostics import KitError, Problems
from site_builder.engine.compile import compile_checklist
from site_builder.engine.evaluate import Evaluator
from site_builder.engine.match import match_answers
from site_builder.kit.load import load_kit
from site_builder.model import Kit
from site_builder.new import create_kit
from tests.kits import FIXTURE_KITS
from tests.runner import RunCli

BILINGUAL = FIXTURE_KITS / "bilingual"
PO = "translations/fr.po"


@pytest.fixture
def kit_dir(tmp_path: Path) -> Path:
    return Path(shutil.copytree(BILINGUAL, tmp_path / "kit"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def entry_line(kit: Path, key: str) -> int:
    """The line of the msgid of the entry whose msgctxt is `key`."""
    lines = (kit / PO).read_text(encoding="utf-8").splitlines()
    return lines.index(f'msgctxt "{key}"') + 2


def lines_of(text: str) -> list[str]:
    return [line for line in text.splitlines() if line]


def shown_ids(kit: Kit, answers: dict[str, object]) -> tuple[str, ...]:
    checklist = kit.checklists["support"]
    matched = match_answers(answers, checklist, lambda key: checklist.location, Problems())
    return Evaluator(compile_checklist(kit, "support")).evaluate(matched).shown


# The French Kit


def test_the_french_kit_has_the_translations_and_the_same_pages() -> None:
    kit = load_kit(BILINGUAL)
    french = kit.translations["fr"]
    assert kit.languages == ("en", "fr") and list(kit.translations) == ["fr"]
    assert french.site.language == "fr" and french.site.title == "Le soutien au travail"
    checklist = french.checklists["support"]
    assert checklist.title == "D'où vient votre soutien ?"
    assert "<strong>votre première idée</strong>" in checklist.intro_html
    assert [a.label for a in checklist.sections[0].questions[0].answers] == ["Oui", "Non"]
    assert [a.value for a in checklist.sections[0].questions[0].answers] == ["yes", "no"]
    advice = {r.id: r.advice for s in french.rule_sets for r in s.rules}
    assert advice["find-a-mentor"].title == "Trouvez un mentor"
    assert "<li>Dites ce que vous aimeriez apprendre.</li>" in advice["find-a-mentor"].html
    assert french.rule_sets[0].title == "Conseils"
    # same sources, addresses and rule tests; the untranslated page is the English one
    assert [(p.source, p.url) for p in french.pages] == [(p.source, p.url) for p in kit.pages]
    assert french.rule_tests == kit.rule_tests
    pages = {p.source: p for p in french.pages}
    assert pages["index.md"] == next(p for p in kit.pages if p.source == "index.md")


def test_a_translated_page_takes_its_texts_and_keeps_the_rest_of_its_source() -> None:
    kit = load_kit(BILINGUAL)
    guide = next(p for p in kit.translations["fr"].pages if p.source == "guide.md")
    assert guide.title == "Guide de l'animateur" and guide.url == "guide.html"
    assert guide.audience == "facilitators" and guide.order == 2 and guide.print
    assert '<a href="checklists/support.html">auto-évaluation</a>' in guide.html
    assert guide.agenda is not None
    first, second = guide.agenda.activities
    assert (first.title, first.minutes, first.purpose) == ("Accueil", 10, "Installer le groupe.")
    assert "Bienvenue" in first.say_html
    assert (second.title, second.minutes, second.materials) == (
        "Répondre aux questions", 20, ("Une feuille par personne",))
    assert guide.location.path == "content/guide.fr.md"


def test_every_rule_test_case_gives_the_same_advice_in_french() -> None:
    kit = load_kit(BILINGUAL)
    french = kit.translations["fr"]
    cases = [case for test in kit.rule_tests for case in test.cases]
    assert len(cases) == 3
    for case in cases:
        english = shown_ids(kit, dict(case.answers))
        assert english == shown_ids(french, dict(case.answers)), case.name
        assert set(case.expect) <= set(english), case.name
    # check compiles the French rules too, for the French site
    documents = check_kit(kit).translated_documents["fr"]
    assert documents["support"]["checklist"]["title"] == "D'où vient votre soutien ?"


def test_a_kit_in_one_language_has_no_translations() -> None:
    kit = load_kit(FIXTURE_KITS / "minimal")
    assert kit.translations == {} and kit.translation_status == {}
    assert kit.languages == ("en",)


# check and build


def test_the_fixture_is_translated_but_for_one_page(run_cli: RunCli) -> None:
    result = run_cli("check", "--kit", str(BILINGUAL))
    assert result.exit_code == 0, result.output
    assert "fr: 21 of 22 texts\n" in result.stdout
    french = [line for line in lines_of(result.stderr) if ": fr: " in line]
    assert french == ["content/index.md:1:1: warning: fr: not translated yet: the page "
                      "content/index.md; translate it in content/index.fr.md"]


def test_a_changed_english_advice_is_out_of_date_at_its_french_entry(
        kit_dir: Path, run_cli: RunCli) -> None:
    edit(kit_dir / "rules/advice.yaml", "body: Think of one person outside your team.",
         "body: Think of one person outside your own team.")
    result = run_cli("check", "--kit", str(kit_dir))
    assert result.exit_code == 0, result.output
    line = entry_line(kit_dir, "advice talk-to-someone body")
    assert f"{PO}:{line}:1: warning: fr: out of date: the English of advice "\
           "talk-to-someone body changed since it was translated; run site-builder "\
           "translations, correct the msgstr, then remove its fuzzy mark" in result.stderr
    assert "fr: 20 of 22 texts, 1 out of date\n" in result.stdout
    # an out-of-date text is shown in English, as gettext does with a fuzzy one
    french = load_kit(kit_dir).translations["fr"]
    advice = {r.id: r.advice for s in french.rule_sets for r in s.rules}
    assert advice["talk-to-someone"].body == "Think of one person outside your own team."
    assert advice["talk-to-someone"].title == "Trouvez une personne de confiance"
    strict = run_cli("check", "--strict", "--kit", str(kit_dir))
    assert strict.exit_code == 1
    assert f"{PO}:{line}:1: error: fr: out of date" in strict.stderr


def test_a_deleted_french_text_is_missing_and_the_build_says_so_once(
        kit_dir: Path, run_cli: RunCli) -> None:
    edit(kit_dir / PO, 'msgstr "Trouvez un mentor"', 'msgstr ""')
    result = run_cli("check", "--kit", str(kit_dir))
    assert "rules/advice.yaml:7:14: warning: fr: not translated yet: advice find-a-mentor "\
           "title (the title of a piece of advice); translate it in translations/fr.po "\
           "(site-builder translations adds its entry)" in result.stderr
    assert "fr: 20 of 22 texts\n" in result.stdout
    built = run_cli("build", "--kit", str(kit_dir), "--out", str(kit_dir.parent / "out"))
    assert built.exit_code == 0, built.output
    fallback = [line for line in lines_of(built.stderr) if "shown in English" in line]
    assert fallback == ["translations/fr.po: warning: fr: 2 texts are not translated yet "
                        "and are shown in English; see site-builder check"]
    assert "not translated yet: advice" not in built.stderr  # one line, not one per text
    kit = load_kit(kit_dir)
    advice = {r.id: r.advice for s in kit.translations["fr"].rule_sets for r in s.rules}
    assert advice["find-a-mentor"].title == "Find a mentor"
    status = kit.translation_status["fr"]
    assert status.in_source_language("advice find-a-mentor title")
    assert status.in_source_language("index.md")
    assert not status.in_source_language("advice find-a-mentor body")
    assert not status.in_source_language("guide.md")


def test_a_fuzzy_entry_is_out_of_date_and_not_used(kit_dir: Path, run_cli: RunCli) -> None:
    edit(kit_dir / PO, 'msgctxt "site subtitle"', '#, fuzzy\nmsgctxt "site subtitle"')
    kit = load_kit(kit_dir)
    assert kit.translations["fr"].site.subtitle == "A short self-assessment"
    status = {t.key: t for t in kit.translation_status["fr"].texts}["site subtitle"]
    assert (status.state, status.reason) == ("out_of_date", "fuzzy")
    result = run_cli("check", "--kit", str(kit_dir))
    line = entry_line(kit_dir, "site subtitle")
    assert f"{PO}:{line}:1: warning: fr: out of date: site subtitle is marked fuzzy (its "\
           "English changed since it was translated); correct the msgstr if it needs it, "\
           "then remove the fuzzy mark" in result.stderr


def test_an_entry_whose_key_is_no_text_of_the_kit_is_said(kit_dir: Path,
                                                           run_cli: RunCli) -> None:
    edit(kit_dir / PO, 'msgctxt "site subtitle"', 'msgctxt "site subtitel"')
    result = run_cli("check", "--kit", str(kit_dir))
    line = entry_line(kit_dir, "site subtitel")
    assert f"{PO}:{line}:1: warning: fr: no text of the kit has the key 'site subtitel'; if "\
           "the text is gone, site-builder translations moves this entry to the end (#~), "\
           "else correct its msgctxt" in result.stderr
    assert "site.yaml:2:11: warning: fr: not translated yet: site subtitle" in result.stderr


def test_an_out_of_date_page_is_located_at_translated_from(kit_dir: Path,
                                                           run_cli: RunCli) -> None:
    edit(kit_dir / "content/guide.md", "with the group.", "with the whole group.")
    kit = load_kit(kit_dir)
    status = {t.key: t for t in kit.translation_status["fr"].texts}["guide.md"]
    assert status.state == "out_of_date"
    french = {p.source: p for p in kit.translations["fr"].pages}
    assert french["guide.md"].title == "Guide de l'animateur"  # still shown
    result = run_cli("check", "--kit", str(kit_dir))
    assert f"content/guide.fr.md:12:18: warning: fr: out of date: content/guide.md changed "\
           f"since it was translated; bring the translation up to date, then set "\
           f"translated_from: {status.digest}" in result.stderr


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('msgstr "Oui"', 'msgstr "Oui', r':(\d+):8: error: this text is not between double '
     r'quotes, or a quote inside it is not written \\"'),
    ('msgstr "Oui"', 'msgstring "Oui"', r":(\d+):1: error: unknown word 'msgstring' in a "
     r"\.po file"),
    ('msgstr "Oui"', '"Oui"', r":(\d+):1: error: this entry has no msgstr: add a line "
     r'msgstr "" \(or the translation\) below its msgid'),
])
def test_a_malformed_catalogue_is_a_located_error(kit_dir: Path, run_cli: RunCli, old: str,
                                                 new: str, expected: str) -> None:
    edit(kit_dir / PO, old, new)
    line = (kit_dir / PO).read_text(encoding="utf-8").splitlines().index(new) + 1
    line -= new == '"Oui"'  # an entry without msgstr is located at its msgid
    for command in ("check", "build", "translations"):
        result = run_cli(command, "--kit", str(kit_dir))
        assert result.exit_code == 1, result.output
        found = re.search(f"^{re.escape(PO)}{expected}", result.stderr, re.MULTILINE)
        assert found and int(found[1]) == line, result.stderr
        assert "Traceback" not in result.output


def test_a_catalogue_for_another_language_and_an_orphan_page_are_errors(kit_dir: Path) -> None:
    shutil.copy(kit_dir / PO, kit_dir / "translations/de.po")
    (kit_dir / "content/notes.fr.md").write_text("---\ntitle: Notes\n---\n", encoding="utf-8")
    with pytest.raises(KitError) as raised:
        load_kit(kit_dir)
    assert [str(d) for d in raised.value.diagnostics] == [
        "content/notes.fr.md:1:1: error: this page translates content/notes.md, which "
        "does not exist; rename it after the page it translates, or delete it",
        "translations/de.po: error: 'de' is not one of the languages the kit is translated "
        "into (fr); add it to 'languages' in site.yaml, or rename or delete this file"]


# site.yaml


def test_language_and_languages_must_agree(kit_dir: Path) -> None:
    edit(kit_dir / "site.yaml", "languages: [en, fr]", "language: fr\nlanguages: [en, fr]")
    with pytest.raises(KitError) as raised:
        load_kit(kit_dir)
    assert [str(d) for d in raised.value.diagnostics] == [
        "site.yaml:4:11: error: 'language' is fr but 'languages' starts with en, the "
        "language the kit is written in; remove 'language' (the first of 'languages' "
        "replaces it)"]


def test_a_word_that_is_not_built_in_is_located_with_the_nearest(
        kit_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("site_builder.kit.site_file.builtin_messages",
                        lambda: frozenset({"Print materials", "Your results"}))
    assert load_kit(kit_dir).site.words == {"fr": {"Print materials": "Documents à imprimer"}}
    edit(kit_dir / "site.yaml", "Print materials:", "Print material:")
    with pytest.raises(KitError) as raised:
        load_kit(kit_dir)
    assert [str(d) for d in raised.value.diagnostics] == [
        "site.yaml:7:5: error: 'Print material' is not one of site-builder's built-in words "
        "(did you mean 'Print materials'?); write the built-in word exactly as it is in "
        "English, capitals and punctuation included"]


# site-builder translations


def test_translations_keeps_the_work_and_marks_a_changed_text_fuzzy(
        kit_dir: Path, run_cli: RunCli) -> None:
    edit(kit_dir / "rules/advice.yaml", "title: Find a mentor", "title: Find a good mentor")
    edit(kit_dir / "rules/advice.yaml", "      section: work\n    priority: 10\n",
         "      section: work\n    priority: 10\n  - id: ask-a-friend\n    when:\n"
         "      confidant: \"no\"\n    advice:\n      title: Ask a friend\n")
    edit(kit_dir / "content/checklists/support.yaml",
         "        help: A former manager counts.\n", "")
    result = run_cli("translations", str(kit_dir))
    assert result.exit_code == 0, result.output
    assert lines_of(result.stdout) == [
        "translations/fr.po: updated: 1 new, 1 changed (marked fuzzy), 1 no longer in the "
        "kit (kept at the end, as #~)",
        "fr: 19 of 22 texts, 1 out of date"]
    text = (kit_dir / PO).read_text(encoding="utf-8")
    assert ('#, fuzzy\n#| msgid "Find a mentor"\nmsgctxt "advice find-a-mentor title"\n'
            'msgid "Find a good mentor"\nmsgstr "Trouvez un mentor"\n') in text
    assert 'msgctxt "advice ask-a-friend title"\nmsgid "Ask a friend"\nmsgstr ""\n' in text
    assert ('#~ msgctxt "checklist support question mentor help"\n'
            '#~ msgid "A former manager counts."\n'
            '#~ msgstr "Un ancien responsable compte aussi."\n') in text
    with (kit_dir / PO).open("rb") as file:
        catalogue = read_po(file)
    assert sum(1 for m in catalogue if m.string) == 20  # every translation is still there
    # once more: nothing to do, and the fuzzy entry keeps the text it was translated from
    again = run_cli("translations", str(kit_dir))
    assert lines_of(again.stdout)[0] == "translations/fr.po: up to date"
    assert (kit_dir / PO).read_text(encoding="utf-8") == text
    # a text that comes back takes its translation back from the obsolete entries
    edit(kit_dir / "content/checklists/support.yaml",
         "        text: Someone who advises you on your career\n",
         "        text: Someone who advises you on your career\n"
         "        help: A former manager counts.\n")
    back = run_cli("translations", str(kit_dir))
    assert lines_of(back.stdout)[0] == "translations/fr.po: updated: 1 back in the kit (taken "\
        "from the #~ entries)"
    help_text = load_kit(kit_dir).translations["fr"].checklists["support"] \
        .sections[0].questions[0].help_html
    assert help_text == "<p>Un ancien responsable compte aussi.</p>\n"


def test_translations_makes_a_new_catalogue_and_stamps_pages(kit_dir: Path,
                                                             run_cli: RunCli) -> None:
    (kit_dir / PO).unlink()
    edit(kit_dir / "content/guide.fr.md", "translated_from: 54ae251c\n", "")
    result = run_cli("translations", "--kit", str(kit_dir))
    assert result.exit_code == 0, result.output
    assert lines_of(result.stdout) == [
        "translations/fr.po: created, 20 texts to translate",
        "content/guide.fr.md: translated_from added (fr)",
        "fr: 1 of 22 texts"]
    assert "translated_from: 54ae251c\n---\n" in \
        (kit_dir / "content/guide.fr.md").read_text(encoding="utf-8")
    text = (kit_dir / PO).read_text(encoding="utf-8")
    assert ('#. the title of a piece of advice\n#: rules/advice.yaml:7\n'
            'msgctxt "advice find-a-mentor title"\nmsgid "Find a mentor"\nmsgstr ""\n') in text
    assert "Language: fr\\n" in text
    assert not [p.name for p in (kit_dir / "translations").iterdir() if p.name != "fr.po"]


def test_translations_needs_a_second_language(tmp_path: Path, run_cli: RunCli) -> None:
    kit = Path(shutil.copytree(FIXTURE_KITS / "minimal", tmp_path / "kit"))
    result = run_cli("translations", str(kit))
    assert result.exit_code == 1
    assert result.stderr.startswith("site.yaml: error: this kit has one language (en); list "
                                    "its languages first, e.g. languages: [en, fr]")
    assert not (kit / "translations").exists()


# site-builder new --language


def test_a_new_kit_in_french_has_its_french_in_the_source_files(tmp_path: Path) -> None:
    target = tmp_path / "atelier"
    create_kit(target, "fr", source=BILINGUAL, placeholders=None)
    site = (target / "site.yaml").read_text(encoding="utf-8")
    assert "title: Le soutien au travail\n" in site and "languages: [fr]\n" in site
    advice = (target / "rules/advice.yaml").read_text(encoding="utf-8")
    assert advice.startswith("checklist: support\ntitle: Conseils\nrules:\n")
    assert ("      title: Trouvez un mentor\n      body: |\n        Demandez vingt minutes à "
            "une personne que vous estimez.\n\n        - Dites ce que vous aimeriez "
            "apprendre.\n      section: work\n    priority: 10\n") in advice
    checklist = (target / "content/checklists/support.yaml").read_text(encoding="utf-8")
    assert '  - {value: "yes", label: "Oui", score: 1}\n' in checklist
    guide = (target / "content/guide.md").read_text(encoding="utf-8")
    assert guide.startswith("---\ntitle: Guide de l'animateur\ndescription: Comment animer "
                            "la séance.\norder: 2\nfor: facilitators\n")
    assert "  - activity: Accueil\n    minutes: 10\n" in guide
    assert "translated_from" not in guide
    assert not (target / "translations").exists()
    assert not list(target.rglob("*.fr.md"))
    kit = load_kit(target)
    assert kit.languages == ("fr",) and kit.translations == {}
    french = load_kit(BILINGUAL).translations["fr"]
    assert kit.checklists == french.checklists
    assert [r.advice for s in kit.rule_sets for r in s.rules] == \
        [r.advice for s in french.rule_sets for r in s.rules]
    # the index page had no translation: it stays as it was written
    assert (target / "content/index.md").read_bytes() == \
        (BILINGUAL / "content/index.md").read_bytes()


def test_a_new_kit_without_a_language_has_one_language(kit_dir: Path, tmp_path: Path) -> None:
    edit(kit_dir / "site.yaml", "words:\n  fr:\n    Print materials: Documents à imprimer\n",
         "")
    target = tmp_path / "new"
    create_kit(target, source=kit_dir, placeholders=None)
    assert not (target / "translations").exists()
    assert not (target / "content/guide.fr.md").exists()
    assert "languages: [en]\n" in (target / "site.yaml").read_text(encoding="utf-8")
    kit = load_kit(target)
    assert kit.languages == ("en",) and kit.translations == {}


def test_a_language_the_kit_has_no_translation_into_is_refused(tmp_path: Path,
                                                               run_cli: RunCli) -> None:
    with pytest.raises(KitError) as raised:
        create_kit(tmp_path / "kit", "de", source=BILINGUAL, placeholders=None)
    assert [str(d) for d in raised.value.diagnostics] == [
        "--language: error: the default kit has no translation into 'de'; it can start a "
        "kit in: en, fr"]
    assert not (tmp_path / "kit").exists()
    result = run_cli("new", str(tmp_path / "other"), "--language", "xx")
    assert result.exit_code == 1
    assert result.stderr.startswith("--language: error: the default kit has no translation "
                                    "into 'xx'; it can start a kit in: en")
    assert not (tmp_path / "other").exists()


def test_an_obsolete_entry_as_msgmerge_writes_it_is_read(kit_dir: Path, run_cli: RunCli) -> None:
    with (kit_dir / PO).open("a", encoding="utf-8") as file:
        file.write('\n#~| msgid "An old text"\n#~ msgctxt "gone"\n#~ msgid "A text"\n'
                   '#~ msgstr "Un texte"\n')
    assert run_cli("check", "--kit", str(kit_dir)).exit_code == 0
    result = run_cli("translations", str(kit_dir))
    assert result.exit_code == 0, result.output
    assert '#~ msgid "A text"\n#~ msgstr "Un texte"\n' in (kit_dir / PO).read_text("utf-8")


def test_new_in_french_from_the_default_kit(tmp_path: Path, run_cli: RunCli) -> None:
    """The default kit rewritten in French, once it has its French translation."""
    from tests.kits import ROOT

    source = load_kit(ROOT)
    assert "fr" in source.languages
    result = run_cli("new", str(tmp_path / "atelier"), "--language", "fr")
    assert result.exit_code == 0, result.output
    kit = load_kit(tmp_path / "atelier")
    french = source.translations["fr"]
    assert kit.languages == ("fr",)
    assert kit.checklists["network"].sections == french.checklists["network"].sections
    assert [r.advice for s in kit.rule_sets for r in s.rules] == \
        [r.advice for s in french.rule_sets for r in s.rules]
    checked = run_cli("check", "--kit", str(tmp_path / "atelier"))
    assert checked.exit_code == 0, checked.output


def test_a_broken_link_in_a_translation_is_located_in_it(kit_dir: Path) -> None:
    edit(kit_dir / PO, 'msgstr "Pensez à une personne hors de votre équipe."',
         'msgstr "Lisez [le guide](guid.md)."')
    edit(kit_dir / "content/guide.fr.md", "](checklists/support.yaml)", "](checklists/s.yaml)")
    with pytest.raises(KitError) as raised:
        load_kit(kit_dir)
    line = entry_line(kit_dir, "advice talk-to-someone body") + 1
    assert [str(d).split(": error: ")[0] for d in raised.value.diagnostics] == [
        "content/guide.fr.md:17:35", f"{PO}:{line}:26"]
    assert "link to 'guid.md': no page or file 'guid.md' in content/ (did you mean "\
           "'guide.md'?)" in str(raised.value)


def test_translations_keeps_the_header_a_tool_wrote(kit_dir: Path, run_cli: RunCli) -> None:
    edit(kit_dir / PO, '"Language: fr\\n"\n', '"Language: fr\\n"\n"X-Generator: Poedit 3.4\\n"\n')
    edit(kit_dir / "site.yaml", "subtitle: A short self-assessment",
         "subtitle: A very short self-assessment")
    header = (kit_dir / PO).read_text("utf-8").split("\n\n", 1)[0]
    assert run_cli("translations", str(kit_dir)).exit_code == 0
    text = (kit_dir / PO).read_text("utf-8")
    assert text.split("\n\n", 1)[0] == header
    assert 'msgid "A very short self-assessment"\nmsgstr "Une courte auto-évaluation"' in text


def test_a_translated_activity_may_leave_a_text_to_its_source(kit_dir: Path) -> None:
    edit(kit_dir / "content/guide.fr.md", "  - activity: Répondre aux questions\n    materials:",
         "  - materials:")
    guide = next(p for p in load_kit(kit_dir).translations["fr"].pages
                 if p.source == "guide.md")
    assert guide.agenda is not None
    second = guide.agenda.activities[1]
    assert (second.title, second.materials) == ("Answer the questions",
                                                ("Une feuille par personne",))


# The default kit, in English and French

def test_the_default_kit_is_complete_in_french(run_cli: RunCli) -> None:
    from tests.kits import ROOT

    result = run_cli("check", "--strict", "--kit", str(ROOT))
    assert result.exit_code == 0, result.output
    summary = re.search(r"^fr: (\d+) of (\d+) texts$", result.stdout, re.MULTILINE)
    assert summary and summary[1] == summary[2], result.stdout


def test_a_changed_english_advice_of_the_default_kit_is_out_of_date_in_french(
        default_kit: Path, run_cli: RunCli) -> None:
    edit(default_kit / "rules/instrumental.yaml",
         "title: Find an impartial sounding board for your career",
         "title: Find an impartial sounding board for your work")
    result = run_cli("check", "--kit", str(default_kit))
    assert result.exit_code == 0, result.output
    line = entry_line(default_kit, "advice find-a-sounding-board title")
    assert f"{PO}:{line}:1: warning: fr: out of date: the English of advice "\
           "find-a-sounding-board title changed since it was translated" in result.stderr
    assert re.search(r"^fr: (\d+) of (\d+) texts, 1 out of date$", result.stdout,
                     re.MULTILINE), result.stdout


def test_a_french_text_deleted_from_the_default_kit_builds_with_one_fallback_line(
        default_kit: Path, run_cli: RunCli) -> None:
    po = default_kit / PO
    catalogue = read_po(po.open("rb"))
    entry = catalogue.get("Find an impartial sounding board for your career",
                          "advice find-a-sounding-board title")
    assert entry is not None
    french = entry.string
    edit(po, f'msgstr "{french}"', 'msgstr ""')
    checked = run_cli("check", "--kit", str(default_kit))
    assert re.search(r"^rules/instrumental\.yaml:\d+:\d+: warning: fr: not translated yet: "
                     r"advice find-a-sounding-board title", checked.stderr, re.MULTILINE), \
        checked.stderr
    built = run_cli("build", "--kit", str(default_kit), "--out", str(default_kit / "output"))
    assert built.exit_code == 0, built.output
    fallback = [line for line in lines_of(built.stderr) if "shown in English" in line]
    assert fallback == ["translations/fr.po: warning: fr: 1 text is not translated yet "
                        "and is shown in English; see site-builder check"]
    page = (default_kit / "output/fr/checklists/network.html").read_text(encoding="utf-8")
    assert "Find an impartial sounding board for your career" in page


@pytest.mark.parametrize(("language", "warned"), [("ar", True), ("sw", True), ("fr", False),
                                                  ("fr-CA", False), ("en-US", False)])
def test_a_language_without_built_in_words_is_said_once(tmp_path: Path, run_cli: RunCli,
                                                        language: str, warned: bool) -> None:
    kit = Path(shutil.copytree(FIXTURE_KITS / "minimal", tmp_path / "kit"))
    site = kit / "site.yaml"
    site.write_text(re.sub(r"(?m)^language: .*\n", "", site.read_text(encoding="utf-8"))
                    + f"language: {language}\n", encoding="utf-8")
    checked = run_cli("check", "--kit", str(kit))
    assert checked.exit_code == 0, checked.output
    said = [line for line in lines_of(checked.stderr) if "site-builder's own words" in line]
    if not warned:
        assert said == []
        return
    assert said == [f"site.yaml: warning: {language}: site-builder's own words (menus, "
                    "buttons, \"Page 1 of 3\") are not translated into "
                    f"{'Arabic' if language == 'ar' else 'Swahili'}, so its pages show them "
                    f"in English; give them in your words under 'words: {language}:' in "
                    "site.yaml (see the page \"Translating the workshop\")"]
    built = run_cli("build", "--kit", str(kit), "--out", str(tmp_path / "out"))
    assert built.exit_code == 0, built.output
    assert [line for line in lines_of(built.stderr) if "own words" in line] == said
