"""One site in several languages: the source's pages at the root, each translation's in its
folder, the assets shared; on every page `lang` and `dir`, a switcher to the same page in
each language and, with base_url, `hreflang` alternates; a sitemap per language, a 404 and a
search index per language, and the offline list covering every language.

The translated kits are made from the loaded kits in tests/translations.py (every text
marked "[fr] ", or the RTL kit's few Arabic texts).
"""

from __future__ import annotations

import posixpath
import re
import shutil
import xml.etree.ElementTree as ElementTree
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from site_builder.check import check_kit
from site_builder.diagnostics import KitError, Problems
from site_builder.kit.load import load_kit
from site_builder.model import Kit
from site_builder.render.offline import SiteFile, precached, write_service_worker
from site_builder.render.output import SiteOutput
from site_builder.render.site import render_site
from tests.kits import FIXTURE_KITS, ROOT
from tests.search_kit import DEEP_URL, make_search_kit
from tests.test_hosting import Tags
from tests.translations import arabic, prefixed, with_translations

BASE = "https://example.org/workshops/support/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def with_base_url(kit: Kit, base_url: str) -> Kit:
    def based(one: Kit) -> Kit:
        return replace(one, site=replace(one.site, base_url=base_url))

    return replace(based(kit), translations={code: based(t) for code, t in
                                             kit.translations.items()})


def render(kit: Kit, out: Path) -> Path:
    out.mkdir(parents=True)
    render_site(kit, check_kit(kit).documents, out)
    return out


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default kit in English and (marked) French, with a base_url."""
    kit = load_kit(ROOT)
    kit = with_base_url(with_translations(kit, prefixed(kit, "fr")), BASE)
    return render(kit, tmp_path_factory.mktemp("french") / "site")


@pytest.fixture(scope="module")
def rtl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    kit = load_kit(FIXTURE_KITS / "rtl")
    return render(with_translations(kit, arabic(kit)), tmp_path_factory.mktemp("rtl") / "site")


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def html_of(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


def switcher(html: str) -> list[dict[str, str]]:
    """The switcher's links, with their text."""
    nav = re.search(r'<nav class="site-languages"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, "no language switcher"
    return [{**dict(re.findall(r'([\w-]+)="([^"]*)"', attrs)), "text": text}
            for attrs, text in re.findall(r"<a ([^>]*)>([^<]*)</a>", nav.group(1))]


def test_each_translation_is_in_its_folder_with_the_same_pages(french: Path) -> None:
    english = [name for name in pages(french) if not name.startswith("fr/")]
    assert [name for name in pages(french) if name.startswith("fr/")] == [
        f"fr/{name}" for name in english]
    assert "fr/checklists/network.html" in pages(french)
    assert not (french / "fr" / "assets").exists()  # shared, at the root
    assert "[fr] " in html_of(french, "fr/about.html")
    assert "[fr] " not in html_of(french, "about.html")
    assert (french / "fr" / "checklists" / "network.json").is_file()


def test_every_page_has_lang_dir_and_a_switcher_to_the_same_page(french: Path) -> None:
    for name in pages(french):
        html = html_of(french, name)
        language = "fr" if name.startswith("fr/") else "en"
        assert html.startswith(f'<!DOCTYPE html>\n<html lang="{language}" dir="ltr">'), name
        if name.endswith("404.html"):
            continue  # its own test below
        links = switcher(html)
        assert [(link["hreflang"], link["lang"], link["text"]) for link in links] == [
            ("en", "en", "English"), ("fr", "fr", "Français")], name
        page = name.removeprefix("fr/")
        for link in links:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), link["href"]))
            assert target == (page if link["hreflang"] == "en" else f"fr/{page}"), name
            assert (french / target).is_file(), name
            assert ("aria-current" in link) == (link["hreflang"] == language), name


