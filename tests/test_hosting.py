"""Hosting: canonical links, link previews, the sitemap and robots.txt with `base_url`, none
of them without; the favicon, the 404 page and the assets' versions always."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from site_builder.check import check_kit
from site_builder.diagnostics import KitError, Problems
from site_builder.kit.load import load_kit
from site_builder.render.hosting import (
    SITEMAP_LIMIT,
    not_found_paths,
    plan_hosting,
    sitemap_files,
)
from site_builder.render.site import render_site, shipped_assets
from tests.bad_cases import run
from tests.kits import FIXTURE_KITS

BASE = "https://example.org/workshops/feedback/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class Tags(HTMLParser):
    """Every start tag of a page, with its attributes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def find(self, tag: str, **wanted: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag
                and all(attrs.get(k.rstrip("_").replace("_", "-")) == v
                                         for k, v in wanted.items())]

    def meta(self, prop: str) -> str | None:
        found = self.find("meta", property=prop)
        return found[0]["content"] if found else None

    def links(self) -> list[str]:
        return [attrs[key] for _, attrs in self.tags for key in ("href", "src") if key in attrs]


def make_kit(tmp: Path, extra: str = "", logo: str | None = None) -> Path:
    kit = tmp / "kit"
    shutil.copytree(FIXTURE_KITS / "second", kit)
    images = kit / "content" / "images"
    images.mkdir(exist_ok=True)
    if logo == "png":
        picture = Image.new("RGB", (240, 80), "#2b5d34")
        picture.paste((181, 69, 42), (20, 20, 60, 60))
        picture.save(images / "logo.png")
        extra += "logo: images/logo.png\n"
    elif logo == "svg":
        (images / "logo.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
            '<circle cx="5" cy="5" r="4" fill="#2b5d34"/></svg>\n', encoding="utf-8")
        extra += "logo: images/logo.svg\n"
    (kit / "content" / "draft-notes.md").write_text(
        "---\ntitle: Unfinished notes\ndraft: true\n---\nNot yet.\n", encoding="utf-8")
    site = kit / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return kit


def render(kit: Path, out: Path) -> Path:
    loaded = load_kit(kit)
    render_site(loaded, check_kit(loaded).documents, out)
    return out


def pages(out: Path) -> dict[str, Tags]:
    return {p.relative_to(out).as_posix(): Tags(p.read_text(encoding="utf-8"))
            for p in sorted(out.rglob("*.html"))}


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("hosted")
    return render(make_kit(tmp, f"base_url: {BASE}\n", logo="png"), tmp / "out")


