"""`site-builder report`: the real CLI, the real WeasyPrint, the PDFs read back with pypdf."""

from __future__ import annotations

import csv
import datetime
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
from click.testing import CliRunner, Result

from site_builder.cli import cli
from site_builder.diagnostics import Location
from site_builder.engine.why import Skipped
from site_builder.parallel import Workers
from site_builder.render.pdf.jobs import PdfJob
from site_builder.render.pdf.names import RESERVED, report_file_names, slug
from site_builder.render.pdf.report import skipped_note
from site_builder.report import COHORT_FILE, render_documents

ROOT = Path(__file__).resolve().parents[1]
RESPONSES = ROOT / "tests" / "fixtures" / "responses"
NETWORK_30 = RESPONSES / "network-30.csv"
HOSTILE = RESPONSES / "hostile-names.csv"
LABELS = ("Yes", "Not sure", "No")
IDS = ["sounding_board", "cross_org_allies", "industry_peers", "confidant", "similar_situation",
       "long_time_friends"]
SAFE = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,75}\.pdf")
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\.pdf")


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
    assert re.search(r"network-30\.csv:9\b.*column F \".+\".*\"Maybe\"", bad[0])
    assert re.search(r"network-30\.csv:23\b.*column H \".+\".*\"Not shure\"", bad[1])
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


def test_the_summary_speaks_of_the_room(cohort: tuple[Result, Path], tmp_path: Path) -> None:
    result, out = cohort
    first = pdf_pages(out / COHORT_FILE)[0]
    assert "Profiles in the room" in first and "Your profile" not in first
    assert "share with care" not in first and "warning" not in result.stderr
    # Every profile with its count, in the profiles file's order, nobody's too.
    profiles = {"Well supported": 0, "Connected but alone": 0, "Close but narrow": 0,
                "Building both sides": 0}
    ids = dict(zip(["profile-well-supported", "profile-connected-but-alone",
                    "profile-close-but-narrow", "profile-building-both"], profiles, strict=True))
    advice: Counter[str] = Counter()
    values = {"Yes": "yes", "Not sure": "not_sure", "No": "no"}
    for row in good_rows():
        shown = explain(tmp_path, {i: values[row[q]] for i, q in
                                   zip(IDS, list(row)[3:], strict=True) if row[q]})
        for rule in shown["shown"]:
            if rule in ids:
                profiles[ids[rule]] += 1
            else:
                advice[{r["id"]: r["title"] for r in shown["rules"]}[rule]] += 1
    assert 0 in profiles.values()
    found = re.findall(rf"^({'|'.join(profiles)}) (\d+)$", first, re.MULTILINE)
    assert [(label, int(n)) for label, n in found] == list(profiles.items())
    most = flat(first[first.index("Most common advice"):])
    for title, count in advice.items():  # the advice apart from the profiles
        assert f"{title} {count}" in most, title
    assert "Where the room is" in first


def test_a_small_room_is_warned_of_on_paper_and_on_the_terminal(tmp_path: Path) -> None:
    source = tmp_path / "three.csv"
    source.write_text("Your name," + ",".join(IDS) + "\n"
                      + "".join(f"P{n},yes,no,no,yes,no,no\n" for n in range(3)))
    out = tmp_path / "reports"
    result = run(str(source), "--out", str(out), "--name-column", "Your name")
    assert result.exit_code == 0, result.stderr
    assert (f"{source}: warning: only 3 people in {COHORT_FILE}: answers may be identifiable; "
            "share it with care") in result.stderr
    first = flat(pdf_pages(out / COHORT_FILE)[0])
    assert "Only 3 people: answers may be identifiable; share with care." in first
    # Five or more: no warning.
    source.write_text(source.read_text() + "P3,yes,no,no,yes,no,no\nP4,no,no,no,no,no,no\n")
    result = run(str(source), "--out", str(out))
    assert result.exit_code == 0 and "warning" not in result.stderr
    assert "share with care" not in pdf_text(out / COHORT_FILE)


def test_a_participant_report_shows_answers_scores_and_advice_in_order(
        cohort: tuple[Result, Path], tmp_path: Path) -> None:
    _, out = cohort
    row = good_rows()[0]
    pages = pdf_pages(out / "amira.pdf")
    text = "\n".join(pages)
    assert f"Prepared for {row['Your name']}" in pages[0]
    today = datetime.date.today()  # as the page's printed results write it: day first
    assert f"{today.day} {today:%B} {today.year}" in text
    values = {"Yes": "yes", "Not sure": "not_sure", "No": "no"}
    labels = [row[q] for q in list(row)[3:]]
    data = explain(tmp_path, {i: values[v] for i, v in zip(IDS, labels, strict=True) if v})
    for label in set(labels):
        assert re.search(rf" {label}$", pages[0], re.MULTILINE), label
    for score, value in data["scores"].items():
        assert f"{value:g} of 3" in pages[0], score
    titles = {r["id"]: r["title"] for r in data["rules"]}
    profile, first, *rest = data["shown"]
    assert titles[profile] in pages[0] and "A FIRST STEP TO TRY" in pages[0]
    assert pages[0].index(titles[profile]) < pages[0].index(titles[first])
    for rule in rest:  # the rest of the advice on page 2, each once
        assert titles[rule] in flat(pages[1]) and flat(text).count(titles[rule]) == 1, rule
    assert "Why: You answered" in pages[1] and "Action plan" not in text


