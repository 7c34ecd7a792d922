"""File names with '#', '?', '&', '%' and spaces become URLs that lead to them (the browser
test follows every link: tests/browser/test_special_names.py)."""

from __future__ import annotations

import pytest

from site_builder.kit.markdown import LinkTargets, resolve_link
from site_builder.render.links import link_to, relative_url


@pytest.mark.parametrize(("from_path", "to_path", "link"), [
    ("index.html", "a#b.html", "a%23b.html"),
    ("index.html", "c?d.html", "c%3Fd.html"),
    ("index.html", "e&f.html", "e%26f.html"),
    ("index.html", "g%h.html", "g%25h.html"),
    ("a b/x#1.html", "a b/i j.html", "i%20j.html"),
    ("a b/x#1.html", "pdf/a b-x#1.pdf", "../pdf/a%20b-x%231.pdf"),
    ("a b/x#1.html", "a b/x#1.html", "x%231.html"),
])
def test_a_path_becomes_a_url_that_leads_to_it(from_path: str, to_path: str, link: str) -> None:
    assert link_to(from_path, to_path) == link


def test_a_url_keeps_its_fragment_from_a_page_in_an_odd_folder() -> None:
    assert relative_url("a b/x#1.html", "a%20b/y.html#part") == "y.html#part"
    assert relative_url("a b/x#1.html", "#top") == "#top"


def test_markdown_links_to_odd_names_are_encoded() -> None:
    targets = LinkTargets(pages={"a#b.md": "a#b.html", "i j.md": "i j.html"},
                          files=frozenset({"images/x y.png"}), generated=frozenset())
    assert resolve_link("a%23b.md#part", "index.md", targets) == ("a%23b.html#part", None)
    assert resolve_link("i%20j.md", "index.md", targets) == ("i%20j.html", None)
    assert resolve_link("images/x%20y.png", "index.md", targets, image=True) == \
        ("images/x%20y.png", None)
