"""The built-in words (menus, buttons, headings, "Page 1 of 3") in the kit's languages.

Each language's words are a gettext catalogue, `site_builder/i18n/<language>.po`, which
translators edit in Poedit or Weblate like any other. Babel reads and compiles it in
memory, so no compiled `.mo` file is kept beside it. A language the package has no
catalogue for (or a region such as `fr-CA`, without its own) falls back to the nearest one
(`fr`), then to the English in the source.

A kit may change any built-in word for its own use: `words` in site.yaml, by language,
given here as `overrides` (msgid -> text; a plural message's msgid is its singular).
"""

from __future__ import annotations

import functools
import gettext
import io
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

CATALOGUES = Path(__file__).parent
SOURCE_LANGUAGE = "en"


def catalogue_languages() -> tuple[str, ...]:
    """The languages the package has a catalogue for, as their files name them."""
    return tuple(sorted(p.stem for p in CATALOGUES.glob("*.po")))


def nearest_catalogue(language: str) -> str | None:
    """The catalogue for a language tag: its own, else its base language's, else None."""
    tag = language.strip().replace("_", "-")
    known = {lang.lower(): lang for lang in catalogue_languages()}
    parts = tag.split("-")
    for size in range(len(parts), 0, -1):
        found = known.get("-".join(parts[:size]).lower())
        if found:
            return found
    return None


class Words:
    """gettext and ngettext for one language, with the kit's own words first."""

    def __init__(self, language: str, overrides: Mapping[str, str | tuple[str, ...]]) -> None:
        self.language = language
        self._translations = _translations(nearest_catalogue(language))
        self._overrides = dict(overrides)

    def gettext(self, message: str) -> str:
        own = self._overrides.get(message)
        if isinstance(own, str):
            return own
        return str(self._translations.gettext(message))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        own = self._overrides.get(singular)
        if isinstance(own, str):  # one text whatever the number
            return own
        if isinstance(own, tuple) and own:
            # in the order of the language's gettext forms, as its catalogue has them
            return own[min(_plural_index(self.language)(n), len(own) - 1)]
        return str(self._translations.ngettext(singular, plural, n))

    def plural_forms(self, singular: str, plural: str) -> tuple[tuple[str, str], ...]:
        """A plural message's text for each CLDR plural category of the language ("one",
        "few", "many", "other"...), for a page whose script picks one with
        Intl.PluralRules. Each category's text is the catalogue's form for a whole number
        of that category; "other", which some languages keep for fractions, the form for
        the largest sample."""
        forms = []
        for category in plural_categories(self.language):
            sample = _SAMPLES.get((self.language, category))
            if sample is None:
                sample = _sample_of(self.language, category)
            forms.append((category, self.ngettext(singular, plural, sample)))
        return tuple(forms)


_SAMPLES: dict[tuple[str, str], int] = {}


def babel_locale(language: str) -> Any:
    """Babel's Locale for a language tag; English for a tag Babel does not know."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language.strip().replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError):
        return Locale.parse(SOURCE_LANGUAGE)


def plural_form_count(language: str) -> int:
    """How many forms a plural message has in the language (its gettext Plural-Forms,
    which Babel knows for every language, with or without a catalogue here): a kit's own
    plural word lists them in that order (French: one, many, other)."""
    from babel.messages.plurals import get_plural

    return int(get_plural(str(babel_locale(language))).num_plurals)


@functools.cache
def _plural_index(language: str) -> Callable[[int], int]:
    from babel.messages.plurals import get_plural

    rule = gettext.c2py(get_plural(str(babel_locale(language))).plural_expr)
    return lambda n: int(rule(n))


def plural_categories(language: str) -> tuple[str, ...]:
    """The language's CLDR plural categories, in CLDR's order, "other" always last."""
    tags = babel_locale(language).plural_form.tags
    return (*(c for c in ("zero", "one", "two", "few", "many") if c in tags), "other")


def _sample_of(language: str, category: str) -> int:
    rule = babel_locale(language).plural_form
    samples = [1, *range(0, 201), 1000, 1000000]
    found = next((n for n in samples if rule(n) == category), None)
    # "other" of a language whose whole numbers are all another category: the plural.
    _SAMPLES[(language, category)] = sample = found if found is not None else 100
    return sample


def N_(message: str) -> str:
    """A message marked for extraction where it is written, translated where it is used."""
    return message


def words_for(language: str,
              overrides: Mapping[str, str | tuple[str, ...]] | None = None) -> Words:
    return Words(language, overrides or {})


@functools.cache
def _translations(language: str | None) -> gettext.NullTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import NullTranslations, Translations

    if language is None or language == SOURCE_LANGUAGE:
        return NullTranslations()
    with (CATALOGUES / f"{language}.po").open("rb") as file:
        catalogue = read_po(file, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    buffer.seek(0)
    return Translations(buffer)


@functools.cache
def builtin_messages() -> frozenset[str]:
    """Every built-in word's msgid (a plural's: its singular), from the catalogues'
    template, `messages.pot`, which `python -m tests.messages` extracts from the source."""
    from babel.messages.pofile import read_po

    template = CATALOGUES / "messages.pot"
    if not template.is_file():
        return frozenset()
    with template.open("rb") as file:
        catalogue = read_po(file)
    return frozenset(m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id)
