"""The kit as a whole: its settings, its pages and everything loaded from its folders."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from site_builder.diagnostics import NOWHERE, Location
from site_builder.model.agenda import Agenda
from site_builder.model.checklist import Checklist
from site_builder.model.handout import FillField
from site_builder.model.rules import RuleSet, RuleTest
from site_builder.model.sections import SiteSection
from site_builder.model.translations import LanguageStatus, SourceText

Paper = Literal["A4", "Letter"]
# Who a page is for: participants' pages are the main menu, facilitators' pages their own area.
Audience = Literal["participants", "facilitators"]
AUDIENCES: tuple[Audience, ...] = ("participants", "facilitators")


@dataclass(frozen=True)
class Site:
    title: str
    subtitle: str = ""
    organisation: str = ""
    language: str = "en"  # the language of this kit's texts (a BCP 47 tag)
    # Every language of the kit, the source first; () for a kit in `language` only.
    languages: tuple[str, ...] = ()
    # A kit's own built-in words, by language: msgid -> text (a plural's: its forms).
    words: Mapping[str, Mapping[str, str | tuple[str, ...]]] = field(default_factory=dict)
    base_url: str = ""
    paper: Paper = "A4"
    colors: Mapping[str, str] = field(default_factory=dict)
    logo: str = ""  # a path inside content/, published at the same relative path


@dataclass(frozen=True)
class Page:
    """A content page; `source` is its path inside content/, `url` its path in the output."""

    source: str
    url: str
    title: str
    html: str
    description: str = ""
    order: float | None = None
    layout: str = "page.html"
    print: bool = False
    poster: bool = False  # printed as a one-page poster (`print: poster`)
    meta: Mapping[str, Any] = field(default_factory=dict)
    location: Location = NOWHERE
    agenda: Agenda | None = None  # a timed agenda from the front matter
    handout: bool = False  # its PDF is a form; `fields` are where it asks for writing
    fields: tuple[FillField, ...] = ()
    audience: Audience = "participants"  # front matter `for`


@dataclass(frozen=True)
class Kit:
    root: Path
    site: Site
    pages: tuple[Page, ...]
    checklists: Mapping[str, Checklist]
    rule_sets: tuple[RuleSet, ...]
    rule_tests: tuple[RuleTest, ...]
    static_files: tuple[str, ...]  # non-page files in content/, published as they are
    templates_dir: Path | None = None
    # The folders of content/ that are sections, by folder, parents before their children.
    sections: Mapping[str, SiteSection] = field(default_factory=dict)
    # The kit in each of its other languages, by language (only on the source language's
    # kit): the same pages, checklists and rules, their texts translated.
    translations: Mapping[str, Kit] = field(default_factory=dict)
    # How far each other language has got (only on the source language's kit), and the
    # short texts of the source that its `translations/<language>.po` files translate.
    translation_status: Mapping[str, LanguageStatus] = field(default_factory=dict)
    texts: tuple[SourceText, ...] = ()

    @property
    def languages(self) -> tuple[str, ...]:
        """The kit's languages, the source first."""
        return self.site.languages or (self.site.language,)

    def rules_for(self, checklist_id: str) -> tuple[RuleSet, ...]:
        return tuple(s for s in self.rule_sets if s.checklist == checklist_id)

    @property
    def menu(self) -> tuple[Page, ...]:
        """Pages in menu order: by `order`, then title; pages without an order last."""
        return tuple(sorted(self.pages, key=lambda p: (p.order is None, p.order or 0, p.title)))
