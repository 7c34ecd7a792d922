"""The committed step in answer files and form exports: read, checked with located errors,
and shown first by `explain` and on the participant's report."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from site_builder.answers.responses import read_responses
from site_builder.cli import cli
from site_builder.kit.load import load_kit
from tests.kits import ROOT
from tests.runner import RunCli
from tests.test_report import pdf_text

STEP = {"advice": "find-a-sounding-board", "what": "Ask Priya for twenty minutes",
        "who": "Priya", "how": "Over a coffee", "when": "by Friday"}


def saved(tmp_path: Path, step: object) -> Path:
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"format": "site-builder/answers", "checklist": "network",
                                "answers": {"sounding_board": "no"}, "step": step}, indent=1))
    return path


def test_explain_puts_the_step_first(run_cli: RunCli, tmp_path: Path) -> None:
    path = saved(tmp_path, STEP)
    text = run_cli("explain", str(path), "--kit", str(ROOT))
    assert text.exit_code == 0, text.stderr
    assert text.stdout.splitlines()[:6] == [
        "Your step: Ask Priya for twenty minutes", "  with whom: Priya",
        "  how: Over a coffee", "  by when: by Friday",
        "  from the advice: Find an impartial sounding board for your career", ""]
    data = json.loads(run_cli("explain", str(path), "--kit", str(ROOT), "--json").stdout)
    assert next(iter(data)) == "step"
    assert data["step"] == {**STEP, "advice_title":
                            "Find an impartial sounding board for your career"}


def test_a_plain_yaml_file_may_carry_a_step(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "plain.yaml"
    path.write_text('sounding_board: "no"\nstep:\n  what: Call Sam\n  when: next week\n')
    data = json.loads(run_cli("explain", str(path), "--kit", str(ROOT), "--json").stdout)
    assert data["step"]["what"] == "Call Sam" and data["step"]["advice"] is None
    assert data["answers"]["sounding_board"] == "no"


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("a.yaml", 'sounding_board: "no"\nstep:\n  what: Call Sam\n  whn: Friday\n',
     ["a.yaml:4:3: error: 'whn' is not a part of 'step' (did you mean 'when'?); its parts: "
      "'advice', 'what', 'who', 'how', 'when'"]),
    ("b.yaml", 'step:\n  who: [Sam, Jo]\n',
     ["b.yaml:2:3: error: 'who' in 'step' must be text, not a list; put it in quotes, "
      'e.g. "by Friday"']),
    ("c.yaml", "step: Call Sam\n",
     ["c.yaml:1:1: error: 'step' must be a mapping of 'advice', 'what', 'who', 'how', 'when' "
      'to text, e.g. {"what": "Ask Sam for twenty minutes", "who": "Sam", "when": '
      '"by Friday"}']),
    ("d.json", '{"answers": {}, "step": {"when": 5}}',
     ["d.json:1:26: error: 'when' in 'step' must be text, not a number; put it in quotes, "
      'e.g. "by Friday"']),
    ("e.yaml", "step:\n  advice: find-a-sounding-bord\n",
     ["e.yaml:2:3: error: 'find-a-sounding-bord' in 'step' is not advice of checklist "
      "'network' (did you mean 'find-a-sounding-board'?); leave 'advice' out for a step in "
      "the participant's own words"]),
])
def test_a_bad_step_is_located(run_cli: RunCli, tmp_path: Path, name: str, text: str,
                               expected: list[str]) -> None:
    (tmp_path / name).write_text(text)
    result = run_cli("explain", str(tmp_path / name), "--kit", str(ROOT))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:-1] == [f"{tmp_path}/{line}" for line in expected]


def test_form_export_step_columns(tmp_path: Path) -> None:
    csv = tmp_path / "form.csv"
    csv.write_text("Your name,sounding_board,Step,step_who,STEP_WHEN,step_how\n"
                   "Eve,No,Call my old manager,Jo,next week,\nFay,Yes,,,,\n")
    kit = load_kit(ROOT)
    result = read_responses([csv], kit.checklists["network"], "Your name")
    eve, fay = result.participants
    assert eve.step is not None
    assert (eve.step.what, eve.step.who, eve.step.when, eve.step.how) == \
        ("Call my old manager", "Jo", "next week", None)
    assert fay.step is None


def test_the_report_shows_the_step_on_its_first_page(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    (tmp_path / "bad").mkdir()
    bad = saved(tmp_path / "bad", {"advice": "no-such-advice"})
    result = CliRunner().invoke(cli, ["report", "--kit", str(ROOT), str(saved(tmp_path, STEP)),
                                      str(bad), "--out", str(out)])
    assert result.exit_code == 1
    assert f"{bad}:8:3: error: " in result.stderr  # where "advice" is written
    assert "'no-such-advice' in 'step' is not advice of checklist 'network'" in result.stderr
    reader = pypdf.PdfReader(out / "mine-json.pdf")
    first = " ".join(reader.pages[0].extract_text().split())
    # The heading is upper case by its style.
    assert ("YOUR STEP Ask Priya for twenty minutes With whom Priya How Over a coffee By when "
            "by Friday From the advice “Find an impartial sounding board for your career”") \
        in first
    assert pdf_text(out / "mine-json.pdf").count("Ask Priya for twenty minutes") == 1
