"""How a reader moves through the site: the main menu, the facilitators' area, and the
previous and next pages of each page.

Participants' pages make the main menu, the self-assessment first after Home; pages
written `for: facilitators`, with the print materials, make the facilitators' area, which
the menu names in one entry leading to its index page. A kit with no facilitators' pages
has no area: its print materials stay in the main menu.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from markupsafe import Markup, escape

from site_builder.model import Kit, Page
from site_builder.render.links import link_to

HOME_URL = "index.html"
ABOUT_URL = "about.html"
MATERIALS_URL = "materials.html"
FACILITATORS_URL = "facilitators.html"
FACILITATORS_TITLE = "For facilitators"


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str
    current: bool = False  # a template's own loop reads it; see `Menu.items_for`
    description: str = ""
    # The other pages this entry stands for: on them it is marked as the current area.
    area: tuple[str, ...] = ()
    kind: str = ""  # "assessment" or "area": the menu draws these apart


@dataclass(frozen=True)
class Pager:
    """A page's neighbours in its area's reading order."""

    previous: MenuItem | None
    next: MenuItem | None


@dataclass(frozen=True)
class Navigation:
    menu: tuple[MenuItem, ...]
    participants: tuple[MenuItem, ...]  # reading order: the assessments, then the pages
    facilitators: tuple[MenuItem, ...]  # the area's index, its pages, the print materials
    own_index: bool = False  # the kit has its own facilitators.md

    def pager(self, url: str) -> Pager | None:
        for sequence in (self.participants, self.facilitators):
            urls = [item.url for item in sequence]
            if url in urls and len(urls) > 1:
                at = urls.index(url)
                return Pager(sequence[at - 1] if at else None,
                             sequence[at + 1] if at + 1 < len(sequence) else None)
        return None

    def area_index(self, url: str) -> MenuItem | None:
        """The facilitators' index, for a page of its area (other than the index itself)."""
        if any(item.url == url for item in self.facilitators[1:]):
            return self.facilitators[0]
        return None

    def area_pages(self) -> tuple[MenuItem, ...]:
        """What the facilitators' index page lists: all of the area but itself."""
        return tuple(item for item in self.facilitators if item.url != FACILITATORS_URL)


def build_navigation(kit: Kit) -> Navigation:
    pages = {page.url: page for page in kit.pages}
    home = pages.get(HOME_URL)
    about = pages.get(ABOUT_URL)
    single = len(kit.checklists) == 1
    assessments = tuple(
        MenuItem("Self-assessment" if single else c.title, c.url,
                 description=f"{_sentence(c.title)} {len(c.questions)} questions; your "
                 "answers stay in your browser.",
                 kind="assessment")
        for c in kit.checklists.values())
    reading = tuple(_item(p) for p in kit.menu if p.audience == "participants"
                    and p.url not in (HOME_URL, ABOUT_URL, FACILITATORS_URL))
    guides = tuple(_item(p) for p in kit.menu if p.audience == "facilitators"
                   and p.url not in (HOME_URL, ABOUT_URL, FACILITATORS_URL))
    materials = MenuItem("Print materials", MATERIALS_URL,
                         description="Worksheets, handouts and guides as PDFs, ready to print.")
    first = (MenuItem(menu_title(home) if home else "Home", HOME_URL), *assessments, *reading)
    last = MenuItem(menu_title(about) if about else "About", ABOUT_URL)
    own_index = pages.get(FACILITATORS_URL)
    if not guides and own_index is None:
        return Navigation((*first, materials, last), (*assessments, *reading), ())
    index = MenuItem(menu_title(own_index) if own_index else FACILITATORS_TITLE,
                     FACILITATORS_URL)
    area = (index, *guides, materials)
    entry = MenuItem(index.title, FACILITATORS_URL, area=tuple(i.url for i in area[1:]),
                     kind="area")
    return Navigation((*first, last, entry), (*assessments, *reading), area,
                      own_index is not None)


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _item(page: Page) -> MenuItem:
    return MenuItem(menu_title(page), page.url, description=page.description)


def menu_title(page: Page) -> str:
    """A page's menu label: front matter `menu_title`, "Home" for the home page, or its title."""
    label = page.meta.get("menu_title")
    if isinstance(label, str) and label.strip():
        return label.strip()
    return "Home" if page.url == HOME_URL else page.title


class Menu:
    """The menu every page lists, for one page at a time: `items_for`, for a template's own
    loop, and `html_for`, the list items the built-in base.html prints. A site of n pages
    lists n entries n times; the HTML of an entry depends only on the page's folder, so it
    is made once per folder, and only the current page's entry once per page."""

    INDENT = " " * 10  # where base.html's list items start

    def __init__(self, items: tuple[MenuItem, ...]) -> None:
        self.items = items
        self._places: dict[str, list[int]] = {}
        for index, item in enumerate(items):
            for url in (item.url, *item.area):
                self._places.setdefault(url, []).append(index)
        self._lines: dict[str, list[str]] = {}

    def items_for(self, url: str) -> list[MenuItem]:
        return [MenuItem(i.title, i.url, index in self._places.get(url, ()), i.description,
                         i.area, i.kind) for index, i in enumerate(self.items)]

    def html_for(self, url: str) -> Markup:
        folder = posixpath.dirname(url)
        lines = self._lines.get(folder)
        if lines is None:
            lines = self._lines[folder] = [self._line(url, item, "") for item in self.items]
        places = self._places.get(url)
        if places:
            lines = list(lines)
            for index in places:
                item = self.items[index]
                lines[index] = self._line(url, item, "page" if item.url == url else "true")
        return Markup("".join(lines))

    def _line(self, url: str, item: MenuItem, current: str) -> str:
        marked = f' aria-current="{current}"' if current else ""
        kind = f' class="menu-{item.kind}"' if item.kind else ""
        return (f'{self.INDENT}<li{kind}><a href="{escape(link_to(url, item.url))}"'
                f"{marked}>{escape(item.title)}</a></li>\n")