@pytest.fixture(scope="module")
def relative(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("relative")
    return render(make_kit(tmp, logo="png"), tmp / "out")


def address(url: str) -> str:
    return BASE + (url[: -len("index.html")] if url.endswith("index.html") else url)


def test_every_page_names_its_canonical_address_and_its_preview(hosted: Path) -> None:
    found = pages(hosted)
    assert "draft-notes.html" not in found
    for url, tags in found.items():
        canonical = tags.find("link", rel="canonical")
        if url == "404.html":
            assert canonical == [] and tags.meta("og:url") is None
            continue
        assert [c["href"] for c in canonical] == [address(url)], url
        assert tags.meta("og:url") == address(url)
        assert tags.meta("og:title"), url
        assert tags.meta("og:type") == ("website" if url == "index.html" else "article")
        image = tags.meta("og:image") or ""
        assert re.fullmatch(re.escape(BASE + "images/logo.png") + r"\?v=[0-9a-f]{10}", image)
    home = found["index.html"]
    assert home.meta("og:description") == ("Six small habits that decide whether feedback "
                                           "helps or hurts.")
    assert home.meta("og:site_name") == "Feedback habits"
    assert found["about.html"].meta("og:title") == "About"


def test_the_sitemap_lists_every_published_page_and_robots_names_it(hosted: Path) -> None:
    tree = ElementTree.parse(hosted / "sitemap.xml")
    listed = [loc.text or "" for loc in tree.iter(f"{SITEMAP}loc")]
    published = sorted(p.relative_to(hosted).as_posix() for p in hosted.rglob("*.html"))
    assert "checklists/habits.html" in published and "guides/deep.html" in published
    expected = [address(url) for url in published if url != "404.html"]
    assert sorted(listed) == sorted(expected)  # no draft, no 404, the assessment included
    assert listed[0] == BASE
    robots = (hosted / "robots.txt").read_text(encoding="utf-8")
    assert f"\nSitemap: {BASE}sitemap.xml\n" in robots
    assert "User-agent: *" in robots


def test_without_base_url_nothing_names_an_address_and_every_link_is_relative(
        relative: Path) -> None:
    assert not (relative / "sitemap.xml").exists()
    assert not (relative / "robots.txt").exists()
    for url, tags in pages(relative).items():
        assert tags.find("link", rel="canonical") == []
        assert not [t for t in tags.tags if t[0] == "meta" and "property" in t[1]], url
        for link in tags.links():
            assert not link.startswith("/"), (url, link)
            if "://" in link:  # a link out of the site, in a page's own text
                assert link.startswith("https://") and url != "404.html", (url, link)


def test_every_shipped_file_is_linked_with_the_hash_of_its_content(hosted: Path) -> None:
    seen = set()
    for url, tags in pages(hosted).items():
        for link in tags.links():
            path, _, query = link.partition("?")
            if "/assets/" not in f"/{path}" and not path.endswith("logo.png"):
                continue
            file = (hosted / url).parent / path if not path.startswith("/") else \
                hosted / path.removeprefix("/workshops/feedback/")
            digest = hashlib.sha256(file.resolve().read_bytes()).hexdigest()[:10]
            assert query == f"v={digest}", (url, link)
            seen.add(file.resolve().name)
    assert {"site.css", "theme.css", "favicon.png", "logo.png", "assessment.js"} <= seen


def test_the_plan_lists_every_versioned_url_the_pages_link(tmp_path: Path) -> None:
    kit = load_kit(make_kit(tmp_path, logo="png"))
    hosting, _ = plan_hosting(kit, shipped_assets(kit), Problems())
    out = tmp_path / "out"
    render_site(kit, check_kit(kit).documents, out)
    linked = {link for tags in pages(out).values() for link in tags.links() if "?v=" in link
              and not link.startswith("../")}
    assert linked and linked <= set(hosting.versioned_urls())
    assert "assets/site.css?v=" + hosting.versions["assets/site.css"] in linked


def test_a_raster_logo_is_the_favicon_as_a_small_square_png(hosted: Path) -> None:
    for tags in pages(hosted).values():
        icons = tags.find("link", rel="icon")
        assert [(i["type"], i["sizes"]) for i in icons] == [("image/png", "64x64")]
    with Image.open(hosted / "assets" / "favicon.png") as icon:
        assert icon.size == (64, 64) and icon.mode == "RGBA"
        corner, middle = icon.getpixel((0, 0)), icon.getpixel((32, 32))
        assert isinstance(corner, tuple) and isinstance(middle, tuple)
        assert corner[3] == 0  # the wide logo sits on a clear ground
        assert middle == (43, 93, 52, 255)  # the logo's own ground, in the middle


def test_an_svg_logo_is_the_favicon_itself_and_no_link_preview_image(tmp_path: Path) -> None:
    out = render(make_kit(tmp_path, f"base_url: {BASE}\n", logo="svg"), tmp_path / "out")
    home = pages(out)["index.html"]
    assert [(i["type"], i["href"].partition("?")[0]) for i in home.find("link", rel="icon")] \
        == [("image/svg+xml", "images/logo.svg")]
    assert home.meta("og:image") is None  # link previews show no SVG
    assert not (out / "assets" / "favicon.png").exists()


def test_without_a_logo_the_favicon_is_the_built_in_one(tmp_path: Path) -> None:
    out = render(make_kit(tmp_path), tmp_path / "out")
    checklist = pages(out)["checklists/habits.html"]
    [icon] = checklist.find("link", rel="icon")
    assert icon["type"] == "image/svg+xml"
    assert icon["href"].startswith("../assets/favicon.svg?v=")


def test_a_logo_that_is_no_image_is_refused_at_site_yaml(tmp_path: Path) -> None:
    kit = make_kit(tmp_path, logo="png")
    (kit / "content" / "images" / "logo.png").write_text("not a picture", encoding="utf-8")
    with pytest.raises(KitError) as error:
        render(kit, tmp_path / "out")
    assert "site.yaml: error: 'logo' names 'images/logo.png', which cannot be read as an " \
        "image" in str(error.value)


def test_the_404_page_with_base_url_links_from_the_hosts_root(hosted: Path) -> None:
    tags = pages(hosted)["404.html"]
    site_links = [link for link in tags.links() if not link.startswith(("#", "http"))]
    assert site_links and all(link.startswith("/workshops/feedback/") for link in site_links)
    assert "/workshops/feedback/assets/site.css?v=" in " ".join(site_links)
    assert tags.find("meta", name="robots") == [{"name": "robots", "content": "noindex"}]


def test_the_404_page_without_base_url_needs_no_other_file(relative: Path) -> None:
    html = (relative / "404.html").read_text(encoding="utf-8")
    tags = Tags(html)
    assert [link for link in tags.links() if not link.startswith(("#", "data:"))] == []
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert ".site-header" in style and "--primary: #2b5d34" in style  # site.css and theme
    source = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode()
    [policy] = tags.find("meta", http_equiv="Content-Security-Policy")
    assert f"style-src 'sha256-{source}';" in policy["content"]
    assert "'unsafe-inline'" not in policy["content"] and "script-src" not in policy["content"]
    assert tags.find("img", class_="brand-logo")[0]["src"].startswith("data:image/png;base64,")
    assert tags.find("link", rel="icon")[0]["href"].startswith("data:image/png;base64,")


def test_two_builds_are_the_same_bytes_and_a_new_colour_changes_only_its_version(
        tmp_path: Path) -> None:
    kit = make_kit(tmp_path, f"base_url: {BASE}\n", logo="png")
    outs = [tmp_path / "one", tmp_path / "two"]
    for out in outs:
        assert run("build", "--kit", kit, "--out", out, "--no-cache").exit_code == 0
    files = [{p.relative_to(o).as_posix(): p.read_bytes() for p in sorted(o.rglob("*"))
              if p.is_file()} for o in outs]
    assert files[0] == files[1]
    site = kit / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("#2b5d34", "#553377"),
                    encoding="utf-8")
    out = tmp_path / "three"
    render(kit, out)
    before = Tags(files[0]["index.html"].decode()).links()
    after = Tags((out / "index.html").read_text(encoding="utf-8")).links()
    changed = {(a, b) for a, b in zip(before, after, strict=True) if a != b}
    assert [a.partition("?")[0] for a, _ in changed] == ["assets/theme.css"]


