"""Printable PDFs with WeasyPrint: a worksheet per checklist and each `print: true` page.

WeasyPrint is imported only inside the functions that make PDFs, so the command
line and the site renderer never pay for loading it. Every resource a PDF asks
for goes through `KitURLFetcher`, which reads only files inside the kit.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_builder.diagnostics import Diagnostic, Location, Report
from site_builder.model import Checklist, Kit, Page
from site_builder.render.templating import TemplateProblem, make_environment, render_template
from site_builder.render.theme import theme_css
from site_builder.render.worksheet import worksheet_context

PDF_STYLESHEET = Path(__file__).parent / "assets" / "pdf.css"


@dataclass(frozen=True)
class PdfTarget:
    """One PDF the build writes; the materials page and the PDF writer share this list."""

    name: str  # e.g. "network-worksheet"
    path: str  # inside the output, e.g. "pdf/network-worksheet.pdf"
    title: str
    description: str
    template: str  # "worksheet.html" or "print-page.html"
    source_url: str  # the site URL of what it prints; its links are re-based from here
    location: Location  # the kit file it comes from, for diagnostics
    checklist: Checklist | None = None
    page: Page | None = None


def pdf_targets(kit: Kit) -> list[PdfTarget]:
    """Every PDF of the kit: the checklists' worksheets, then printable pages in menu order."""
    targets = [_worksheet_target(c) for c in kit.checklists.values()]
    targets += [_page_target(p) for p in kit.menu if p.print]
    return targets


def _worksheet_target(checklist: Checklist) -> PdfTarget:
    count = len(checklist.questions)
    noun = "question" if count == 1 else "questions"
    return PdfTarget(
        name=f"{checklist.id}-worksheet",
        path=f"pdf/{checklist.id}-worksheet.pdf",
        title=f"Worksheet: {checklist.title}",
        description=f"The self-assessment on paper: {count} {noun} to tick, "
        "a score tally and an action plan.",
        template="worksheet.html",
        source_url=checklist.url,
        location=checklist.location,
        checklist=checklist,
    )


def _page_target(page: Page) -> PdfTarget:
    stem = posixpath.splitext(page.url)[0].replace("/", "-")
    return PdfTarget(
        name=stem,
        path=f"pdf/{stem}.pdf",
        title=page.title,
        description=page.description,
        template="print-page.html",
        source_url=page.url,
        location=page.location,
        page=page,
    )


def render_pdfs(kit: Kit, out: Path,
                log: Callable[[str], None] = lambda message: None) -> list[Path]:
    """Write every PDF target into `out/pdf/`; any problem in any of them raises `KitError`.

    `log` hears of each PDF as it is written."""
    env = make_environment(kit)
    report = Report()
    written: list[Path] = []
    targets = pdf_targets(kit)
    _check_unique_paths(targets, report)
    report.raise_if_errors()
    for target in targets:
        try:
            html = render_template(env, target.template, pdf_context(kit, target), kit,
                                   f"while making {target.path}")
        except TemplateProblem as problem:
            report.extend([problem.diagnostic])
            continue
        data, problems = write_pdf(kit, target, html)
        report.extend(problems)
        if not problems:
            path = out / target.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append(path)
            log(f"wrote {target.path}")
    report.raise_if_errors()
    return written


def _check_unique_paths(targets: list[PdfTarget], report: Report) -> None:
    claimed: dict[str, PdfTarget] = {}
    for target in targets:
        first = claimed.setdefault(target.path, target)
        if first is not target:
            report.error(target.location, f"this page's PDF would be {target.path}, which "
                         f"{first.location.path} already makes; rename one of the files")


def pdf_context(kit: Kit, target: PdfTarget) -> dict[str, Any]:
    context: dict[str, Any] = {
        "site": kit.site,
        "kit": kit,
        "target": target,
        "title": target.title,
        "current_url": target.source_url,
        "pdf_links": True,
    }
    if target.checklist is not None:
        context.update(worksheet_context(target.checklist))
    if target.page is not None:
        context["page"] = target.page
    return context


def page_css(kit: Kit) -> str:
    """The generated part of the PDF stylesheet: colours, paper size, running heads."""
    size = "letter" if kit.site.paper == "Letter" else "A4"
    return (
        theme_css(kit.site.colors)
        + f"@page {{ size: {size};"
        + f" @top-left {{ content: {css_string(kit.site.title)}; }}"
        + ' @bottom-right { content: "Page " counter(page) " of " counter(pages); } }\n'
    )


def css_string(text: str) -> str:
    """`text` as a quoted CSS string; anything but plain characters is hex-escaped."""
    out = []
    for char in text:
        if char.isalnum() or char in " .,:;!?()-_'&/":
            out.append(char)
        else:
            out.append(f"\\{ord(char):06x}")
    return '"' + "".join(out) + '"'


def write_pdf(kit: Kit, target: PdfTarget, html: str) -> tuple[bytes, list[Diagnostic]]:
    """Render one PDF in memory, with the problems that must stop the build: resources it
    may not read (outside the kit, or missing) and attachments (a PDF carries none)."""
    import weasyprint  # type: ignore[import-untyped]

    from site_builder.render.fetcher import KitURLFetcher

    fetcher = KitURLFetcher(kit.root)
    document = weasyprint.HTML(string=html, base_url=_base_folder(kit, target),
                               url_fetcher=fetcher)
    options: dict[str, Any] = {
        "stylesheets": [
            weasyprint.CSS(string=PDF_STYLESHEET.read_text(encoding="utf-8"),
                           url_fetcher=fetcher),
            weasyprint.CSS(string=page_css(kit), url_fetcher=fetcher),
        ],
        "pdf_variant": "pdf/ua-1",
        # A worksheet is a PDF form (its <input>s become fields, tagged /Form); other PDFs
        # have none. Read back by site_builder/filled_pdf.py.
        "pdf_forms": target.checklist is not None,
        "attachments": [],
    }
    rendered = document.render(**options)
    messages = strip_attachments(rendered)
    data: bytes = rendered.write_pdf(**options)
    messages = fetcher.problems() + messages
    return data, [Diagnostic(target.location, f"{target.path} {m}") for m in messages]


def strip_attachments(document: Any) -> list[str]:
    """Remove every `<link rel=attachment>` and `<a rel=attachment>` before anything is
    written (so nothing is fetched for them), and say what was asked for."""
    messages = []
    if document.metadata.attachments:
        messages.append("asks to attach files to the PDF with <link rel=\"attachment\">; "
                        "PDFs made by site-builder carry no attachments")
        document.metadata.attachments = []
    for page in document.pages:
        asked = [link for link in page.links if link[0] == "attachment"]
        page.links = [link for link in page.links if link[0] != "attachment"]
        messages += [f"asks to attach '{link[1]}' to the PDF with <a rel=\"attachment\">; "
                     "PDFs made by site-builder carry no attachments" for link in asked]
    return list(dict.fromkeys(messages))


def _base_folder(kit: Kit, target: PdfTarget) -> str:
    """The folder of the printed source inside `content/`, as a file URL ending in `/`."""
    source = target.page.source if target.page else ""
    if target.checklist is not None:
        source = target.checklist.source
    folder = (kit.root / "content" / source).parent.resolve()
    return folder.as_uri() + "/"

