"""What a site needs once it is on a web host, beyond its pages.

Always: a favicon (the kit's logo, else the built-in one), a `404.html` for the host to
serve at any missing address, and a version in the URL of every asset the site ships
(`assets/site.css?v=1a2b3c4d5e`): the short hash of the file as written, so a changed
stylesheet has a new URL and is never taken stale from a browser's cache, while an unchanged
one keeps its URL from build to build. A query string rather than a hashed file name: the
files keep their names, so a kit's own templates, links and the PDFs' reading of the assets
are unchanged; a browser opening the site from disk ignores the query, and a cache (the
browser's, a service worker's) keys on the whole URL.

With `base_url` in site.yaml, also what needs the site's address: each page's canonical
link and link-preview (`og:`) metadata, `sitemap.xml`, and `robots.txt` naming it. Without
it none of these is written and every link stays relative.
"""

from __future__ import annotations

import base64
import hashlib
import io
import posixpath
import warnings
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from site_builder.diagnostics import Location, Problems
from site_builder.kit.urls import url_path
from site_builder.model import Kit
from site_builder.render.links import is_site_url, rewrite_links, split_suffix
from site_builder.render.output import SiteOutput, inside
from site_builder.render.site_address import absolute_url

NOT_FOUND_URL = "404.html"
DEFAULT_ICON = "assets/favicon.svg"
LOGO_ICON = "assets/favicon.png"  # made from a raster logo
ICON_PIXELS = 64
SITEMAP_URL = "sitemap.xml"
SITEMAP_LIMIT = 50_000  # URLs in one sitemap file, as the sitemap protocol allows
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Logos a browser shows but Pillow may not read are still icons as they are.
IMAGE_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
               ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
               ".avif": "image/avif", ".ico": "image/x-icon"}
RASTER_PREVIEW = (".png", ".jpg", ".jpeg", ".gif", ".webp")  # what link previews show
STYLESHEETS = ("assets/site.css", "assets/theme.css")  # in base.html's order
INLINE_IMAGE_LIMIT = 100_000  # bytes: a larger logo is left out of the self-contained 404


@dataclass(frozen=True)
class Icon:
    url: str  # a path in the site
    type: str
    sizes: str = ""


@dataclass(frozen=True)
class Hosting:
    """The build's hosting plan: every page is given the same one."""

    base_url: str
    versions: Mapping[str, str]  # a shipped file's path in the site -> its content's hash
    icons: tuple[Icon, ...]
    preview_image: str  # og:image, a path in the site; "" for none

    def address(self, url: str) -> str:
        """A page's published address (its `index.html` left off, as links give it)."""
        return absolute_url(self.base_url, url_path(url))

    def versioned_urls(self) -> list[str]:
        """Every shipped file's URL from the site's root, as the pages link it (with its
        `?v=`): what a cache of the site (a service worker's) must hold."""
        return [f"{url_path(path)}?v={version}" for path, version in self.versions.items()]

    def head_for(self, url: str, folder: str = "") -> dict[str, Any]:
        """What base.html's `head-links.html` needs for the page at `url` of the language
        whose pages are in `folder` ("" at the site's root)."""
        canonical = self.address(folder + url) if self.base_url else ""
        image = self.address(self.preview_image) if canonical and self.preview_image else ""
        if image and self.preview_image in self.versions:
            image += f"?v={self.versions[self.preview_image]}"
        return {"canonical_url": canonical, "icons": self.icons, "preview_image": image,
                "preview_type": "website" if url == "index.html" else "article"}


@dataclass(frozen=True)
class MadeFile:
    """A file the hosting step makes (a favicon from a raster logo)."""

    url: str
    data: bytes


def short_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:10]


def plan_hosting(kit: Kit, shipped: Mapping[str, bytes], report: Problems
                 ) -> tuple[Hosting, list[MadeFile]]:
    """The plan for `kit`, whose site ships the files `shipped` (path in the site -> the
    bytes written) besides its content; and the files it makes itself."""
    files = dict(shipped)
    made: list[MadeFile] = []
    icons = (Icon(DEFAULT_ICON, "image/svg+xml"),)
    preview = ""
    logo = kit.site.logo
    data = logo_bytes(kit)
    if data is not None:
        files[logo] = data
        suffix = Path(logo).suffix.lower()
        preview = logo if suffix in RASTER_PREVIEW else ""
        if suffix == ".svg":
            icons = (Icon(logo, "image/svg+xml"),)
        else:
            png = square_icon(data, Location("site.yaml"), logo, report)
            if png is not None:
                made.append(MadeFile(LOGO_ICON, png))
                files[LOGO_ICON] = png
                icons = (Icon(LOGO_ICON, "image/png", f"{ICON_PIXELS}x{ICON_PIXELS}"),)
    versions = {url: short_hash(data) for url, data in sorted(files.items())}
    return Hosting(kit.site.base_url, versions, icons, preview), made


