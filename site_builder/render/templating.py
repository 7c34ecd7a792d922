"""The Jinja environment shared by the site and the PDFs, and its errors as diagnostics.

Templates come from the kit's `templates/` folder first, then the built-in ones.
Autoescaping is on everywhere and undefined variables are errors. The environment
is sandboxed, so a kit template can read the data it is given but cannot reach
Python internals. Kit text (pages, YAML) is data, never a template.

The built-in words are gettext messages (Jinja's i18n extension: `_()`, `{% trans %}`,
`ngettext`), translated by the kit language's catalogue (`site_builder/i18n`), a kit's own
`words` first; numbers are written as that language writes them.
"""

from __future__ import annotations

import json
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2.ext import i18n as i18n_extension
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup
from markupsafe import escape as escape_html

from site_builder.diagnostics import Diagnostic, Location
from site_builder.i18n import Words, words_for
from site_builder.model import Kit, Page
from site_builder.render import deadline
from site_builder.render.fields import insert_fields
from site_builder.render.hosting import Hosting, versioned
from site_builder.render.links import Placement, rebase_html_for_pdf, relative_url
from site_builder.render.search import search_wanted
from site_builder.render.site_address import SiteAddress, site_address
from site_builder.render.words import format_decimal, kit_words

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
_PACKAGE_ROOT = Path(__file__).parent.parent.parent


def make_environment(kit: Kit) -> jinja2.Environment:
    """A sandboxed, autoescaping, strict environment with the kit's templates first."""
    search = [str(d) for d in (kit_templates_dir(kit), BUILTIN_TEMPLATES) if d is not None]
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(search),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # made for one build: no need to look at each template's time
        extensions=[i18n_extension],
    )
    # `{% trans %}` blocks' whitespace folded, as `python -m tests.messages` extracts them.
    env.policies["ext.i18n.trimmed"] = True
    install_words(env, kit)
    env.filters["url"] = _url_filter
    env.filters["content_html"] = _content_html_filter
    env.filters["fill_fields"] = _fill_fields_filter
    env.filters["json_script"] = json_script
    env.filters["html_number"] = format_number
    env.globals["relative_url"] = relative_url
    env.globals["site_address"] = _site_address
    env.globals["search"] = search_wanted(kit)  # the header's box and the search page's
    # The built-in words of the kit's language, the same as `explain`'s sentences use.
    return env


def install_words(env: jinja2.Environment, kit: Kit) -> None:
    """The kit language's words as the templates' gettext, and its numbers' filters.

    The catalogues' messages may hold markup (they are ours, like the templates); a kit's
    own words (site.yaml) are text, so they are escaped."""
    words = kit_words(kit)
    language = kit.site.language
    own = frozenset(kit.site.words.get(language, {}))

    def gettext(message: str) -> str:
        text = words.gettext(message)
        return escape_html(text) if message in own else text

    def ngettext(singular: str, plural: str, n: int) -> str:
        text = words.ngettext(singular, plural, n)
        return escape_html(text) if singular in own else text

    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["plural_data"] = _plural_data(words)
    env.globals["words"] = words  # for the Python that draws into a page (render/fields.py)
    env.filters["number"] = lambda value: "" if value is None else format_decimal(value, language)
    env.filters["score"] = lambda value: format_score(value, language)


def _plural_data(words: Words) -> Any:
    def plural_data(name: str, singular: str, plural: str) -> Markup:
        """`{{ plural_data("progress", "{n} of {total} answered", "...") }}`: one
        `data-text-NAME-CATEGORY` attribute per plural category of the language, for a
        page script that picks one with Intl.PluralRules (see assessment.js)."""
        return Markup(" ").join(
            Markup('data-text-{}-{}="{}"').format(name, category, text)
            for category, text in words.plural_forms(singular, plural))  # all escaped
    return plural_data


def kit_templates_dir(kit: Kit) -> Path | None:
    folder = kit.templates_dir
    return folder if folder is not None and folder.is_dir() else None


@jinja2.pass_context
def _url_filter(context: jinja2.runtime.Context, to_url: str) -> str:
    """`{{ "assets/site.css"|url }}`: a file's path in the site (`page.url`, a PDF's
    `path`), as a URL relative to the page being rendered; a file the site ships (an asset,
    the logo) with its content's version (see `render/hosting.py`)."""
    hosting = context.get("hosting")
    url = _placement(context).link(str(context["current_url"]), to_url)
    return versioned(hosting if isinstance(hosting, Hosting) else None, to_url, url)


@jinja2.pass_context
def _content_html_filter(context: jinja2.runtime.Context, html: str) -> Markup:
    """Sanitised content HTML (a page body, an intro, advice): re-based and marked safe.

    Only for the `*_html` fields of the model, which the Markdown renderer has
    already sanitised; everything else is escaped as usual.
    """
    from_url = str(context["current_url"])
    if context.get("pdf_links"):
        base_url = str(getattr(context.get("site"), "base_url", "") or "")
        return Markup(rebase_html_for_pdf(str(html), from_url, base_url))
    return Markup(_placement(context).rebase(str(html), from_url))


