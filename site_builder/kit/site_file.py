"""site.yaml: the kit's settings, its languages and its own built-in words, checked."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import get_args

from site_builder.diagnostics import Problems, did_you_mean
from site_builder.i18n import builtin_messages
from site_builder.kit.shapes import (
    Choice,
    Fields,
    JsonSchema,
    Key,
    ListOf,
    Pattern,
    Record,
    Shape,
    Text,
    _kind,
)
from site_builder.kit.translations import Texts
from site_builder.kit.yamlfile import YMap, YNode, YScalar, YSeq
from site_builder.model import Paper, Site

HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")
LANGUAGE_HINT = "use a language tag such as en or en-GB"

Forms = str | tuple[str, ...]  # a word, or a plural message's forms


@dataclass(frozen=True)
class ColorsEntry(Record):
    primary: str | None = None  # None when absent or wrong (reported)
    accent: str | None = None

    def given(self) -> dict[str, str]:
        return {key: value for key, value in (("primary", self.primary),
                                              ("accent", self.accent)) if value is not None}


@dataclass(frozen=True)
class SiteFile(Record):
    title: str
    subtitle: str | None = None
    organisation: str | None = None
    language: str | None = None
    languages: tuple[str, ...] | None = None
    words: dict[str, dict[str, Forms]] | None = None
    base_url: str | None = None
    paper: Paper | None = None
    colors: ColorsEntry | None = None
    logo: str | None = None


@dataclass
class WordsShape(Shape[dict[str, dict[str, Forms]]]):
    """`words:` by language, then built-in word (its English, as site-builder writes it)
    to the kit's own: a text, or for a word with plural forms the list of its forms."""

    description = "a mapping of languages to mappings of built-in words to your words"

    def check(self, node: YNode, report: Problems, what: str
              ) -> dict[str, dict[str, Forms]] | None:
        if not isinstance(node, YMap):
            self.wrong(node, report, what)
            return None
        result: dict[str, dict[str, Forms]] = {}
        for language, (key_loc, words) in node.entries.items():
            if not LANGUAGE.match(language):
                report.error(key_loc, f"'{language}' in {what} is not a language tag: "
                             f"{LANGUAGE_HINT}")
                continue
            if not isinstance(words, YMap):
                report.error(words.loc, f"'{language}' in {what} must be a mapping of "
                             f"built-in words to yours, not {_kind(words)}; e.g. "
                             "Print materials: Handouts")
                continue
            result[language] = {msgid: forms for msgid, (_, value) in words.entries.items()
                                if (forms := _forms(value, report, f"'{msgid}'")) is not None}
        return result

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        word: JsonSchema = {"anyOf": [{"type": "string", "minLength": 1},
                                      {"type": "array", "items": {"type": "string"},
                                       "minItems": 1}]}
        return {"type": "object", "propertyNames": {"pattern": LANGUAGE.pattern},
                "additionalProperties": {"type": "object", "additionalProperties": word}}


def _forms(node: YNode, report: Problems, what: str) -> Forms | None:
    if isinstance(node, YSeq):
        forms = ListOf(Text(), min_items=1, all_or_nothing=True).check(node, report, what)
        return forms or None
    if isinstance(node, YScalar) and node.value is not None:
        return Text().check(node, report, what)
    report.error(node.loc, f"{what} must be your word for it, not {_kind(node)}")
    return None


