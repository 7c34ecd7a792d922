"""The site's languages: where each one's pages go, what each is called, which way it reads,
and the links between the versions of one page.

The source language's pages are at the site's root, as in a kit with one language; each
translation's are in a folder named by its language (`fr/index.html`,
`fr/checklists/network.html`), with the same paths inside it, so a link between two pages
of one language is the same in every language. What every language shares (the assets,
the kit's static files, the logo) is written once, at the root. Babel (CLDR) gives each
language's name in itself ("Français") and its direction (right to left for Arabic, Hebrew,
Persian, Urdu...), so neither is a list kept here.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from site_builder.diagnostics import Location, Problems
from site_builder.model import Kit
from site_builder.render.hosting import NOT_FOUND_URL
from site_builder.render.links import Placement, link_to
from site_builder.render.navigation import HOME_URL


@dataclass(frozen=True)
class Language:
    code: str  # the BCP 47 tag, as site.yaml gives it
    name: str  # in itself: "English", "Français", "العربية"
    direction: str  # "ltr" or "rtl"
    folder: str  # "" for the source language, else "fr/"


@dataclass(frozen=True)
class LanguageLink:
    """One entry of a page's language switcher."""

    code: str
    name: str
    direction: str
    href: str  # relative to the page it is on
    current: bool


@dataclass(frozen=True)
class SiteLanguages:
    """Every language of the site, the source first, and the pages each one has."""

    languages: tuple[Language, ...]
    urls: Mapping[str, frozenset[str]]  # language -> the paths of its pages, in its folder
    shared: frozenset[str]  # paths written once, at the site's root: assets, static files

    def fingerprint(self) -> str:
        """The same text for the same languages and pages, whatever the process (a set's
        order is not): part of every page's key."""
        urls = {code: sorted(found) for code, found in self.urls.items()}
        return repr((self.languages, urls, sorted(self.shared)))

    @property
    def several(self) -> bool:
        return len(self.languages) > 1

    def language(self, code: str) -> Language:
        return next(language for language in self.languages if language.code == code)

    def placement(self, code: str) -> Placement:
        return Placement(self.language(code).folder, self.shared)

    def path(self, code: str, url: str) -> str:
        """The site path of the page at `url` in the language `code`; its home page when
        that language lacks the page."""
        if url not in self.urls.get(code, frozenset()):
            url = HOME_URL
        return self.language(code).folder + url

    def switcher(self, code: str, url: str) -> tuple[LanguageLink, ...]:
        """The links to the page at `url` (of the language `code`) in every language; ()
        for a site in one language. From the page for missing addresses, each language's
        home page."""
        if not self.several:
            return ()
        here = self.language(code).folder + url
        there = HOME_URL if url == NOT_FOUND_URL else url
        return tuple(LanguageLink(other.code, other.name, other.direction,
                                  link_to(here, self.path(other.code, there)),
                                  other.code == code)
                     for other in self.languages)

    def alternates(self, url: str, address: Callable[[str], str]
                   ) -> tuple[tuple[str, str], ...]:
        """(hreflang, address) of the page at `url` in every language that has it, then
        `x-default`, the source's; `address` maps a site path to its published address."""
        if not self.several:
            return ()
        found = [(language.code, address(language.folder + url))
                 for language in self.languages if url in self.urls.get(language.code, ())]
        if not found:
            return ()
        return (*found, ("x-default", found[0][1]))


def describe_language(code: str, folder: str, region: bool = False) -> Language:
    """A language's name in itself, capitalised as a menu shows it ("français" is
    "Français"), and its direction; with `region`, the region too ("English (United
    Kingdom)"). A tag Babel does not know keeps its code as its name."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(code.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError):
        return Language(code, code, "ltr", folder)
    named = locale if region else Locale(locale.language, script=locale.script)
    name = named.get_display_name(locale) or code
    return Language(code, name[:1].upper() + name[1:], text_direction(code), folder)


@functools.cache
def text_direction(code: str) -> str:
    """"rtl" for a language written right to left (Arabic, Hebrew, Persian, Urdu...), as
    CLDR's data says, else "ltr"; a tag Babel does not know is taken as left to right."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(code.strip().replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        return "ltr"
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


def language_kits(kit: Kit) -> list[tuple[str, Kit]]:
    """The kit in each of its languages, the source first."""
    return [(kit.languages[0], kit), *((code, kit.translations[code])
                                       for code in kit.languages[1:]
                                       if code in kit.translations)]


def language_folder(kit: Kit, code: str) -> str:
    """Where a language's pages are: "" (the root) for the source, else "fr/"."""
    return "" if code == kit.languages[0] else f"{code}/"


def refuse_language_folders(kit: Kit, report: Problems) -> bool:
    """True, with an error at each, when a section or file of content/ is in the folder
    where one of the kit's translations goes (content/fr/ in a kit in French)."""
    clashes = False
    for code in kit.languages[1:]:
        folder = language_folder(kit, code)
        sources = [(p.location, f"content/{p.source}") for p in kit.pages]
        sources += [(c.location, f"content/{c.source}") for c in kit.checklists.values()]
        sources += [(Location(f"content/{path}"), f"content/{path}") for path in kit.static_files]
        for location, path in sources:
            if path.startswith(f"content/{folder}"):
                clashes = True
                report.error(location, f"would be published in '{folder}', where the "
                             f"site's pages in '{code}' go ('{code}' is one of the kit's "
                             f"languages); rename the folder content/{folder}")
    return clashes


def site_languages(kit: Kit, page_urls: Mapping[str, Iterable[str]],
                   shared: Iterable[str]) -> SiteLanguages:
    """The site's languages: the source's at the root, each translation in its folder."""
    codes = [code for code, _ in language_kits(kit)]
    bases = [_base(code) for code in codes]
    # "English (United Kingdom)" only beside another English
    languages = tuple(describe_language(code, language_folder(kit, code),
                                        bases.count(_base(code)) > 1) for code in codes)
    return SiteLanguages(languages, {code: frozenset(urls) for code, urls in page_urls.items()},
                         frozenset(shared))


def _base(code: str) -> str:
    return code.replace("_", "-").split("-")[0].lower()
