"""Reading a cohort's responses: real form exports, saved downloads, every bad row reported."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from site_builder.answers.responses import Participant, Responses, read_responses
from site_builder.answers.step import Step
from site_builder.diagnostics import Location
from site_builder.kit.load import load_kit
from site_builder.model import Checklist
from tests.kits import ROOT
from tests.pdfs import fill

FIX = ROOT / "tests" / "fixtures" / "responses"
Q = {  # the default kit's question texts, as the forms use them for headers
    "sounding_board": "Someone who gives you an honest, impartial view of how you are "
                      "growing and where your career could go next",
    "cross_org_allies": "People in other teams or at other levels of your organisation who "
                        "can help you move a decision along or unblock a piece of work",
    "industry_peers": "People at other organisations in your field who swap notes with you "
                      "about where the work is heading",
    "confidant": "Someone outside your own team whom you can talk to in confidence when "
                 "things are difficult with your manager or colleagues",
    "similar_situation": "People whose life outside work looks a lot like yours and who "
                         "understand the everyday juggling without needing it explained",
}
YNS = "is not one of Yes, Not sure, No"
SAFE_IDENT = re.compile(r"^[a-z0-9][a-z0-9_-]{0,70}$")


@pytest.fixture(scope="module")
def network() -> Checklist:
    return load_kit(ROOT).checklists["network"]


@pytest.fixture(scope="module")
def habits() -> Checklist:
    return load_kit(ROOT / "tests" / "fixtures" / "kits" / "second").checklists["habits"]


def problems(responses: Responses, folder: Path = FIX) -> list[str]:
    return [str(d).replace(f"{folder}/", "") for d in responses.problems]


def summary(responses: Responses) -> list[tuple[str, str | None, str]]:
    return [(str(p.source).replace(f"{FIX}/", ""), p.name, p.ident)
            for p in responses.participants]


def test_the_30_row_google_forms_export(network: Checklist) -> None:
    result = read_responses([FIX / "network-30.csv"], network, "Your name")
    assert len(result.participants) == 28
    assert result.skipped == 2
    assert problems(result) == [
        f'network-30.csv:9: error: row of "Hugo": column F "{Q["industry_peers"]}": "Maybe" {YNS}',
        f'network-30.csv:23: error: row of "Viktor": column H "{Q["similar_situation"]}": '
        f'"Not shure" {YNS}',
    ]
    lines = [p.source.line for p in result.participants]
    assert lines == [n for n in range(2, 32) if n not in (9, 23)]
    assert result.participants[0] == Participant(
        {"sounding_board": "yes", "cross_org_allies": "not_sure", "industry_peers": "not_sure",
         "confidant": "yes", "similar_situation": "not_sure", "long_time_friends": "not_sure"},
        Location(str(FIX / "network-30.csv"), 2), "Amira", "network-30-row-2")
    # a blank cell is an unanswered question, left out
    assert "similar_situation" not in result.participants[3].answers


def test_google_forms_labels_multiline_cells_blank_rows_and_bad_rows(network: Checklist) -> None:
    result = read_responses([FIX / "google-forms.csv"], network, "your name")
    assert summary(result) == [
        ("google-forms.csv:2", "Ana", "google-forms-row-2"),
        ("google-forms.csv:3", "Ben", "google-forms-row-3"),   # its comment spans lines 3-5
        ("google-forms.csv:6", "Chloé", "google-forms-row-6"),
        ("google-forms.csv:9", "Eve", "google-forms-row-9"),   # line 7 is blank, 8 is bad
    ]
    assert [p.answers for p in result.participants[:3]] == [
        {"sounding_board": "yes", "cross_org_allies": "yes", "industry_peers": "not_sure",
         "confidant": "no", "similar_situation": "no", "long_time_friends": "yes"},
        {"sounding_board": "no", "industry_peers": "yes", "confidant": "not_sure",
         "similar_situation": "yes", "long_time_friends": "no"},
        {"sounding_board": "not_sure", "cross_org_allies": "yes", "industry_peers": "no"},
    ]
    assert problems(result) == [
        f'google-forms.csv:8: error: row of "Dev": column E "{Q["cross_org_allies"]}": '
        f'"Maybe" {YNS}',
        f'google-forms.csv:8: error: row of "Dev": column G "{Q["confidant"]}": "Sometimes" {YNS}',
    ]
    assert result.skipped == 1  # the blank row is skipped silently, not counted


def test_microsoft_forms_with_bom_comma_and_semicolon(network: Checklist) -> None:
    comma = read_responses([FIX / "microsoft-forms.csv"], network, "Name")
    semicolon = read_responses([FIX / "microsoft-forms-semicolon.csv"], network, "Name")
    for result in (comma, semicolon):
        assert result.problems == () and result.skipped == 0
        assert [p.name for p in result.participants] == [None, "Ben Okafor", "Chloé Martin"]
        assert [p.source.line for p in result.participants] == [2, 3, 4]
    assert [p.answers for p in comma.participants] == [p.answers for p in semicolon.participants]
    assert comma.participants[1].answers == {
        "sounding_board": "no", "cross_org_allies": "no", "industry_peers": "yes",
        "similar_situation": "yes", "long_time_friends": "yes"}
    assert semicolon.participants[2].ident == "microsoft-forms-semicolon-row-4"


def test_hostile_names_are_kept_as_data_and_never_reach_idents(network: Checklist) -> None:
    result = read_responses([FIX / "hostile-names.csv"], network, "Your name")
    assert result.problems == ()
    assert [p.name for p in result.participants] == [
        "<b>x</b>", "../../etc/passwd", "CON", "A" * 150 + "é" * 150, "🦊 Zoë 👩🏽\u200d💻"]
    idents = [p.ident for p in result.participants]
    assert idents == [f"hostile-names-row-{n}" for n in range(2, 7)]
    assert all(SAFE_IDENT.match(i) for i in idents)


def test_number_questions_report_their_range(habits: Checklist) -> None:
    result = read_responses([FIX / "habits-numbers.csv"], habits, "Your name")
    hours = "Hours a month you spend in one-to-one conversations"
    number = "is not a number from 0 to 10"
    assert problems(result) == [
        f'habits-numbers.csv:3: error: row of "Ben": column E "{hours}": "12" {number}',
        'habits-numbers.csv:4: error: row of "Chloé": column C '
        '"I ask colleagues for feedback on my work": "Rarely" is not one of Never, Sometimes, '
        'Often',
        f'habits-numbers.csv:4: error: row of "Chloé": column E "{hours}": "lots" {number}',
    ]
    assert [(p.name, p.answers) for p in result.participants] == [
        ("Ana", {"ask_for_feedback": "often", "follow_up": "partly", "one_to_one_hours": 4,
                 "hardest_conversation": "Telling Sam the demo ran long"}),
        ("Dev", {"ask_for_feedback": "never", "follow_up": "no", "one_to_one_hours": 2.5}),
    ]
    assert result.skipped == 2


def test_a_folder_of_saved_downloads_and_a_yaml_file(network: Checklist) -> None:
    result = read_responses([FIX / "saved", FIX / "carol.yaml"], network)
    assert summary(result) == [
        ("saved/alice.json", "Alice", "alice-json"),
        ("saved/bob.json", None, "bob-json"),  # an older version, but its answers still fit
        ("carol.yaml", None, "carol-yaml"),
    ]
    assert result.participants[1].answers == {"sounding_board": "no", "confidant": "not_sure"}
    assert result.participants[2].answers == {
        "sounding_board": "yes", "cross_org_allies": "not_sure", "industry_peers": "no",
        "similar_situation": "not_sure", "long_time_friends": "no"}
    assert problems(result) == [
        "saved/habits.json: error: these answers are for checklist 'habits', not 'network'"]
    assert result.skipped == 1


def test_a_saved_download_of_another_version_that_no_longer_fits(
        network: Checklist, tmp_path: Path) -> None:
    saved = {"format": "site-builder/answers", "checklist": "network", "version": "old",
             "answers": {"sounding_board": "often"}}
    (tmp_path / "old.json").write_text(json.dumps(saved), encoding="utf-8")
    result = read_responses([tmp_path / "old.json"], network)
    assert problems(result, tmp_path) == [
        "old.json: error: these answers were saved for version old of 'network', which is now "
        f"version {network.version}",
        "old.json:1:90: error: 'often' is not an answer to 'sounding_board'; allowed: "
        "'yes' (Yes), 'not_sure' (Not sure), 'no' (No)",
    ]
    assert result.participants == () and result.skipped == 1


def test_idents_stay_unique_across_files(network: Checklist, tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x y.yaml").write_text("sounding_board: 'yes'\n", encoding="utf-8")
    result = read_responses([tmp_path / "a", tmp_path / "b"], network)
    assert [p.ident for p in result.participants] == ["x-y-yaml", "x-y-yaml-2"]


def write(tmp_path: Path, text: str, name: str = "r.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "name_column", "expected"), [
    ("sounding_board,Sounding_Board\nyes,no\n", None,
     ['r.csv:1: error: columns "sounding_board" and "Sounding_Board" both answer question '
      "'sounding_board'; keep one"]),
    ("Name,sounding_board\nAna,yes\n", "Your name",
     ['r.csv:1: error: no column named "Your name" (--name-column); columns: "Name", '
      '"sounding_board"']),
    ("Timestamp,Email\n1,a@b\n", None,
     ["r.csv:1: error: no column matches a question of checklist 'network'; name a column "
      "by a question's id or its exact text"]),
    ("", None,
     ["r.csv: error: this file is empty; a CSV needs a header row naming the questions"]),
    ("sounding_board,confidant\nyes,no,extra\n", None,
     ["r.csv:2: error: this row has 3 cells but the header has 2; check the quoting of "
      "this row"]),
])
def test_whole_file_and_row_shape_problems(network: Checklist, tmp_path: Path, text: str,
                                           name_column: str | None,
                                           expected: list[str]) -> None:
    result = read_responses([write(tmp_path, text)], network, name_column)
    assert problems(result, tmp_path) == expected
    assert result.participants == () and result.skipped == 1


def test_tab_delimited_ids_and_values(network: Checklist, tmp_path: Path) -> None:
    path = write(tmp_path, " Sounding_board \tconfidant\tnote\n NOT_SURE \t\tx\n")
    result = read_responses([path], network)
    assert result.problems == ()
    assert result.participants[0].answers == {"sounding_board": "not_sure"}


def test_files_over_20_mb_are_refused(network: Checklist, tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with open(path, "wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)
    result = read_responses([path], network)
    assert problems(result, tmp_path) == [
        "big.csv: error: this file is 20.0 MB; response files are limited to 20 MB, "
        "so split it"]


def test_cells_over_1_mb_are_refused(network: Checklist, tmp_path: Path) -> None:
    path = write(tmp_path, "sounding_board,note\nyes,ok\nno,\"" + "x" * (1024 * 1024 + 1)
                 + "\"\n")
    result = read_responses([path], network)
    assert problems(result, tmp_path) == [
        'r.csv:3: error: column B "note" holds 1.0 MB; a cell is limited to 1 MB, so this row '
        "is skipped"]
    assert [p.source.line for p in result.participants] == [2]  # the others are read


def test_paths_that_are_not_response_files(network: Checklist, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    write(tmp_path, "hello", "notes.txt")
    result = read_responses(
        [tmp_path / "missing.csv", tmp_path / "empty", tmp_path / "notes.txt"], network)
    assert problems(result, tmp_path) == [
        "empty: error: no response files in this folder; expected CSV, JSON, YAML or PDF files",
        "missing.csv: error: no such file or folder",
        "notes.txt: error: not a response file; give CSV, JSON, YAML or PDF files, "
        "or a folder of them",
    ]
    assert result.skipped == 3


def test_bad_json_and_yaml_are_located(network: Checklist, tmp_path: Path) -> None:
    write(tmp_path, '{"sounding_board": "yes",}', "a.json")
    write(tmp_path, "sounding_bord: 'yes'\n", "b.yaml")
    result = read_responses([tmp_path], network)
    assert problems(result, tmp_path) == [
        "a.json:1:26: error: JSON error: Expecting property name enclosed in double quotes",
        "b.yaml:1:1: error: 'sounding_bord' is not a question of checklist 'network' "
        "(did you mean 'sounding_board'?); questions: sounding_board, cross_org_allies, "
        "industry_peers, confidant, similar_situation, long_time_friends",
    ]
    assert result.skipped == 2


def test_an_unreadable_pdf_is_one_problem(network: Checklist, tmp_path: Path) -> None:
    write(tmp_path, "not a PDF", "w.pdf")
    result = read_responses([tmp_path / "w.pdf"], network)
    assert [d.location for d in result.problems] == [Location(str(tmp_path / "w.pdf"))]
    assert not result.problems[0].message.startswith(str(tmp_path))  # the path is said once
    assert result.participants == () and result.skipped == 1


def test_a_filled_worksheet_becomes_a_participant(tmp_path: Path) -> None:
    from site_builder.render.pdf.jobs import pdf_context, pdf_targets
    from site_builder.render.pdf.weasy import write_pdf
    from site_builder.render.templating import make_environment, render_template

    kit = load_kit(ROOT)
    network = kit.checklists["network"]
    [target] = [t for t in pdf_targets(kit) if t.checklist is network]
    html = render_template(make_environment(kit), target.template, pdf_context(kit, target),
                           kit, "test")
    data, _ = write_pdf(kit, target, html)
    blank = tmp_path / "blank.pdf"
    blank.write_bytes(data)
    filled = fill(blank, tmp_path / "Zoë's sheet.pdf", {
        "sounding_board": "not_sure", "confidant": "no",
        "sounding_board__who_1": "JD", "_step_who": "RK"})
    result = read_responses([filled], network)
    assert result.problems == ()
    # The worksheet asks for no name: the report is named by nothing but its file.
    assert result.participants == (Participant(
        {"sounding_board": "not_sure", "confidant": "no"}, Location(str(filled)), None,
        "zo-s-sheet-pdf", Step(who="RK")),)