def test_a_changed_logo_changes_its_version_on_every_page_of_a_cached_rebuild(
        tmp_path: Path) -> None:
    kit = make_kit(tmp_path, logo="png")
    out = tmp_path / "out"
    assert run("build", "--kit", kit, "--out", out).exit_code == 0
    before = (out / "about.html").read_text(encoding="utf-8")
    Image.new("RGB", (80, 80), "#b5452a").save(kit / "content" / "images" / "logo.png")
    assert run("build", "--kit", kit, "--out", out).exit_code == 0
    after = (out / "about.html").read_text(encoding="utf-8")
    logo = hashlib.sha256((out / "images" / "logo.png").read_bytes()).hexdigest()[:10]
    assert f"images/logo.png?v={logo}" in after and f"?v={logo}" not in before


def test_a_sitemap_past_the_protocols_limit_is_an_index_of_parts() -> None:
    addresses = [f"{BASE}p{n}.html" for n in range(SITEMAP_LIMIT + 1)]
    files = dict(sitemap_files(BASE, {"en": addresses}))
    assert list(files) == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]
    index = ElementTree.fromstring(files["sitemap.xml"].encode())
    assert index.tag == f"{SITEMAP}sitemapindex"
    assert [loc.text for loc in index.iter(f"{SITEMAP}loc")] == [
        f"{BASE}sitemap-1.xml", f"{BASE}sitemap-2.xml"]
    last = ElementTree.fromstring(files["sitemap-2.xml"].encode())
    assert [loc.text for loc in last.iter(f"{SITEMAP}loc")] == [addresses[-1]]


