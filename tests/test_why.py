"""Why advice shows, in the participant's words: the compiled document's fields, the
sentences of engine/why.py, and where they are printed (`explain`, reports)."""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest

from site_builder.engine.compile import compile_checklist
from site_builder.engine.document import Answer
from site_builder.engine.evaluate import Evaluator
from site_builder.engine.why import explain_shown, skipped_questions
from site_builder.kit.load import load_kit
from site_builder.model import Kit
from tests.kits import FIXTURE_KITS, MINIMAL, ROOT
from tests.runner import RunCli

HONEST = "“Someone who gives you an honest …”"
OUTSIDE = "“Someone outside your own team …”"
# Strong at work, thin outside it, question 5 skipped.
ALONE = {"sounding_board": "no", "cross_org_allies": "yes", "industry_peers": "yes",
         "confidant": "no", "long_time_friends": "not_sure"}


@pytest.fixture(scope="module")
def kit() -> Kit:
    return load_kit(ROOT)


def why_of(kit: Kit, answers: Mapping[str, Answer], kit_checklist: str = "network"
           ) -> dict[str, tuple[str, ...]]:
    document = compile_checklist(kit, kit_checklist)
    evaluation = Evaluator(document).evaluate(answers)
    return {w.rule: w.sentences for w in explain_shown(document, evaluation)}


def test_conditions_carry_subject_relation_clause_and_reads(kit: Kit) -> None:
    document = compile_checklist(kit, "network")
    rules = {r["id"]: r for r in document["rules"]}
    sounding = rules["find-a-sounding-board"]["conditions"][0]
    assert (sounding.get("subject"), sounding.get("relation"), sounding.get("reads")) == \
        ("sounding_board", "No or Not sure", ["sounding_board"])
    assert sounding.get("clause") == f"you answer No or Not sure to {HONEST}"
    broaden = rules["broaden-your-reach"]["conditions"][0]
    assert (broaden.get("subject"), broaden.get("relation")) == ("instrumental", "below 2")
    always = rules["profile-building-both"]["conditions"][0]
    assert (always.get("subject"), always.get("relation"), always.get("clause")) == \
        (None, None, "")
    assert document.get("groups") == [
        {"id": "rules/instrumental.yaml", "title": "Instrumental", "pick": "all"},
        {"id": "rules/profiles.yaml", "title": "Profiles", "pick": "first"},
        {"id": "rules/psychosocial.yaml", "title": "Psychosocial", "pick": "all"},
        {"id": "rules/sections.yaml", "title": "Sections", "pick": "all"},
    ]
    assert document["scores"][1].get("questions") == [
        "confidant", "similar_situation", "long_time_friends"]


def test_a_rule_files_title_names_its_group(tmp_path: Path) -> None:
    root = shutil.copytree(MINIMAL, tmp_path / "kit")
    rules = root / "rules" / "advice.yaml"
    rules.write_text("title: Your next step\n" + rules.read_text())
    groups = compile_checklist(load_kit(root), "quiz").get("groups")
    assert groups == [{"id": "rules/advice.yaml", "title": "Your next step", "pick": "all"}]


def test_why_a_profile_and_its_advice_show(kit: Kit) -> None:
    why = why_of(kit, ALONE)
    assert why["profile-connected-but-alone"] == (
        "Your instrumental support score is 2 of 3, at least 2.",
        "“Your profile: well supported” needs your psychosocial support score to be at least 2; "
        "it is 0.5 of 3.",
    )
    assert why["invest-in-a-few-close-ties"] == (
        "Your psychosocial support score is 0.5 of 3, below 2.",)
    assert why["find-a-sounding-board"] == (f"You answered No to {HONEST}.",)
    assert why["find-a-confidant"] == (f"You answered No to {OUTSIDE}.",)


def test_the_last_profile_says_why_every_earlier_one_did_not_fit(kit: Kit) -> None:
    why = why_of(kit, {"sounding_board": "no", "confidant": "yes"})
    assert why["profile-building-both"] == (
        "“Your profile: well supported” needs your instrumental support score to be at least "
        "2; it is 0 of 3.",
        "“Your profile: well supported” needs your psychosocial support score to be at least 2; "
        "it is 1 of 3.",
        "“Your profile: connected but alone” needs your instrumental support score to be at "
        "least 2; it is 0 of 3.",
        "“Your profile: close but narrow” needs your psychosocial support score to be at least 2; "
        "it is 1 of 3.",
    )


