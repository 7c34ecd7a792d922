"""The kit's built-in words: the catalogue of its language with the kit's own words first
(site.yaml's `words`), and numbers written as that language writes them ("0,5" in French)."""

from __future__ import annotations

from site_builder.engine.wording import site_words
from site_builder.i18n import Words
from site_builder.model import Kit


def kit_words(kit: Kit) -> Words:
    """The words of the kit's language (`site.language`), with its overrides."""
    return site_words(kit.site)


def format_decimal(value: float | int, language: str) -> str:
    """A number as the language writes it: 3, 0.5 or 0,5, 1,250 or 1 250 (a no-break
    space)."""
    from babel.numbers import format_decimal as babel_decimal

    from site_builder.i18n import babel_locale

    number = float(value)
    shown: float | int = int(number) if number.is_integer() else number
    text = str(babel_decimal(shown, format="#,##0.##", locale=babel_locale(language)))
    # French groups digits with a narrow no-break space, which the PDFs' fonts lack
    return text.replace("\u202f", "\u00a0")
