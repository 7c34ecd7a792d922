"""Files in content/ that a browser would run scripts in, opened at their own address.

The site's Content-Security-Policy is a `<meta>` tag in its pages: a file published beside
them carries none. An HTML or XML document, or an SVG with a script in it, would run that
script on the host's address, where it could read what participants entered. So such files
are refused, and an SVG is read (with the standard library's expat, which caps entity
expansion since 2.4) to find what would run: script elements, event attributes,
`javascript:` links, embedded documents and XSLT.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from xml.parsers import expat

from site_builder.diagnostics import Location, Problems

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".xht", ".shtml")
# Opened directly, a browser lays these out as documents, scripts and all.
DOCUMENT_SUFFIXES = (".xml", ".xsl", ".xslt", ".mht", ".mhtml")
MAX_SVG_BYTES = 20_000_000  # larger than any drawing a handout needs

# Elements that run script or hold a document that can (SVG Tiny's handler and listener
# included).
RUNNING = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:application/xhtml")
UNSEEN = re.compile(r"[\x00-\x20]")  # browsers ignore these inside a URL's scheme


def check_static_file(root: Path, source: str, report: Problems) -> None:
    """Refuse `content/<source>` if a browser opening it would run a script."""
    shown = f"content/{source}"
    lowered = source.lower()
    if lowered.endswith(HTML_SUFFIXES):
        report.error(Location(shown), "an HTML file would be published as it is, its scripts "
                     "included and without the site's Content-Security-Policy; write the page "
                     "in Markdown (a .md file) instead, or publish the file elsewhere and link "
                     "to it")
    elif lowered.endswith(".svgz"):
        report.error(Location(shown), "a compressed SVG cannot be checked for scripts, which "
                     "a browser would run without the site's Content-Security-Policy; save it "
                     "as a plain .svg instead")
    elif lowered.endswith(DOCUMENT_SUFFIXES):
        report.error(Location(shown), "a browser opens this kind of file as a document and "
                     "runs the scripts it may hold, without the site's Content-Security-"
                     "Policy; publish it elsewhere and link to it, or share it as a .zip")
    elif lowered.endswith(".svg"):
        _check_svg(root / "content" / source, shown, report, root)


def _check_svg(path: Path, shown: str, report: Problems, root: Path) -> None:
    if not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root)):
        return  # not published: the build says so
    try:
        if path.stat().st_size > MAX_SVG_BYTES:
            report.error(Location(shown), "this SVG is larger than 20 MB; simplify the "
                         "drawing, or save it as a PNG")
            return
        data = path.read_bytes()
    except OSError as error:
        report.error(Location(shown), f"cannot read this file: {error.strerror}")
        return
    found = _first_active_part(data)
    if found is not None:
        line, column, what = found
        report.error(Location(shown, line, column), what)


def _first_active_part(data: bytes) -> tuple[int, int, str] | None:
    """Where the SVG first holds something that runs, with what to do; or where it is not
    well-formed XML (a browser shows an error, not the drawing)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    found: list[tuple[int, int, str]] = []

    def here(what: str) -> None:
        if not found:
            found.append((parser.CurrentLineNumber, parser.CurrentColumnNumber + 1, what))

    def element(name: str, attributes: dict[str, str]) -> None:
        local = name.rsplit(" ", 1)[-1]
        if local.lower() in RUNNING:
            does = ("a browser runs when the file is opened" if local.lower() == "script"
                    else "can hold a web page and its scripts")
            here(f"this SVG holds a <{local}> element, which {does}; remove it (a drawing "
                 "needs none), or save the SVG as plain SVG from the drawing program")
            return
        for key, value in attributes.items():
            attribute = key.rsplit(" ", 1)[-1]
            if attribute.lower().startswith("on"):
                here(f"this SVG has an event attribute, {attribute}, whose script a browser "
                     "would run; remove the attribute")
                return
            if attribute == "attributeName" and value.strip().lower().startswith("on"):
                here(f"this SVG animates an event attribute, {value.strip()}; remove the "
                     "animation")
                return
            if UNSEEN.sub("", value).lower().startswith(SCHEMES):
                here(f"this SVG's {attribute} attribute is a script or a web page, which a "
                     "browser would run; remove it or link to an ordinary address")
                return

    def instruction(target: str, text: str) -> None:
        if target.lower() == "xml-stylesheet":
            here("this SVG links a stylesheet with <?xml-stylesheet?>, which can turn it "
                 "into a page with scripts; put the styles in a <style> element instead")

    parser.StartElementHandler = element
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        if not found:
            reason = expat.ErrorString(error.code)
            if reason.startswith("not well-formed ("):
                reason = reason[len("not well-formed ("):-1]
            return (error.lineno, error.offset + 1, f"this SVG is not well-formed XML "
                    f"({reason}), so browsers will not show it; save it again from the "
                    "drawing program")
    return found[0] if found else None
