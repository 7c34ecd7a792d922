"""Relative links: every URL in the output is relative to the page it is in.

Site URLs here are URLs relative to the output root (`index.html`,
`checklists/network.html`, `assets/site.css`), possibly with `?query` or `#fragment`;
a file's path (a page's `url` in the model) becomes one through `url_path`, so a file name
with '#', '?', '%' or a space still leads to its file.
"""

from __future__ import annotations

import html as html_module
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote

from site_builder.kit.urls import url_path

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_LINK_ATTRIBUTES = frozenset({"href", "src"})
_NEWLINE = re.compile("\n")
# One attribute of a start tag; scanning them in order consumes every value, so an
# `href=` inside another attribute's value is never mistaken for a link.
_ATTRIBUTE = re.compile(
    r"""(?P<lead>\s+)(?P<name>[^\s"'>/=]+)"""
    r"""(?:(?P<eq>\s*=\s*)(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=<>`]+)))?"""
)


def is_site_url(url: str) -> bool:
    """True for a URL relative to the site root; false for `http:`, `mailto:`, `#x`, `/x`, ``."""
    return bool(url) and not (_SCHEME.match(url) or url.startswith(("#", "/", "?")))


def link_to(from_path: str, to_path: str) -> str:
    """The link from the page at `from_path` to the file at `to_path`, both paths in the
    site as the model holds them: `link_to("a b/x.html", "c#1.html") == "../c%231.html"`."""
    return relative_url(from_path, url_path(to_path))


def relative_url(from_path: str, to_url: str) -> str:
    """The link from the page at `from_path` (a path in the site) to `to_url` (a URL),
    both relative to the site root.

    `relative_url("checklists/network.html", "index.html") == "../index.html"`.
    URLs that are not site URLs (`https:`, `mailto:`, `#top`) come back unchanged.
    """
    if not is_site_url(to_url):
        return to_url
    from_url = url_path(from_path)
    path, suffix = split_suffix(to_url)
    relative = _relative_path(path or from_url, posixpath.dirname(from_url))
    if path.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return relative + suffix


def _relative_path(path: str, folder: str) -> str:
    """`posixpath.relpath(path, folder)` for two paths from the site root, without the
    two calls for the current directory it makes, which a page makes a dozen times."""
    to = _parts(path)
    start = _parts(folder)
    common = 0
    while common < min(len(to), len(start)) and to[common] == start[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


def _parts(path: str) -> list[str]:
    normal = posixpath.normpath(path) if path else "."
    return [] if normal == "." else normal.split("/")


def split_suffix(url: str) -> tuple[str, str]:
    """`a/b.html?x#y` -> (`a/b.html`, `?x#y`)."""
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    return url[:cut], url[cut:]


class _TagFinder(HTMLParser):
    """Records the source span of every start tag that has an href or src attribute."""

    def __init__(self, source: str, attributes: frozenset[str] = _LINK_ATTRIBUTES) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes = attributes
        self.spans: list[tuple[str, int, int]] = []
        # Where each line starts, as getpos() counts lines (at "\n" only); found by the
        # regex engine: a Python loop over every character cost a large site seconds.
        self._line_starts = [0, *(match.end() for match in _NEWLINE.finditer(source))]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not any(name in self.attributes for name, _ in attrs):
            return
        text = self.get_starttag_text() or ""
        line, offset = self.getpos()
        start = self._line_starts[line - 1] + offset
        self.spans.append((tag, start, start + len(text)))

    handle_startendtag = handle_starttag


LinkRewrite = Callable[[str, str, str], str | None]
"""(tag, attribute, value) -> the new value, or None to drop the attribute."""


def rebase_html(html: str, from_url: str) -> str:
    """Re-base the content-root-relative `href`/`src` links of sanitised HTML for a page."""
    if "/" not in from_url:
        return html  # a page at the root: content-root-relative links are already right
    return rewrite_links(html, lambda _tag, _name, value: relative_url(from_url, value))


def rewrite_links(html: str, rewrite: LinkRewrite,
                  attributes: frozenset[str] = _LINK_ATTRIBUTES) -> str:
    """Apply `rewrite` to every `href`/`src` attribute (or those named) of every start tag
    in `html`.

    The HTML comes from our Markdown renderer, so tags are well formed; the stdlib
    parser finds the tags (so text that merely looks like an attribute is left alone)
    and only their `href`/`src` values change.
    """
    finder = _TagFinder(html, attributes)
    finder.feed(html)
    finder.close()
    pieces: list[str] = []
    last = 0
    for tag, start, end in finder.spans:
        pieces.append(html[last:start])
        pieces.append(_rewrite_tag(tag, html[start:end], rewrite, attributes))
        last = end
    pieces.append(html[last:])
    return "".join(pieces)


def _rewrite_tag(tag: str, text: str, rewrite: LinkRewrite,
                 attributes: frozenset[str] = _LINK_ATTRIBUTES) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match["name"]
        if name.lower() not in attributes or not match["eq"]:
            return match[0]
        value = match["dq"] if match["dq"] is not None else match["sq"] or match["bare"] or ""
        new = rewrite(tag, name.lower(), html_module.unescape(value))
        if new is None:
            return ""
        return f'{match["lead"]}{name}{match["eq"]}"{html_module.escape(new)}"'

    return _ATTRIBUTE.sub(replace, text)


@dataclass(frozen=True)
class Placement:
    """Where one language's pages are in the site: in `folder` ("" at the root, "fr/" for
    French), each at its own path inside it, while the files all languages share (`shared`:
    the assets, the kit's static files) stay at the site's root. Links between pages are
    then the same in every language's folder; only a link to a shared file climbs out."""

    folder: str = ""
    shared: frozenset[str] = frozenset()

    def link(self, from_path: str, to_path: str) -> str:
        """`link_to` for a page of this language: a shared file is found at the root."""
        if self.folder and to_path in self.shared:
            return link_to(self.folder + from_path, to_path)
        return link_to(from_path, to_path)

    def relative(self, from_path: str, to_url: str) -> str:
        """`relative_url` for a page of this language, `to_url` being relative to the
        language's own root (a page's content links are)."""
        if self.folder and is_site_url(to_url) and unquote(split_suffix(to_url)[0]) in self.shared:
            return relative_url(self.folder + from_path, to_url)
        return relative_url(from_path, to_url)

    def rebase(self, html: str, from_url: str) -> str:
        """`rebase_html` for a page of this language."""
        if not self.folder:
            return rebase_html(html, from_url)
        return rewrite_links(html, lambda _tag, _name, value: self.relative(from_url, value))


def rebase_html_for_pdf(html: str, from_url: str, base_url: str) -> str:
    """Like `rebase_html`, for a PDF: images still resolve to kit files, but a link to a
    site page becomes absolute with `site.base_url`, or is dropped (its text stays) when
    the site has no fixed address, since a relative link means nothing inside a PDF."""

    def rewrite(tag: str, name: str, value: str) -> str | None:
        if tag == "a" and name == "href" and is_site_url(value):
            return posixpath.join(base_url.rstrip("/") + "/", value) if base_url else None
        return relative_url(from_url, value)

    return rewrite_links(html, rewrite)