def pdf_pages(path: Path) -> list[str]:
    """Each page's text, lines kept; words split across lines (in columns) rejoined by
    `flat`."""
    return [page.extract_text().replace("\x00", "") for page in pypdf.PdfReader(path).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def explain(tmp_path: Path, answers: dict[str, str]) -> dict[str, Any]:
    source = tmp_path / "answers.json"
    source.write_text(json.dumps(answers))
    explained = CliRunner().invoke(cli, ["explain", "--kit", str(ROOT), str(source), "--json"])
    data: dict[str, Any] = json.loads(explained.stdout)
    return data


def test_the_most_advice_the_default_kit_gives_fits_two_pages(tmp_path: Path) -> None:
    """Weak on both sides, every rule but one profile shows: 9 pieces of advice."""
    data = explain(tmp_path, dict.fromkeys(IDS, "no"))
    assert len(data["shown"]) == 9
    header = ["Your name", *IDS, "step", "step_who", "step_when"]
    rows = [["Wei", *["no"] * 6, "", "", ""],
            ["Sam", *["no"] * 6, "Call Ana about the audit", "Ana", "Friday"]]
    source = tmp_path / "worst.csv"
    with source.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([header, *rows])
    out = tmp_path / "reports"
    result = run(str(source), "--out", str(out), "--name-column", "Your name")
    assert result.exit_code == 0, result.stderr
    titles = {r["id"]: r["title"] for r in data["rules"]}
    profile, first, *rest = data["shown"]
    for name, step in (("wei", titles[first]), ("sam", "Call Ana about the audit")):
        pages = pdf_pages(out / f"{name}.pdf")
        assert len(pages) == 2, name
        assert titles[profile] in pages[0] and step in pages[0]
        on_page_2 = rest if name == "wei" else [first, *rest]
        assert all(titles[rule] in flat(pages[1]) for rule in on_page_2), name


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
               "..", ".hidden", "", "a/b\\c", "x", "X", "x.pdf", "cohort-summary", "LPT1",
               "COM1", "nul.txt", "🦊"]
    people = [(make(h), f"row-{n}") for n, h in enumerate(hostile, 2)]
    names = report_file_names(people, reserved=[COHORT_FILE])
    assert len({n.lower() for n in names} | {COHORT_FILE}) == len(names) + 1
    for name in names:
        assert SLUG.fullmatch(name) and len(name) <= 60 + len("-99.pdf"), name
        assert name[:-4] not in RESERVED  # a slug has no dot for a device name to hide behind
        assert (tmp_path / name).resolve().parent == tmp_path.resolve()
    assert names[hostile.index("..")] == f"row-{hostile.index('..') + 2}.pdf"


def test_slugs_read_as_the_name() -> None:
    assert slug("Chloé") == "chloe" and slug("Łukasz Straße") == "lukasz-strasse"
    assert slug("🦊 Zoë 👩🏽‍💻") == "zoe" and slug("🦊") == "" and slug("../x") == "x"
    assert slug("CON") == "con-name" and slug("nul.txt") == "nul-txt"
    long = slug("Maria " * 50)
    assert len(long) <= 60 and not long.endswith("-") and long.startswith("maria-maria")


def test_report_files_carry_the_names_and_refused_rows_their_person(tmp_path: Path) -> None:
    with HOSTILE.open(encoding="utf-8", newline="") as file:
        header, *rows = list(csv.reader(file))
    answers = rows[0][3:]
    names = ["../x", "CON", "nul.txt", "🦊👩🏽‍💻", "Zoë " * 75, "Sam Lee", "Sam Lee", "", "Ana"]
    table = [[f"t{n}", f"{n}@example.org", name, *answers] for n, name in enumerate(names)]
    table.append(["t", "bad@example.org", "Ivy Refused", "Maybe", *answers[1:]])
    source = tmp_path / "names.csv"
    with source.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([header, *table])
    out = tmp_path / "reports"
    result = run(str(source), "--out", str(out), "--name-column", "Your name", "--jobs", "2")
    assert result.exit_code == 1
    assert re.search(r'names\.csv:11: error: row of "Ivy Refused": column [A-Z]+ ".+": "Maybe"',
                     result.stderr), result.stderr
    files = sorted(p.name for p in out.glob("*.pdf"))
    zoe = "-".join(["zoe"] * 15)
    assert files == sorted(["x.pdf", "con-name.pdf", "nul-txt.pdf", "names-row-5.pdf",
                            f"{zoe}.pdf", "sam-lee.pdf", "sam-lee-2.pdf", "names-row-9.pdf",
                            "ana.pdf", COHORT_FILE])
    assert "Prepared for ../x" in pdf_text(out / "x.pdf")
    assert "Prepared for" not in pdf_text(out / "names-row-9.pdf")
    # Without --name-column, files are named by row.
    plain = tmp_path / "plain"
    run(str(source), "--out", str(plain), "--jobs", "2")
    assert "names-row-2.pdf" in [p.name for p in plain.glob("*.pdf")]


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


def test_the_skipped_questions_are_one_sentence_grouped_by_score() -> None:
    def skipped(number: int, *scores: str) -> Skipped:
        return Skipped(f"q{number}", number, "…", scores, "")
    note = skipped_note([skipped(2, "Work"), skipped(3, "Work"), skipped(5, "Life"),
                         skipped(7)])
    assert note == ("You skipped questions 2 and 3, counted as 0 in Work; 5, counted as 0 in "
                    "Life; 7.")
    assert skipped_note([]) is None
