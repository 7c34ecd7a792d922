"""A kit's translatable texts and how far each of its other languages has got with them.

A text's key (a PO entry's msgctxt) is made of ids, never of the text or a line number:
`site title` (subtitle, organisation); `checklist <id> title` (intro; `chart title`;
`chart zone <corner>`; `answer <value> label`; `section <id> title` (intro);
`question <id> text` (help; `question <id> answer <value> label`); `score <id> label`);
`group <rule file> title`; `advice <rule id> title` (body). A page's key is its source
path in content/ (`about.md`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

from site_builder.diagnostics import Location, plural

TextKind = Literal["plain", "markdown"]
TextState = Literal["translated", "missing", "out_of_date"]


@dataclass(frozen=True)
class SourceText:
    """A short text of the kit as written in its source language, with its stable key (a
    PO entry's msgctxt, made of ids: `advice find-a-sounding-board title`)."""

    key: str
    text: str
    location: Location  # where the text is written
    kind: TextKind = "plain"  # markdown: rendered, so a translation keeps its Markdown
    what: str = ""  # what it is, for translators (a PO entry's `#.` comment)


@dataclass(frozen=True)
class TextStatus:
    """One text in one language: a short text (`key` is its msgctxt) or a whole page
    (`page` is the source page's path in content/, and `key` too)."""

    key: str
    state: TextState
    location: Location  # where to fix it: the PO entry, the source text, the translated page
    what: str = ""
    page: str = ""
    digest: str = ""  # a page's: its source's translated_from now
    # why it is out of date: "changed" (the source text is not the entry's msgid),
    # "fuzzy" (the entry is marked so), "unstamped" (a page without translated_from)
    reason: str = ""


@dataclass(frozen=True)
class LanguageStatus:
    language: str
    catalogue: str  # the PO file of its short texts, e.g. translations/fr.po
    texts: tuple[TextStatus, ...]
    # entries of the catalogue whose key no text of the kit has, with where they are
    unknown: tuple[tuple[str, Location], ...] = ()

    def _count(self, state: TextState) -> int:
        return sum(1 for text in self.texts if text.state == state)

    @property
    def translated(self) -> int:
        return self._count("translated")

    @property
    def missing(self) -> int:
        return self._count("missing")

    @property
    def out_of_date(self) -> int:
        return self._count("out_of_date")

    @property
    def shown_in_source(self) -> int:
        """Texts shown in the source language: missing ones, and out-of-date short texts
        (an out-of-date page is still shown)."""
        return len(self._fallbacks)

    def in_source_language(self, key: str) -> bool:
        """Whether the text (or page) of this key is shown in the source language in this
        language's kit: a renderer marks it with the source's `lang`."""
        return key in self._fallbacks

    @functools.cached_property
    def _fallbacks(self) -> frozenset[str]:
        return frozenset(t.key for t in self.texts if t.state == "missing"
                         or (t.state == "out_of_date" and not t.page))

    def summary(self) -> str:
        """`fr: 212 of 214 texts, 2 out of date`."""
        line = f"{self.language}: {self.translated} of {plural(len(self.texts), 'text')}"
        return line + (f", {self.out_of_date} out of date" if self.out_of_date else "")
