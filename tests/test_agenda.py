"""A page's timed agenda: computed times, the materials checklist, its HTML and PDF, `check`."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from site_builder.cli import cli
from site_builder.diagnostics import KitError
from site_builder.kit.load import load_kit
from site_builder.model.agenda import Agenda
from tests.bad_cases import BAD, make_kit

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "fixtures" / "kits" / "minimal"
GUIDE_TIMES = ["09:30", "09:40", "09:55", "10:10", "10:15", "10:30", "10:45", "10:50"]
GUIDE_TITLES = ["Welcome and warm-up", "Two kinds of support", "Self-assessment", "Break",
                "Map your network", "Giving as well as asking", "One step this week",
                "Closing"]
GUIDE_MINUTES = [10, 15, 15, 5, 15, 15, 5, 10]
GUIDE_MATERIALS = [
    "Flip chart with the ground rules written up, and markers",
    "A timer you can see, and a chime or other gentle signal",
    "The poster of the two kinds of support, printed large or shown on a screen",
    "One printed worksheet per participant, plus spares",
    "Pens",
    "Optional: phones or laptops for the online self-assessment",
    "One network-mapping handout per participant",
    "Sticky notes in two colours (say yellow for getting things done, blue for keeping going)",
    "The “One step this week” box on the worksheet or the mapping handout",
]


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def guide_agenda() -> Agenda:
    page = next(p for p in load_kit(ROOT).pages if p.source == "facilitator-guide.md")
    assert page.agenda is not None
    return page.agenda


def session_kit(tmp_path: Path, front: str, body: str = "Run it as written.\n") -> Path:
    """The minimal kit with one more page, `content/session.md`, with this front matter."""
    kit = tmp_path / "kit"
    shutil.copytree(MINIMAL, kit)
    (kit / "content" / "session.md").write_text(f"---\ntitle: The session\n{front}---\n\n{body}",
                                                encoding="utf-8")
    return kit


def words(text: str) -> str:
    """Text with its whitespace folded, to compare across line breaks in a PDF or HTML."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("agenda") / "out"
    result = run("build", "--kit", ROOT, "--out", out, "--no-cache")  # none in the checkout
    assert result.exit_code == 0, result.output
    return out


def test_the_guide_starts_each_activity_after_the_one_before() -> None:
    agenda = guide_agenda()
    assert [a.start_time for a in agenda.activities] == GUIDE_TIMES
    assert [a.title for a in agenda.activities] == GUIDE_TITLES
    assert [a.minutes for a in agenda.activities] == GUIDE_MINUTES
    assert [a.kind for a in agenda.activities].count("break") == 1
    assert [n for n, _ in agenda.numbered] == [1, 2, 3, 0, 4, 5, 6, 7]
    assert (agenda.total, agenda.length, agenda.end_time) == (90, 90, "11:00")


def test_the_guide_lists_every_material_once_in_order_of_first_use() -> None:
    agenda = guide_agenda()
    assert list(agenda.materials) == GUIDE_MATERIALS
    assert sum(len(a.materials) for a in agenda.activities) > len(GUIDE_MATERIALS)


def test_each_activity_of_the_guide_says_how_to_run_it() -> None:
    """Every activity (not the break) has its groups, space, script and steps; each
    debrief but the one-step's goes What? So what? Now what?"""
    activities = [a for a in guide_agenda().activities if not a.is_break]
    for activity in activities:
        assert activity.purpose and activity.groups and activity.space, activity.title
        assert activity.say_html.startswith("<p>"), activity.title
        assert activity.instructions_html, activity.title
        stages = [key for key, _, _ in activity.debrief.stages]
        expected = [] if activity.title == "One step this week" else \
            ["what", "so_what", "now_what"]
        assert stages == expected, activity.title
        assert not activity.debrief.questions
    assert 'href="checklists/network.html"' in activities[2].instructions_html
    assert 'href="network-map.html"' in activities[3].instructions_html
    assert activities[-1].debrief.now_what[-1] == ("How will you know, a month from now, "
                                                   "that something has changed?")


