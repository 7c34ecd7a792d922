"""The site's search index: what it holds and what it never holds, that two builds write
the same bytes, and which sites get search at all (see tests/browser/test_search.py for
the box and the page in a real browser)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from site_builder.build import build
from site_builder.check import check_kit
from site_builder.diagnostics import Location
from site_builder.kit.load import load_kit
from site_builder.render import search
from site_builder.render.hosting import Hosting
from site_builder.render.navigation import build_navigation
from site_builder.render.search import (
    INDEX_GLOBAL,
    INDEX_URL,
    SEARCH_PAGES,
    html_text,
    search_wanted,
)
from site_builder.render.site import PageJob, PageKeys, render_site
from tests.kits import FIXTURE_KITS, MINIMAL, ROOT
from tests.search_kit import (
    ACCENTED,
    DEEP_HEADINGS,
    DEEP_TITLE,
    DEEP_URL,
    DEEP_WORD,
    DRAFT_WORD,
    FACILITATORS_URL,
    FACILITATORS_WORD,
    make_search_kit,
)

PREFIX = f"window.{INDEX_GLOBAL} = "


def render(kit_root: Path, out: Path) -> Path:
    kit = load_kit(kit_root)
    render_site(kit, check_kit(kit).documents, out)
    return out


def read_index(site: Path) -> dict[str, Any]:
    text = (site / INDEX_URL).read_text(encoding="utf-8")
    assert text.startswith(PREFIX) and text.endswith(";\n"), text[:80]
    document: dict[str, Any] = json.loads(text[len(PREFIX):-2])
    return document


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("search")
    return render(make_search_kit(folder / "kit"), folder / "site")


@pytest.fixture(scope="module")
def entries(search_site: Path) -> dict[str, dict[str, Any]]:
    return {entry["url"]: entry for entry in read_index(search_site)["pages"]}


def kit_with_pages(folder: Path, sources: list[str]) -> Path:
    """The minimal kit with a page at each source path of content/."""
    shutil.copytree(MINIMAL, folder)
    for number, source in enumerate(sources):
        path = folder / "content" / source
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: Page {number}\n---\n\nText {number}.\n", encoding="utf-8")
    return folder


# --- what is in it -------------------------------------------------------------------------

def test_every_published_page_and_assessment_is_in_the_index(
        search_site: Path, entries: dict[str, dict[str, Any]]) -> None:
    kit = load_kit(make_search_kit(search_site.parent / "again"))
    expected = {page.url for page in kit.pages} | {c.url for c in kit.checklists.values()}
    assert set(entries) == expected
    assert list(entries) == sorted(entries)  # in the order of their URLs


def test_a_deep_page_is_indexed_with_its_title_headings_and_text(
        entries: dict[str, dict[str, Any]]) -> None:
    deep = entries[DEEP_URL]
    assert deep["title"] == DEEP_TITLE
    assert deep["headings"] == list(DEEP_HEADINGS)
    assert deep["area"] == "The feedback library"  # its top-level folder's index page
    assert deep["description"] == "How to notice when a habit is slipping."
    assert f"Like a {DEEP_WORD} keeper" in deep["text"]
    assert DEEP_HEADINGS[1] in deep["text"]  # headings are read in their place, too
    # The page's own <h1> repeats its title: the text does not begin with it again.
    assert not deep["text"].startswith(DEEP_TITLE)
    assert "<" not in deep["text"] and "\n" not in deep["text"]


def test_facilitators_pages_are_indexed_and_say_so(entries: dict[str, dict[str, Any]]) -> None:
    timing = entries[FACILITATORS_URL]
    assert FACILITATORS_WORD in timing["text"]
    assert timing["area"] == "The feedback library · For facilitators"
    assert entries["facilitator.html"]["area"] == "For facilitators"


def test_the_assessment_is_indexed_with_its_questions(
        entries: dict[str, dict[str, Any]]) -> None:
    kit = load_kit(FIXTURE_KITS / "second")
    checklist = kit.checklists["habits"]
    entry = entries[checklist.url]
    assert entry["title"] == checklist.title
    assert entry["headings"] == [section.title for section in checklist.sections]
    for question in checklist.questions:
        assert question.text in entry["text"]


def test_accented_titles_are_kept_as_written(entries: dict[str, dict[str, Any]]) -> None:
    # The browser folds accents when it searches: the index keeps the text as shown.
    assert any(entry["title"] == ACCENTED for entry in entries.values())


# --- what is not --------------------------------------------------------------------------

def test_drafts_menus_and_the_page_frame_are_never_indexed(search_site: Path) -> None:
    text = (search_site / INDEX_URL).read_text(encoding="utf-8")
    assert DRAFT_WORD not in text and "An unfinished page" not in text
    # The frame of every page: skip link, footer, pager, "On this page".
    for frame in ("Skip to main content", "Your answers never leave this browser",
                  "Print materials", "Previous", "On this page"):
        assert frame not in text, frame
    # The menu lists every page on every page; the index lists each page's own text only.
    home = read_index(search_site)["pages"]
    by_url = {entry["url"]: entry for entry in home}
    assert DEEP_TITLE not in by_url["index.html"]["text"]
    assert "search.html" not in by_url  # the search page itself has no text to find


def test_the_text_of_html_is_read_between_blocks_and_without_scripts() -> None:
    text, headings = html_text(
        "<h1>Title</h1><p>One<br>two</p><ul><li>three</li><li>f&amp;our</li></ul>"
        "<script>hidden()</script><h2>Sub <em>head</em></h2><pre>x = 1</pre>", "Title")
    assert text == "One two three f&our Sub head x = 1"
    assert headings == ("Sub head",)
    assert html_text("<h1>Another</h1><p>x</p>", "Title") == ("Another x", ("Another",))


# --- the same bytes twice -----------------------------------------------------------------

def test_two_builds_write_the_same_index_byte_for_byte(tmp_path: Path) -> None:
    kit = make_search_kit(tmp_path / "kit")
    first = build(kit, tmp_path / "one", use_cache=False)
    second = build(kit, tmp_path / "two", use_cache=False, jobs=2)
    assert first.out != second.out
    for name in (INDEX_URL, "search.html", "assets/search.js", "assets/search.css"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


# --- which sites get search ---------------------------------------------------------------

def has_search(site: Path) -> bool:
    html = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    found = {(site / INDEX_URL).exists(), (site / "search.html").exists(),
             (site / "assets" / "search.js").exists(), 'id="site-search-input"' in html}
    assert len(found) == 1, "the index, the page, the script and the box come together"
    return found == {True}


def test_the_default_and_second_kits_have_no_search(tmp_path: Path) -> None:
    assert not has_search(render(ROOT, tmp_path / "default"))
    assert not has_search(render(FIXTURE_KITS / "second", tmp_path / "second"))


def test_more_pages_than_the_threshold_get_search(tmp_path: Path) -> None:
    # The minimal kit has a home page: with it, SEARCH_PAGES pages in all, then one more.
    at = kit_with_pages(tmp_path / "at", [f"p{n}.md" for n in range(SEARCH_PAGES - 1)])
    assert len(load_kit(at).pages) == SEARCH_PAGES
    assert not search_wanted(load_kit(at))
    assert not has_search(render(at, tmp_path / "at-site"))
    over = kit_with_pages(tmp_path / "over", [f"p{n}.md" for n in range(SEARCH_PAGES)])
    assert search_wanted(load_kit(over))
    assert has_search(render(over, tmp_path / "over-site"))
    # Every page links to the box's script from where it is.
    html = (tmp_path / "over-site" / "p3.html").read_text(encoding="utf-8")
    assert re.search(r'src="assets/search\.js\?v=[0-9a-f]+"', html)
    assert 'action="search.html"' in html


def test_two_top_level_sections_get_search_however_few_their_pages(tmp_path: Path) -> None:
    one = kit_with_pages(tmp_path / "one", ["a/x.md", "a/deeper/y.md"])
    assert not search_wanted(load_kit(one))
    two = kit_with_pages(tmp_path / "two", ["a/x.md", "b/deeper/y.md"])
    assert search_wanted(load_kit(two))
    site = render(two, tmp_path / "two-site")
    assert has_search(site)
    deep = (site / "b" / "deeper" / "y.html").read_text(encoding="utf-8")
    assert re.search(r'src="\.\./\.\./assets/search\.js\?v=[0-9a-f]+"', deep)
    assert 'data-index="../../search/index.js"' in deep
    assert 'data-root="../../index.html"' in deep


def test_a_checklists_folder_is_no_section(tmp_path: Path) -> None:
    kit = kit_with_pages(tmp_path / "kit", ["a/x.md"])
    assert (kit / "content" / "checklists").is_dir()  # the minimal kit's assessment
    assert not search_wanted(load_kit(kit))


def test_the_page_cache_notices_when_a_site_grows_search(tmp_path: Path) -> None:
    """A page unchanged since a build without search gets the box in the next build."""
    kit = kit_with_pages(tmp_path / "kit", ["a/x.md"])
    build(kit, tmp_path / "site")
    assert 'id="site-search-input"' not in (tmp_path / "site" / "a" / "x.html").read_text()
    (kit / "content" / "b").mkdir()
    (kit / "content" / "b" / "y.md").write_text("---\ntitle: Y\n---\n\nY.\n", encoding="utf-8")
    build(kit, tmp_path / "site")
    assert 'id="site-search-input"' in (tmp_path / "site" / "a" / "x.html").read_text()


def test_a_page_key_holds_whether_the_site_has_search(tmp_path: Path) -> None:
    """The same page with the same menu, on a site with search and on one without, is two
    pages: with sections, a page can be added elsewhere without changing this one's menu."""
    small = load_kit(kit_with_pages(tmp_path / "small", ["a/x.md"]))
    large = load_kit(kit_with_pages(tmp_path / "large", ["a/x.md", "b/y.md"]))
    assert not search_wanted(small) and search_wanted(large)
    navigation = build_navigation(small)
    job = PageJob("a/x.html", "page.html", "Page 0", "", Location("content/a/x.md"), "a page")
    hosting = Hosting("", {}, (), "")
    assert (PageKeys(small, navigation, hosting).key(job)
            != PageKeys(large, navigation, hosting).key(job))