def test_hreflang_names_every_language_and_the_default(french: Path) -> None:
    for name in pages(french):
        if name.endswith("404.html"):
            assert "hreflang" not in html_of(french, name).split("</head>")[0], name
            continue
        tags = Tags(html_of(french, name))
        page = name.removeprefix("fr/")
        alternates = {attrs["hreflang"]: attrs["href"]
                      for attrs in tags.find("link", rel="alternate")}
        assert alternates == {"en": BASE + _address(page), "fr": BASE + "fr/" + _address(page),
                              "x-default": BASE + _address(page)}, name
        canonical = tags.find("link", rel="canonical")[0]["href"]
        assert canonical == alternates["fr" if name.startswith("fr/") else "en"], name


def _address(page: str) -> str:
    return "" if page == "index.html" else page


def test_links_stay_in_their_language_and_reach_shared_files(french: Path) -> None:
    """Every link of a French page leads to a file of the site (PDFs aside: the PDF step
    writes them); to a page in French, to an asset at the root."""
    for name in pages(french):
        if not name.startswith("fr/") or name.endswith("404.html"):
            continue
        for link in Tags(html_of(french, name)).links():
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name),
                                                       unquote(parts.path)))
            if target.endswith(".pdf"):
                assert target.startswith("fr/pdf/"), (name, link)
                continue
            assert (french / target).is_file(), (name, link)
            if target.endswith(".html") and target.removeprefix("fr/") != name.removeprefix(
                    "fr/"):
                assert target.startswith("fr/"), (name, link)  # the switcher's aside
            if target.startswith("assets/"):
                assert link.startswith("../"), (name, link)


def test_a_translated_page_links_to_the_shared_images(tmp_path: Path) -> None:
    kit = load_kit(FIXTURE_KITS / "second")
    out = render(with_translations(kit, prefixed(kit, "de")), tmp_path / "site")
    assert 'src="images/loop.png"' in html_of(out, "index.html")
    assert 'src="../images/loop.png"' in html_of(out, "de/index.html")
    assert not (out / "de" / "images").exists()


def test_a_sitemap_per_language_under_an_index(french: Path) -> None:
    index = ElementTree.fromstring((french / "sitemap.xml").read_bytes())
    assert index.tag == f"{SITEMAP}sitemapindex"
    assert [loc.text for loc in index.iter(f"{SITEMAP}loc")] == [
        BASE + "sitemap-en.xml", BASE + "sitemap-fr.xml"]
    for language, prefix in (("en", ""), ("fr", "fr/")):
        urls = ElementTree.fromstring((french / f"sitemap-{language}.xml").read_bytes())
        listed = [loc.text or "" for loc in urls.iter(f"{SITEMAP}loc")]
        assert listed[0] == BASE + prefix
        assert BASE + prefix + "about.html" in listed
        assert all(url.startswith(BASE + prefix) for url in listed)
        assert not any(url.endswith("404.html") for url in listed)
        assert len(listed) == len([p for p in pages(french) if not p.endswith("404.html")]) // 2


def test_a_404_per_language_linking_from_the_hosts_root(french: Path) -> None:
    root = urlsplit(BASE).path
    english, translated = html_of(french, "404.html"), html_of(french, "fr/404.html")
    assert '<html lang="fr" dir="ltr">' in translated
    assert f'href="{root}assets/site.css?v=' in translated
    assert f'href="{root}fr/index.html"' in translated
    assert f'href="{root}fr/checklists/network.html"' in translated
    # its switcher goes to each language's home page
    assert [link["href"] for link in switcher(translated)] == [f"{root}index.html",
                                                               f"{root}fr/index.html"]
    assert [link["href"] for link in switcher(english)] == [f"{root}index.html",
                                                            f"{root}fr/index.html"]