def site_files(kit: Kit, shipped: Mapping[str, bytes], made: Iterable[MadeFile]
               ) -> dict[str, bytes]:
    """Every file `plan_hosting` versions, by its path in the site."""
    files = {**shipped, **{file.url: file.data for file in made}}
    data = logo_bytes(kit)
    if data is not None:
        files[kit.site.logo] = data
    return files


def logo_bytes(kit: Kit) -> bytes | None:
    """The logo's file, when it is a readable file inside the kit (else None: publishing it,
    `copy_static_files` reports why)."""
    source = kit.root / "content" / kit.site.logo
    if not kit.site.logo or not inside(source, kit.root) or not source.is_file():
        return None
    try:
        return source.read_bytes()
    except OSError:
        return None


def square_icon(data: bytes, where: Location, logo: str, report: Problems) -> bytes | None:
    """The raster logo in a square of ICON_PIXELS (a wide logo centred on a transparent
    ground), as PNG; None, reported, when it cannot be read. Pillow is loaded only here."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                picture = image.convert("RGBA")
    except (OSError, UnidentifiedImageError, Image.DecompressionBombWarning,
            Image.DecompressionBombError, ValueError) as error:
        report.error(where, f"'logo' names '{logo}', which cannot be read as an image "
                     f"({error}); use a PNG, JPEG or SVG file")
        return None
    picture.thumbnail((ICON_PIXELS, ICON_PIXELS), Image.Resampling.LANCZOS)
    square = Image.new("RGBA", (ICON_PIXELS, ICON_PIXELS), (0, 0, 0, 0))
    square.paste(picture, ((ICON_PIXELS - picture.width) // 2,
                           (ICON_PIXELS - picture.height) // 2))
    out = io.BytesIO()
    square.save(out, format="PNG", optimize=True)  # no time or text chunks: the same bytes
    return out.getvalue()


def versioned(hosting: Hosting | None, path: str, url: str) -> str:
    """`url`, the link to the site's file `path`, with the file's version when it has one."""
    version = hosting.versions.get(path) if hosting is not None else None
    return f"{url}?v={version}" if version else url


def write_hosting(kit: Kit, hosting: Hosting, made: Iterable[MadeFile],
                  page_urls: Mapping[str, Iterable[str]], folders: Mapping[str, str],
                  output: SiteOutput) -> None:
    """The made files; with a `base_url`, the sitemap of each language's `page_urls` (its
    pages being in its `folders`: "" for the root, "fr/") and robots.txt."""
    origin = Location("site.yaml")
    for file in made:
        path = output.claim(file.url, origin, f"the favicon made from '{kit.site.logo}'")
        if path is not None:
            path.write_bytes(file.data)
            output.written.append(path)
    if not hosting.base_url:
        return
    addresses = {}
    for code, urls in page_urls.items():
        listed = set(urls) - {NOT_FOUND_URL}  # a kit's own 404.md is no page to index
        addresses[code] = [hosting.address(folders[code] + url)
                           for url in sorted(listed, key=_home_first)]
    for url, text in sitemap_files(hosting.base_url, addresses):
        output.write_text(url, text, origin, "the sitemap")
    if "robots.txt" not in kit.static_files:  # a kit's own is published instead
        output.write_text("robots.txt", robots_txt(hosting.base_url), origin, "robots.txt")


def _home_first(url: str) -> tuple[bool, str]:
    return url != "index.html", url


def sitemap_files(base_url: str, addresses: Mapping[str, list[str]]
                  ) -> list[tuple[str, str]]:
    """`sitemap.xml` listing the `addresses` of a site in one language; past SITEMAP_LIMIT,
    or for a site in several languages, an index of sitemaps: one per language
    (`sitemap-fr.xml`), in numbered parts past the limit (`sitemap-fr-2.xml`).

    One sitemap per language rather than one sitemap with `xhtml:link` alternates: each
    page's head already names its versions in the other languages (`hreflang`), which
    search engines read as they would the sitemap's; a sitemap per language stays a plain
    list, and a translator or host can see what each language publishes."""
    if len(addresses) == 1:
        (only,) = addresses.values()
        if len(only) <= SITEMAP_LIMIT:
            return [(SITEMAP_URL, _xml("urlset", only))]
    files = []
    for code, found in addresses.items():
        stem = f"sitemap-{code}" if len(addresses) > 1 else "sitemap"
        parts = [found[i:i + SITEMAP_LIMIT] for i in range(0, len(found), SITEMAP_LIMIT)]
        if len(parts) == 1:
            files.append((f"{stem}.xml", _xml("urlset", parts[0])))
        else:
            files += [(f"{stem}-{n}.xml", _xml("urlset", part))
                      for n, part in enumerate(parts, 1)]
    index = _xml("sitemapindex", [absolute_url(base_url, name) for name, _ in files])
    return [(SITEMAP_URL, index), *files]


def _xml(kind: str, addresses: list[str]) -> str:
    root = ElementTree.Element(kind, xmlns=SITEMAP_NS)
    entry = "url" if kind == "urlset" else "sitemap"
    for address in addresses:
        ElementTree.SubElement(ElementTree.SubElement(root, entry), "loc").text = address
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def robots_txt(base_url: str) -> str:
    return (f"# Every page may be indexed; the sitemap lists them.\nUser-agent: *\nAllow: /\n\n"
            f"Sitemap: {absolute_url(base_url, SITEMAP_URL)}\n")


# Where a page names a place in the site: links, and the search box's form and index.
SITE_LINKS = frozenset({"href", "src", "action", "data-index", "data-root"})


def not_found_paths(html: str, base_url: str, folder: str = "") -> str:
    """The 404 page, rendered as a page at the top of its language's `folder` ("" for the
    site's root), with every link to the site made absolute from the root of the host
    (`/workshop/assets/site.css`), so that it works at whatever depth the host serves it
    and on any host name (a preview deploy's included)."""
    root = posixpath.join(urlsplit(base_url).path or "/", "")

    def rewrite(_tag: str, _name: str, value: str) -> str:
        if not is_site_url(value):
            return value
        if not folder:
            return root + value
        # a translation's 404 links to the shared assets with "../"
        path, suffix = split_suffix(value)
        joined = posixpath.normpath(posixpath.join(root, folder, path))
        return joined + ("/" if path.endswith("/") else "") + suffix

    return rewrite_links(html, rewrite, SITE_LINKS)


def inline_css(stylesheets: Iterable[bytes]) -> Markup:
    """The stylesheets as the text of one `<style>` element (for the self-contained 404)."""
    text = "\n".join(css.decode("utf-8") for css in stylesheets)
    if "</" in text:  # would close the element; never so in the built-in CSS
        raise ValueError("a stylesheet holds '</' and cannot be inlined")
    return Markup(text)


def csp_hash(text: str) -> str:
    """The Content-Security-Policy source allowing exactly one inline element's `text`."""
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def data_url(path: str, files: Mapping[str, bytes]) -> str:
    """A file of the site as a `data:` URL (an image in the self-contained 404); "" when it
    is too large to inline or not an image."""
    data = files.get(path)
    kind = IMAGE_TYPES.get(Path(path).suffix.lower())
    if data is None or kind is None or len(data) > INLINE_IMAGE_LIMIT:
        return ""
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def standalone_context(kit: Kit, hosting: Hosting, files: Mapping[str, bytes]
                       ) -> dict[str, Any]:
    """What the self-contained 404 page (no `base_url`) needs: where it will be served is
    unknown, so no link to the site can be right; its style is inlined, allowed by its hash
    alone in the page's own policy, and its images are `data:` URLs."""
    style = inline_css(files[name] for name in STYLESHEETS)
    icons = [(icon, data_url(icon.url, files)) for icon in hosting.icons]
    return {"inline_style": style, "style_source": Markup(csp_hash(str(style))),
            "inline_icons": [(icon, url) for icon, url in icons if url],
            "inline_logo": data_url(kit.site.logo, files) if kit.site.logo else ""}