def test_a_page_of_the_kit_at_search_md_replaces_the_built_in_one(tmp_path: Path) -> None:
    kit = kit_with_pages(tmp_path / "kit", ["a/x.md", "b/y.md"])
    (kit / "content" / "search.md").write_text(
        "---\ntitle: Find a page\nlayout: search.html\n---\n\nOur own words.\n",
        encoding="utf-8")
    site = render(kit, tmp_path / "site")
    html = (site / "search.html").read_text(encoding="utf-8")
    assert "<title>Find a page" in html and "data-search-page" in html
    assert "Find a page" in {entry["title"] for entry in read_index(site)["pages"]}


def test_a_rebuild_reads_only_the_changed_pages_text_and_writes_the_same_index(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages' text is kept in the build cache: a rebuild of a large site parses only
    the pages that changed, and its index is byte for byte a clean build's."""
    kit = kit_with_pages(tmp_path / "kit", [f"a/page-{n}.md" for n in range(25)])
    build(kit)
    parsed: list[str] = []
    original = search.html_text

    def counted(html: str, title: str = "") -> tuple[str, tuple[str, ...]]:
        parsed.append(title)
        return original(html, title)

    monkeypatch.setattr(search, "html_text", counted)
    build(kit)
    assert [title for title in parsed if title.startswith("Page")] == []
    changed = kit / "content" / "a" / "page-3.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA new word: lighthouse.\n",
                       encoding="utf-8")
    index = (build(kit).out / INDEX_URL).read_bytes()
    assert [title for title in parsed if title.startswith("Page")] == ["Page 3"]
    assert b"lighthouse" in index
    assert (build(kit, tmp_path / "clean", use_cache=False).out / INDEX_URL).read_bytes() == index
