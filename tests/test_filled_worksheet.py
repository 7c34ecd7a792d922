"""The round trip: the real worksheet PDF, filled in as a viewer would, read back, evaluated,
and the advice compared with `site-builder explain --json` for the same answers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter

from site_builder.answers.filled_pdf import FilledPdfError, read_filled_pdf
from site_builder.cli import cli
from site_builder.diagnostics import Location, Problems
from site_builder.engine.compile import compile_checklist
from site_builder.engine.evaluate import Evaluator
from site_builder.engine.match import match_answers
from site_builder.kit.load import load_kit
from site_builder.render.pdf.jobs import pdf_context, pdf_targets
from site_builder.render.pdf.weasy import write_pdf
from site_builder.render.templating import make_environment, render_template
from tests.kits import FIXTURE_KITS
from tests.pdfs import fill, make_kit

ROOT = Path(__file__).resolve().parent.parent
KIT = load_kit(ROOT)
CHECKLIST = KIT.checklists["network"]
CASES = [case for test in KIT.rule_tests if test.checklist == "network" for case in test.cases]


@pytest.fixture(scope="module")
def worksheet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default kit's worksheet PDF, made by the real renderer."""
    [target] = [t for t in pdf_targets(KIT) if t.checklist is CHECKLIST]
    html = render_template(make_environment(KIT), target.template, pdf_context(KIT, target),
                           KIT, "test")
    data, problems = write_pdf(KIT, target, html)
    assert problems == []
    path = tmp_path_factory.mktemp("worksheet") / "network-worksheet.pdf"
    path.write_bytes(data)
    return path


def read_filled_worksheet(path: Path) -> dict[str, str]:
    return read_filled_pdf(path).values


def advice_from_pdf(path: Path) -> list[str]:
    filled = read_filled_worksheet(path)
    raw = {key: value for key, value in filled.items() if CHECKLIST.question(key)}
    report = Problems()
    answers = match_answers(raw, CHECKLIST, lambda key: Location(str(path)), report)
    assert not report.errors
    evaluation = Evaluator(compile_checklist(KIT, "network")).evaluate(answers)
    return list(evaluation.shown)


def advice_from_explain(tmp_path: Path, answers: Mapping[str, Any]) -> list[str]:
    answers_file = tmp_path / "answers.yaml"
    answers_file.write_text("".join(f"{key}: {json.dumps(value)}\n"
                                    for key, value in answers.items()), encoding="utf-8")
    result = CliRunner().invoke(cli, ["explain", str(answers_file), "--kit", str(ROOT),
                                      "--json"])
    assert result.exit_code == 0, result.output
    shown: list[str] = json.loads(result.stdout)["shown"]
    return shown


def test_the_rule_test_cases_are_all_here() -> None:
    assert len(CASES) >= 9


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_filled_worksheet_gets_the_advice_explain_gives(worksheet: Path, tmp_path: Path,
                                                       case: Any) -> None:
    values = {key: str(value) for key, value in case.answers.items()}
    values |= {"_step_who": "RK", "sounding_board__who_1": "JD"}
    filled = fill(worksheet, tmp_path / "filled.pdf", values)
    read = read_filled_worksheet(filled)
    assert read["_step_who"] == "RK" and read["sounding_board__who_1"] == "JD"
    assert {k: v for k, v in read.items() if CHECKLIST.question(k)} == \
        {k: str(v) for k, v in case.answers.items()}
    shown = advice_from_pdf(filled)
    assert shown == advice_from_explain(tmp_path, case.answers)
    assert set(case.expect) <= set(shown) and not set(case.expect_not) & set(shown)


def test_partly_filled_worksheet(worksheet: Path, tmp_path: Path) -> None:
    answers = {"sounding_board": "no", "confidant": "not_sure"}
    filled = fill(worksheet, tmp_path / "partly.pdf", answers)
    read = read_filled_worksheet(filled)
    assert read == answers  # blank fields and unticked groups are left out
    assert advice_from_pdf(filled) == advice_from_explain(tmp_path, answers)


def test_blank_worksheet_reads_as_nothing(worksheet: Path) -> None:
    assert read_filled_worksheet(worksheet) == {}


