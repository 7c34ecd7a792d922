"""Markdown with front matter -> Page: safe HTML with every link checked and rewritten.

Links in the HTML this module returns are relative to the content root
(`guide.html`, `checklists/network.html`); the renderer re-bases them for the
page they appear in.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin

from site_builder.diagnostics import Location, Problems, did_you_mean
from site_builder.kit.urls import url_path
from site_builder.kit.yamlfile import Plain, YamlError, YNode, parse_yaml, to_plain

SAFE_SCHEMES = ("http", "https", "mailto")
_COPY_IMAGE = "copy the image into content/ and link to it with a path relative to this file"
DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$")
FRONT_MATTER_FENCE = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE)


# Given a ```fill fence and where the Markdown starts, the HTML that replaces it.
FillHook = Callable[[Token, Location], str]


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
    match = FRONT_MATTER_FENCE.match(text)
    if not match:
        return None, text, 1
    front = parse_yaml(match.group(1), path, first_line=2)
    return front, text[match.end():], match.group(0).count("\n") + 1


@functools.cache
def markdown_parser() -> MarkdownIt:
    """The one parser, made once per process: it keeps nothing of what it parses."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.enable("strikethrough")
    anchors_plugin(md, min_level=2, max_level=3)
    # Every link reaches our own check, which reports what it refuses instead of
    # silently dropping it as markdown-it's default validator would.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def render_markdown(
    text: str,
    location: Location,
    source: str,
    targets: LinkTargets,
    report: Problems,
    file_lines: Sequence[str] | None = None,
    fill: FillHook | None = None,
) -> str:
    """Markdown -> HTML. `source` is the file's path inside content/ (links are relative
    to it); `location` is where `text` starts, for diagnostics. For Markdown written as a
    YAML value, `file_lines` are the lines of that YAML file: quoting, indentation and
    folding move the Markdown's lines, so a problem is looked for in the file itself.
    `fill`, for a page's own body, takes each ```fill block and gives the HTML that
    stands in its place."""
    try:
        tokens = markdown_parser().parse(text)
    except Exception as error:  # markdown-it should not fail; if it does, name the file
        report.error(location, f"could not read this Markdown: {error}")
        return ""
    lines = text.splitlines()
    for token in tokens:
        if token.type == "inline" and token.children:
            where = token.map[0] if token.map else 0
            for child in token.children:
                _check_link(child, lines, where, location, source, targets, report,
                            file_lines)
    _demote_empty_headers(tokens)
    if fill is not None:
        for token in tokens:
            if token.type == "fence" and token.info.strip() == "fill":
                token.type, token.content = "html_block", fill(token, location)
    parser = markdown_parser()
    return str(parser.renderer.render(tokens, parser.options, {}))


def _demote_empty_headers(tokens: list[Token]) -> None:
    """An empty table header cell (a corner) is written as <td>: a header must name something."""
    for opening, inline, closing in zip(tokens, tokens[1:], tokens[2:], strict=False):
        if opening.type == "th_open" and inline.type == "inline" and not inline.content.strip():
            opening.tag = closing.tag = "td"


def _check_link(
    token: Token, lines: list[str], line_index: int, location: Location, source: str,
    targets: LinkTargets, report: Problems, file_lines: Sequence[str] | None,
) -> None:
    attr = {"link_open": "href", "image": "src"}.get(token.type)
    if attr is None:
        return
    raw = str(token.attrs.get(attr, ""))
    url, problem = resolve_link(raw, source, targets, image=token.type == "image")
    if problem:
        report.error(_locate(raw, lines, line_index, location, file_lines), problem)
        token.attrs[attr] = "#"
    else:
        token.attrs[attr] = url


def _locate(raw: str, lines: list[str], line_index: int, location: Location,
            file_lines: Sequence[str] | None) -> Location:
    if file_lines is not None:
        skip = max(location.col - 1, 0)
        found = _find_target(raw, file_lines, location.line - 1, len(file_lines), skip)
        return Location(location.path, found[0] + 1, found[1] + 1) if found else location
    found = _find_target(raw, lines, line_index, 20, 0)
    if found is None:
        return Location(location.path, location.line + line_index, 1)
    index, col = found
    shift = location.col - 1 if index == 0 and location.col else 0
    return Location(location.path, location.line + index, col + 1 + shift)


def _find_target(raw: str, lines: Sequence[str], start: int, count: int,
                 skip: int) -> tuple[int, int] | None:
    """(line index, column index) of a link target as written, looking from line `start`
    (its first `skip` columns left out): `](raw` or `<raw` before a bare `raw`, which
    could be the link's text."""
    for index in range(max(start, 0), min(start + count, len(lines))):
        cut = skip if index == start else 0
        for prefix in ("](", "<", ""):
            col = lines[index].find(prefix + raw, cut) if raw else -1
            if col >= 0:
                return index, col + len(prefix)
    return None


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
    outside = href.startswith(("/", "\\")) or bool(parts.netloc)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(parts.path)))
    if image and (outside or target == ".." or target.startswith("../")):
        return "", f"image '{raw}' is outside the kit's content folder; {_COPY_IMAGE}"
    if outside:
        return "", (f"link '{raw}' starts at the top of the disk or another host; "
                    "link with a path relative to this file")
    if target == ".." or target.startswith("../"):
        return "", (f"link '{raw}' points outside the kit's content folder; link to a page "
                    "or file inside content/ with a path relative to this file")
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    if image:
        if target in targets.files:
            return url_path(target), None
        return "", f"image '{raw}' is not a file in content/{did_you_mean(target, targets.files)}"
    if target in targets.pages:
        if fragment and target.endswith((".yaml", ".yml")):
            # A checklist's sections are anchored apart from the page's own ids.
            fragment = f"#section-{parts.fragment}"
        return url_path(targets.pages[target]) + fragment, None
    if target in targets.files or target in targets.generated:
        return url_path(target) + fragment, None
    if target in targets.pages.values():
        return url_path(target) + fragment, None
    hint = did_you_mean(target, targets.known())
    return "", f"link to '{raw}': no page or file '{target}' in content/{hint}"


def _check_scheme(href: str, scheme: str, image: bool) -> tuple[str, str | None]:
    if image:
        if scheme == "data" and DATA_IMAGE.match(href):
            return href, None
        return "", f"image '{href[:60]}' is not inside the kit; {_COPY_IMAGE}"
    if scheme in SAFE_SCHEMES:
        return href, None
    return "", (f"link '{href[:60]}' uses '{scheme}:'; links may only use http:, https:, "
                "mailto: or a relative path")


def read_front_matter(
    text: str, path: str, report: Problems
) -> tuple[YNode | None, str, int] | None:
    """Front matter and body, or None (reported) when the front matter is broken."""
    try:
        parts = split_front_matter(text, path)
    except YamlError as error:
        report.extend([error.diagnostic])
        return None
    if parts[2] == 1 and re.match(r"---[ \t]*\r?$", text.split("\n", 1)[0]):
        report.error(Location(path, 1, 1), "the front matter that starts here is never "
                     "closed: end it with a line '---' before the page's text")
        return None
    return parts


def plain_meta(extra: Mapping[str, YNode]) -> dict[str, Plain]:
    """Front matter keys we do not know, as plain values for templates."""
    return {key: to_plain(node) for key, node in extra.items()}
