"""A kit's translations: its short texts, keyed, read from `translations/<lang>.po`, and its
pages translated as whole files (`about.fr.md` beside `about.md`).

The loaders take every translatable text through one hook, a `Texts`: for the source
language it notes the text (its key, where it is written, whether it is Markdown) and gives
it back; for another language it gives the catalogue's translation instead, when there is
one and it was made from the text as it is now, and notes the text's state. So the same
loading code makes the kit in every language, its Markdown rendered from the translation.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.diagnostics import Diagnostic, Location, Problems
from site_builder.kit.files import read
from site_builder.kit.markdown import read_front_matter
from site_builder.kit.shapes import Located
from site_builder.kit.yamlfile import YMap, YNode, to_plain
from site_builder.model.translations import LanguageStatus, SourceText, TextKind, TextStatus

FOLDER = "translations"
# A page's texts that its translation holds; every other key comes from the source page.
PAGE_TEXT_KEYS = ("title", "description", "menu_title")
AGENDA_TEXT_KEYS = ("activity", "purpose", "groups", "space", "materials", "say",
                    "instructions", "debrief")
TRANSLATED_FROM = "translated_from"
DIGEST = re.compile(r"^[0-9a-f]{8}$")


def catalogue_path(language: str) -> str:
    return f"{FOLDER}/{language}.po"


@dataclass(frozen=True)
class Entry:
    """A PO entry: the source text it was made from, its translation and where it is."""

    msgid: str
    msgstr: str
    fuzzy: bool
    location: Location  # its msgid line
    msgstr_location: Location


@dataclass(frozen=True)
class Catalogue:
    path: str  # translations/fr.po
    entries: Mapping[str, Entry] = field(default_factory=dict)  # by msgctxt
    lines: tuple[str, ...] = ()


# A PO line that holds text: a keyword and a quoted string, or a quoted string alone.
_QUOTED = r'"(?:[^"\\]|\\.)*"'
_KEYWORD_LINE = re.compile(rf"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+{_QUOTED}"
                           r"[ \t]*$")
_STRING_LINE = re.compile(rf"^{_QUOTED}[ \t]*$")
_KEYWORD = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)$")


def read_catalogue(root: Path, language: str, report: Problems) -> Catalogue:
    """The language's catalogue; an empty one when the file is absent or broken (every
    problem reported at its line)."""
    shown = catalogue_path(language)
    if not (root / shown).exists():
        return Catalogue(shown)
    text = read(root, shown, report)
    if text is None:
        return Catalogue(shown)
    lines = text.splitlines()
    if not _check_lines(shown, lines, report):
        return Catalogue(shown, lines=tuple(lines))
    from babel.messages.pofile import PoFileError, read_po

    try:
        catalogue = read_po(po_lines(text), abort_invalid=True)
    except PoFileError as error:
        problem = str(error.args[0]).rsplit(" on ", 1)[0]
        if problem.startswith("missing msgstr"):
            problem = ('this entry has no msgstr: add a line msgstr "" (or the '
                       "translation) below its msgid")
        else:
            problem = f"this line does not fit a .po file ({problem}); {_PO_HINT}"
        report.error(Location(shown, error.lineno + 1, 1), problem)
        return Catalogue(shown, lines=tuple(lines))
    except (ValueError, LookupError) as error:  # msgstr[x], an unknown charset
        report.error(Location(shown, 1, 1), f"this .po file cannot be read ({error}); "
                     f"{_PO_HINT}")
        return Catalogue(shown, lines=tuple(lines))
    entries: dict[str, Entry] = {}
    for message in catalogue:
        if not message.id or not isinstance(message.id, str) or message.context is None:
            continue  # the header; a plural or an entry without a key is none of ours
        where = Location(shown, message.lineno or 1, 1)
        entry = Entry(message.id, str(message.string or ""), message.fuzzy, where,
                      _msgstr_location(lines, where))
        known = entries.get(message.context)
        if known is not None:
            report.error(where, f"a second entry for '{message.context}' (the first is at "
                         f"line {known.location.line}); delete one of them")
            continue
        entries[message.context] = entry
    return Catalogue(shown, entries, tuple(lines))


def po_lines(text: str) -> list[str]:
    """A catalogue's lines as Babel can read them: an obsolete entry's previous text
    (`#~| msgid`, as msgmerge writes it) is left out, its line kept, blank."""
    return ["\n" if line.lstrip().startswith("#~|") else line
            for line in text.splitlines(keepends=True)]


_PO_HINT = ("each entry is a msgctxt, a msgid and a msgstr line, each followed by its text "
            'between double quotes, e.g. msgstr "Bonjour" (a quote inside is written \\"); '
            "run site-builder translations to see the layout")


def _check_lines(shown: str, lines: list[str], report: Problems) -> bool:
    """Every line that holds text, quoted properly: Babel reads an unclosed quote as text
    and drops a character, so this is checked first."""
    good = True
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if line.startswith("#~"):
            line = line[2:].strip()  # an obsolete entry: its lines are text lines too
        if line.startswith(("#", "|")) or not line:
            continue  # a comment, or an obsolete entry's previous text (#~|)
        if _KEYWORD_LINE.match(line) or _STRING_LINE.match(line):
            continue
        column = raw.find('"') + 1 or len(raw) - len(raw.lstrip()) + 1
        keyword = line.split(None, 1)[0] if line[0] != '"' else ""
        if keyword and not _KEYWORD.match(keyword):
            report.error(Location(shown, number, len(raw) - len(raw.lstrip()) + 1),
                         f"unknown word '{keyword[:30]}' in a .po file; {_PO_HINT}")
        else:
            report.error(Location(shown, number, column), "this text is not between double "
                         f"quotes, or a quote inside it is not written \\\"; {_PO_HINT}")
        good = False
    return good


def _msgstr_location(lines: list[str], entry: Location) -> Location:
    """Where the entry's msgstr is written (Babel gives only its msgid's line)."""
    for index in range(entry.line - 1, min(len(lines), entry.line + 200)):
        if lines[index].lstrip().startswith("msgstr"):
            return Location(entry.path, index + 1, 1)
    return entry


@dataclass
class Texts:
    """The hook the loaders call for each translatable text (see the module's doc).
    Without a catalogue it is the source language's, and only notes the texts."""

    catalogue: Catalogue | None = None
    sources: list[SourceText] = field(default_factory=list)
    statuses: list[TextStatus] = field(default_factory=list)
    _keys: set[str] = field(default_factory=set)

    def unknown(self) -> tuple[tuple[str, Location], ...]:
        """The catalogue's entries that no text asked for (a key mistyped, or a text
        gone from the kit since the last `site-builder translations`)."""
        entries = self.catalogue.entries if self.catalogue else {}
        return tuple((key, entry.location) for key, entry in entries.items()
                     if key not in self._keys)

    def __call__(self, key: str, text: str, location: Location, what: str,
                 kind: TextKind = "plain") -> Located[str]:
        """The text in this language, with where it is written (for Markdown's messages)."""
        if key in self._keys:  # a duplicate id: reported by the loader as such
            return Located(text, location)
        self._keys.add(key)
        self.sources.append(SourceText(key, text, location, kind, what))
        if self.catalogue is None:
            return Located(text, location)
        entry = self.catalogue.entries.get(key)
        if entry is None or not entry.msgstr.strip():
            self.statuses.append(TextStatus(key, "missing", location, what))
            return Located(text, location)
        if entry.fuzzy or entry.msgid != text:
            reason = "changed" if entry.msgid != text else "fuzzy"
            self.statuses.append(TextStatus(key, "out_of_date", entry.location, what,
                                            reason=reason))
            return Located(text, location)
        self.statuses.append(TextStatus(key, "translated", entry.location, what))
        return Located(entry.msgstr, entry.msgstr_location)


def translation_of(source: str, languages: tuple[str, ...]) -> tuple[str, str] | None:
    """(source page, language) when `source` (a path in content/) is a translated page,
    such as `about.fr.md` in a kit whose languages include fr."""
    stem, dot, language = source[: -len(".md")].rpartition(".")
    if not dot or not stem or stem.endswith("/") or language not in languages[1:]:
        return None
    return f"{stem}.md", language


def page_digest(text: str, shown: str) -> str:
    """The source page's `translated_from` now: 8 hex digits of a digest of what its
    translation translates (its title, description, menu title, agenda texts and body);
    "" when its front matter cannot be read (reported by the page's own loading)."""
    parts = read_front_matter(text, shown, Problems())
    if parts is None:
        return ""
    node, body, _ = parts
    front = to_plain(node) if isinstance(node, YMap) else {}
    texts: dict[str, object] = {}
    if isinstance(front, dict):
        texts = {key: front.get(key) for key in PAGE_TEXT_KEYS}
        agenda = front.get("agenda")
        if isinstance(agenda, list):
            texts["agenda"] = [{k: item.get(k) for k in AGENDA_TEXT_KEYS}
                               if isinstance(item, dict) else item for item in agenda]
    texts["body"] = body.strip()
    data = json.dumps(texts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()[:8]


def front_node(text: str, shown: str) -> YNode | None:
    """A page's front matter, read again (for `translated_from`), None when broken."""
    parts = read_front_matter(text, shown, Problems())
    return parts[0] if parts else None


def language_name(tag: str) -> str:
    """'English' for en: how a message names a language (its tag when Babel has no name)."""
    from babel.core import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(tag, sep="-").english_name or tag)
    except (UnknownLocaleError, ValueError):
        return tag


def status_diagnostics(status: LanguageStatus, source: str) -> list[Diagnostic]:
    """A warning for each text of the language that is missing or out of date, where it
    is to be fixed and how (`source`: the kit's source language)."""
    lang, catalogue, original = status.language, status.catalogue, language_name(source)
    found = []
    for text in status.texts:
        if text.state == "translated":
            continue
        if text.state == "missing" and text.page:
            message = (f"{lang}: not translated yet: the page content/{text.page}; translate "
                       f"it in content/{translated_name(text.page, lang)}")
        elif text.state == "missing":
            message = (f"{lang}: not translated yet: {text.key} ({text.what}); translate it "
                       f"in {catalogue} (site-builder translations adds its entry)")
        elif text.page and text.reason == "unstamped":
            message = (f"{lang}: this translation does not say which version of "
                       f"content/{text.page} it translates; run site-builder translations "
                       f"to add its {TRANSLATED_FROM}")
        elif text.page:
            message = (f"{lang}: out of date: content/{text.page} changed since it was "
                       "translated; bring the translation up to date, then set "
                       f"{TRANSLATED_FROM}: {text.digest}")
        elif text.reason == "fuzzy":
            message = (f"{lang}: out of date: {text.key} is marked fuzzy (its {original} "
                       "changed since it was translated); correct the msgstr if it needs "
                       "it, then remove the fuzzy mark")
        else:
            message = (f"{lang}: out of date: the {original} of {text.key} changed since it "
                       "was translated; run site-builder translations, correct the msgstr, "
                       "then remove its fuzzy mark")
        found.append(Diagnostic(text.location, message, "warning"))
    for key, where in status.unknown:
        found.append(Diagnostic(where, f"{lang}: no text of the kit has the key '{key}'; "
                                "if the text is gone, site-builder translations moves this "
                                "entry to the end (#~), else correct its msgctxt", "warning"))
    return found


def fallback_diagnostic(status: LanguageStatus, source: str) -> Diagnostic | None:
    """The build's one word per language on texts shown in the source language."""
    count = status.shown_in_source
    if not count:
        return None
    texts = "1 text is" if count == 1 else f"{count} texts are"
    return Diagnostic(Location(status.catalogue), f"{status.language}: {texts} not "
                      f"translated yet and {'is' if count == 1 else 'are'} shown in "
                      f"{language_name(source)}; see site-builder check", "warning")


def translated_name(page: str, language: str) -> str:
    """about.md -> about.fr.md"""
    return f"{page[: -len('.md')]}.{language}.md"
