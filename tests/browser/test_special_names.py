"""Page files named with '#', '?', '&', '%' and spaces: every link of every page, followed in
Chromium from disk and over HTTP, leads to a file of the site (a page, its PDF, an asset)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from site_builder.kit.urls import url_path
from tests.browser.pages import serve_site
from tests.kits import MINIMAL

NAMES = ["a#b", "c?d", "e&f", "g%h", "i j", "sub folder/k#l m"]


@pytest.fixture(scope="module")
def odd_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from site_builder.build import build

    kit = shutil.copytree(MINIMAL, tmp_path_factory.mktemp("odd") / "kit")
    links = []
    for name in NAMES:
        path = kit / "content" / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        up = "../" if "/" in name else ""
        path.write_text(f"---\ntitle: Page {name}\nprint: true\n---\n# Page {name}\n\n"
                        f"[Home]({up}index.md)\n", encoding="utf-8")
        links.append(f"[{name}]({url_path(name + '.md')})")
    index = kit / "content" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n" + " ".join(links) + "\n",
                     encoding="utf-8")
    out = kit.parent / "site"
    build(kit, out, use_cache=False)
    return out


@pytest.fixture(scope="module")
def odd_http_root(odd_site: Path) -> Iterator[str]:
    yield from serve_site(odd_site, odd_site.parent / "docroot")


def file_of(root_url: str, site: Path, url: str) -> Path | None:
    """The site's file a URL of the site leads to, as a server or the disk reads it; None
    when the URL is not in the site."""
    if not url.startswith(root_url):
        return None
    return site / unquote(urlsplit(url).path[len(urlsplit(root_url).path):])


@pytest.mark.parametrize("how", ["file", "http"])
def test_every_link_of_every_page_leads_to_its_file(browser: Any, odd_site: Path, how: str,
                                                    request: pytest.FixtureRequest) -> None:
    root = odd_site.as_uri() + "/" if how == "file" else str(request.getfixturevalue(
        "odd_http_root"))
    pages = sorted(p.relative_to(odd_site).as_posix() for p in odd_site.rglob("*.html"))
    assert {f"{name}.html" for name in NAMES} <= set(pages)
    context = browser.new_context()
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    followed: set[str] = set()
    broken: list[str] = []
    try:
        for name in pages:
            tab.goto(root + url_path(name))
            assert file_of(root, odd_site, tab.url) == odd_site / name, tab.url
            hrefs = tab.eval_on_selector_all("a[href], link[href], script[src]",
                                             "els => els.map(e => e.href || e.src)")
            for href in hrefs:
                if href.startswith("data:"):  # the standalone 404 page's inlined icon
                    continue
                target = file_of(root, odd_site, href.split("#", 1)[0])
                if target is None or not target.is_file():
                    broken.append(f"{name}: {href}")
                    continue
                if target.suffix == ".html" and href.split("#", 1)[0] not in followed:
                    followed.add(href.split("#", 1)[0])
                    response = tab.goto(href)
                    assert response is None or response.ok, href
                    assert file_of(root, odd_site, tab.url.split("#", 1)[0]) == target
                elif how == "http" and target.suffix == ".pdf":
                    assert context.request.get(href).ok, href
    finally:
        context.close()
    assert not broken, "links that lead to no file:\n" + "\n".join(broken)
    assert {f"{name}.html" for name in NAMES} <= {
        file_of(root, odd_site, url).relative_to(odd_site).as_posix()  # type: ignore[union-attr]
        for url in followed}
