"""The published site's address, printed with a QR code, so a facilitator holding only
paper can send the room to the self-assessment.

The one place that makes the address and its code: templates call `site_address(url)`
(a Jinja global, see `templating.py`) and lay it out with the macro in
`templates/site-address.html`. The address is `site.base_url` joined with a page's URL;
without a `base_url` there is none, and the macro prints a line to write it on by hand.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

import segno
from markupsafe import Markup

from site_builder.model import Kit, folder_of


@dataclass(frozen=True)
class SiteAddress:
    url: str  # absolute, e.g. https://example.org/workshop/checklists/network.html
    qr_svg: Markup  # an inline <svg> of the QR code for `url`, sized by CSS


def absolute_url(base_url: str, url: str) -> str:
    """`url` (a path inside the site) at the published address; "index.html" is the root."""
    base = base_url.rstrip("/") + "/"
    path = "" if url in ("", "index.html") else url
    if posixpath.basename(path) == "index.html":
        path = path[: -len("index.html")]
    return base + path


def qr_svg(url: str, title: str) -> Markup:
    """The QR code of `url` as inline SVG (error correction M: it survives a crease)."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=4, omitsize=True, title=title,
                          svgclass="qr-code", lineclass="qr-line", dark="#000")
    return Markup(svg)


def site_address(base_url: str, url: str, title: str = "QR code for %(address)s"
                 ) -> SiteAddress | None:
    """The address of the site's page `url` and its QR code, named by `title` (in the
    kit's words); None without a `base_url`."""
    if not base_url:
        return None
    address = absolute_url(base_url, url)
    return SiteAddress(address, qr_svg(address, title % {"address": address}))


def assessment_url(kit: Kit, source: str = "") -> str:
    """Where participants start: the self-assessment when the kit has one, else home.
    For a page or PDF made from `source` (a path in content/) inside a section: the
    self-assessment of its section, or of the nearest section above it that has one, or
    the page of a section with several. (The menu lists the checklists' URLs, so a page's
    cache key already covers this.)"""
    folder = folder_of(source) if source else ""
    while folder:
        own = [c for c in kit.checklists.values() if folder_of(c.source) == folder]
        if own:
            return own[0].url if len(own) == 1 else f"{folder}/index.html"
        folder = posixpath.dirname(folder)
    checklists = list(kit.checklists.values())
    return checklists[0].url if len(checklists) == 1 else "index.html"
