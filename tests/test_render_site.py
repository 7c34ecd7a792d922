"""The HTML site, rendered for real from small kits built in tmp_path."""

from __future__ import annotations

import json
import posixpath
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from site_builder.diagnostics import KitError, Location
from site_builder.engine.compile import compile_checklist
from site_builder.engine.document import ChecklistData, RuleData, RulesDocument
from site_builder.kit.load import load_kit
from site_builder.kit.sections import build_sections
from site_builder.model import AnswerOption, Checklist, Kit, Page, Question, Score, Section, Site
from site_builder.model.rules import Pick
from site_builder.render.catalogue import advice_catalogue
from site_builder.render.links import rebase_html, relative_url
from site_builder.render.pdf.jobs import pdf_targets
from site_builder.render.site import render_site
from site_builder.render.theme import contrast, parse_hex, theme_css
from tests.kits import ROOT

REPO = Path(__file__).resolve().parent.parent
SCALE = (AnswerOption("yes", "Yes", 1), AnswerOption("no", "No", 0))
# The assessment page's scripts, in the order they must load: each after those it uses.
SCRIPTS = (
    "jsonlogic-values.js", "jsonlogic-compile.js", "jsonlogic-data.js", "jsonlogic-iterate.js",
    "jsonlogic.js", "engine.js", "provisional.js", "assessment-dom.js",
    "assessment-answers.js", "assessment-chart.js", "assessment-results.js",
    "assessment-why.js", "assessment-step.js", "assessment.js",
)


def make_checklist() -> Checklist:
    questions_a = (
        Question("mentor", "Someone <i>wise</i> to ask", "a", answers=SCALE, write_in=2,
                 help_html='<p>See <a href="guide.html">the guide</a>.</p>'),
        Question("hours", "Hours a week spent meeting people", "a", type="number",
                 minimum=0, maximum=40),
    )
    questions_b = (
        Question("friend", "A friend to call", "b", answers=SCALE),
        Question("notes", "Anything else?", "b", type="text"),
    )
    return Checklist(
        id="quiz", title="Quick quiz", intro_html='<p>Intro with <img src="images/pic.png" '
        'alt="pic">.</p>',
        sections=(Section("a", "Work", "<p>About work.</p>", questions_a),
                  Section("b", "Life", "", questions_b)),
        scores=(Score("work", "Work score", ("mentor",)),),
        version="v1", source="checklists/quiz.yaml", url="checklists/quiz.html",
        location=Location("content/checklists/quiz.yaml", 1, 1),
    )


def compiled_rules() -> RulesDocument:
    def rule(rid: str, group: str, priority: float, section: str | None, text: str,
             pick: Pick = "all", clause: str = "") -> RuleData:
        return {"id": rid, "group": group, "pick": pick, "priority": priority,
                "conditions": [{"text": text, "logic": {"==": [1, 1]}, "subject": None,
                                "relation": None, "clause": clause, "reads": []}],
                "advice": {"title": f"Title {rid}", "html": f'<p>Body {rid} <a href="guide.html">'
                           "guide</a></p>", "section": section}}

    # The title would end the page's <script> and start a tag if it were not escaped.
    checklist: ChecklistData = {"id": "quiz", "title": "</script><b>&", "version": "1",
                                "sections": []}
    return {"format": 1, "kit": "Test kit", "checklist": checklist, "scores": [],
            "chart": None, "rules": [
                rule("low", "rules/a.yaml", 0, "a", "Work score is below 1",
                     clause="your work score is below 1"),
                rule("high", "rules/b.yaml", 10, "a", "mentor: No",
                     clause="you answer No to “A mentor”"),
                rule("life", "rules/a.yaml", 0, "b", "friend: No",
                     clause="you answer No to “A friend to call”"),
                rule("stray", "rules/a.yaml", 5, "nowhere", "always"),
                rule("profile", "rules/p.yaml", 100, None, "Work score is at least 1",
                     pick="first", clause="your work score is at least 1"),
                rule("fallback", "rules/p.yaml", 100, None, "always", pick="first"),
            ],
            "groups": [{"id": "rules/a.yaml", "title": "A", "pick": "all"},
                       {"id": "rules/b.yaml", "title": "B", "pick": "all"},
                       {"id": "rules/p.yaml", "title": "Your profile", "pick": "first"}]}


