"""A handout's hf-in fields drawn into its page: each `fill` block's placeholder (left by
kit/handout.py) replaced by templates/fill.html, as lines and boxes on the web page and,
in the PDF, with a form field inside each line or box."""

from __future__ import annotations

import math
import re
from html import escape

import jinja2
from markupsafe import Markup

from site_builder.i18n import Words, words_for
from site_builder.model import STEP_FIELDS, FillField, Page

ENGLISH = words_for("en")

PLACEHOLDER = re.compile(r'<div class="fill-slot" data-fill="(\d+)"></div>\n?')
SIZE = 300.0  # the circles' drawing, square, in its own units
CENTRE_RADIUS = 30.0
LABEL_SIZE = 10.5


def insert_fields(env: jinja2.Environment, html: str, page: Page, forms: bool) -> Markup:
    """`html` (a page's body) with each field drawn where its block was."""
    if not page.fields:
        return Markup(html)
    template = env.get_template("fill.html")
    by_number = {field.number: field for field in page.fields}
    words = env.globals.get("words")  # the kit's, which templating.install_words gives
    words = words if isinstance(words, Words) else ENGLISH

    def drawn(match: re.Match[str]) -> str:
        field = by_number.get(int(match.group(1)))
        if field is None:
            return ""
        return template.render(field_context(field, forms, words))

    return Markup(PLACEHOLDER.sub(drawn, html))


def field_context(field: FillField, forms: bool, words: Words = ENGLISH) -> dict[str, object]:
    """What templates/fill.html needs to draw `field`."""
    return {"field": field, "forms": forms, "circles": circles_svg(field, words),
            "slot_rows": slot_rows, "step_fields": STEP_FIELDS}


def circles_svg(field: FillField, words: Words = ENGLISH) -> Markup:
    """Concentric circles, the centre named (`You`) and each ring's name at its top, with
    the rest of each ring left for initials. Empty for any other field."""
    if field.kind != "circles" or not field.rings:
        return Markup("")
    middle = SIZE / 2
    step = (middle - 2 - CENTRE_RADIUS) / len(field.rings)
    parts = [f'<svg class="hf-circles-svg" viewBox="0 0 {SIZE:g} {SIZE:g}" role="img" '
             f'aria-label="{escape(_description(field, words))}" '
             'xmlns="http://www.w3.org/2000/svg">']
    for index in reversed(range(len(field.rings))):
        radius = CENTRE_RADIUS + step * (index + 1)
        shade = "#f3f6f8" if index % 2 else "#ffffff"
        parts.append(f'<circle cx="{middle:g}" cy="{middle:g}" r="{radius:.1f}" '
                     f'fill="{shade}" stroke="#5d6b78" stroke-width="1.1"/>')
    parts.append(f'<circle cx="{middle:g}" cy="{middle:g}" r="{CENTRE_RADIUS:g}" '
                 'fill="#e4ecf1" stroke="#1f4e6b" stroke-width="1.4"/>')
    centre = field.centre or words.gettext("You")
    parts.append(f'<text x="{middle:g}" y="{middle + 4:g}" text-anchor="middle" '
                 f'font-size="12" font-weight="bold" fill="#1a4159">{escape(centre)}</text>')
    for index, ring in enumerate(field.rings):
        outer = CENTRE_RADIUS + step * (index + 1)
        y = middle - outer + LABEL_SIZE + 3
        parts.append(f'<text x="{middle:g}" y="{y:.1f}" text-anchor="middle" '
                     f'font-size="{LABEL_SIZE:g}" font-style="italic" fill="#38434d">'
                     f'{escape(ring)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _description(field: FillField, words: Words) -> str:
    return words.gettext("Circles around “%(centre)s” at the centre, rings from the centre "
                         "out: %(rings)s") % {"centre": field.centre or words.gettext("You"),
                                             "rings": ", ".join(field.rings)}


def slot_rows(count: int) -> list[list[int]]:
    """Initials slots 1..count in two columns, read down: 8 -> [[1, 5], [2, 6] ...]."""
    rows = math.ceil(count / 2)
    return [[n for n in (row + 1, row + 1 + rows) if n <= count] for row in range(rows)]