def test_composite_raw_logic_and_number_conditions() -> None:
    second = load_kit(FIXTURE_KITS / "second")
    answers: dict[str, Answer] = {"safe_team": "never", "give_specific": "never",
                                  "one_to_one_hours": 1, "ask_for_feedback": "sometimes"}
    why = why_of(second, answers, "habits")
    safety = why["build-safety-first"]
    assert safety[0].startswith("It applies when you answer Never to “People in my team "
                                "disagree …” and (")
    assert "You answered Never to “People in my team disagree …”." in safety
    assert "You skipped “I give feedback within a day or …”." in safety
    assert why["make-time-to-talk"] == (
        "You answered 1 to “Hours a month you spend in …”, below 2.",)


def test_skipped_questions_name_the_scores_they_counted_in(kit: Kit) -> None:
    document = compile_checklist(kit, "network")
    evaluation = Evaluator(document).evaluate(ALONE)
    assert [s.sentence for s in skipped_questions(document, evaluation)] == [
        "You skipped question 5 (“People whose life outside work …”): it counted as 0 in "
        "Psychosocial support."]


def test_explain_prints_the_sentences_and_the_skipped_questions(
        run_cli: RunCli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("".join(f"{k}: {v}\n" for k, v in ALONE.items()))
    text = run_cli("explain", str(answers), "--kit", str(ROOT))
    assert text.exit_code == 0, text.stderr
    assert ("  You skipped question 5 (“People whose life outside work …”): it counted as 0 "
            "in Psychosocial support.") in text.stdout.splitlines()
    assert "       Your psychosocial support score is 0.5 of 3, below 2." in text.stdout
    as_json = run_cli("explain", str(answers), "--kit", str(ROOT), "--json")
    data = json.loads(as_json.stdout)
    assert [s["question"] for s in data["skipped"]] == ["similar_situation"]
    assert data["skipped"][0]["scores"] == ["Psychosocial support"]
    rules = {r["id"]: r for r in data["rules"]}
    assert rules["find-a-sounding-board"]["why"] == [f"You answered No to {HONEST}."]
    assert rules["build-cross-org-allies"]["why"] == []


def test_the_reports_say_why_and_what_was_skipped(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from site_builder.cli import cli
    from tests.test_report import pdf_text

    saved = tmp_path / "dana.json"
    saved.write_text(json.dumps({"format": "site-builder/answers", "checklist": "network",
                                 "name": "Dana", "answers": ALONE}))
    out = tmp_path / "reports"
    result = CliRunner().invoke(cli, ["report", "--kit", str(ROOT), str(saved),
                                      "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    report = " ".join(pdf_text(out / "dana-json.pdf").split())
    assert "5. People whose life outside work … Skipped" in report
    assert "You skipped question 5, counted as 0 in Psychosocial support." in report
    assert ("Why this profile Your instrumental support score is 2 of 3, at least 2. "
            "“Your profile: well supported” needs your psychosocial support score to be at "
            "least 2; it is 0.5 of 3.") in report
    assert f"You answered No to {HONEST}." in report
    assert "None of the profiles" not in report
    cohort = " ".join(pdf_text(out / "cohort-summary.pdf").split())
    assert "Skipped by 1 of 1: counted as 0 in Psychosocial support." in cohort
    assert cohort.count("Nobody skipped it.") == 5


# --- in the kit's language -------------------------------------------------------------

NB = "\u00a0"  # French puts a no-break space inside « » and before ; and :
AP = "\u2019"  # and its typographic apostrophe


def in_language(kit: Kit, language: str,
                words: Mapping[str, Mapping[str, str | tuple[str, ...]]] | None = None) -> Kit:
    """The kit with another `language` (its own texts as written, the built-in words in that
    language), and optionally its own built-in words."""
    site = dataclasses.replace(kit.site, language=language, words=words or {})
    return dataclasses.replace(kit, site=site)


def test_the_sentences_in_french(kit: Kit) -> None:
    french = in_language(kit, "fr")
    why = why_of(french, ALONE)
    honest = f"«{NB}Someone who gives you an honest …{NB}»"
    assert why["profile-connected-but-alone"] == (
        f"Votre score «{NB}Instrumental support{NB}»{NB}: 2 sur 3, soit au moins 2.",
        f"«{NB}Your profile: well supported{NB}» demande que votre score «{NB}Psychosocial "
        f"support{NB}» vaille au moins 2{NB}; le vôtre{NB}: 0,5 sur 3.",
    )
    assert why["find-a-sounding-board"] == (f"Vous avez répondu No à {honest}.",)
    document = compile_checklist(french, "network")
    assert document.get("language") == "fr"
    sounding = document["rules"][0]["conditions"][0]
    assert (sounding.get("op"), sounding.get("relation"), sounding.get("clause")) == \
        ("in", "No ou Not sure", f"vous répondez No ou Not sure à {honest}")
    evaluation = Evaluator(document).evaluate(ALONE)
    assert [s.sentence for s in skipped_questions(document, evaluation)] == [
        f"Vous n{AP}avez pas répondu à la question 5 («{NB}People whose life outside work …"
        f"{NB}»){NB}: elle a compté pour 0 dans Psychosocial support."]


def test_labels_quotes_and_lists_as_each_language_writes_them(kit: Kit) -> None:
    scores = {lang: compile_checklist(in_language(kit, lang), "network")["scores"][0]
              for lang in ("en", "en-GB", "fr", "de", "es")}
    assert {lang: s.get("label_in_sentence") for lang, s in scores.items()} == {
        "en": "instrumental support", "en-GB": "instrumental support",
        "fr": "Instrumental support", "de": "Instrumental support",
        "es": "instrumental support"}
    german = why_of(in_language(kit, "de"), ALONE)
    assert german["invest-in-a-few-close-ties"] == (
        "Ihre Punktzahl für „Psychosocial support“ ist 0,5 von 3, also unter 2.",)
    spanish = why_of(in_language(kit, "es"), ALONE)
    assert spanish["find-a-confidant"] == (
        "Respondiste No a «Someone outside your own team …».",)
    # Babel's lists: CLDR's English has the serial comma, British English and French not;
    # a language without a catalogue has English sentences, so English lists.
    from site_builder.engine.wording import or_list
    labels = ["Yes", "No", "Not sure"]
    assert [or_list(labels, lang) for lang in ("en", "en-GB", "fr-CA", "de", "es", "pt")
            ] == ["Yes, No, or Not sure", "Yes, No or Not sure", "Yes, No ou Not sure",
                  "Yes, No oder Not sure", "Yes, No o Not sure", "Yes, No, or Not sure"]
    # Spanish says "u" before an o sound, "e" before an i sound (not a diphthong's).
    from site_builder.engine.wording import and_list
    assert [or_list(["siete", "ocho"], "es"), or_list(["Sí", "No", "Hoy"], "es"),
            and_list(["padres", "hijos"], "es"), and_list(["agua", "hielo"], "es"),
            and_list(["a", "Íñigo"], "es")] == [
        "siete u ocho", "Sí, No u Hoy", "padres e hijos", "agua y hielo", "a e Íñigo"]


def test_numbers_composites_and_text_answers_in_french() -> None:
    second = in_language(load_kit(FIXTURE_KITS / "second"), "fr")
    answers: dict[str, Answer] = {"safe_team": "never", "give_specific": "never",
                                  "one_to_one_hours": 1.5, "ask_for_feedback": "sometimes",
                                  "hardest_conversation": "Mon budget"}
    why = why_of(second, answers, "habits")
    assert why["make-time-to-talk"] == (
        f"Vous avez répondu 1,5 à «{NB}Hours a month you spend in …{NB}», soit moins de 2.",)
    safety = why["build-safety-first"]
    assert safety[0].startswith(f"Ce conseil s{AP}applique quand vous répondez Never à «{NB}"
                                f"People in my team disagree …{NB}» et (")
    assert f"Vous n{AP}avez pas répondu à «{NB}I give feedback within a day or …{NB}»." in safety
    assert not [s for s in (s for ss in why.values() for s in ss)
                if "{" in s or s.startswith(("You", "Your", "It "))]


def test_a_kits_own_words_change_the_sentences(kit: Kit) -> None:
    own = in_language(kit, "fr", {"fr": {"You answered {answer} to {question}.":
                                         "À {question}, vous avez choisi {answer}."}})
    why = why_of(own, ALONE)  # as the page would: explain passes the kit's words
    document = compile_checklist(own, "network")
    from site_builder.engine.wording import site_words
    sentences = {w.rule: w.sentences for w in explain_shown(
        document, Evaluator(document).evaluate(ALONE), site_words(own.site))}
    assert sentences["find-a-confidant"] == (
        f"À «{NB}Someone outside your own team …{NB}», vous avez choisi No.",)
    assert why["find-a-confidant"] == (
        f"Vous avez répondu No à «{NB}Someone outside your own team …{NB}».",)


def test_explain_speaks_the_kits_language(run_cli: RunCli, tmp_path: Path) -> None:
    """The default kit's own French: explain --language fr speaks it, with the French
    kit's labels; without --language, the kit's source language."""
    from site_builder.kit.load import load_kit

    answers = tmp_path / "answers.yaml"
    answers.write_text("".join(f"{k}: {v}\n" for k, v in ALONE.items()))
    text = run_cli("explain", str(answers), "--kit", str(ROOT), "--language", "fr")
    assert text.exit_code == 0, text.stderr
    french = load_kit(ROOT).translations["fr"].checklists["network"]
    label = {score.id: score.label for score in french.scores}["psychosocial"]
    assert f"       Votre score «{NB}{label}{NB}»{NB}: 0,5 sur 3, soit moins de 2." \
        in text.stdout.splitlines()
    english = run_cli("explain", str(answers), "--kit", str(ROOT))
    assert english.exit_code == 0 and "Votre score" not in english.stdout
    as_json = json.loads(run_cli("explain", str(answers), "--kit", str(ROOT), "--json",
                                 "--language", "fr").stdout)
    assert as_json["language"] == "fr"
    assert as_json["skipped"][0]["sentence"].startswith("Vous n\u2019avez pas répondu")
    other = run_cli("explain", str(answers), "--kit", str(ROOT), "--language", "de")
    assert other.exit_code == 1 and other.stdout == ""
    assert "site.yaml: error: this kit is not in the language 'de'; its languages are en" \
        in other.stderr


def test_every_sentence_pattern_is_translated_with_the_same_placeholders() -> None:
    """The French, German and Spanish catalogues hold every pattern the sentences use (the
    Python's and the template's data-text-why-* ones), none fuzzy, each translation with
    exactly its msgid's placeholders."""
    import re

    from babel.messages.extract import extract_from_file
    from babel.messages.pofile import read_po

    engine = ROOT / "site_builder" / "engine"
    found: set[str | tuple[str, ...]] = set()
    for path in (engine / "wording.py", engine / "why.py"):
        for _, message, _, _ in extract_from_file(
                "python", str(path), keywords={"gettext": None, "ngettext": (1, 2)}):
            found.add(message)
    template = (ROOT / "site_builder" / "render" / "templates" / "checklist.html").read_text()
    in_template = re.findall(r"data-text-why[\w-]*=\"\{\{ _\('([^']*)'\) \}\}\"", template)
    assert len(in_template) == template.count("data-text-why")
    found.update(in_template)
    assert len(found) > 40
    braces = re.compile(r"\{\w+\}")
    for language in ("fr", "de", "es"):
        with (ROOT / "site_builder" / "i18n" / f"{language}.po").open("rb") as file:
            catalogue = read_po(file, locale=language)
        for message in found:
            key = message[0] if isinstance(message, tuple) else message
            entry = catalogue.get(key)
            assert entry is not None and not entry.fuzzy, (language, message)
            string = entry.string
            forms = (string,) if isinstance(string, str) else tuple(string or ())
            for form in forms:
                assert form and sorted(braces.findall(form)) == sorted(braces.findall(key)), \
                    (language, key, form)