def test_a_plain_list_of_debrief_questions_still_works(tmp_path: Path) -> None:
    kit = session_kit(tmp_path, "agenda:\n  - activity: Pairs\n    minutes: 10\n"
                                "    debrief: [What happened?, What next?]\n"
                                "  - {activity: Tea, minutes: 10, kind: break}\n")
    page = next(p for p in load_kit(kit).pages if p.source == "session.md")
    assert page.agenda is not None
    pairs, tea = page.agenda.activities
    assert pairs.debrief.questions == ("What happened?", "What next?")
    assert pairs.debrief.stages == ()
    assert tea.is_break and not tea.debrief


def test_an_empty_debrief_is_refused_where_it_is_written(tmp_path: Path) -> None:
    kit = session_kit(tmp_path, "agenda:\n  - activity: Pairs\n    minutes: 10\n"
                                "    debrief: {}\n")
    result = run("check", "--kit", kit)
    assert result.exit_code == 1
    assert session_lines(result.stderr) == [
        "content/session.md:6:14: error: 'debrief' has no questions: give at least one under "
        "'what', 'so_what' or 'now_what'",
    ]


def test_an_agenda_without_a_start_counts_from_zero(tmp_path: Path) -> None:
    kit = session_kit(tmp_path, "agenda:\n  - {activity: Welcome, minutes: 10}\n"
                                "  - {activity: Pairs, minutes: 75}\n")
    page = next(p for p in load_kit(kit).pages if p.source == "session.md")
    assert page.agenda is not None
    assert [a.start_time for a in page.agenda.activities] == ["0:00", "0:10"]
    assert page.agenda.end_time == "1:25"
    assert "agenda" not in page.meta


def test_the_guide_page_shows_the_agenda(built: Path) -> None:
    html = (built / "facilitator-guide.html").read_text(encoding="utf-8")
    text = words(unescape(re.sub(r"<[^>]+>", " ", html)))
    rows = re.findall(r'<td class="agenda-time">([^<]+)</td>', html)
    assert rows == GUIDE_TIMES
    assert "Total 90 90 minutes, ending at 11:00" in text
    # The timetable comes first, right under the title; the run sheet after the notes
    # (in the text itself: the "On this page" list before it names the same headings).
    article = html[html.index('<article class="prose">'):]
    assert article.index("Timed agenda") < article.index("The idea in two minutes") \
        < article.index("Activity by activity")
    assert article.index("<h1") < article.index("Timed agenda")
    for material in GUIDE_MATERIALS:
        escaped = material.replace("&", "&amp;").replace("'", "&#39;")
        assert html.count(f'aria-hidden="true"></span>{escaped}</li>') == 1, material
    for number, activity in guide_agenda().numbered:
        if number:
            assert f"{number}. {activity.title} ({activity.start_time}, {activity.minutes} " \
                "minutes)" in text
    assert "10:10 Break (5 minutes)" in text
    assert "What? What did you notice about your network today" in text
    assert '<a href="checklists/network.html">the self-assessment</a>' in html
    assert "site-address" not in html  # no base_url: nothing to show on screen


def test_the_guide_pdf_opens_on_the_agenda(built: Path) -> None:
    reader = PdfReader(built / "pdf" / "facilitator-guide.pdf")
    first = words(reader.pages[0].extract_text())
    for time, title in zip(GUIDE_TIMES, GUIDE_TITLES, strict=True):
        assert f"{time}" in first and title in first, title
    assert "90 minutes, ending at 11:00" in first
    assert "Materials checklist" in first
    # Without base_url, a line for the facilitator to write the address on.
    assert "Participants go to" in first and "Write the site's address here" in first
    text = words("\n".join(page.extract_text() for page in reader.pages))
    assert "1. Welcome and warm-up (09:30, 10 minutes)" in text
    assert "7. Closing (10:50, 10 minutes)" in text
    for material in GUIDE_MATERIALS:
        assert words(material) in text, material
    for heading in ("Handling sensitive moments", "When things go off plan",
                    "Rooms of other sizes and shapes", "Remote.", "Hybrid."):
        assert heading in text, heading


