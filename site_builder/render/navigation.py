"""How a reader moves through the site: the main menu, the sections' menus, the
facilitators' area, breadcrumbs, and the previous and next pages of each page.

The menu stays small however large the site (the rule, as README.md states it):

- the main menu (the header) is the root's level: Home, the self-assessment(s) at the top
  of content/, the pages there and the top-level sections, then About and the
  facilitators' area;
- a page inside a section adds, below the header, the level of each section it is in, from
  the top-level one down to its own: each one's assessments, pages and sections;
- a level lists at most `MENU_LIMIT` entries, the first by `order`, then title; past that
  it ends with a link to a contents page listing all of them (a section's index page, or
  for the root, `contents.html`).

So a page's menu has about (depth + 1) x 31 links, whatever the number of pages.

Participants' pages make the menus; pages written `for: facilitators`, with the print
materials, make the facilitators' area, which the main menu names in one entry leading to
its index page (listing them by section). A kit with no facilitators' pages has no area:
its print materials stay in the main menu. Previous and next stay within a page's own
section (a section's sequence starts at its index page), and a facilitators' page's within
the facilitators' pages of its section.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

from markupsafe import Markup, escape

from site_builder.i18n import N_, Words
from site_builder.model import Checklist, Kit, Page, SiteSection, folder_of
from site_builder.render.links import link_to
from site_builder.render.words import format_decimal, kit_words

HOME_URL = "index.html"
ABOUT_URL = "about.html"
MATERIALS_URL = "materials.html"
FACILITATORS_URL = "facilitators.html"
FACILITATORS_TITLE = N_("For facilitators")  # translated where used
CONTENTS_URL = "contents.html"  # every entry of the root's level, when it has too many
MENU_LIMIT = 30  # entries a level of the menu shows before its "All ..." link


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str
    current: bool = False  # a template's own loop reads it; see `Menu.items_for`
    description: str = ""
    # The other pages this entry stands for: on them it is marked as the current area.
    area: tuple[str, ...] = ()
    kind: str = ""  # "assessment", "area", "section" or "contents": the menu draws these apart


@dataclass(frozen=True)
class Pager:
    """A page's neighbours in its area's reading order."""

    previous: MenuItem | None
    next: MenuItem | None


@dataclass(frozen=True)
class Level:
    """One level of the site: the root's or a section's entries in reading order (its
    assessments, then its pages and sections by `order`, then title)."""

    folder: str  # "" for the root
    title: str
    url: str  # its index page
    entries: tuple[MenuItem, ...]
    guides: tuple[MenuItem, ...] = ()  # its facilitators' pages
    description: str = ""
    all_title: str = ""  # the last entry of a long menu: "All 42 pages", in the kit's words

    @property
    def contents_url(self) -> str:
        """The page that lists every entry: the section's index, the root's contents page."""
        return self.url if self.folder else CONTENTS_URL

    @cached_property  # asked for on every page of the level
    def shown(self) -> tuple[MenuItem, ...]:
        """What a menu lists: the first `MENU_LIMIT` entries, then a link to all of them."""
        if len(self.entries) <= MENU_LIMIT:
            return self.entries
        # it stands for the entries it hides: on their pages it is marked as current
        hidden = tuple(u for i in self.entries[MENU_LIMIT:] for u in (i.url, *i.area))
        return (*self.entries[:MENU_LIMIT],
                MenuItem(self.all_title or f"All {len(self.entries):,} pages",
                         self.contents_url, area=hidden,
                         kind="contents"))

    @property
    def assessments(self) -> tuple[MenuItem, ...]:
        return tuple(i for i in self.entries if i.kind == "assessment")


@dataclass(frozen=True)
class SectionMenuLevel:
    """A level as one page's section menu shows it: which entry leads towards the page."""

    level: Level
    items: tuple[MenuItem, ...]  # `current` set on the page's entry or its section's
    at_index: bool  # the page is this level's index page


