"""`site-builder report`: the real CLI, the real WeasyPrint, the PDFs read back with pypdf."""

from __future__ import annotations

import csv
import datetime
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner, Result

from site_builder.cli import cli
from site_builder.diagnostics import Location
from site_builder.parallel import Workers
from site_builder.render.pdf.jobs import PdfJob
from site_builder.report import COHORT_FILE, file_names, render_documents

ROOT = Path(__file__).resolve().parents[1]
RESPONSES = ROOT / "tests" / "fixtures" / "responses"
NETWORK_30 = RESPONSES / "network-30.csv"
HOSTILE = RESPONSES / "hostile-names.csv"
LABELS = ("Yes", "Not sure", "No")
SAFE = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,75}\.pdf")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["report", "--kit", str(ROOT), *args],
                              catch_exceptions=False)


def pdf_text(path: Path) -> str:
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    return text.replace("\x00", "")  # pypdf pads some fonts' text with NULs


def texts(folder: Path) -> dict[str, str]:
    return {p.name: pdf_text(p) for p in sorted(folder.glob("*.pdf"))}


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    out = tmp_path_factory.mktemp("cohort") / "reports"
    return run(str(NETWORK_30), "--out", str(out), "--name-column", "Your name",
               "--jobs", "2"), out


def good_rows() -> list[dict[str, str]]:
    with NETWORK_30.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    questions = list(rows[0])[3:]
    return [r for r in rows if all(r[q] in ("", *LABELS) for q in questions)]


def test_thirty_rows_give_28_reports_a_summary_and_exit_1(cohort: tuple[Result, Path]) -> None:
    result, out = cohort
    assert result.exit_code == 1
    pdfs = sorted(p.name for p in out.glob("*.pdf"))
    assert len(pdfs) == 29 and COHORT_FILE in pdfs
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    bad = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(bad) == 2
    assert re.search(r"network-30\.csv:9\b.*column \".+\".*\"Maybe\"", bad[0])
    assert re.search(r"network-30\.csv:23\b.*column \".+\".*\"Not shure\"", bad[1])
    assert result.stderr.strip().endswith(
        f"wrote 28 reports and a cohort summary to {out}/; 2 rows skipped")


def test_the_summary_counts_what_the_csv_holds(cohort: tuple[Result, Path]) -> None:
    _, out = cohort
    text = pdf_text(out / COHORT_FILE)
    assert "Participants: 28." in text and "Skipped: 2" in text
    rows = good_rows()
    expected = []
    for question in list(rows[0])[3:]:
        counts = Counter(r[question] for r in rows)
        expected += [(label, counts[label]) for label in LABELS]
        expected.append(("Skipped", counts[""]))
    found = [(m[1], int(m[2])) for m in
             re.finditer(r"^(Yes|Not sure|No|Skipped) (\d+)$", text, re.MULTILINE)]
    assert found == expected
    for row in rows:  # anonymous: no names anywhere
        assert row["Your name"] not in text


def test_a_participant_report_shows_answers_scores_and_advice_in_order(
        cohort: tuple[Result, Path], tmp_path: Path) -> None:
    _, out = cohort
    row = good_rows()[0]
    text = pdf_text(out / "network-30-row-2.pdf")
    assert f"Prepared for {row['Your name']}" in text
    today = datetime.date.today()  # as the page's printed results write it: day first
    assert f"{today.day} {today:%B} {today.year}" in text
    ids = ["sounding_board", "cross_org_allies", "industry_peers", "confidant",
           "similar_situation", "long_time_friends"]
    values = {"Yes": "yes", "Not sure": "not_sure", "No": "no"}
    labels = [row[q] for q in list(row)[3:]]
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({i: values[v] for i, v in zip(ids, labels, strict=True) if v}))
    explained = CliRunner().invoke(cli, ["explain", "--kit", str(ROOT), str(answers), "--json"])
    data = json.loads(explained.stdout)
    for label in set(labels):
        assert f"\n{label}\n" in text
    for score, value in data["scores"].items():
        assert f"{value:g} of 3" in text, score
    titles = {r["id"]: r["title"] for r in data["rules"]}
    plan = text[text.index("Action plan"):]
    positions = [plan.index(titles[i]) for i in data["shown"]]
    assert positions == sorted(positions) and data["shown"]
    assert "Why this advice" in text


def test_hostile_names_show_literally_and_files_stay_inside(tmp_path: Path) -> None:
    one = tmp_path / "one"
    result = run(str(HOSTILE), "--out", str(one), "--name-column", "Your name", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    files = sorted(one.glob("*.pdf"))
    assert all(SAFE.fullmatch(p.name) and p.parent == one for p in files)
    every = "".join(texts(one).values())
    assert "<b>x</b>" in every and "../../etc/passwd" in every and "Zoë" in every
    assert "A" * 100 in re.sub(r"\s", "", every)
    # --jobs 2 over the same folder: the same files, the same text, each one replaced.
    before = texts(one)
    inodes = {p.name: p.stat().st_ino for p in files}
    result = run(str(HOSTILE), "--out", str(one), "--name-column", "Your name", "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    assert texts(one) == before
    assert all(p.stat().st_ino != inodes[p.name] for p in one.glob("*.pdf"))
    assert sorted(p.name for p in one.iterdir() if p.name.startswith(".")) == [
        ".site-builder-reports"]


@pytest.mark.parametrize("make", [lambda s: s, str.upper])
def test_file_names_are_safe_distinct_and_inside(make: Callable[[str], str],
                                                 tmp_path: Path) -> None:
    hostile = ["<b>x</b>", "../../etc/passwd", "CON", "con.txt", "A" * 300, "🦊 Zoë 👩🏽‍💻",
               "..", ".hidden", "", "a/b\\c", "x", "X", "x.pdf", "cohort-summary", "LPT1"]
    names = file_names([make(h) for h in hostile], reserved=[COHORT_FILE])
    assert len({n.lower() for n in names} | {COHORT_FILE}) == len(names) + 1
    for name in names:
        assert SAFE.fullmatch(name) and len(name) <= 80, name
        assert name.split(".")[0].lower() not in {"con", "prn", "aux", "nul", "lpt1"}
        assert (tmp_path / name).resolve().parent == tmp_path.resolve()


def test_an_output_folder_inside_content_is_refused(
        default_kit: Path, run_cli: Callable[..., Result]) -> None:
    out = default_kit / "content" / "reports"
    result = run_cli("report", "--kit", str(default_kit), str(HOSTILE), "--out", str(out))
    assert result.exit_code == 1
    assert "the output folder is inside the kit's content/ folder" in result.stderr
    assert not out.exists()


def test_a_failing_document_fails_alone_and_leaves_nothing_half_written(
        tmp_path: Path) -> None:
    html = "<!DOCTYPE html><html><body><p>Hello</p></body></html>"
    row = Location("responses.csv", 7)
    good = PdfJob("good.pdf", html, (), ROOT.as_uri() + "/", str(ROOT), False,
                  Location("responses.csv", 8), str(tmp_path / "good.pdf"))
    slow = PdfJob("slow.pdf", html * 2000, (), ROOT.as_uri() + "/", str(ROOT), False, row,
                  str(tmp_path / "slow.pdf"), timeout=0.05)
    written, failures = render_documents([slow, good], Workers(1), False)
    assert written == [tmp_path / "good.pdf"]
    assert len(failures) == 1 and failures[0].location == row
    assert "could not write slow.pdf: TimeoutError" in failures[0].message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.pdf"]