def test_every_choice_question_is_a_radio_group_of_its_answer_values(worksheet: Path) -> None:
    reader = PdfReader(worksheet)
    root: Any = reader.trailer["/Root"]
    form: Any = root["/AcroForm"]
    fields = [f.get_object() for f in form["/Fields"]]
    groups = {str(f["/T"]): f for f in fields if "/Parent" not in f and f["/FT"] == "/Btn"}
    choices = [q for q in CHECKLIST.questions if q.type == "choice"]
    assert sorted(groups) == sorted(q.id for q in choices)
    for question in choices:
        group = groups[question.id]
        assert int(group["/Ff"]) & (1 << 15)  # a radio group
        assert [str(o) for o in group["/Opt"]] == [a.value for a in question.answers]
        assert len(group["/Kids"]) == len(question.answers)
    texts = {str(f["/T"]) for f in fields if f.get("/FT") == "/Tx"}
    assert {"_step_what", "_step_who", "_step_how", "_step_when", "_date"} <= texts
    assert "participant_name" not in texts  # a private sheet asks for no name
    assert {f"{q.id}__who_1" for q in CHECKLIST.questions if q.write_in} <= texts


def test_worksheet_stays_tagged_and_on_two_pages(worksheet: Path) -> None:
    reader = PdfReader(worksheet)
    root: Any = reader.trailer["/Root"]
    assert len(reader.pages) <= 2
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert b"pdfuaid" in root["/Metadata"].get_data()
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            widget = annotation.get_object()
            if widget.get("/Subtype") == "/Widget":
                assert "/StructParent" in widget
                assert str(widget.get("/TU") or widget["/Parent"].get("/TU"))


def test_a_pdf_that_is_not_a_worksheet(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    path = tmp_path / "other.pdf"
    writer.write(path)
    with pytest.raises(FilledPdfError, match="not a site-builder worksheet or handout"):
        read_filled_worksheet(path)


@pytest.mark.parametrize("content", [b"", b"name,answer\nA,yes\n", b"%PDF-1.7\n1 0 obj <<"])
def test_a_damaged_file_or_not_a_pdf(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "filled.pdf"
    path.write_bytes(content)
    with pytest.raises(FilledPdfError, match=r"filled\.pdf"):
        read_filled_worksheet(path)


def test_a_truncated_worksheet(worksheet: Path, tmp_path: Path) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes(worksheet.read_bytes()[: 4000])
    with pytest.raises(FilledPdfError):
        read_filled_worksheet(path)


def test_an_encrypted_pdf(worksheet: Path, tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=worksheet)
    writer.encrypt("secret", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    with pytest.raises(FilledPdfError, match="encrypted"):
        read_filled_worksheet(path)


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FilledPdfError, match="cannot read"):
        read_filled_worksheet(tmp_path / "nowhere.pdf")



def test_number_and_text_questions_round_trip(tmp_path: Path) -> None:
    from site_builder.render.pdf.batch import render_pdfs

    kit = make_kit(tmp_path / "kit")
    render_pdfs(kit, tmp_path / "out")
    blank = tmp_path / "out" / "pdf" / "quiz-worksheet.pdf"
    values = {"mentor": "no", "hours": "12", "notes": "Ask the book club", "_total_total": "0"}
    read = read_filled_worksheet(fill(blank, tmp_path / "filled.pdf", values))
    assert read == values
    checklist = kit.checklists["quiz"]
    report = Problems()
    raw = {key: value for key, value in read.items() if checklist.question(key)}
    answers = match_answers(raw, checklist, lambda key: Location("filled.pdf"), report)
    assert not report.errors
    assert answers == {"mentor": "no", "hours": 12, "notes": "Ask the book club"}


def test_a_text_question_gets_a_box_across_the_sheet(tmp_path: Path) -> None:
    """The second kit's last question is text with `write_in: 3`: its box spans the column
    (three lines high, no "Who" lines), and the questions stay on the first sheet."""
    from site_builder.render.pdf.batch import render_pdfs

    render_pdfs(load_kit(FIXTURE_KITS / "second"), tmp_path / "out")
    reader = PdfReader(tmp_path / "out" / "pdf" / "habits-worksheet.pdf")
    assert len(reader.pages) == 2
    fields = {str(a.get_object()["/T"]): a.get_object()["/Rect"]
              for a in reader.pages[0].get("/Annots", []) if "/T" in a.get_object()}
    left, bottom, right, top = (float(v) for v in fields["hardest_conversation"])
    assert abs(right - left) > 400 and abs(top - bottom) > 30  # points: the column, 3 lines
    assert not any(name.startswith("hardest_conversation__who") for name in fields)
