"""The site's search: an index of the pages' text, written as a script the search box loads.

A site with more than one top-level section, or more than `SEARCH_PAGES` pages, gets a search
box in its header, a search page (`search.html`) and the index (`search/index.js`); a smaller
site gets none of them. The index is a script, not a file fetched with `fetch()`: a browser
loads a script from `file://`, under the site's `script-src 'self'`, so search works when the
site is opened from disk, on any static host, and offline, with no server and no WebAssembly.

The index holds each published page's title, headings and body text, taken from the page's
own content (never the menus, the footer or "On this page"), and each assessment's title,
introduction and questions. Drafts are never loaded, so never indexed. Pages are listed in
the order of their URLs and the JSON is written the same way each time: two builds of the
same kit write the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from site_builder.cache import JsonMemo
from site_builder.diagnostics import Location
from site_builder.i18n import N_
from site_builder.model import Checklist, Kit, Page
from site_builder.render.output import SiteOutput
from site_builder.render.words import kit_words

SEARCH_PAGES = 20  # more pages than this, and the site gets search
SEARCH_URL = "search.html"
INDEX_URL = "search/index.js"
INDEX_GLOBAL = "siteBuilderSearchIndex"
FACILITATORS_AREA = N_("For facilitators")  # in the kit's words where used
BUILT_IN = Location("<built-in>")
ASSETS = Path(__file__).parent / "assets" / "search"  # copied only for a site with search

# Elements whose text never reaches the index, and those that end a run of words.
SKIPPED = frozenset({"script", "style", "template", "svg", "math"})
BLOCKS = frozenset({"address", "article", "aside", "blockquote", "br", "dd", "details", "div",
                    "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4",
                    "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
                    "section", "summary", "table", "td", "th", "tr", "ul"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Entry:
    """One page as the index holds it."""

    url: str
    title: str
    area: str  # where it is: its top-level section, or the facilitators' area; "" at the root
    description: str
    headings: tuple[str, ...]
    text: str  # the body's text, headings included, in reading order

    def as_json(self) -> dict[str, Any]:
        return {"url": self.url, "title": self.title, "area": self.area,
                "description": self.description, "headings": list(self.headings),
                "text": self.text}


def search_wanted(kit: Kit) -> bool:
    """A site with more than one top-level section or more than `SEARCH_PAGES` pages."""
    return len(kit.pages) > SEARCH_PAGES or len(section_titles(kit)) > 1


class PageTexts(JsonMemo):
    """Each page's text and headings, as `html_text` finds them, kept in the build cache by a
    digest of the page's HTML and title: an unchanged page is not parsed again, so a rebuild
    of a large site makes its index in a moment."""

    KIND, KEY = "search", "texts"

    def of(self, html: str, title: str) -> tuple[str, tuple[str, ...]]:
        key = hashlib.sha256(f"{title}\0{html}".encode()).hexdigest()
        known = self.known.get(key)
        if (isinstance(known, list) and len(known) == 2 and isinstance(known[0], str)
                and isinstance(known[1], list) and all(isinstance(h, str) for h in known[1])):
            text, headings = known[0], tuple(known[1])
        else:
            text, headings = html_text(html, title)
        self.found[key] = [text, list(headings)]
        return text, headings



def search_entries(kit: Kit, texts: PageTexts | None = None) -> list[Entry]:
    """Every published page and assessment, in the order of their URLs."""
    titles = section_titles(kit)
    texts = texts or PageTexts()
    facilitators = kit_words(kit).gettext(FACILITATORS_AREA)
    entries = [page_entry(page, titles, texts, facilitators) for page in kit.pages]
    entries += [checklist_entry(checklist) for checklist in kit.checklists.values()]
    return sorted(entries, key=lambda entry: entry.url)


def index_script(entries: list[Entry]) -> str:
    """The index as a script: one assignment of a JSON object, deterministic to the byte."""
    document = {"version": 1, "pages": [entry.as_json() for entry in entries]}
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return f"window.{INDEX_GLOBAL} = {body};\n"


def search_assets(kit: Kit) -> dict[str, bytes]:
    """The search box's files `write_search` writes, by path in the site (to be versioned
    as the other assets are); none for a site without search."""
    if not search_wanted(kit):
        return {}
    return {f"assets/{source.name}": source.read_bytes() for source in sorted(ASSETS.iterdir())}


def write_search(kit: Kit, output: SiteOutput, texts: PageTexts | None = None,
                 folder: str = "") -> None:
    """`search/index.js` and the search box's script and stylesheet, when the site is large
    enough to want search (its page is planned with the others: see `render.site`). A
    translation's index is in its language's folder (`fr/search/index.js`: it finds that
    language's pages); the box's files are shared, written with the source's."""
    if not search_wanted(kit):
        return
    if not folder:
        for source in sorted(ASSETS.iterdir()):
            output.copy(f"assets/{source.name}", source, BUILT_IN,
                        f"the asset '{source.name}'")
    output.write_text(folder + INDEX_URL, index_script(search_entries(kit, texts)), BUILT_IN,
                      "the search index")


def section_titles(kit: Kit) -> dict[str, str]:
    """Each top-level section's title, by folder (the kit's sections, drafts left out)."""
    return {folder: section.title for folder, section in kit.sections.items()
            if not section.parent}


def page_entry(page: Page, sections: dict[str, str], texts: PageTexts | None = None,
               facilitators: str = FACILITATORS_AREA) -> Entry:
    folder = page.source.split("/", 1)[0] if "/" in page.source else ""
    area = sections.get(folder, "")
    if page.audience == "facilitators":
        area = f"{area} · {facilitators}" if area else facilitators
    text, headings = (texts or PageTexts()).of(page.html, page.title)
    return Entry(page.url, page.title, area, page.description, headings, text)


def checklist_entry(checklist: Checklist) -> Entry:
    parts = [html_text(checklist.intro_html)[0]]
    headings = []
    for section in checklist.sections:
        headings.append(section.title)
        parts += [section.title, html_text(section.intro_html)[0]]
        parts += [question.text for question in section.questions]
    text = SPACES.sub(" ", " ".join(part for part in parts if part)).strip()
    return Entry(checklist.url, checklist.title, "Self-assessment", "", tuple(headings), text)


class _TextParser(HTMLParser):
    """The words of a fragment of HTML, a space wherever a block ends; its headings apart."""

    def __init__(self, title: str) -> None:
        super().__init__(convert_charrefs=True)
        self.title = SPACES.sub(" ", title).strip().casefold()
        self._heading_start = 0
        self.parts: list[str] = []
        self.headings: list[str] = []
        self._heading: list[str] | None = None
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self._skipping += 1
        elif tag in BLOCKS:
            self.parts.append(" ")
            if tag in HEADINGS:
                self._heading = []
                self._heading_start = len(self.parts)

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in BLOCKS:
            self.parts.append(" ")
            if tag in HEADINGS and self._heading is not None:
                heading = SPACES.sub(" ", "".join(self._heading)).strip()
                if tag == "h1" and heading.casefold() == self.title:
                    # the page's own title, which the index holds already
                    del self.parts[self._heading_start:]
                elif heading:
                    self.headings.append(heading)
                self._heading = None

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)
            if self._heading is not None:
                self._heading.append(data)


def html_text(html: str, title: str = "") -> tuple[str, tuple[str, ...]]:
    """(the text of `html` on one line, its headings), without an `<h1>` that repeats
    `title`."""
    parser = _TextParser(title)
    parser.feed(html)
    parser.close()
    return SPACES.sub(" ", "".join(parser.parts)).strip(), tuple(parser.headings)
