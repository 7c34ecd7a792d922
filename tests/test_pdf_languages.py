"""PDFs and reports in the kit's languages: each PDF once per language (the translation's
under `<lang>/`, with its `lang`), reports in the participant's language or `--language`,
dates in the report's language. Real WeasyPrint, PDFs read back with pypdf.

Until the kit loader reads `translations/`, the French kit is made in memory
(tests/french_kit.py) and handed to the commands in place of the loaded kit.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from site_builder.answers.language import match_language
from site_builder.cache import BuildCache
from site_builder.diagnostics import KitError
from site_builder.kit.load import load_kit
from site_builder.model import Kit
from site_builder.render.dates import format_long_date
from site_builder.render.languages import text_direction
from site_builder.render.pdf.batch import _key, render_pdfs
from site_builder.render.pdf.jobs import plan_pdfs
from site_builder.render.pdf.report import room_labels
from site_builder.report import COHORT_FILE, report_language
from tests import french_kit
from tests.french_kit import bilingual, default_bilingual
from tests.kits import ROOT
from tests.runner import RunCli

IDS = ["sounding_board", "cross_org_allies", "industry_peers", "confidant",
       "similar_situation", "long_time_friends"]
EN_TITLE = "Where does your support come from?"


def pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    text = " ".join(page.extract_text() for page in reader.pages).replace("\x00", "")
    return " ".join(text.replace("\u00a0", " ").split())


def lang_of(path: Path) -> str:
    root: Any = PdfReader(path).trailer["/Root"]
    return str(root["/Lang"])


@pytest.fixture
def french_loaded(monkeypatch: pytest.MonkeyPatch) -> Kit:
    """The commands load the default kit in English and French."""
    kit = default_bilingual()
    monkeypatch.setattr("site_builder.kit.load.load_kit", lambda root, *a, **k: kit)
    return kit


# The site's PDFs


def test_each_pdf_is_planned_once_per_language_under_its_prefix(tmp_path: Path) -> None:
    kit = default_bilingual()
    jobs = {job.path: job for job in plan_pdfs(kit, tmp_path)}
    english = [p for p in jobs if not p.startswith("fr/")]
    assert sorted(jobs) == sorted(english + [f"fr/{p}" for p in english])
    assert "pdf/network-worksheet.pdf" in english and "pdf/facilitator-guide.pdf" in english
    worksheet, french = jobs["pdf/network-worksheet.pdf"], jobs["fr/pdf/network-worksheet.pdf"]
    assert french.out == str(tmp_path / "fr" / "pdf" / "network-worksheet.pdf")
    assert (worksheet.language, french.language) == ("en", "fr")
    assert '<html lang="en">' in worksheet.html and '<html lang="fr">' in french.html
    assert french_kit.CHECKLIST_TITLE in french.html and EN_TITLE not in french.html
    assert EN_TITLE in worksheet.html
    cache = BuildCache(tmp_path, enabled=False)
    assert _key(cache, worksheet) != _key(cache, french)
    # the same job in another language only: still another key
    assert _key(cache, french) != _key(cache, dataclasses.replace(french, language="de"))


def test_a_translations_printed_address_and_qr_code_go_to_its_own_pages(
        tmp_path: Path) -> None:
    kit = load_kit(ROOT)
    kit = dataclasses.replace(kit, site=dataclasses.replace(
        kit.site, base_url="https://example.org/workshop/"))
    jobs = {job.path: job for job in plan_pdfs(bilingual(kit), tmp_path)}
    french = "https://example.org/workshop/fr/checklists/network.html"
    english = "https://example.org/workshop/checklists/network.html"
    for path in ("pdf/network-worksheet.pdf", "pdf/facilitator-guide.pdf", "pdf/poster.pdf"):
        assert french in jobs[f"fr/{path}"].html and english not in jobs[f"fr/{path}"].html
        assert english in jobs[path].html and "/fr/" not in jobs[path].html


def test_a_one_language_kit_plans_its_pdfs_as_before(tmp_path: Path) -> None:
    kit = load_kit(ROOT)
    kit = dataclasses.replace(kit, translations={},
                              site=dataclasses.replace(kit.site, languages=()))
    assert not any(job.path.startswith("fr/") for job in plan_pdfs(kit, tmp_path))


def test_a_right_to_left_translation_is_marked_rtl(tmp_path: Path) -> None:
    kit = load_kit(ROOT)
    arabic = dataclasses.replace(french_kit.french(kit),
                                 site=dataclasses.replace(kit.site, language="ar"))
    site = dataclasses.replace(kit.site, languages=("en", "ar"))
    both = dataclasses.replace(kit, site=site, translations={"ar": arabic})
    jobs = {job.path: job for job in plan_pdfs(both, tmp_path)}
    assert '<html lang="ar" dir="rtl">' in jobs["ar/pdf/network-worksheet.pdf"].html
    assert '<html lang="en">' in jobs["pdf/network-worksheet.pdf"].html
    # the running heads mirrored: the title where an Arabic line starts, on the right
    arabic_page = jobs["ar/pdf/network-worksheet.pdf"].stylesheets[-1]
    assert "@top-right { content: " in arabic_page and "@bottom-left { content: " in arabic_page
    assert "@top-left { content: " in jobs["pdf/network-worksheet.pdf"].stylesheets[-1]
    assert [text_direction(t) for t in ("he", "fa", "ur", "ar-EG", "fr", "xx-unknown")] == \
        ["rtl", "rtl", "rtl", "rtl", "ltr", "ltr"]


def test_the_french_worksheet_and_guide_are_french(tmp_path: Path) -> None:
    written = render_pdfs(default_bilingual(), tmp_path)
    assert tmp_path / "fr" / "pdf" / "network-worksheet.pdf" in written
    worksheet = tmp_path / "fr" / "pdf" / "network-worksheet.pdf"
    text = pdf_text(worksheet)
    assert lang_of(worksheet) == "fr"
    assert french_kit.ROOT_TITLE in text  # the running head
    assert "D\u2019où vient votre soutien ?" in text
    assert "Soutien instrumental" in text and "Soutien psychosocial" in text
    assert all(label in text for label in french_kit.LABELS.values())
    assert "honnête et impartial" in text and "honest, impartial" not in text
    guide = tmp_path / "fr" / "pdf" / "facilitator-guide.pdf"
    assert lang_of(guide) == "fr"
    guide_text = pdf_text(guide)
    # the kit's French and the built-in words' ("Timed agenda", "Page 1 of 9")
    assert "Guide d\u2019animation" in guide_text and "Déroulé minuté" in guide_text
    assert "Page 1 sur " in guide_text and "Page 1 of" not in guide_text
    assert "Page 1 sur 2" in text and "FICHE D\u2019AUTODIAGNOSTIC" in text
    english = tmp_path / "pdf" / "network-worksheet.pdf"
    assert lang_of(english) == "en" and EN_TITLE in pdf_text(english)
    assert "Oui" not in pdf_text(english)


# Reports


def write_csv(path: Path, rows: list[tuple[str, str, list[str]]]) -> Path:
    lines = ["Your name,language," + ",".join(IDS)]
    lines += [f"{name},{language}," + ",".join(answers) for name, language, answers in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def report(run_cli: RunCli, out: Path, *args: str) -> Any:
    return run_cli("report", "--kit", str(ROOT), "--out", str(out), "--jobs", "1", *args)


def french_date() -> str:
    return format_long_date(datetime.date.today(), "fr")


def test_a_language_column_makes_one_report_french_and_another_english(
        french_loaded: Kit, run_cli: RunCli, tmp_path: Path) -> None:
    responses = write_csv(tmp_path / "room.csv", [
        ("Amira", "fr", ["Oui", "Je ne sais pas", "Non", "Oui", "Non", "Oui"]),  # French labels
        ("Ben", "English", ["Yes", "No", "No", "Not sure", "No", "No"]),
        ("Chloé", "", ["yes", "yes", "yes", "yes", "yes", "yes"]),  # values; --language's
    ])
    out = tmp_path / "reports"
    result = report(run_cli, out, str(responses), "--name-column", "Your name")
    assert result.exit_code == 0, result.stderr
    amira, ben, chloe = out / "amira.pdf", out / "ben.pdf", out / "chloe.pdf"
    amira_text = pdf_text(amira)
    assert lang_of(amira) == "fr"
    assert french_kit.CHECKLIST_TITLE.replace("\u00a0", " ") in amira_text
    assert french_date() in amira_text  # "6 décembre 2026"
    assert "Oui" in amira_text and "Je ne sais pas" in amira_text  # her answers, by their labels
    assert french_kit.ADVICE["build-cross-org-allies"] in amira_text
    assert EN_TITLE not in amira_text
    ben_text = pdf_text(ben)
    assert lang_of(ben) == "en" and EN_TITLE in ben_text
    assert format_long_date(datetime.date.today(), "en") in ben_text
    assert "Oui" not in ben_text
    assert lang_of(chloe) == "en"  # no language given: the report's --language (English)
    assert lang_of(out / COHORT_FILE) == "en"


def test_language_option_sets_the_reports_and_the_summary_a_row_still_wins(
        french_loaded: Kit, run_cli: RunCli, tmp_path: Path) -> None:
    responses = write_csv(tmp_path / "room.csv", [
        ("Amira", "", ["yes", "not_sure", "no", "yes", "no", "yes"]),
        ("Ben", "en", ["yes", "no", "no", "not_sure", "no", "no"]),
    ])
    out = tmp_path / "reports"
    result = report(run_cli, out, str(responses), "--name-column", "Your name",
                    "--language", "fr")
    assert result.exit_code == 0, result.stderr
    assert lang_of(out / "amira.pdf") == "fr" and lang_of(out / "ben.pdf") == "en"
    summary = out / COHORT_FILE
    assert lang_of(summary) == "fr"
    text = pdf_text(summary)
    assert french_kit.CHECKLIST_TITLE.replace("\u00a0", " ") in text
    assert "Soutien instrumental" in text
    # the profiles as the room's, without the words every one of them starts with
    assert "Un soutien solide" in text and "Du réseau, mais peu d\u2019appuis" in text
    assert "Votre profil" not in text


def test_room_labels_leave_out_the_words_a_groups_titles_share() -> None:
    assert room_labels(["Votre profil\u00a0: bien soutenu", "Votre profil\u00a0: proche"]) \
        == ["Bien soutenu", "Proche"]
    assert room_labels(["Your profile: well supported"]) == ["Well supported"]
    assert room_labels(["Quiet: calm", "Busy: loud"]) == ["Quiet: calm", "Busy: loud"]


def test_an_unknown_language_in_a_row_is_located_and_skips_that_row(
        french_loaded: Kit, run_cli: RunCli, tmp_path: Path) -> None:
    responses = write_csv(tmp_path / "room.csv", [
        ("Amira", "fr", ["yes"] * 6),
        ("Ben", "de", ["no"] * 6),
    ])
    out = tmp_path / "reports"
    result = report(run_cli, out, str(responses), "--name-column", "Your name")
    assert result.exit_code == 1
    [line] = [x for x in result.stderr.splitlines() if ": error: " in x]
    assert line == (f'{responses}:3: error: row of "Ben": column B "language": "de" is not a '
                    "language of this kit; give one of en (English), fr (français), or leave "
                    "it blank for the report's --language")
    assert sorted(p.name for p in out.glob("*.pdf")) == ["amira.pdf", COHORT_FILE]


def test_an_unknown_language_option_names_the_kits_languages(
        french_loaded: Kit, run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = report(run_cli, out, str(ROOT / "tests/fixtures/responses/carol.yaml"),
                    "--language", "de")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "--language: error: this kit is not in 'de'; its languages: en (English), fr "
        "(français). Give one of them, or add 'de' to 'languages' in site.yaml and run "
        "site-builder translations")
    assert not out.exists()


@pytest.mark.parametrize(("value", "languages", "expected"), [
    ("fr", ("en", "fr"), "fr"), (" FR ", ("en", "fr"), "fr"), ("fr_CA", ("en", "fr"), "fr"),
    ("French", ("en", "fr"), "fr"), ("français", ("en", "fr"), "fr"),
    ("Francais", ("en", "fr"), "fr"), ("Anglais", ("en", "fr"), None),
    ("en", ("en-GB", "fr"), "en-GB"), ("en", ("en-GB", "en-US"), None),
    ("de", ("en", "fr"), None), ("Deutsch", ("en", "fr"), None), ("", ("en",), None),
    ("العربية", ("en", "ar"), "ar"), ("Arabic", ("en", "ar"), "ar"),
])
def test_a_language_is_matched_by_code_or_name(value: str, languages: tuple[str, ...],
                                               expected: str | None) -> None:
    assert match_language(value, languages) == expected


def test_report_language_takes_a_code_or_a_name() -> None:
    kit = default_bilingual()
    assert [report_language(kit, w) for w in (None, "fr", "FR", "fr-CA", "Français")] == \
        ["en", "fr", "fr", "fr", "fr"]
    with pytest.raises(KitError):
        report_language(dataclasses.replace(kit, translations={}, site=dataclasses.replace(
            kit.site, languages=())), "fr")  # a one-language kit


def saved(path: Path, language: str | None, answers: dict[str, str]) -> Path:
    data: dict[str, Any] = {"format": "site-builder/answers", "checklist": "network",
                            "name": path.stem.title(), "answers": answers}
    if language is not None:
        data["language"] = language
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def test_saved_answers_say_their_language(french_loaded: Kit, run_cli: RunCli,
                                          tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    answers = dict(zip(IDS, ["yes", "not_sure", "no", "yes", "no", "yes"], strict=True))
    saved(folder / "dana.json", "fr", answers)
    saved(folder / "eli.json", None, answers)
    (folder / "fay.yaml").write_text("language: fr\n" + "".join(
        f"{k}: {v}\n" for k, v in answers.items()))
    out = tmp_path / "reports"
    result = report(run_cli, out, *(str(p) for p in sorted(folder.iterdir())))
    assert result.exit_code == 0, result.stderr
    langs = {p.name: lang_of(p) for p in out.glob("*.pdf")}
    assert langs == {"dana-json.pdf": "fr", "eli-json.pdf": "en", "fay-yaml.pdf": "fr",
                     COHORT_FILE: "en"}
    assert french_date() in pdf_text(out / "dana-json.pdf")


def test_a_saved_file_in_a_language_the_kit_lacks_is_located(
        french_loaded: Kit, run_cli: RunCli, tmp_path: Path) -> None:
    answers = tmp_path / "gus.yaml"
    answers.write_text("sounding_board: yes\nlanguage: es\n")
    out = tmp_path / "reports"
    result = report(run_cli, out, str(answers))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{answers}:2:1: error: 'language': \"es\" is not a language of this kit; give one "
        "of en (English), fr (français), or leave it blank for the report's --language")


def test_explain_reads_answers_saved_in_any_language(run_cli: RunCli, tmp_path: Path) -> None:
    answers = dict(zip(IDS, ["yes", "yes", "yes", "no", "no", "not_sure"], strict=True))
    english = run_cli("explain", str(saved(tmp_path / "en.json", None, answers)),
                      "--kit", str(ROOT), "--json")
    assert english.exit_code == 0, english.stderr
    for path in (saved(tmp_path / "fr.json", "fr", answers), tmp_path / "fr.yaml"):
        if path.suffix == ".yaml":
            path.write_text("language: fr\n" + "".join(f"{k}: {v}\n"
                                                       for k, v in answers.items()))
        result = run_cli("explain", str(path), "--kit", str(ROOT), "--json")
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["shown"] == json.loads(english.stdout)["shown"]


def test_a_filled_french_worksheet_gives_a_french_report(
        french_loaded: Kit, run_cli: RunCli, tmp_path: Path) -> None:
    from tests.pdfs import fill

    render_pdfs(default_bilingual(), tmp_path / "site")
    blank = tmp_path / "site" / "fr" / "pdf" / "network-worksheet.pdf"
    filled = fill(blank, tmp_path / "hana.pdf", {"sounding_board": "yes", "confidant": "no",
                                                  "_step_what": "Appeler Sam"})
    out = tmp_path / "reports"
    result = report(run_cli, out, str(filled))
    assert result.exit_code == 0, result.stderr
    assert lang_of(out / "hana-pdf.pdf") == "fr"
    assert "Appeler Sam" in pdf_text(out / "hana-pdf.pdf")
