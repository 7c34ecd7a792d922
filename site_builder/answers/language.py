"""The language a participant answered in, as a form export or an answer file writes it,
matched to one of the kit's languages: its code in any case ("fr", "FR", "fr_FR" for a kit
with `fr`, "en" for a kit in `en-GB`), or its name in English or in itself ("French",
"Français", "francais"), since a form's language question is often answered with a name.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale


def match_language(value: str, languages: Sequence[str]) -> str | None:
    """The one of `languages` that `value` names, or None."""
    wanted = _folded(value)
    if not wanted:
        return None
    codes = {_folded(language): language for language in languages}
    if wanted in codes:
        return codes[wanted]
    base = wanted.split("-")[0]  # a region the kit does not have: its base language
    if base in codes:
        return codes[base]
    # a base language the kit has in one region only: "en" for a kit in `en-GB`
    regional = [language for code, language in codes.items() if code.split("-")[0] == base]
    if len(regional) == 1:
        return regional[0]
    for language in languages:
        if wanted in _names(language):
            return language
    return None


def language_list(languages: Sequence[str]) -> str:
    """The kit's languages for a message: "en (English), fr (français)"."""
    return ", ".join(f"{language} ({name})" if (name := own_name(language)) else language
                     for language in languages)


def unknown_language(value: str, languages: Sequence[str]) -> str:
    return (f'"{value}" is not a language of this kit; give one of '
            f"{language_list(languages)}, or leave it blank for the report's --language")


def own_name(language: str) -> str:
    """The language's name in itself ("français"), or "" when CLDR does not know it."""
    locale = _locale(language)
    return str(locale.get_display_name(locale) or "") if locale is not None else ""


def _folded(text: str) -> str:
    """Case, accents, spaces and `_` ignored: "Français " and "francais" are one."""
    decomposed = unicodedata.normalize("NFKD", text.strip().replace("_", "-"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@functools.cache
def _names(language: str) -> frozenset[str]:
    locale = _locale(language)
    if locale is None:
        return frozenset()
    from babel import Locale

    english = Locale.parse("en")
    names = {locale.get_display_name(locale), locale.get_language_name(locale),
             locale.get_display_name(english), locale.get_language_name(english)}
    return frozenset(_folded(name) for name in names if name)


@functools.cache
def _locale(language: str) -> Locale | None:
    from babel import Locale, UnknownLocaleError  # loaded only when a language is read

    try:
        return Locale.parse(language.strip().replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        return None
