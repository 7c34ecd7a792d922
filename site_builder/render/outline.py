"""What the site's pages need read from a page's rendered HTML at build time: the "On this
page" list of its h2 headings (which the Markdown renderer gives ids), the heading the
home page lifts into its banner, and its tables put in boxes that scroll sideways."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace

from site_builder.i18n import Words, words_for
from site_builder.model import Page

ENGLISH = words_for("en")

H2 = re.compile(r'<h2 id="([^"<>]+)">(.*?)</h2>', re.S)
LEADING_H1 = re.compile(r"\A\s*<h1[^>]*>(.*?)</h1>\s*", re.S)
TAG = re.compile(r"<[^>]*>")
TABLE = re.compile(r"<table>(.*?)</table>", re.S)
HEAD_CELL = re.compile(r"<th[^>]*>(.*?)</th>", re.S)
CODE = re.compile(r"<code>([^<]*)</code>")
MIN_HEADINGS = 3  # fewer are seen at a glance: no list


@dataclass(frozen=True)
class Heading:
    id: str
    text: str  # plain text: the template escapes it


def page_outline(page: Page, words: Words = ENGLISH) -> tuple[Heading, ...]:
    """The headings in the order the page shows them: its timed agenda's timetable, the
    page's h2s, then the agenda's activities (breaks have no section); empty when there
    are too few to need a list."""
    headings = [Heading(anchor, _plain(inner)) for anchor, inner in H2.findall(page.html)]
    if page.agenda is not None:
        headings.insert(0, Heading("agenda-timetable", words.gettext("Timed agenda")))
        headings.append(Heading("agenda-run", words.gettext("Activity by activity")))
        headings += [Heading(f"agenda-activity-{n}", f"{n}. {activity.title}")
                     for n, activity in page.agenda.numbered if n]
    return tuple(headings) if len(headings) >= MIN_HEADINGS else ()


def split_heading(page: Page) -> tuple[str, Page]:
    """The text of the h1 the page's HTML starts with (else its title), and the page
    without it: the home page shows it in its banner."""
    found = LEADING_H1.match(page.html)
    if found is None:
        return page.title, page
    return _plain(found.group(1)), replace(page, html=page.html[found.end():])


def _plain(inner: str) -> str:
    return " ".join(html.unescape(TAG.sub("", inner)).split())


def scrolling_tables(page_html: str, words: Words = ENGLISH) -> str:
    """Each table in a box that scrolls sideways on a narrow screen, so that its words are
    never broken to fit. The box takes the keyboard's focus (to be scrolled with arrows)
    and is named by the table's column headings, so that each region's name differs."""
    seen: dict[str, int] = {}

    def boxed(found: re.Match[str]) -> str:
        heads = [_plain(cell) for cell in HEAD_CELL.findall(found.group(1))]
        name = (words.gettext("Table: %(columns)s") % {"columns": ", ".join(h for h in heads if h)}
                if any(heads) else words.gettext("Table"))
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name += f" ({seen[name]})"
        # A path in a cell may wrap after a slash: else it alone sets the column's width.
        table = CODE.sub(lambda code: f"<code>{code.group(1).replace('/', '/<wbr>')}</code>",
                         found.group(0))
        return (f'<div class="table-scroll" role="region" aria-label="{html.escape(name)}" '
                f'tabindex="0">{table}</div>')

    return TABLE.sub(boxed, page_html)