def make_kit(root: Path, pages: tuple[Page, ...] = (), templates: dict[str, str] | None = None,
             **site: Any) -> Kit:
    (root / "content" / "images").mkdir(parents=True)
    (root / "content" / "images" / "pic.png").write_bytes(b"\x89PNG fake")
    templates_dir = None
    if templates:
        templates_dir = root / "templates"
        templates_dir.mkdir()
        for name, text in templates.items():
            (templates_dir / name).write_text(text)
    default_pages = (
        Page("guide.md", "guide.html", "Guide", '<h1>Guide</h1><p>Go to <a href="checklists/'
             'quiz.html">the quiz</a> or <a href="https://example.org">away</a>.</p>',
             order=1, print=True, location=Location("content/guide.md", 1, 1)),
        Page("sub/deep.md", "sub/deep.html", "Deep", '<p><a href="guide.html#top">Guide</a> '
             '<img src="images/pic.png" alt="p"> <a href="#here">here</a></p>',
             order=2, location=Location("content/sub/deep.md", 1, 1)),
    )
    pages = pages or default_pages
    checklists = {"quiz": make_checklist()}
    return Kit(root=root, site=Site(title="Test kit", organisation="Org", **site),
               pages=pages, checklists=checklists,
               rule_sets=(), rule_tests=(), static_files=("images/pic.png",),
               templates_dir=templates_dir,
               sections=build_sections([*(p.source for p in pages),
                                        *(c.source for c in checklists.values())], pages))


def build(kit: Kit, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    written = render_site(kit, {"quiz": compiled_rules()}, out)
    assert sorted(written) == sorted(p for p in out.rglob("*") if p.is_file())
    return out


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [v or "" for k, v in attrs if k in ("href", "src")]
        if tag == "script":
            self.scripts.append(dict(attrs))


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text())
    return links


def test_layout_of_the_output(tmp_path: Path) -> None:
    out = build(make_kit(tmp_path / "kit"), tmp_path)
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert files == {
        "guide.html", "sub/deep.html", "checklists/quiz.html", "checklists/quiz.json",
        "sub/index.html", "materials.html", "about.html", "index.html", "assets/site.css",
        "assets/theme.css",
        *(f"assets/{name}" for name in SCRIPTS), "assets/offline.js", "images/pic.png",
        "404.html", "assets/favicon.svg",
    }
    assert json.loads((out / "checklists/quiz.json").read_text()) == compiled_rules()


def assert_links_resolve(out: Path, pdfs: set[str]) -> None:
    """Every href/src is relative and names a file in the output (or a PDF to come)."""
    for page in out.rglob("*.html"):
        folder = posixpath.dirname(page.relative_to(out).as_posix())
        for url in parse(page).urls:
            if url.startswith(("https://", "mailto:", "#", "data:")):  # data: in 404.html
                assert not url.startswith("https://") or "<a href" in page.read_text()
                continue
            assert not re.match(r"^([A-Za-z][A-Za-z0-9+.-]*:|/)", url), (page, url)
            path = url.split("#")[0].split("?")[0]  # an asset's ?v= version
            target = posixpath.normpath(posixpath.join(folder, path))
            assert (out / target).is_file() or target in pdfs, (page, url)
        resources = re.findall(r"""<(?:img|script|link|source|iframe)\b[^>]*""",
                               page.read_text())
        assert not any(re.search(r"(src|href)=[\"']?(https?:)?//", r) for r in resources), page


