"""Who each page is for: the participants' menu, the facilitators' area, the previous and
next pages, the "On this page" outline, and tables that scroll rather than break words."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from site_builder.diagnostics import Location
from site_builder.model import Page
from site_builder.model.agenda import Activity, Agenda
from site_builder.render.navigation import build_navigation
from site_builder.render.outline import page_outline, split_heading
from tests.test_render_site import build, make_kit


def page(source: str, title: str, order: int, for_: str = "participants",
         html: str = "<p>x</p>", description: str = "") -> Page:
    url = source[:-3] + ".html"
    return Page(source, url, title, html, description, order=order,
                location=Location(f"content/{source}", 1, 1), audience=for_,  # type: ignore[arg-type]
                layout="home.html" if url == "index.html" else "page.html")


PAGES = (
    page("index.md", "Welcome", 0, html="<h1>Welcome <em>all</em></h1><p>Hello.</p>"),
    page("reading.md", "Reading", 1, description="A short read."),
    page("guide.md", "Guide", 2, "facilitators", description="How to run it."),
    page("handout.md", "Handout", 3),
    page("editing.md", "Editing", 4, "facilitators"),
)


def menu_of(html: str) -> list[tuple[str, str]]:
    menu = html.split('<nav class="site-nav"')[1].split("</nav>")[0]
    return re.findall(r'<li[^>]*><a href="([^"]+)"[^>]*>([^<]+)</a>', menu)


def test_facilitators_pages_leave_the_main_menu_for_their_area(tmp_path: Path) -> None:
    out = build(make_kit(tmp_path / "kit", pages=PAGES), tmp_path)
    html = (out / "reading.html").read_text()
    assert menu_of(html) == [
        ("index.html", "Home"), ("checklists/quiz.html", "Self-assessment"),
        ("reading.html", "Reading"), ("handout.html", "Handout"), ("about.html", "About"),
        ("facilitators.html", "For facilitators")]
    area = (out / "facilitators.html").read_text()
    cards = re.findall(r'<li class="card"><a href="([^"]+)">', area)
    assert cards == ["guide.html", "editing.html", "materials.html"]
    assert '<a href="facilitators.html" aria-current="page">' in area
    guide = (out / "guide.html").read_text()
    # on a page of the area, its menu entry is marked as the current area, not the page
    assert '<a href="facilitators.html" aria-current="true">For facilitators</a>' in guide
    assert guide.count("aria-current") == 1


def test_previous_and_next_stay_within_an_area(tmp_path: Path) -> None:
    out = build(make_kit(tmp_path / "kit", pages=PAGES), tmp_path)

    def pager(url: str) -> list[tuple[str, str]]:
        html = (out / url).read_text()
        if 'class="pager"' not in html:
            return []
        return re.findall(r'href="([^"]+)" rel="(prev|next)"', html.split('class="pager"')[1])

    assert pager("checklists/quiz.html") == [("../reading.html", "next")]
    assert pager("reading.html") == [("checklists/quiz.html", "prev"), ("handout.html", "next")]
    assert pager("handout.html") == [("reading.html", "prev")]
    assert pager("guide.html") == [("facilitators.html", "prev"), ("editing.html", "next")]
    assert pager("materials.html") == [("editing.html", "prev")]
    assert pager("index.html") == pager("about.html") == []


def test_a_kit_without_facilitators_pages_has_no_area(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", pages=tuple(p for p in PAGES
                                                     if p.audience == "participants"))
    navigation = build_navigation(kit)
    assert navigation.facilitators == ()
    assert [i.url for i in navigation.menu][-2:] == ["materials.html", "about.html"]
    assert navigation.area_index("materials.html") is None


def test_home_page_starts_the_assessment_and_shows_the_subtitle(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", pages=PAGES, subtitle="One hour on <feedback>")
    html = (build(kit, tmp_path) / "index.html").read_text()
    hero = html.split('<header class="hero">')[1].split("</header>")[0]
    assert "<h1>Welcome all</h1>" in hero  # the page's own h1, moved into the banner
    assert html.count("<h1") == 1
    assert '<p class="lead">One hour on &lt;feedback&gt;</p>' in hero
    assert re.search(r'<a class="button button-start" href="checklists/quiz.html">'
                     r"Start the self-assessment</a>", hero)
    steps = html.split('class="path-steps"')[1].split("</ol>")[0]
    assert re.findall(r'<li><a href="([^"]+)"', steps) == [
        "checklists/quiz.html", "reading.html", "handout.html"]
    assert 'href="facilitators.html"' in html.split("</header>", 2)[2]


def test_outline_lists_the_h2s_of_a_long_page() -> None:
    html = ('<h2 id="one">One &amp; <code>two</code></h2><p>x</p><h3 id="sub">Sub</h3>'
            '<h2 id="three">Three</h2>')
    assert page_outline(page("a.md", "A", 1, html=html)) == ()  # two: seen at a glance
    agenda = Agenda((Activity("Warm-up", 10, 9 * 60),
                     Activity("Break", 5, 9 * 60 + 10, kind="break"),
                     Activity("Close", 10, 9 * 60 + 15)), start=9 * 60)
    with_agenda = replace(page("a.md", "A", 1, html=html), agenda=agenda)
    # In the page's order: the timetable first, the text, then each activity but breaks.
    assert [(h.id, h.text) for h in page_outline(with_agenda)] == [
        ("agenda-timetable", "Timed agenda"), ("one", "One & two"), ("three", "Three"),
        ("agenda-run", "Activity by activity"), ("agenda-activity-1", "1. Warm-up"),
        ("agenda-activity-2", "2. Close")]
    heading, rest = split_heading(PAGES[0])
    assert heading == "Welcome all" and rest.html == "<p>Hello.</p>"


def test_outline_and_scrolling_tables_in_the_page(tmp_path: Path) -> None:
    html = ('<h1>Long</h1><h2 id="a">A</h2><h2 id="b">B</h2><h2 id="c">C</h2>'
            "<table><tr><td>Instrumental <code>rules/a.yaml</code></td></tr></table>"
            "<table><thead><tr><th>file &amp; <code>path</code></th><th>what</th></tr></thead>"
            "</table><table><thead><tr><th>file &amp; path</th><th>what</th></tr></thead>"
            "</table>")
    out = build(make_kit(tmp_path / "kit", pages=(page("long.md", "Long", 1, html=html),)),
                tmp_path)
    text = (out / "long.html").read_text()
    outline = text.split('<details class="outline">')[1].split("</details>")[0]
    assert re.findall(r'href="#([a-c])"', outline) == ["a", "b", "c"]
    names = re.findall(r'<div class="table-scroll" role="region" aria-label="([^"]+)" '
                       r'tabindex="0"><table>', text)
    assert "<code>rules/<wbr>a.yaml</code>" in text  # a path may wrap after a slash
    # each region named apart, by its columns
    assert names == ["Table", "Table: file &amp; path, what", "Table: file &amp; path, what (2)"]
