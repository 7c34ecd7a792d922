"""A kit's pages: each file's front matter read, then its Markdown rendered (over worker
processes for a large site), or the page taken from the cache when its file is unchanged."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from site_builder.diagnostics import Diagnostic, Location, Problems, did_you_mean
from site_builder.kit.agenda import AGENDA_KEYS, AgendaFront, build_agenda
from site_builder.kit.files import read
from site_builder.kit.handout import FillReader
from site_builder.kit.markdown import LinkTargets, plain_meta, read_front_matter, render_markdown
from site_builder.kit.page_memo import PageMemo, RememberedPage
from site_builder.kit.shapes import (
    Choice,
    Fields,
    Flag,
    JsonSchema,
    Key,
    Number,
    Pattern,
    Shape,
    Text,
)
from site_builder.kit.yamlfile import YNode, YScalar
from site_builder.model import Page
from site_builder.model.kit import AUDIENCES, Audience
from site_builder.parallel import Workers

TEMPLATE_NAME = re.compile(r"^[A-Za-z0-9_-]+\.html$")


@dataclass(frozen=True, kw_only=True)
class FrontMatter(AgendaFront):
    """A page's front matter; keys of the author's own are in `extra`."""

    title: str
    description: str | None = None
    order: int | float | None = None
    layout: str | None = None
    print: bool | str = False  # true, false or "poster"
    draft: bool = False
    handout: bool = False
    audience: Audience = "participants"
    translated_from: str | None = None  # a translated page's: see kit/translated_pages.py


POSTER = "poster"


class PrintShape(Shape[bool | str]):
    """`print: true` (a PDF of the page), `false`, or `poster` (a one-page poster)."""

    description = f"true, false or {POSTER}"

    def check(self, node: YNode, report: Problems, what: str) -> bool | str | None:
        if isinstance(node, YScalar) and (isinstance(node.value, bool) or node.value == POSTER):
            return node.value
        if isinstance(node, YScalar) and isinstance(node.value, str):
            report.error(node.loc, f"{what} must be true, false or {POSTER}, not "
                         f"'{node.value}'{did_you_mean(node.value, [POSTER])}")
            return None
        self.wrong(node, report, what)
        return None

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        return {"anyOf": [{"type": "boolean"}, {"const": POSTER}]}


def _front_matter(**values: object) -> FrontMatter:
    # `for` reads well in the file but is a Python keyword: the record calls it `audience`.
    if "for" in values:
        values["audience"] = values.pop("for")
    return FrontMatter(**values)  # type: ignore[arg-type]


# One wrong key makes the page's front matter wrong: the page is left out.
FRONT_MATTER_SHAPE = Fields(_front_matter, {
    "title": Key(Text(), required=True, doc="the page's title, in the menu and the tab"),
    "description": Key(Text(), doc="a one-line summary, on the home page and in metadata"),
    "order": Key(Number(), doc="the page's place in the menu (lower first); in a section's "
                 "index.md, the section's place among its sibling sections and pages"),
    "layout": Key(Pattern(pattern=TEMPLATE_NAME, hint="name a template file such as wide.html"),
                  doc="a template in templates/ for this page, e.g. wide.html"),
    "print": Key(PrintShape(), doc="true: also render the page as a PDF; poster: as a "
                 "one-page poster (each ## section a column), e.g. to show on a screen"),
    "draft": Key(Flag(), doc="true: leave the page out of the build; in a section's "
                 "index.md, the whole section (its pages, checklists and files)"),
    "handout": Key(Flag(), doc="true: a handout with fields to fill in (```fill blocks); "
                   "its PDF is a form"),
    "for": Key(Choice(AUDIENCES), doc="who the page is for: participants (the default: "
               "the main menu) or facilitators (the 'For facilitators' area)"),
    **AGENDA_KEYS,
    "translated_from": Key(Pattern(pattern=re.compile(r"^[0-9a-f]{8}$"),
                                   hint="leave the value site-builder translations wrote"),
                           doc="in a translated page (about.fr.md): the fingerprint of the "
                           "source page it was translated from; site-builder translations "
                           "writes it and check compares it with the source page now"),
}, name="the front matter", open=True)


def default_layout(url: str) -> str:
    """The home page has its own layout (a start button, the workshop's steps), and so has a
    section's index page (its introduction, then what the section holds)."""
    if url == "index.html":
        return "home.html"
    return "section.html" if url.endswith("/index.html") else "page.html"


def page_url(source: str) -> str:
    return source[: -len(".md")] + ".html"


@dataclass
class _Front:
    """A page file read up to its Markdown, which a worker may render: it carries its text
    once (the body and lines are cut from it there)."""

    source: str
    url: str
    data: FrontMatter  # with its node, for the places of values rendered later
    body_start: int  # where the Markdown starts in `text`
    body_location: Location
    text: str  # the whole file, the key of its cache entry
    file: str = ""  # the file read, when not content/<source> (a translated page)

    @property
    def shown(self) -> str:
        return self.file or f"content/{self.source}"

    @property
    def body(self) -> str:
        return self.text[self.body_start:]

    @property
    def lines(self) -> list[str]:
        """The file's lines, to locate Markdown written in the front matter."""
        return self.text.splitlines()


def read_pages(root: Path, sources: list[str], report: Problems, memo: PageMemo | None
                ) -> dict[str, _Front | RememberedPage]:
    """Each page file, from the cache when it holds the same text, else parsed."""
    fronts: dict[str, _Front | RememberedPage] = {}
    folders: dict[Path, Path] = {}
    for source in sources:
        text = read(root, f"content/{source}", report, folders)
        if text is None:
            continue
        remembered = memo.recall(source, text) if memo else None
        if remembered is not None:
            if not remembered.draft:
                fronts[source] = remembered
            continue
        front = _parse_page(source, text, report, memo)
        if front is not None:
            fronts[source] = front
    return fronts


def expect_work(fronts: dict[str, _Front | RememberedPage], checklists: bool,
                workers: Workers) -> None:
    """Start the workers while this process goes on reading, when enough pages need their
    Markdown rendered; they are told whether the kit prints (then a PDF is made at the end)."""
    todo = [front for front in fronts.values() if isinstance(front, _Front)]
    printing = checklists or any(front.data.print for front in todo)
    workers.expect(len(todo), printing)


def _parse_page(source: str, text: str, report: Problems,
                memo: PageMemo | None = None) -> _Front | None:
    """The page's front matter and body; None for a draft or a page with errors."""
    shown = f"content/{source}"
    before = len(report.items)
    parts = read_front_matter(text, shown, report)
    if parts is None:
        return None
    node, body, body_line = parts
    if node is None:
        report.error(Location(shown, 1, 1), "this page has no front matter: start it with "
                     "a line '---', then 'title: Your title', then '---'")
        return None
    data = FRONT_MATTER_SHAPE.check(node, report, "the front matter")
    if data is None:
        return None
    if data.draft:
        if memo and len(report.items) == before:
            memo.remember_draft(source, text)
        return None
    return _Front(source, page_url(source), data, len(text) - len(body),
                  Location(shown, body_line, 1), text)


def render_pages(fronts: dict[str, _Front | RememberedPage], targets: LinkTargets,
                  report: Problems, memo: PageMemo | None, workers: Workers) -> tuple[Page, ...]:
    """Each page's Markdown, over `workers` for a large site; in the order of `fronts`."""
    slots: list[Page | _Front] = []
    for front in fronts.values():
        if isinstance(front, RememberedPage):
            page = front.page_for(memo.targets_digest(targets)) if memo else None
            if page is not None:
                slots.append(page)
                continue
            parsed = _parse_page(front.source, front.text, report)
            if parsed is None:
                continue
            front = parsed
        slots.append(front)
    todo = [slot for slot in slots if isinstance(slot, _Front)]
    made = iter(workers.map(_render_markdown_chunk, targets, todo, "Markdown page"))
    pages = []
    for slot in slots:
        if isinstance(slot, Page):
            pages.append(slot)
            continue
        page, diagnostics = next(made)
        report.extend(diagnostics)
        pages.append(page)
        if memo and not diagnostics:
            memo.remember(slot.text, targets, page)
    return tuple(pages)


def _render_markdown_chunk(targets: LinkTargets, chunk: Sequence[_Front]
                  ) -> list[tuple[Page, list[Diagnostic]]]:
    """Pages made from their front matter and Markdown, each with what it reported."""
    results = []
    for front in chunk:
        report = Problems()
        results.append((_render_page(front, targets, report), report.items))
    return results


def _render_page(front: _Front, targets: LinkTargets, report: Problems) -> Page:
    data = front.data
    fill = FillReader(front.shown, data.handout, report)
    html = render_markdown(front.body, front.body_location, front.source, targets, report,
                           fill=fill)

    lines: list[str] | None = None

    def markdown(text: str, loc: Location) -> str:
        nonlocal lines
        lines = front.lines if lines is None else lines
        # a translated page's agenda may keep a text of its source page, written elsewhere
        return render_markdown(text, loc, front.source, targets, report,
                               lines if loc.path == front.shown else None)

    return Page(
        source=front.source, url=front.url, title=data.title, html=html,
        description=data.description or "", order=data.order,
        layout=data.layout or default_layout(front.url), print=bool(data.print) or data.handout,
        poster=data.print == POSTER,
        meta=plain_meta(data.extra), location=Location(front.shown, 1, 1),
        agenda=build_agenda(data, markdown), handout=data.handout, fields=tuple(fill.fields),
        audience=data.audience,
    )