def test_a_kits_own_404_page_is_published_instead_and_left_out_of_the_sitemap(
        tmp_path: Path) -> None:
    kit = make_kit(tmp_path, f"base_url: {BASE}\n")
    (kit / "content" / "404.md").write_text("---\ntitle: Lost?\n---\nTry the home page.\n",
                                            encoding="utf-8")
    out = render(kit, tmp_path / "out")
    assert "<h1>Lost?</h1>" in (out / "404.html").read_text(encoding="utf-8")
    listed = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "404" not in listed and f"<loc>{BASE}about.html</loc>" in listed


def test_a_logo_linked_from_outside_the_kit_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    Image.new("RGB", (8, 8), "#123456").save(secret)
    kit = make_kit(tmp_path)
    (kit / "content" / "images" / "logo.png").symlink_to(secret)
    site = kit / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "logo: images/logo.png\n",
                    encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(KitError) as error:
        render(kit, out)
    assert "content/images/logo.png: error: is a link to a file outside the kit" \
        in str(error.value)
    inlined = base64.b64encode(secret.read_bytes()).decode()
    assert inlined not in (out / "404.html").read_text(encoding="utf-8")
    assert not (out / "assets" / "favicon.png").exists()


@pytest.mark.parametrize(("base_url", "root"), [
    ("https://example.org/workshops/feedback/", "/workshops/feedback/"),
    ("https://example.org/workshops/feedback", "/workshops/feedback/"),
    ("https://example.org", "/"),
    ("https://example.org/", "/"),
])
def test_the_404_pages_links_start_at_the_path_of_base_url(base_url: str, root: str) -> None:
    html = ('<link href="assets/site.css?v=1"><a href="index.html">Home</a>'
            '<a href="#main">Skip</a><a href="https://other.example/">Out</a>')
    assert not_found_paths(html, base_url) == (
        f'<link href="{root}assets/site.css?v=1"><a href="{root}index.html">Home</a>'
        '<a href="#main">Skip</a><a href="https://other.example/">Out</a>')


def test_the_404_pages_search_box_looks_from_the_hosts_root_too(tmp_path: Path) -> None:
    """On a site with search, the 404 page's search form, its index and the root its
    results are linked from are found at any depth, as its links are; its files are
    versioned as the other assets are."""
    kit = make_kit(tmp_path, f"base_url: {BASE}\n")
    for number in range(21):  # past the size at which a site has search
        (kit / "content" / f"extra-{number}.md").write_text(
            f"---\ntitle: Extra {number}\n---\n\nText.\n", encoding="utf-8")
    html = (render(kit, tmp_path / "out") / "404.html").read_text(encoding="utf-8")
    for attribute, path in (("action", "search.html"), ("data-index", "search/index.js"),
                            ("data-root", "index.html")):
        assert f'{attribute}="/workshops/feedback/{path}"' in html, attribute
    assert re.search(r'src="/workshops/feedback/assets/search\.js\?v=[0-9a-f]{10}"', html)