@dataclass(frozen=True)
class Navigation:
    menu: tuple[MenuItem, ...]
    participants: tuple[MenuItem, ...]  # the root's reading order: assessments, then pages
    facilitators: tuple[MenuItem, ...]  # the area's index, its pages, the print materials
    own_index: bool = False  # the kit has its own facilitators.md
    # Sections (none in a kit without folders): each level by folder, the root's as "".
    levels: Mapping[str, Level] = field(default_factory=dict)
    root: Level | None = None  # the root's level, with or without sections
    folders: Mapping[str, str] = field(default_factory=dict)  # url -> its section's folder
    guide_urls: frozenset[str] = frozenset()  # facilitators' pages in sections
    # Each reading order's position of every url, made once: a flat level of 10,000 pages
    # made the pager quadratic.
    _orders: dict[tuple[str, str], tuple[tuple[MenuItem, ...], dict[str, int]]] = field(
        default_factory=dict, compare=False, repr=False)

    def _order(self, key: tuple[str, str], make: Callable[[], tuple[MenuItem, ...]]
               ) -> tuple[tuple[MenuItem, ...], dict[str, int]]:
        """A reading order and each url's first place in it, made once per `key`."""
        found = self._orders.get(key)
        if found is None:
            sequence = make()
            places: dict[str, int] = {}
            for index, item in enumerate(sequence):
                places.setdefault(item.url, index)
            found = self._orders[key] = (sequence, places)
        return found

    @property
    def sections(self) -> tuple[Level, ...]:
        """Every section's level in the order of the site: each one, then those inside it."""
        found: list[Level] = []

        def visit(level: Level) -> None:
            for item in level.entries:
                if item.kind == "section":
                    found.append(self.levels[item.url[: -len("/index.html")]])
                    visit(found[-1])

        if self.levels:
            visit(self.levels[""])
        return tuple(found)

    @property
    def top_sections(self) -> tuple[Level, ...]:
        return tuple(self.levels[i.url[: -len("/index.html")]] for i in self.levels[""].entries
                     if i.kind == "section") if self.levels else ()

    @property
    def library(self) -> bool:
        """More than one top-level section: the home page lists them."""
        return len(self.top_sections) > 1

    def folder(self, url: str) -> str:
        return self.folders.get(url, "")

    def pager(self, url: str) -> Pager | None:
        folder = self.folder(url)
        orders: list[tuple[tuple[MenuItem, ...], dict[str, int]]]
        if folder and url in self.guide_urls:
            orders = [self._order(("guides", folder), lambda: self.levels[folder].guides)]
        elif folder:
            level = self.levels[folder]
            orders = [self._order(("level", folder), lambda: (
                MenuItem(level.title, level.url, kind="section"), *level.entries))]
        else:
            orders = [self._order(("participants", ""), lambda: self.participants),
                      self._order(("facilitators", ""), lambda: self.facilitators)]
        for sequence, places in orders:
            at = places.get(url)
            if at is not None and len(sequence) > 1:
                return Pager(sequence[at - 1] if at else None,
                             sequence[at + 1] if at + 1 < len(sequence) else None)
        return None

    def area_index(self, url: str) -> MenuItem | None:
        """The facilitators' index, for a page of its area (other than the index itself)."""
        if any(item.url == url for item in self.facilitators[1:]) or url in self.guide_urls:
            return self.facilitators[0]
        return None

    def area_pages(self) -> tuple[MenuItem, ...]:
        """What the facilitators' index page lists: all of the area but itself (the
        sections' pages are in `area_groups`)."""
        return tuple(item for item in self.facilitators if item.url != FACILITATORS_URL)

    def area_groups(self) -> tuple[Level, ...]:
        """The sections with facilitators' pages, in the order of the site."""
        return tuple(level for level in self.sections if level.guides)

    def trail(self, url: str) -> tuple[MenuItem, ...]:
        """The breadcrumbs above the page at `url`: Home, then each section it is in (its
        own section's index last, unless it is that index)."""
        if not self.levels or url == HOME_URL:
            return ()
        crumbs = []
        folder = self.folder(url)
        while folder:
            level = self.levels[folder]
            if level.url != url:
                crumbs.append(MenuItem(level.title, level.url))
            folder = posixpath.dirname(folder)
        return (MenuItem("Home", HOME_URL), *reversed(crumbs))

    def section_menu(self, url: str) -> tuple[SectionMenuLevel, ...]:
        """The levels of the sections the page at `url` is in, the top-level one first."""
        folder = self.folder(url)
        chain = []
        while folder:
            chain.append(folder)
            folder = posixpath.dirname(folder)
        shown = []
        for depth, folder in enumerate(reversed(chain)):
            level = self.levels[folder]
            # the entry that leads to the page: the page itself, or the section it is in
            towards = url if depth + 1 == len(chain) else f"{chain[-depth - 2]}/index.html"
            # a page past the first entries: its level's "All ..." link stands for it
            hidden = towards not in (i.url for i in level.shown)
            hidden = hidden and any(i.url == towards for i in level.entries)
            items = tuple(MenuItem(i.title, i.url, i.url == towards or
                                   (hidden and i.kind == "contents"), i.description, i.area,
                                   i.kind) for i in level.shown)
            shown.append(SectionMenuLevel(level, items, level.url == url))
        return tuple(shown)