def test_every_link_is_relative_and_resolves(tmp_path: Path) -> None:
    out = build(make_kit(tmp_path / "kit"), tmp_path)
    assert_links_resolve(out, {"pdf/quiz-worksheet.pdf", "pdf/guide.pdf"})


def test_links_in_content_are_rebased_for_pages_in_folders(tmp_path: Path) -> None:
    out = build(make_kit(tmp_path / "kit"), tmp_path)
    deep = (out / "sub/deep.html").read_text()
    assert 'href="../guide.html#top"' in deep and 'src="../images/pic.png"' in deep
    assert 'href="#here"' in deep and 'href="../assets/site.css?v=' in deep
    quiz = (out / "checklists/quiz.html").read_text()
    assert 'src="../images/pic.png"' in quiz and 'href="../guide.html"' in quiz


@pytest.mark.parametrize(("start", "to", "expected"), [
    ("index.html", "guide.html", "guide.html"),
    ("checklists/network.html", "index.html", "../index.html"),
    ("checklists/network.html", "checklists/network.json", "network.json"),
    ("a/b/c.html", "a/x/y.html#top", "../x/y.html#top"),
    ("a/b.html", "a/b.html", "b.html"),
    ("a/b.html", "https://example.org/x", "https://example.org/x"),
    ("a/b.html", "mailto:me@example.org", "mailto:me@example.org"),
    ("a/b.html", "#section", "#section"),
])
def test_relative_url(start: str, to: str, expected: str) -> None:
    assert relative_url(start, to) == expected


def test_rebase_leaves_lookalike_text_and_other_attributes_alone() -> None:
    html = '<p>href="x.html"</p><img alt="a href=\'y.html\'" src="i.png"/>'
    assert rebase_html(html, "s/p.html") == (
        '<p>href="x.html"</p><img alt="a href=\'y.html\'" src="../i.png"/>')


def test_rebase_finds_tags_on_every_line() -> None:
    # Tags are found by line and column: on later lines, after a blank line, after \r\n,
    # and a tag whose attributes run over two lines, each rewritten in place.
    html = ('<p><a href="a.html">a</a></p>\n\n<p>text\r\n<a href="b.html#x">b</a> and\n'
            '<img\nalt="two lines" src="i.png"/></p>\n<a href="c.html">c</a>')
    assert rebase_html(html, "s/p.html") == (
        '<p><a href="../a.html">a</a></p>\n\n<p>text\r\n<a href="../b.html#x">b</a> and\n'
        '<img\nalt="two lines" src="../i.png"/></p>\n<a href="../c.html">c</a>')


def test_text_is_escaped(tmp_path: Path) -> None:
    page = Page("x.md", "x.html", "<b>x</b>", "<p>body</p>", description='"quoted" <desc>',
                location=Location("content/x.md", 1, 1))
    out = build(make_kit(tmp_path / "kit", pages=(page,)), tmp_path)
    html = (out / "x.html").read_text()
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert 'content="&#34;quoted&#34; &lt;desc&gt;"' in html
    quiz = (out / "checklists/quiz.html").read_text()
    assert "Someone &lt;i&gt;wise&lt;/i&gt; to ask" in quiz


def test_page_structure_and_menu(tmp_path: Path) -> None:
    out = build(make_kit(tmp_path / "kit", language="fr"), tmp_path)
    html = (out / "guide.html").read_text()
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"fr\" dir=\"ltr\">")
    assert '<meta name="viewport"' in html and "<title>Guide &middot; Test kit</title>" in html
    assert 'class="skip-link" href="#main"' in html and '<main id="main"' in html
    assert '<a href="guide.html" aria-current="page">Guide</a>' in html
    # the menu's entry, and the last of the breadcrumbs (the kit has a section, sub/)
    assert html.count('aria-current="page"') == 2
    menu = html.split('<nav class="site-nav"')[1].split("</nav>")[0]
    nav = re.findall(r'<li[^>]*><a href="([^"]+)"', menu)
    # the self-assessment first after Home; no facilitators' page: no area, Print materials
    assert nav == ["index.html", "checklists/quiz.html", "guide.html", "sub/index.html",
                   "materials.html", "about.html"]
    assert "facilitators.html" not in html and not (out / "facilitators.html").exists()
    assert 'href="pdf/guide.pdf"' in html  # a print: true page links to its PDF
    assert "Org" in html.split("<footer")[1]


