"""Markdown -> HTML: links checked and rewritten, raw HTML never passed through."""

from __future__ import annotations

from site_builder.diagnostics import Location, Problems
from site_builder.kit.markdown import LinkTargets, render_markdown

TARGETS = LinkTargets(pages={"guide.md": "guide.html", "sub/deep.md": "sub/deep.html",
                             "checklists/network.yaml": "checklists/network.html"},
                      files=frozenset({"images/map.png"}))


def render(text: str, source: str = "index.md") -> tuple[str, list[str]]:
    report = Problems()
    html = render_markdown(text, Location(f"content/{source}", 5, 1), source, TARGETS, report)
    return html, [str(d) for d in report]


def test_links_by_source_path_become_urls_from_the_content_root() -> None:
    html, problems = render(
        "[a](guide.md#agenda) [b](checklists/network.yaml) ![m](images/map.png)")
    assert problems == []
    assert 'href="guide.html#agenda"' in html
    assert 'href="checklists/network.html"' in html
    assert 'src="images/map.png"' in html


def test_a_checklist_section_link_reaches_its_anchor() -> None:
    html, problems = render("[the first part](checklists/network.yaml#instrumental)")
    assert problems == [] and 'href="checklists/network.html#section-instrumental"' in html


def test_links_count_from_the_page_folder() -> None:
    html, problems = render("[up](../guide.md)", source="sub/deep.md")
    assert problems == [] and 'href="guide.html"' in html


def test_raw_html_is_shown_as_text() -> None:
    html, _ = render("<script>alert(1)</script> <b>bold</b>")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html


def test_refused_links_are_located_and_neutralised() -> None:
    html, problems = render("Intro\n\n[x](javascript:alert(1)) [y](missing.md)")
    assert problems == [
        "content/index.md:7:5: error: link 'javascript:alert(1)' uses 'javascript:'; links may "
        "only use http:, https:, mailto: or a relative path",
        "content/index.md:7:30: error: link to 'missing.md': no page or file 'missing.md' in "
        "content/",
    ]
    assert "javascript:" not in html


def test_an_empty_corner_header_cell_is_a_data_cell() -> None:
    html, _ = render("| | A |\n| --- | --- |\n| row | 1 |\n")
    assert "<td></td>\n<th>A</th>" in html
