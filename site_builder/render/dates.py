"""Dates as the kit's readers write them, one way everywhere: "6 December 2026" on the
reports and PDFs (Babel, here) and on the self-assessment page (its script is given the
same locale, `date_locale`, and the browser's Intl formats it from the same CLDR data).

CLDR reads plain `en` as US English, month first ("December 6, 2026"). A kit that says
`language: en` is written for an international room, so its dates are day first, as in
British English; `en-US` (or any other region) is taken as written.
"""

from __future__ import annotations

import datetime
import re

DEFAULT_LOCALE = "en-GB"
_DAY_FIRST = {"en": "en-GB"}
_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")


def date_locale(language: str) -> str:
    """The BCP 47 locale of the kit's dates, from site.yaml's `language`."""
    tag = language.strip().replace("_", "-")
    if not _TAG.match(tag):
        return DEFAULT_LOCALE
    return _DAY_FIRST.get(tag.lower(), tag)


def format_long_date(day: datetime.date, language: str) -> str:
    """The date written out in the kit's language: "6 December 2026" for `en`."""
    from babel import Locale, UnknownLocaleError  # loaded only by commands that date things
    from babel.dates import format_date

    try:
        locale = Locale.parse(date_locale(language), sep="-")
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse(DEFAULT_LOCALE, sep="-")
    return str(format_date(day, format="long", locale=locale))