def test_assessment_page(tmp_path: Path) -> None:
    out = build(make_kit(tmp_path / "kit"), tmp_path)
    html = (out / "checklists/quiz.html").read_text()
    assert '<form id="assessment"' in html
    assert '<fieldset class="question question-type-choice" id="q-mentor"' in html
    assert '<fieldset class="question question-type-number" id="q-hours"' in html
    assert '<legend><span class="question-number">1</span>' in html
    assert 'name="mentor" value="yes"' in html and 'name="friend" value="no"' in html
    assert re.search(r'<input [^>]*type="number"[^>]*name="hours"[^>]*min="0" max="40"', html)
    assert '<textarea class="text-input" id="q-notes-input" name="notes"' in html
    assert 'href="../pdf/quiz-worksheet.pdf"' in html and "Print this worksheet" in html
    scripts = parse(out / "checklists/quiz.html").scripts
    assert all(re.fullmatch(r"[^?]+\?v=[0-9a-f]{10}", s["src"] or "")
               for s in scripts if "src" in s)
    assert [{**s, "src": (s["src"] or "").split("?")[0]} if "src" in s else s
            for s in scripts] == [
        {"src": "../assets/offline.js", "defer": None},  # on every page
        *({"src": f"../assets/{name}", "defer": None} for name in SCRIPTS),
        {"type": "application/json", "id": "rules-data"},
    ]
    data = html.split('<script type="application/json" id="rules-data">')[1].split("</script>")[0]
    assert "<" not in data and ">" not in data and "&" not in data
    # The embedded rules are the compiled ones, with advice links re-based for this page.
    embedded = json.loads(data)
    expected = compiled_rules()
    for rule in expected["rules"]:
        rule["advice"]["html"] = rule["advice"]["html"].replace('"guide.html"', '"../guide.html"')
    assert embedded == expected
    assert json.loads((out / "checklists/quiz.json").read_text()) == compiled_rules()


def test_advice_catalogue_order(tmp_path: Path) -> None:
    out = build(make_kit(tmp_path / "kit"), tmp_path)
    html = (out / "checklists/quiz.html").read_text()
    catalogue = html.split('id="catalogue"')[1]
    headings = re.findall(r'<h3 id="advice-[^"]+">([^<]+)</h3>', catalogue)
    assert headings == ["Your profile", "Work", "Life", "General"]
    rules = re.findall(r'data-rule="([^"]+)"', catalogue)
    assert rules == ["profile", "fallback", "high", "low", "life", "stray"]
    applies = re.findall(r'<span class="applies">([^<]*)</span>', catalogue)
    assert [unescape(a) for a in applies] == [
        "When your work score is at least 1", "When none of the above fit",
        "When you answer No to “A mentor”", "When your work score is below 1",
        "When you answer No to “A friend to call”", "Whatever your answers"]
    # The group says once that only one of its rules applies; the other sections do not.
    assert catalogue.count("catalogue-group-intro") == 1
    assert "the first, in this order, that fits your answers" in catalogue
    assert "Body high" in catalogue


