"""Markdown with front matter -> Page: safe HTML with every link checked and rewritten.

Links in the HTML this module returns are relative to the content root
(`guide.html`, `checklists/network.html`); the renderer re-bases them for the
page they appear in.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin

from site_builder.diagnostics import Location, Report, did_you_mean
from site_builder.yamlfile import YNode, YamlError, parse_yaml, to_plain

SAFE_SCHEMES = ("http", "https", "mailto")
DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$")
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE)


@dataclass(frozen=True)
class LinkTargets:
    """Where a link may point: pages by source path, published files, generated pages."""

    pages: Mapping[str, str] = field(default_factory=dict)  # source path -> url
    files: frozenset[str] = frozenset()
    generated: frozenset[str] = frozenset()  # urls the build makes (materials.html ...)

    def known(self) -> list[str]:
        return [*self.pages, *self.files, *self.generated]


def split_front_matter(text: str, path: str) -> tuple[YNode | None, str, int]:
    """The front matter node, the Markdown body, and the line where the body starts."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, text, 1
    front = parse_yaml(match.group(1), path, first_line=2)
    return front, text[match.end():], match.group(0).count("\n") + 1


def _new_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.enable("strikethrough")
    anchors_plugin(md, min_level=2, max_level=3)
    # Every link reaches our own check, which reports what it refuses instead of
    # silently dropping it as markdown-it's default validator would.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


_PARSER = _new_parser()


def render_markdown(
    text: str,
    location: Location,
    source: str,
    targets: LinkTargets,
    report: Report,
) -> str:
    """Markdown -> HTML. `source` is the file's path inside content/ (links are relative
    to it); `location` is where `text` starts, for diagnostics."""
    try:
        tokens = _PARSER.parse(text)
    except Exception as error:  # markdown-it should not fail; if it does, name the file
        report.error(location, f"could not read this Markdown: {error}")
        return ""
    lines = text.splitlines()
    for token in tokens:
        if token.type == "inline" and token.children:
            where = token.map[0] if token.map else 0
            for child in token.children:
                _check_link(child, lines, where, location, source, targets, report)
    return str(_PARSER.renderer.render(tokens, _PARSER.options, {}))


def _check_link(
    token: Token, lines: list[str], line_index: int, location: Location, source: str,
    targets: LinkTargets, report: Report,
) -> None:
    attr = {"link_open": "href", "image": "src"}.get(token.type)
    if attr is None:
        return
    raw = str(token.attrs.get(attr, ""))
    url, problem = resolve_link(raw, source, targets, image=token.type == "image")
    if problem:
        report.error(_locate(raw, lines, line_index, location), problem)
        token.attrs[attr] = "#"
    else:
        token.attrs[attr] = url


def _locate(raw: str, lines: list[str], line_index: int, location: Location) -> Location:
    for offset in range(line_index, min(line_index + 20, len(lines))):
        col = lines[offset].find(raw) if raw else -1
        if col >= 0:
            first_col = location.col - 1 if offset == 0 and location.col else 0
            return Location(location.path, location.line + offset, col + 1 + first_col)
    return Location(location.path, location.line + line_index, 1)


def resolve_link(
    raw: str, source: str, targets: LinkTargets, image: bool = False
) -> tuple[str, str | None]:
    """The URL a link becomes (relative to the content root) or a message saying why not."""
    href = raw.strip()
    if not href or href.startswith("#"):
        return href, None
    parts = urlsplit(href)
    if parts.scheme:
        return _check_scheme(href, parts.scheme.lower(), image)
    if href.startswith(("/", "\\")) or parts.netloc:
        return "", (f"link '{raw}' starts at the top of the disk or another host; "
                    "link with a path relative to this file")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(parts.path)))
    if target == ".." or target.startswith("../"):
        return "", f"link '{raw}' points outside the kit's content folder"
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    if image:
        if target in targets.files:
            return target, None
        return "", f"image '{raw}' is not a file in content/{did_you_mean(target, targets.files)}"
    if target in targets.pages:
        return targets.pages[target] + fragment, None
    if target in targets.files or target in targets.generated:
        return target + fragment, None
    if target in targets.pages.values():
        return target + fragment, None
    hint = did_you_mean(target, targets.known())
    return "", f"link to '{raw}': no page or file '{target}' in content/{hint}"


def _check_scheme(href: str, scheme: str, image: bool) -> tuple[str, str | None]:
    if image:
        if scheme == "data" and DATA_IMAGE.match(href):
            return href, None
        return "", (f"image '{href[:60]}' is not inside the kit; copy the image into "
                    "content/ and link to it with a relative path")
    if scheme in SAFE_SCHEMES:
        return href, None
    return "", (f"link '{href[:60]}' uses '{scheme}:'; links may only use http:, https:, "
                "mailto: or a relative path")


def read_front_matter(
    text: str, path: str, report: Report
) -> tuple[YNode | None, str, int] | None:
    """Front matter and body, or None (reported) when the front matter is broken."""
    try:
        return split_front_matter(text, path)
    except YamlError as error:
        report.extend([error.diagnostic])
        return None


def plain_meta(extra: Mapping[str, Any]) -> dict[str, Any]:
    """Front matter keys we do not know, as plain values for templates."""
    return {key: to_plain(node) for key, node in extra.items()}
