"""Sections: folders of content/ loaded as sections (title, order, drafts, checklists of
their own), with every mistake located; and the library kit, three workshops on one site."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from site_builder.check import check_kit
from site_builder.diagnostics import KitError
from site_builder.kit.load import load_kit
from site_builder.render.navigation import build_navigation
from site_builder.render.pdf.jobs import pdf_context, pdf_targets
from site_builder.render.site import render_site
from site_builder.render.site_address import assessment_url
from tests.kits import FIXTURE_KITS, MINIMAL

LIBRARY = FIXTURE_KITS / "library"
QUIZ = (MINIMAL / "content" / "checklists" / "quiz.yaml").read_text()
RULES = (MINIMAL / "rules" / "advice.yaml").read_text()


def write_kit(root: Path, files: dict[str, str]) -> Path:
    """A kit made of the minimal kit's site.yaml and home page, and `files`."""
    (root / "content").mkdir(parents=True)
    shutil.copy(MINIMAL / "site.yaml", root / "site.yaml")
    (root / "content" / "index.md").write_text("---\ntitle: Welcome\n---\nHello.\n")
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def page(title: str, *lines: str) -> str:
    return "---\n" + "\n".join((f"title: {title}", *lines)) + "\n---\nText.\n"


def errors_of(root: Path) -> list[str]:
    with pytest.raises(KitError) as caught:
        load_kit(root)
    return [str(d) for d in caught.value.diagnostics]


def test_folders_with_pages_or_checklists_are_sections(tmp_path: Path) -> None:
    root = write_kit(tmp_path / "kit", {
        "content/feedback/index.md": page("Asking for feedback", "description: One hour.",
                                          "order: 2"),
        "content/feedback/reading.md": page("Reading"),
        "content/feedback/checklists/habits.yaml": QUIZ,
        "content/mentoring-basics/first.md": page("First steps"),
        "content/mentoring-basics/deeper/more.md": page("More"),
        "content/images/pic.png": "not a page",  # no page, no checklist: no section
        "rules/feedback/advice.yaml": RULES.replace("checklist: quiz", "checklist: habits"),
    })
    kit = load_kit(root)
    assert list(kit.sections) == ["feedback", "mentoring-basics", "mentoring-basics/deeper"]
    feedback = kit.sections["feedback"]
    assert (feedback.title, feedback.description, feedback.order, feedback.has_index) == (
        "Asking for feedback", "One hour.", 2, True)
    # without an index.md: the folder's name in words, and the build writes the page
    assert kit.sections["mentoring-basics"].title == "Mentoring basics"
    assert kit.sections["mentoring-basics/deeper"].parent == "mentoring-basics"
    habits = kit.checklists["habits"]
    assert (habits.source, habits.url) == ("feedback/checklists/habits.yaml",
                                           "feedback/checklists/habits.html")
    assert kit.rules_for("habits")[0].path == "rules/feedback/advice.yaml"  # named by id
    assert [t.path for t in pdf_targets(kit)] == ["pdf/habits-worksheet.pdf"]
    out = tmp_path / "out"
    out.mkdir()
    render_site(kit, check_kit(kit).documents, out)
    for name in ("feedback/index.html", "feedback/checklists/habits.html",
                 "feedback/checklists/habits.json", "mentoring-basics/index.html",
                 "mentoring-basics/deeper/index.html"):
        assert (out / name).is_file(), name
    assert not (out / "images" / "index.html").exists()
    section = (out / "mentoring-basics" / "index.html").read_text()
    assert "<h1>Mentoring basics</h1>" in section
    listed = section.split('class="section-contents"')[1].split("</section>")[0]
    assert re.findall(r'<li(?: class="path-section")?><a href="([^"]+)">', listed) == [
        "deeper/index.html", "first.html"]