def test_the_default_kit_catalogue_reads_as_sentences() -> None:
    kit = load_kit(ROOT)
    checklist = kit.checklists["network"]
    sections = advice_catalogue(checklist, compile_checklist(kit, "network"))
    assert [s.title for s in sections] == ["Profiles", "Instrumental support",
                                           "Psychosocial support"]
    profiles = {e.id: e.applies_when for e in sections[0].entries}
    assert profiles == {
        "profile-well-supported": "When your instrumental support score is at least 2 and "
                                  "your psychosocial support score is at least 2",
        "profile-connected-but-alone": "When your instrumental support score is at least 2",
        "profile-close-but-narrow": "When your psychosocial support score is at least 2",
        "profile-building-both": "When none of the above fit",
    }
    sounding = next(e for e in sections[1].entries if e.id == "find-a-sounding-board")
    assert sounding.applies_when == ("When you answer No or Not sure to "
                                     "“Someone who gives you an honest …”")


def test_kit_template_overrides_the_builtin(tmp_path: Path) -> None:
    page_template = ('{% extends "base.html" %}{% block main %}<p class="kit-own">'
                     "{{ page.title }} / {{ page.meta.mood }}</p>{{ content }}{% endblock %}")
    page = Page("x.md", "x.html", "X", "<p>body</p>", meta={"mood": "<calm>"},
                location=Location("content/x.md", 1, 1))
    kit = make_kit(tmp_path / "kit", pages=(page,), templates={"page.html": page_template})
    html = (build(kit, tmp_path) / "x.html").read_text()
    assert '<p class="kit-own">X / &lt;calm&gt;</p><p>body</p>' in html


def test_template_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    broken = '{% extends "base.html" %}\n{% block main %}\n{% if %}\n{% endblock %}\n'
    kit = make_kit(tmp_path / "kit", templates={"page.html": broken})
    with pytest.raises(KitError) as caught:
        build(kit, tmp_path)
    locations = {d.location for d in caught.value.diagnostics}
    assert locations == {Location("templates/page.html", 3)}


def test_undefined_variable_names_the_file_and_line(tmp_path: Path) -> None:
    broken = '{% extends "base.html" %}\n{% block main %}\n<p>\n{{ no_such_thing }}</p>\n' \
             "{% endblock %}\n"
    kit = make_kit(tmp_path / "kit", templates={"page.html": broken})
    with pytest.raises(KitError) as caught:
        build(kit, tmp_path)
    diagnostic = caught.value.diagnostics[0]
    assert diagnostic.location == Location("templates/page.html", 4)
    assert "no_such_thing" in diagnostic.message and "content/guide.md" in diagnostic.message


def test_sandbox_refuses_python_internals(tmp_path: Path) -> None:
    nasty = "{{ page.__class__.__mro__ }}\n{{ ''.__class__.__subclasses__() }}"
    kit = make_kit(tmp_path / "kit", templates={"page.html": nasty})
    with pytest.raises(KitError) as caught:
        build(kit, tmp_path)
    assert caught.value.diagnostics[0].location.path == "templates/page.html"


def test_missing_layout_names_the_page(tmp_path: Path) -> None:
    page = Page("x.md", "x.html", "X", "<p>x</p>", layout="fancy.html",
                location=Location("content/x.md", 1, 1))
    with pytest.raises(KitError) as caught:
        build(make_kit(tmp_path / "kit", pages=(page,)), tmp_path)
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.location == Location("content/x.md", 1, 1)
    assert "fancy.html" in diagnostic.message


def test_content_about_and_index_pages_win(tmp_path: Path) -> None:
    pages = (
        Page("index.md", "index.html", "Welcome", "<p>my home</p>",
             location=Location("content/index.md", 1, 1)),
        Page("about.md", "about.html", "About us", "<p>my about</p>", order=9,
             location=Location("content/about.md", 1, 1)),
        Page("guide.md", "guide.html", "Guide", "<p>g</p>", order=1,
             location=Location("content/guide.md", 1, 1)),
    )
    out = build(make_kit(tmp_path / "kit", pages=pages), tmp_path)
    assert "my home" in (out / "index.html").read_text()
    html = (out / "about.html").read_text()
    assert "my about" in html and "made with site-builder" not in html.lower()
    menu = html.split('<nav class="site-nav"')[1].split("</nav>")[0]
    nav = re.findall(r'<li[^>]*><a href="([^"]+)"', menu)
    assert nav == ["index.html", "checklists/quiz.html", "guide.html", "materials.html",
                   "about.html"]


