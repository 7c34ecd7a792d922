"""The menu stays small however large the site: generated kits of 1,000 pages, in 20
sections and with no folders at all, give no page more than about 100 menu links, and
their output grows linearly with the number of pages."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from site_builder.kit.load import load_kit
from site_builder.render.site import render_site

MAX_MENU_LINKS = 100
NAVS = re.compile(r'<nav class="(?:site-nav|section-nav|breadcrumbs)"[^>]*>(.*?)</nav>', re.S)


def generated_kit(root: Path, pages: int, sections: int) -> Path:
    """`pages` pages, spread over `sections` folders (none: all at the top of content/)."""
    (root / "content").mkdir(parents=True)
    (root / "site.yaml").write_text("title: Generated\n")
    (root / "content" / "index.md").write_text("---\ntitle: Home\n---\nHello.\n")
    for n in range(pages):
        folder = f"part-{n % sections:02d}/" if sections else ""
        path = root / "content" / f"{folder}page-{n:04d}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"---\ntitle: Page {n}\norder: {n}\n---\n# Page {n}\n\n"
                        f"Some text of page {n}, long enough to be a paragraph.\n")
    return root


def build_html(tmp_path: Path, pages: int, sections: int) -> dict[str, str]:
    kit = load_kit(generated_kit(tmp_path / f"kit-{pages}-{sections}", pages, sections))
    out = tmp_path / f"out-{pages}-{sections}"
    out.mkdir()
    render_site(kit, {}, out)
    return {p.relative_to(out).as_posix(): p.read_text() for p in out.rglob("*.html")}


def menu_links(html: str) -> int:
    return sum(part.count("<a ") for part in NAVS.findall(html))


Sites = tuple[dict[str, str], ...]


@pytest.fixture(scope="module", params=[20, 0], ids=["20-sections", "flat"])
def sites(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Sites:
    tmp = tmp_path_factory.mktemp("bound")
    return tuple(build_html(tmp, pages, request.param) for pages in (100, 1000, 2000))


def test_no_page_has_more_than_about_100_menu_links(sites: Sites) -> None:
    large = sites[1]
    assert len(large) > 1000
    assert max(menu_links(html) for html in sites[2].values()) <= MAX_MENU_LINKS
    counts = {name: menu_links(html) for name, html in large.items()}
    worst = max(counts, key=counts.__getitem__)
    assert counts[worst] <= MAX_MENU_LINKS, (worst, counts[worst])
    # every link leads to a page, and every page is linked: the limit hides none (404.html
    # is for the host to serve, linked from nowhere)
    linked = {posixpath.normpath(posixpath.join(posixpath.dirname(name), url))
              for name, html in large.items()
              for url in re.findall(r'href="([^"#:]+\.html)"', html)}
    assert linked == set(large) - {"404.html"}


def test_the_output_grows_linearly_with_pages(sites: Sites) -> None:
    per_page = [sum(len(html) for html in site.values()) / len(site) for site in sites]
    # 100 pages in 20 sections fill no section's menu (5 pages each), 1,000 do (30 shown of
    # 50): a page grows by those 25 links, then no more; flat, the root's menu is full at 100
    assert per_page[1] <= 1.5 * per_page[0], per_page
    assert abs(per_page[2] - per_page[1]) <= 0.05 * per_page[1], per_page


def test_a_long_level_shows_its_first_30_and_a_link_to_all(sites: Sites) -> None:
    large = sites[1]
    if "contents.html" in large:  # flat: the root's level
        menu = NAVS.findall(large["page-0500.html"])[0]
        titles = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', menu)
        assert titles[1:31] == [(f"page-{n:04d}.html", f"Page {n}") for n in range(30)]
        assert titles[31] == ("contents.html", "All 1,000 pages")
        assert '<a href="contents.html" aria-current="true">' in menu  # page 500 is in it
        listed = large["contents.html"].split('class="contents-list"')[1]
        assert len(re.findall(r"<li><a ", listed)) == 1000
    else:  # a section's level: its index page lists all of it
        html = large["part-03/page-0903.html"]  # the 46th of its section
        menu = html.split('class="section-nav"')[1].split("</nav>")[0]
        links = re.findall(r'<a (?:class="[^"]+" )?href="([^"]+)"[^>]*>([^<]+)</a>', menu)
        assert links[0] == ("index.html", "Part 03")
        assert links[1:4] == [("page-0003.html", "Page 3"), ("page-0023.html", "Page 23"),
                              ("page-0043.html", "Page 43")]
        assert links[-1] == ("index.html", "All 50 pages") and len(links) == 32
        # not shown: the link to all of them stands for it
        assert '<a href="index.html" aria-current="true">All 50 pages</a>' in menu
        index = large["part-03/index.html"].split('class="section-contents"')[1]
        assert len(re.findall(r"<li><a ", index)) == 50