def test_a_checklist_id_is_unique_across_sections(tmp_path: Path) -> None:
    root = write_kit(tmp_path / "kit", {
        "content/a/checklists/quiz.yaml": QUIZ,
        "content/b/checklists/quiz.yaml": QUIZ,
    })
    assert errors_of(root) == [
        "content/b/checklists/quiz.yaml: error: a second checklist with the id 'quiz' (the "
        "first is content/a/checklists/quiz.yaml): checklist ids are unique across the kit, "
        "since rule files name their checklist by id; rename one of the files"]


def test_a_section_index_with_a_bad_order_is_located(tmp_path: Path) -> None:
    root = write_kit(tmp_path / "kit", {
        "content/feedback/index.md": page("Feedback", "order: first"),
        "content/feedback/reading.md": page("Reading"),
    })
    [error] = errors_of(root)
    assert error.startswith("content/feedback/index.md:3:8: error:")
    assert "'order'" in error and "number" in error


def test_a_draft_section_is_left_out_everywhere(tmp_path: Path) -> None:
    root = write_kit(tmp_path / "kit", {
        "content/ready/reading.md": page("Ready"),
        "content/ready/later/index.md": page("Later", "draft: true"),
        "content/ready/later/notes.md": page("Notes"),
        "content/ready/later/pic.png": "published with its section only",
        "content/ready/later/checklists/soon.yaml": QUIZ,
        "rules/soon.yaml": RULES.replace("checklist: quiz", "checklist: soon"),
        "rules/tests/soon.yaml": "checklist: soon\ncases:\n  - name: x\n    answers: "
                                 "{mentor: 'no'}\n    expect: [find-a-mentor]\n",
    })
    kit = load_kit(root)  # its rules and rule tests are left out with it, without a word
    assert list(kit.sections) == ["ready"]
    assert [p.source for p in kit.pages] == ["index.md", "ready/reading.md"]
    assert kit.checklists == {} and kit.rule_sets == () and kit.rule_tests == ()
    assert kit.static_files == ()
    navigation = build_navigation(kit)
    assert [i.url for i in navigation.levels["ready"].entries] == ["ready/reading.html"]


def test_a_link_to_a_section_without_an_index_page_is_to_its_generated_one(
        tmp_path: Path) -> None:
    root = write_kit(tmp_path / "kit", {
        "content/guides/deep.md": page("Deep"),
        "content/more.md": "---\ntitle: More\n---\nSee [the guides](guides/index.md) and "
                           "[nothing](nowhere/index.md).\n",
    })
    [error] = errors_of(root)
    assert error.startswith("content/more.md:4:") and "'nowhere/index.md'" in error


def test_the_library_kit_has_three_workshops(tmp_path: Path) -> None:
    kit = load_kit(LIBRARY)
    assert [s.folder for s in kit.sections.values()] == ["feedback", "mentoring", "networking"]
    assert {c.id: c.url for c in kit.checklists.values()} == {
        "feedback": "feedback/checklists/feedback.html",
        "mentoring": "mentoring/checklists/mentoring.html",
        "network": "networking/checklists/network.html"}
    checked = check_kit(kit)
    assert checked.ok and checked.cases_run > 0 and checked.cases_failed == 0
    navigation = build_navigation(kit)
    assert navigation.library
    assert [level.folder for level in navigation.top_sections] == [
        "networking", "feedback", "mentoring"]  # by `order`