def build_navigation(kit: Kit) -> Navigation:
    words = kit_words(kit)
    pages = {page.url: page for page in kit.pages}
    home = pages.get(HOME_URL)
    about = pages.get(ABOUT_URL)
    own_index = pages.get(FACILITATORS_URL)
    special = (HOME_URL, ABOUT_URL, FACILITATORS_URL)
    root = [c for c in kit.checklists.values() if not folder_of(c.source)]
    assessments = _assessments(root, words)
    reading = tuple(p for p in kit.menu if p.audience == "participants"
                    and not folder_of(p.source) and p.url not in special)
    guides = tuple(_item(p) for p in kit.menu if p.audience == "facilitators"
                   and not folder_of(p.source) and p.url not in special)
    tops = [s for s in kit.sections.values() if not s.parent]
    levels = _section_levels(kit, words) if kit.sections else {}
    folders = {url: level.folder for level in levels.values()
               for url in (level.url, *(i.url for i in level.entries if i.kind != "section"),
                           *(i.url for i in level.guides))}
    # a top-level section's entry stands for every page inside it
    members: dict[str, list[str]] = {}
    for url, folder in folders.items():
        members.setdefault(f"{folder.split('/')[0]}/index.html", []).append(url)
    home_title = words.gettext("Home")
    root_level = _titled(Level("", menu_title(home, home_title) if home else home_title,
                               HOME_URL, (*assessments, *(
        replace(i, area=tuple(u for u in members.get(i.url, ()) if u != i.url))
        for i in _by_order(reading, tops)))), words)
    section_guides = frozenset(url for level in levels.values() for url in
                               (i.url for i in level.guides))
    if levels:
        levels = {"": root_level, **levels}
    materials = MenuItem(words.gettext("Print materials"), MATERIALS_URL, description=words.gettext(
        "Worksheets, handouts and guides as PDFs, ready to print."))
    participants = root_level.entries
    first = (MenuItem(root_level.title, HOME_URL), *root_level.shown)
    last = MenuItem(menu_title(about) if about else words.gettext("About"), ABOUT_URL)
    if not guides and not section_guides and own_index is None:
        return Navigation((*first, materials, last), participants, (), False, levels,
                          root_level, folders)
    index = MenuItem(menu_title(own_index) if own_index else words.gettext(FACILITATORS_TITLE),
                     FACILITATORS_URL)
    area = (index, *guides, materials)
    entry = MenuItem(index.title, FACILITATORS_URL,
                     area=(*(i.url for i in area[1:]), *sorted(section_guides)), kind="area")
    return Navigation((*first, last, entry), participants, area, own_index is not None,
                      levels, root_level, folders, section_guides)


def _assessments(checklists: list[Checklist], words: Words) -> tuple[MenuItem, ...]:
    single = len(checklists) == 1
    return tuple(
        MenuItem(words.gettext("Self-assessment") if single else c.title, c.url,
                 description=words.ngettext(
                     "%(title)s %(num)s question; your answers stay in your browser.",
                     "%(title)s %(num)s questions; your answers stay in your browser.",
                     len(c.questions)) % {"title": _sentence(c.title),
                                          "num": format_decimal(len(c.questions),
                                                                words.language)},
                 kind="assessment")
        for c in checklists)


def _titled(level: Level, words: Words) -> Level:
    """The level with its long menu's last entry named in the kit's words."""
    count = len(level.entries)
    return replace(level, all_title=words.ngettext(
        "All %(num)s page", "All %(num)s pages", count) % {
        "num": format_decimal(count, words.language)})


def _by_order(pages: tuple[Page, ...], sections: list[SiteSection]) -> tuple[MenuItem, ...]:
    """Pages and sections of one level as one list, by `order`, then title (none last)."""
    entries = [((p.order is None, p.order or 0, p.title), _item(p)) for p in pages]
    entries += [((s.order is None, s.order or 0, s.title),
                 MenuItem(s.title, s.url, description=s.description, kind="section"))
                for s in sections]
    return tuple(item for _, item in sorted(entries, key=lambda pair: pair[0]))


def _section_levels(kit: Kit, words: Words) -> dict[str, Level]:
    by_folder: dict[str, list[Page]] = {}
    for page in kit.menu:
        by_folder.setdefault(folder_of(page.source), []).append(page)
    levels = {}
    for folder, section in kit.sections.items():
        own = [p for p in by_folder.get(folder, ()) if p.url != section.url]
        checklists = [c for c in kit.checklists.values() if folder_of(c.source) == folder]
        children = [s for s in kit.sections.values() if s.parent == folder]
        reading = tuple(p for p in own if p.audience == "participants")
        levels[folder] = _titled(Level(
            folder, section.title, section.url,
            (*_assessments(checklists, words), *_by_order(reading, children)),
            tuple(_item(p) for p in own if p.audience == "facilitators"),
            section.description), words)
    return levels


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _item(page: Page) -> MenuItem:
    return MenuItem(menu_title(page), page.url, description=page.description)


def menu_title(page: Page, home: str = "Home") -> str:
    """A page's menu label: front matter `menu_title`, `home` ("Home" in the kit's words)
    for the home page, or its title."""
    label = page.meta.get("menu_title")
    if isinstance(label, str) and label.strip():
        return label.strip()
    return home if page.url == HOME_URL else page.title


class Menu:
    """The menu every page lists, for one page at a time: `items_for`, for a template's own
    loop, and `html_for`, the list items the built-in base.html prints. Every page lists
    the same root level (at most `MENU_LIMIT` entries and a few more); the HTML of an entry
    depends only on the page's folder, so it is made once per folder, and only the entries
    marked current once per page."""

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