def test_builtin_home_about_and_materials(tmp_path: Path) -> None:
    out = build(make_kit(tmp_path / "kit"), tmp_path)
    assert "Made with site-builder" in (out / "about.html").read_text()
    home = (out / "index.html").read_text()
    assert 'href="checklists/quiz.html"' in home and 'href="sub/index.html"' in home
    materials = (out / "materials.html").read_text()
    assert 'href="pdf/quiz-worksheet.pdf"' in materials and 'href="pdf/guide.pdf"' in materials


def test_page_that_would_overwrite_a_generated_file_is_an_error(tmp_path: Path) -> None:
    page = Page("materials.md", "materials.html", "Mine", "<p>x</p>",
                location=Location("content/materials.md", 1, 1))
    with pytest.raises(KitError) as caught:
        build(make_kit(tmp_path / "kit", pages=(page,)), tmp_path)
    assert "materials.html" in str(caught.value)


def test_static_symlink_out_of_the_kit_is_refused(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit")
    (tmp_path / "secret.txt").write_text("secret")
    (kit.root / "content" / "images" / "pic.png").unlink()
    (kit.root / "content" / "images" / "pic.png").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(KitError) as caught:
        build(kit, tmp_path)
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.location == Location("content/images/pic.png")
    assert not (tmp_path / "out" / "images" / "pic.png").exists()


def test_theme_colours_keep_their_contrast(tmp_path: Path) -> None:
    css = theme_css({"primary": "#ffe14d", "accent": "#0a0"})
    values = dict(re.findall(r"(--[a-z-]+): (#[0-9a-f]{6});", css))
    assert values["--primary"] == "#ffe14d"
    assert contrast(parse_hex(values["--on-primary"]), parse_hex("#ffe14d")) >= 4.5
    assert contrast(parse_hex(values["--link"]), (255, 255, 255)) >= 4.5
    out = build(make_kit(tmp_path / "kit", colors={"primary": "#336699"}), tmp_path)
    assert "--primary: #336699;" in (out / "assets/theme.css").read_text()
    assert "style=" not in (out / "guide.html").read_text()


def test_default_kit_builds(tmp_path: Path) -> None:
    from site_builder.engine.compile import compile_checklist
    from site_builder.kit.load import load_kit

    kit = load_kit(REPO)
    compiled = {c: compile_checklist(kit, c) for c in kit.checklists}
    out = tmp_path / "out"
    out.mkdir()
    render_site(kit, compiled, out)
    html = (out / "checklists/network.html").read_text()
    for question in kit.checklists["network"].questions:
        assert f'id="q-{question.id}"' in html
    # each language's PDFs: the source's under pdf/, French ones under fr/pdf/
    pdfs = {t.path for t in pdf_targets(kit)}
    pdfs |= {f"{language}/{t.path}" for language, translated in kit.translations.items()
             for t in pdf_targets(translated)}
    assert any(path.startswith("fr/pdf/") for path in pdfs)
    assert_links_resolve(out, pdfs)


def test_relative_url_agrees_with_relpath_everywhere() -> None:
    # relative_url computes the path itself (relpath would ask the OS for the current folder).
    import itertools
    import posixpath

    paths = ["index.html", "a.html", "a/b.html", "a/b/c.html", "a/x/y.html", "b/a.html",
             "a/", "a/b/", "assets/site.css", "a/./b.html", "a//b.html", "a/b/../c.html",
             "ab/c.html", "a/bc.html", "../up.html", "."]
    for start, to in itertools.product(paths[:-2], paths):
        folder = posixpath.dirname(start) or "."
        expected = posixpath.relpath(to, folder)
        if to.endswith("/") and not expected.endswith("/"):
            expected += "/"
        assert relative_url(start, to) == expected, (start, to)