def test_nested_sections_menus_trail_and_pager(tmp_path: Path) -> None:
    root = write_kit(tmp_path / "kit", {
        "content/top.md": page("Top page", "order: 1"),
        "content/work/index.md": page("Work", "order: 2"),
        "content/work/intro.md": page("Intro", "order: 1"),
        "content/work/guide.md": page("Running it", "order: 2", "for: facilitators"),
        "content/work/deep/index.md": page("Deep", "order: 3"),
        "content/work/deep/one.md": page("One", "order: 1"),
        "content/work/deep/two.md": page("Two", "order: 2"),
        "content/work/deep/notes.md": page("Notes", "for: facilitators"),
        "content/play/game.md": page("Game"),
    })
    kit = load_kit(root)
    navigation = build_navigation(kit)
    assert [(i.title, i.kind) for i in navigation.menu] == [
        ("Home", ""), ("Top page", ""), ("Work", "section"), ("Play", "section"),
        ("About", ""), ("For facilitators", "area")]
    assert navigation.library  # two top-level sections
    levels = navigation.section_menu("work/deep/two.html")
    assert [(shown.level.title, [(i.title, i.current) for i in shown.items])
            for shown in levels] == [
        ("Work", [("Intro", False), ("Deep", True)]),  # the way to the page marked
        ("Deep", [("One", False), ("Two", True)])]
    assert [c.title for c in navigation.trail("work/deep/two.html")] == ["Home", "Work", "Deep"]
    assert [c.title for c in navigation.trail("work/deep/index.html")] == ["Home", "Work"]
    assert navigation.trail("index.html") == ()
    pager = navigation.pager("work/deep/one.html")
    assert pager is not None and pager.previous and pager.next
    assert (pager.previous.url, pager.next.url) == ("work/deep/index.html", "work/deep/two.html")
    # facilitators' pages: out of their section's menu, in the area, by section
    assert "work/guide.html" not in [i.url for i in navigation.levels["work"].entries]
    assert [(level.title, [i.url for i in level.guides]) for level in navigation.area_groups()
            ] == [("Work", ["work/guide.html"]), ("Deep", ["work/deep/notes.html"])]
    assert navigation.area_index("work/deep/notes.html") == navigation.facilitators[0]
    assert navigation.pager("work/guide.html") is None  # alone in its section's area
    out = tmp_path / "out"
    out.mkdir()
    render_site(kit, {}, out)
    html = (out / "work" / "deep" / "two.html").read_text()
    assert '<li class="menu-section"><a href="../index.html" aria-current="true">Work' \
        in html  # the main menu's entry of the section the page is in
    area = (out / "facilitators.html").read_text()
    assert re.findall(r'<h2 id="area-\d"><a href="([^"]+)">', area) == [
        "work/index.html", "work/deep/index.html"]


def test_a_kit_page_named_contents_takes_the_place_of_the_built_one(tmp_path: Path) -> None:
    pages = {f"content/p{n:02d}.md": page(f"P{n:02d}", f"order: {n}") for n in range(35)}
    root = write_kit(tmp_path / "kit", {
        **pages, "content/contents.md": page("Everything", "order: 99")})
    kit = load_kit(root)
    out = tmp_path / "out"
    out.mkdir()
    render_site(kit, {}, out)
    html = (out / "p00.html").read_text()
    assert '<a href="contents.html">All 36 pages</a>' in html  # the 31st and later: its own
    assert "<h1>Everything</h1>" in (out / "contents.html").read_text()


@pytest.mark.parametrize("folder", ["assets", "pdf"])
def test_a_section_where_the_build_writes_is_refused(tmp_path: Path, folder: str) -> None:
    root = write_kit(tmp_path / "kit", {
        f"content/{folder}/checklists/quiz.yaml": QUIZ,
        f"content/{folder}/page.md": page("Page"),
    })
    assert errors_of(root) == [
        f"content/{folder}/checklists/quiz.yaml: error: this checklist would be published as "
        f"'{folder}/checklists/quiz.html', which the build uses for something else; move its "
        "folder",
        f"content/{folder}/page.md:1:1: error: this page would be published as "
        f"'{folder}/page.html', which the build uses for something else; rename the file"]


def test_a_sections_pages_and_pdfs_send_participants_to_its_own_assessment() -> None:
    kit = load_kit(LIBRARY)
    targets = {t.path: t for t in pdf_targets(kit)}
    poster = pdf_context(kit, targets["pdf/networking-poster.pdf"])
    assert poster["assessment_url"] == "networking/checklists/network.html"
    guide = pdf_context(kit, targets["pdf/mentoring-facilitator-guide.pdf"])
    assert guide["assessment_url"] == "mentoring/checklists/mentoring.html"
    assert assessment_url(kit) == assessment_url(kit, "index.md") == "index.html"  # three
