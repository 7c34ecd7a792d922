"""The built-in words' catalogues, extracted from the source and kept up to date.

    python -m tests.messages    # rewrite site_builder/i18n/messages.pot, update fr/de/es.po

Babel extracts every message of the templates (Jinja's `_()`, `{% trans %}`, `ngettext`,
and `plural_data(name, singular, plural)` for a script's plural words) and of the Python
(`words.gettext`, `words.ngettext`, `N_` for a word translated where it is used). Each
language's catalogue is then updated as `pybabel update` would: translations kept, a message
whose English changed marked fuzzy with its old English beside it, a message gone kept as an
obsolete `#~` entry. Then translate what is new or fuzzy, in a PO editor or by hand, and run
`pytest tests/test_words.py`. Locations carry no line numbers, so an edit elsewhere in a
template leaves the catalogues alone.
"""

from __future__ import annotations

import datetime
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from site_builder.i18n import CATALOGUES, SOURCE_LANGUAGE, catalogue_languages

PACKAGE = CATALOGUES.parent
TEMPLATE = CATALOGUES / "messages.pot"
LANGUAGES = ("fr", "de", "es")  # with English, the source: the languages always complete
KEYWORDS = {**DEFAULT_KEYWORDS, "plural_data": (2, 3)}
METHODS = [
    ("render/templates/**.html", "jinja2"),
    ("**.py", "python"),
]
OPTIONS = {"render/templates/**.html": {"trimmed": "true", "extensions": "jinja2.ext.i18n"}}
# One fixed date: the template changes only when its messages do.
CREATED = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)


def extract() -> Catalog:
    """Every built-in message of the package, as a fresh template catalogue."""
    catalogue = Catalog(project="site-builder", creation_date=CREATED, fuzzy=False,
                        charset="utf-8", header_comment=HEADER)
    for path, line, message, comments, context in extract_from_dir(
            PACKAGE, METHODS, OPTIONS, KEYWORDS, comment_tags=("Translators:",),
            strip_comment_tags=True):
        catalogue.add(message, None, [(f"site_builder/{path}", line)],
                      auto_comments=comments, context=context)
    return catalogue


def pot_text(catalogue: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=88, include_lineno=False, sort_by_file=True)
    return buffer.getvalue()


def read_catalogue(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=locale)


def update(language: str, template: Catalog) -> bytes:
    """The language's catalogue brought up to the template, losing no translation."""
    path = CATALOGUES / f"{language}.po"
    if path.is_file():
        catalogue = read_catalogue(path, language)
    else:
        catalogue = Catalog(locale=language, project="site-builder", creation_date=CREATED,
                            fuzzy=False, charset="utf-8", header_comment=HEADER)
    catalogue.update(template, update_creation_date=False)
    for message in catalogue:
        if not message.fuzzy:  # a translator's review ends the old English's use
            message.previous_id = []
    buffer = io.BytesIO()
    # in the template's order, which is the file order of messages.pot
    write_po(buffer, catalogue, width=88, include_lineno=False, include_previous=True)
    return buffer.getvalue()


HEADER = ("# The built-in words of site-builder's sites and PDFs.\n"
          "# Made by `python -m tests.messages`; translate in a PO editor or by hand.\n#")


def main() -> int:
    TEMPLATE.write_bytes(pot_text(extract()))
    template = read_catalogue(TEMPLATE)  # as written: the languages follow its order
    languages = sorted({*LANGUAGES, *catalogue_languages()} - {SOURCE_LANGUAGE})
    for language in languages:
        (CATALOGUES / f"{language}.po").write_bytes(update(language, template))
    print(f"{len(template)} messages; updated {', '.join(languages)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