def test_check_warns_when_the_agenda_and_length_disagree(tmp_path: Path) -> None:
    kit = session_kit(tmp_path, 'start: "09:30"\nlength: 90\nagenda:\n'
                                "  - {activity: Welcome, minutes: 20}\n"
                                "  - {activity: Pairs, minutes: 75}\n")
    result = run("check", "--kit", kit)
    assert result.exit_code == 0, result.output
    assert session_lines(result.stderr) == [
        "content/session.md:4:1: warning: the agenda adds up to 95 minutes, but 'length' "
        "says 90; shorten an activity or change 'length'",
    ]
    assert result.stdout.startswith("ok: 2 pages")


def test_an_agenda_shorter_than_its_length_is_a_warning_too(tmp_path: Path) -> None:
    kit = session_kit(tmp_path, "length: 60\nagenda:\n  - {activity: Welcome, minutes: 45}\n")
    result = run("check", "--kit", kit)
    assert result.exit_code == 0, result.output
    assert "the agenda adds up to 45 minutes, but 'length' says 60; lengthen an activity or " \
        "change 'length'" in result.stderr


def test_an_agenda_without_length_is_fine(tmp_path: Path) -> None:
    kit = session_kit(tmp_path, "agenda:\n  - {activity: Welcome, minutes: 45}\n")
    result = run("check", "--kit", kit)
    assert result.exit_code == 0, result.output
    assert session_lines(result.stderr) == []


def session_lines(stderr: str) -> list[str]:
    """The diagnostics about the session page (the minimal kit's rules get their own)."""
    return [line for line in stderr.splitlines() if line.startswith("content/session.md")]


def test_a_link_in_instructions_is_checked_where_it_is_written(tmp_path: Path) -> None:
    kit = session_kit(tmp_path, "agenda:\n  - activity: Welcome\n    minutes: 10\n"
                                "    instructions: |\n      Read [the guide](nowhere.md) first.\n")
    with pytest.raises(KitError) as caught:
        load_kit(kit)
    assert [str(d) for d in caught.value.diagnostics] == [
        "content/session.md:7:24: error: link to 'nowhere.md': no page or file 'nowhere.md' in "
        "content/",
    ]


@pytest.mark.parametrize(("case", "expected"), [
    ("agenda-bad-time", ["content/session.md:3:8: error: '9.30' is not a time: write it as "
                         "09:30"]),
    ("agenda-minuts-typo", [
        "content/session.md:8:5: error: an agenda activity is missing the required key "
        "'minutes'",
        "content/session.md:9:5: error: unknown key 'minuts' in an agenda activity (did you "
        "mean 'minutes'?); allowed keys: activity, minutes, kind, purpose, groups, space, "
        "materials, say, instructions, debrief",
    ]),
    ("agenda-kind-typo", ["content/session.md:7:11: error: 'kind' must be one of 'activity', "
                          "'break', not 'brake' (did you mean 'break'?)"]),
    ("agenda-debrief-stage-typo", [
        "content/session.md:9:7: error: unknown key 'so_waht' in a debrief (did you mean "
        "'so_what'?); allowed keys: what, so_what, now_what",
    ]),
    ("agenda-zero-minutes", ["content/session.md:6:14: error: 'minutes' must be at least 1, "
                             "not 0"]),
])
def test_bad_agendas_are_located(case: str, expected: list[str], tmp_path: Path) -> None:
    result = run("check", "--kit", make_kit(BAD / case, tmp_path / "kit"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:-1] == expected


def test_a_time_of_day_must_be_one(tmp_path: Path) -> None:
    kit = session_kit(tmp_path, 'start: "25:00"\nagenda:\n  - {activity: Welcome, minutes: 5}\n')
    result = run("check", "--kit", kit)
    assert result.exit_code == 1
    assert "content/session.md:3:8: error: '25:00' is not a time: write it as 09:30" \
        in result.stderr
