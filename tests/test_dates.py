"""Dates are written one way everywhere: day, month, year, in the kit's language."""

from __future__ import annotations

import datetime

import pytest

from site_builder.render.dates import date_locale, format_long_date

DAY = datetime.date(2026, 12, 6)


@pytest.mark.parametrize(("language", "written"), [
    ("en", "6 December 2026"),  # plain English: day first, as the reports always wrote it
    ("EN", "6 December 2026"),
    ("en-GB", "6 December 2026"),
    ("en_GB", "6 December 2026"),
    ("en-US", "December 6, 2026"),  # a region asked for by name is respected
    ("fr", "6 décembre 2026"),
    ("de", "6. Dezember 2026"),
    ("xx-unknown", "6 December 2026"),  # a tag Babel does not know: the default
    ("not a tag!", "6 December 2026"),
])
def test_long_dates_follow_the_kits_language(language: str, written: str) -> None:
    assert format_long_date(DAY, language) == written


def test_the_page_is_given_the_same_locale() -> None:
    assert date_locale("en") == "en-GB"
    assert date_locale("fr-CA") == "fr-CA"
    assert date_locale('en"><script>') == "en-GB"  # never anything but a tag in the page