def test_a_site_in_one_language_has_no_switcher_and_no_alternates(tmp_path: Path) -> None:
    kit = with_base_url(load_kit(FIXTURE_KITS / "second"), BASE)
    out = render(kit, tmp_path / "site")
    for name in pages(out):
        html = html_of(out, name)
        assert "site-languages" not in html and "hreflang" not in html, name
    assert "sitemapindex" not in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_right_to_left_pages(rtl: Path) -> None:
    for name in pages(rtl):
        html = html_of(rtl, name)
        if name.startswith("ar/"):
            assert html.startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl">'), name
        else:
            assert html.startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr">'), name
        if not name.endswith("404.html"):
            links = switcher(html)
            assert [(link["lang"], link["dir"], link["text"]) for link in links] == [
                ("en", "ltr", "English"), ("ar", "rtl", "العربية")], name
    assert "<h1>مرحبًا</h1>" in html_of(rtl, "ar/index.html")


def test_a_search_index_per_language(tmp_path: Path) -> None:
    kit = load_kit(make_search_kit(tmp_path / "kit"))
    out = render(with_translations(kit, prefixed(kit, "fr")), tmp_path / "site")
    english = (out / "search" / "index.js").read_text(encoding="utf-8")
    translated = (out / "fr" / "search" / "index.js").read_text(encoding="utf-8")
    assert "[fr] " not in english and '"title":"[fr] ' in translated
    assert (out / "fr" / "search.html").is_file() and not (out / "fr" / "assets").exists()
    box = html_of(out, f"fr/{DEEP_URL}")
    depth = DEEP_URL.count("/")
    assert f'data-index="{"../" * depth}search/index.js"' in box
    assert f'href="{"../" * (depth + 1)}assets/search.css?v=' in box


def test_the_offline_list_covers_every_language(french: Path, tmp_path: Path) -> None:
    kit = load_kit(ROOT)
    kit = with_translations(kit, prefixed(kit, "fr"))
    out = render(kit, tmp_path / "site")
    write_service_worker(kit, SiteOutput(out, Problems()))
    worker = (out / "service-worker.js").read_text(encoding="utf-8")
    assert '"fr/checklists/network.html"' in worker and '"fr/materials.html"' in worker
    # a large site stores each language's essentials at once
    site = [SiteFile(path, 1_000, "") for path in (
        "index.html", "materials.html", "checklists/network.html", "fr/index.html",
        "fr/materials.html", "fr/checklists/network.html", "fr/404.html", "404.html")]
    site += [SiteFile(f"fr/page-{n}.html", 100_000, "") for n in range(600)]
    chosen = {file.path for file in precached(site, ("fr/",))}
    assert {"fr/materials.html", "fr/404.html", "fr/index.html"} <= chosen
    assert "fr/page-1.html" not in chosen


def test_a_folder_of_content_named_as_a_language_is_refused_where_it_is(tmp_path: Path) -> None:
    kit_folder = shutil.copytree(FIXTURE_KITS / "minimal", tmp_path / "kit")
    (kit_folder / "content" / "fr").mkdir()
    (kit_folder / "content" / "fr" / "index.md").write_text(
        "---\ntitle: The Paris office\n---\n\nHello.\n", encoding="utf-8")
    kit = load_kit(kit_folder)
    with pytest.raises(KitError) as raised:
        render(with_translations(kit, prefixed(kit, "fr")), tmp_path / "site")
    assert [str(d) for d in raised.value.diagnostics] == [
        "content/fr/index.md:1:1: error: would be published in 'fr/', where the site's pages "
        "in 'fr' go ('fr' is one of the kit's languages); rename the folder content/fr/"]


def test_a_page_not_translated_yet_says_it_is_in_the_source_language(tmp_path: Path) -> None:
    """WCAG 3.1.2: the English shown in a French page's place is marked as English (and
    left to right), so a screen reader reads it as English."""
    kit = load_kit(FIXTURE_KITS / "rtl")
    translated = arabic(kit)
    about = next(page for page in kit.pages if page.url == "about.html")
    translated = replace(translated, pages=tuple(about if page.url == "about.html" else page
                                                 for page in translated.pages))
    out = render(with_translations(kit, translated), tmp_path / "site")
    assert '<div class="untranslated" lang="en" dir="ltr">' in html_of(out, "ar/about.html")
    for name in ("ar/index.html", "about.html", "index.html"):
        assert "untranslated" not in html_of(out, name), name