SITE = Fields(SiteFile, {
    "title": Key(Text(), required=True, doc="the workshop's title, on every page and PDF"),
    "subtitle": Key(Text(), doc="a line under the title on the home page"),
    "organisation": Key(Text(), doc="who publishes the workshop, shown in the footer"),
    "language": Key(Pattern(pattern=LANGUAGE, hint=LANGUAGE_HINT),
                    doc="the language tag of the content, e.g. en or en-GB (default: en); "
                    "a kit in several languages lists them in 'languages' instead"),
    "languages": Key(ListOf(Pattern(pattern=LANGUAGE, hint=LANGUAGE_HINT), min_items=1,
                            all_or_nothing=True),
                     doc="the kit's languages, the one its files are written in first, "
                     "e.g. [en, fr]; each other language's short texts are translated in "
                     "translations/<language>.po (site-builder translations makes it) and "
                     "its pages in files such as content/about.fr.md"),
    "words": Key(WordsShape(), doc="the kit's own words in place of built-in ones, by "
                 "language, e.g. fr: {Print materials: Documents à imprimer}"),
    "base_url": Key(Pattern(pattern=re.compile(r"^(https?://\S+)?$"),
                            hint="use the site's address, e.g. https://example.org/workshop/"),
                    doc="the published site's address, e.g. https://example.org/workshop/: "
                    "printed with a QR code and in PDFs' links; with it, each page names its "
                    "canonical address and link preview, sitemap.xml and robots.txt are "
                    "written, and 404.html links from the host's root"),
    "paper": Key(Choice(values=get_args(Paper)), doc="the PDFs' paper size (default: A4)"),
    "colors": Key(Fields(ColorsEntry, {
        "primary": Key(Pattern(pattern=HEX_COLOUR, hint="use a colour such as #1f5f8b"),
                       doc="the main brand colour (links, buttons), e.g. #1f5f8b", lenient=True),
        "accent": Key(Pattern(pattern=HEX_COLOUR, hint="use a colour such as #c0562b"),
                      doc="the second brand colour, e.g. #c0562b", lenient=True),
    }, name="'colors'"), doc="brand colours; text colours are derived with safe contrast"),
    "logo": Key(Text(), doc="an image file in content/, e.g. images/logo.svg: in every "
                "page's header and the favicon (a PNG or JPEG also the link-preview image)"),
}, name="site.yaml")


def check_site(data: SiteFile, static: tuple[str, ...], report: Problems) -> Site:
    """The site's settings in its source language (its texts noted by no hook yet)."""
    logo = data.logo or ""
    if logo and logo not in static:
        report.error(data.value_loc("logo"), f"'logo' names '{logo}', which is not a "
                     f"file in content/{did_you_mean(logo, static)}")
    languages = _languages(data, report)
    _check_words(data, languages, report)
    return Site(
        title=data.title, subtitle=data.subtitle or "",
        organisation=data.organisation or "", language=languages[0],
        languages=languages if data.languages else (),
        words=data.words or {},
        base_url=data.base_url or "", paper=data.paper or "A4",
        colors=data.colors.given() if data.colors else {},
        logo=logo,
    )


def _languages(data: SiteFile, report: Problems) -> tuple[str, ...]:
    languages = data.languages or ()
    if not languages:
        return (data.language or "en",)
    seen: set[str] = set()
    for index, language in enumerate(languages):
        if language.lower() in seen:
            report.error(data.value_loc("languages"), f"'languages' names '{language}' "
                         f"twice (item {index + 1}); list each language once")
        seen.add(language.lower())
    if data.language is not None and data.language != languages[0]:
        report.error(data.value_loc("language"), f"'language' is {data.language} but "
                     f"'languages' starts with {languages[0]}, the language the kit is "
                     "written in; remove 'language' (the first of 'languages' replaces it)")
    return languages


def _check_words(data: SiteFile, languages: tuple[str, ...], report: Problems) -> None:
    known = builtin_messages()
    node = data.node.get("words")
    if not data.words or not isinstance(node, YMap):
        return
    for language, words in data.words.items():
        key_loc, entries = node.entries[language]
        if language not in languages:
            report.error(key_loc, f"'words' has words for '{language}', which is not one "
                         f"of the kit's languages ({', '.join(languages)}); add it to "
                         "'languages' or remove its words")
        if not known or not isinstance(entries, YMap):
            continue
        for msgid in words:
            if msgid not in known:
                close = difflib.get_close_matches(msgid, sorted(known), n=1, cutoff=0.6)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                report.error(entries.key_loc(msgid), f"'{msgid}' is not one of "
                             f"site-builder's built-in words{hint}; write the built-in "
                             "word exactly as it is in English, capitals and punctuation "
                             "included")


def translate_site(site: Site, data: SiteFile, language: str, texts: Texts) -> Site:
    """The settings with their texts in `language` (through `texts`)."""
    from dataclasses import replace

    def text(key: str, value: str | None, what: str) -> str:
        if not value:
            return ""
        return texts(f"site {key}", value, data.value_loc(key), what).value

    return replace(
        site, language=language,
        title=text("title", data.title, "the workshop's title, on every page and PDF"),
        subtitle=text("subtitle", data.subtitle, "a line under the title on the home page"),
        organisation=text("organisation", data.organisation,
                          "who publishes the workshop, in every page's footer"))
