"""A file's path in the site as the path of a URL: the one place a name becomes a link, for
the Markdown's links (here, in `kit`) and the renderer's (menus, PDFs, assets)."""

from __future__ import annotations

from urllib.parse import quote


def url_path(path: str) -> str:
    """A file's path in the site (`guide #2.html`) as the path of a URL (`guide%20%232.html`):
    a '#', '?', '%' or space in a file name must not read as a URL's own."""
    return quote(path, safe="/")