def _placement(context: jinja2.runtime.Context) -> Placement:
    """Where the page's language is in the site (a page of a translation is in its
    language's folder; the assets are shared at the root)."""
    placement = context.get("placement")
    return placement if isinstance(placement, Placement) else Placement()


@jinja2.pass_context
def _site_address(context: jinja2.runtime.Context, to_url: str) -> SiteAddress | None:
    """`site_address(checklist.url)`: the page's published address and QR code (None
    without `base_url` in site.yaml); templates/site-address.html lays it out."""
    base_url = str(getattr(context.get("site"), "base_url", "") or "")
    words = context.environment.globals.get("words")
    words = words if isinstance(words, Words) else words_for("en")
    return site_address(base_url, to_url, words.gettext("QR code for %(address)s"))


@jinja2.pass_context
def _fill_fields_filter(context: jinja2.runtime.Context, html: str, page: Page) -> Markup:
    """`{{ page.html|content_html|fill_fields(page) }}`: a handout's fields drawn in, as
    form fields when the page is printed to PDF."""
    return insert_fields(context.environment, str(html), page, bool(context.get("pdf_links")))


def json_script(value: Any) -> Markup:
    """JSON safe to embed in `<script type="application/json">`: `<`, `>`, `&` escaped;
    NaN and infinities are refused, as the page's JSON.parse would refuse them."""
    try:
        text = json.dumps(value, ensure_ascii=False, indent=None, separators=(",", ":"),
                          allow_nan=False)
    except ValueError:
        raise jinja2.TemplateRuntimeError(
            "json_script was given NaN or an infinity, which JSON cannot hold (the page "
            "could not read it); give it ordinary numbers") from None
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escape)
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def format_number(value: float | int | None) -> str:
    """A number as an HTML attribute or a script wants it: 3, 0.5, 12.25 (the
    `html_number` filter; `number` writes it in the page's language)."""
    if value is None:
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def format_score(value: float | int | None, language: str = "en") -> str:
    """A number as people write it on paper: 1, 0.5 as ½, 2.5 as 2½, 2.25 as 2,25 in
    French."""
    if value is None:
        return ""
    whole, fraction = divmod(float(value), 1)
    if fraction == 0.5:
        return f"{format_decimal(whole, language)}½" if whole else "½"
    return format_decimal(value, language)


def render_template(
    env: jinja2.Environment, name: str, context: Mapping[str, Any], kit: Kit, doing: str
) -> str:
    """Render `name`; a template problem raises `TemplateError` with a located diagnostic,
    as does a template that takes longer than `deadline.PAGE_SECONDS` (a loop never ending)."""
    limit = deadline.PAGE_SECONDS
    try:
        with deadline.time_limit(limit):
            return env.get_template(name).render(context)
    except TimeoutError as error:
        slow = _template_frame(error, kit) or Location(display_path(None, kit, name))
        message = (f"took longer than {limit:g} s to render ({doing}); does a loop in the "
                   "template never end?")
        raise TemplateError(Diagnostic(slow, message)) from None
    except jinja2.TemplateSyntaxError as error:
        location = Location(display_path(error.filename, kit), error.lineno or 0)
        raise TemplateError(Diagnostic(location, f"{error.message} ({doing})")) from error
    except jinja2.TemplateNotFound as error:
        if error.name == name:
            raise
        where = _template_frame(error, kit)
        message = f"template '{error.name}' not found ({doing})"
        raise TemplateError(Diagnostic(where or Location(name), message)) from error
    except Exception as error:  # any other failure inside a template is the kit's problem
        where = _template_frame(error, kit) or Location(display_path(None, kit, name))
        message = f"{_describe(error)} ({doing})"
        raise TemplateError(Diagnostic(where, message)) from error


class TemplateError(Exception):
    """A template failed; carries the diagnostic naming the template file and line."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def _describe(error: Exception) -> str:
    if isinstance(error, jinja2.UndefinedError):
        return f"undefined value: {error.message}"
    if isinstance(error, jinja2.TemplateError) and error.message:
        return error.message
    return f"{type(error).__name__}: {error}"


def _template_frame(error: BaseException, kit: Kit) -> Location | None:
    """The innermost traceback frame that is a template file, as a kit location."""
    template_dirs = [d.resolve() for d in (kit_templates_dir(kit), BUILTIN_TEMPLATES) if d]
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        path = Path(frame.filename)
        if path.is_absolute() and any(path.resolve().is_relative_to(d) for d in template_dirs):
            return Location(display_path(frame.filename, kit), frame.lineno or 0)
    return None


def display_path(filename: str | None, kit: Kit, name: str = "") -> str:
    """A template file as users see it: relative to the kit root, or the built-in's path."""
    if not filename:
        return name or "<template>"
    path = Path(filename).resolve()
    for base in (kit.root.resolve(), _PACKAGE_ROOT.resolve()):
        if path.is_relative_to(base):
            return path.relative_to(base).as_posix()
    return path.as_posix()
