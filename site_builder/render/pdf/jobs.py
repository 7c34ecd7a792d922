"""Printable PDFs with WeasyPrint: a worksheet per checklist and each `print: true` page,
in each of the kit's languages (the source language's under `pdf/`, another's under
`<lang>/pdf/`, as the site places its pages).

This module plans each PDF as a `PdfJob` (its HTML, stylesheets, options and file), the
one kind of job `make.make_pdf` makes, reports' included; only `weasy.py` loads WeasyPrint,
when a PDF is made, so the command line, the site renderer and a rebuild whose PDFs are
all cached never pay for it. Every resource a PDF asks for goes through `KitURLFetcher`,
which reads only files inside the kit.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from site_builder.diagnostics import Diagnostic, Location, Problems
from site_builder.i18n import Words
from site_builder.model import Checklist, Kit, Page, Site
from site_builder.render.fields import field_context
from site_builder.render.languages import language_folder, language_kits, text_direction
from site_builder.render.site_address import assessment_url
from site_builder.render.templating import TemplateError, make_environment, render_template
from site_builder.render.theme import theme_css
from site_builder.render.words import format_decimal, kit_words
from site_builder.render.worksheet import STEP, profile_key, worksheet_context

PDF_STYLESHEET = Path(__file__).parent.parent / "assets" / "pdf.css"
TIMEOUT = 120.0  # seconds: a document that takes longer is a problem, not a slow PDF


@dataclass(frozen=True)
class PdfTarget:
    """One PDF the build writes; the materials page and the PDF writer share this list."""

    name: str  # e.g. "network-worksheet"
    path: str  # inside the output, e.g. "pdf/network-worksheet.pdf"
    title: str
    description: str
    template: str  # "worksheet.html", "print-page.html" or "poster.html"
    source_url: str  # the site URL of what it prints; its links are re-based from here
    location: Location  # the kit file it comes from, for diagnostics
    checklist: Checklist | None = None
    page: Page | None = None


def pdf_targets(kit: Kit) -> list[PdfTarget]:
    """Every PDF of the kit: the checklists' worksheets, then printable pages in menu order."""
    words = kit_words(kit)
    targets = [_worksheet_target(c, words) for c in kit.checklists.values()]
    targets += [_page_target(p) for p in kit.menu if p.print]
    return targets


def _worksheet_target(checklist: Checklist, words: Words) -> PdfTarget:
    count = len(checklist.questions)
    if checklist.chart:
        description = words.ngettext(
            "The self-assessment on paper: %(num)s question to tick, a scoring key, the chart "
            "to plot on and one step to choose.",
            "The self-assessment on paper: %(num)s questions to tick, a scoring key, the "
            "chart to plot on and one step to choose.", count)
    else:
        description = words.ngettext(
            "The self-assessment on paper: %(num)s question to tick, a scoring key and one "
            "step to choose.",
            "The self-assessment on paper: %(num)s questions to tick, a scoring key and one "
            "step to choose.", count)
    return PdfTarget(
        name=f"{checklist.id}-worksheet",
        path=f"pdf/{checklist.id}-worksheet.pdf",
        title=words.gettext("Worksheet: %(title)s") % {"title": checklist.title},
        description=description % {"num": format_decimal(count, words.language)},
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
        template="poster.html" if page.poster else "print-page.html",
        source_url=page.url,
        location=page.location,
        page=page,
    )


@dataclass(frozen=True)
class PdfJob:
    """One PDF to make, a site's or a report: everything WeasyPrint is given, as plain
    picklable values (a worker process makes it), so the same job makes the same PDF, and
    the file it goes to."""

    path: str  # how messages name it: "pdf/network-worksheet.pdf" (inside the output)
    html: str
    stylesheets: tuple[str, ...]
    base_url: str  # the printed source's folder, for its relative images
    kit_root: str  # the only folder the PDF may read from
    forms: bool  # a worksheet's or handout's <input>s become PDF form fields
    location: Location  # what it is made from, for diagnostics
    out: str  # the file written, through a temporary file beside it
    timeout: float = TIMEOUT
    language: str = ""  # the document's language (its `lang`), part of the cache's key


@dataclass(frozen=True)
class PdfResult:
    data: bytes
    messages: tuple[str, ...]  # what must stop the build: resources refused or missing
    fetched: tuple[tuple[str, str], ...]  # (real path, SHA-256) of each kit file it read


def plan_pdfs(kit: Kit, out: Path) -> list[PdfJob]:
    """Every PDF in every language, with its HTML (cheap: no WeasyPrint), to be written into
    the folder `out`; any problem raises `KitError`."""
    report = Problems()
    jobs = []
    for code, edition in language_kits(kit):
        prefix = language_folder(kit, code)
        targets = pdf_targets(edition)
        _check_unique_paths(targets, report)
        if report.errors:
            break  # the same paths in every language: said once
        env = make_environment(edition)
        for target in targets:
            try:
                html = render_template(env, target.template,
                                       pdf_context(edition, target, prefix),
                                       edition, f"while making {prefix}{target.path}")
            except TemplateError as problem:
                report.extend([problem.diagnostic])
                continue
            jobs.append(pdf_job(edition, target, html, out, prefix))
    report.raise_if_errors()
    return jobs


def pdf_job(kit: Kit, target: PdfTarget, html: str, out: Path, prefix: str = "") -> PdfJob:
    """The job of one target of `kit` (one language's), written at `prefix` + its path."""
    stylesheets = (PDF_STYLESHEET.read_text(encoding="utf-8"), page_css(kit))
    path = prefix + target.path
    return PdfJob(path, html, stylesheets, _base_folder(kit, target),
                  str(kit.root.resolve()), _is_form(target), target.location,
                  str(out / path), timeout=TIMEOUT, language=kit.site.language)


def _is_form(target: PdfTarget) -> bool:
    """A worksheet's or handout's <input>s become PDF form fields."""
    return target.checklist is not None or (target.page is not None and target.page.handout)


def pdf_problems(job: PdfJob, result: PdfResult) -> list[Diagnostic]:
    return [Diagnostic(job.location, f"{job.path} {m}") for m in result.messages]


def _check_unique_paths(targets: list[PdfTarget], report: Problems) -> None:
    claimed: dict[str, PdfTarget] = {}
    for target in targets:
        first = claimed.setdefault(target.path, target)
        if first is not target:
            report.error(target.location, f"this page's PDF would be {target.path}, which "
                         f"{first.location.path} already makes; rename one of the files")


def pdf_context(kit: Kit, target: PdfTarget, prefix: str = "") -> dict[str, Any]:
    """What a PDF's template is given; `prefix` is its language's folder ("fr/")."""
    context: dict[str, Any] = {
        "site": edition_site(kit.site, prefix),
        "kit": kit,
        "target": target,
        "title": target.title,
        "current_url": target.source_url,
        "assessment_url": assessment_url(kit, _source(target)),
        "pdf_links": True,
        "text_direction": text_direction(kit.site.language),
    }
    if target.checklist is not None:
        words = kit_words(kit)
        context.update(worksheet_context(target.checklist,
                                         profile_key(kit, target.checklist), words))
        step = replace(STEP, label=words.gettext(STEP.label))
        context.update(field_context(step, True, words))  # its step, drawn as a handout's
    if target.page is not None:
        context["page"] = target.page
    return context


def edition_site(site: Site, prefix: str) -> Site:
    """The site as one language's documents see it: its published address is that
    language's folder, so a printed address, QR code or link goes to the pages in the
    document's language (`https://example.org/fr/checklists/network.html`)."""
    if not prefix or not site.base_url:
        return site
    return dataclasses.replace(site, base_url=site.base_url.rstrip("/") + "/" + prefix)


def _source(target: PdfTarget) -> str:
    """The file a PDF is made from, inside content/: its section's assessment is the one it
    sends participants to."""
    if target.checklist is not None:
        return target.checklist.source
    return target.page.source if target.page is not None else ""


def page_css(kit: Kit) -> str:
    """The generated part of the PDF stylesheet: colours, paper size, running heads."""
    size = "letter" if kit.site.paper == "Letter" else "A4"
    # The title at the top on the side a line starts from, the page number at the foot
    # on the side it ends at: mirrored for a language written right to left.
    head, foot = ("top-right", "bottom-left") if text_direction(kit.site.language) == "rtl" \
        else ("top-left", "bottom-right")
    return (
        theme_css(kit.site.colors)
        + f"@page {{ size: {size};"
        + f" @{head} {{ content: {css_string(kit.site.title)}; }}"
        + f" @{foot} {{ content: {page_numbers(kit_words(kit))}; }} }}\n"
        # A poster is one landscape sheet, without running heads.
        + f"@page poster {{ size: {size} landscape; margin: 12mm;"
        + f" @{head} {{ content: none; }} @{foot} {{ content: none; }} }}\n"
    )


def page_numbers(words: Words) -> str:
    """CSS `content` for "Page 2 of 5" in the kit's words: the page counters where the
    message has its placeholders, in the translation's order."""
    text = words.gettext("Page %(page)s of %(pages)s")
    parts = re.split(r"%\((page|pages)\)s", text)
    css = [f"counter({part})" if i % 2 else css_string(part)
           for i, part in enumerate(parts) if i % 2 or part]
    return " ".join(css) or '""'


def css_string(text: str) -> str:
    """`text` as a quoted CSS string; anything but plain characters is hex-escaped."""
    out = []
    for char in text:
        if char.isalnum() or char in " .,:;!?()-_'&/":
            out.append(char)
        else:
            out.append(f"\\{ord(char):06x}")
    return '"' + "".join(out) + '"'


def _base_folder(kit: Kit, target: PdfTarget) -> str:
    """The folder of the printed source inside `content/`, as a file URL ending in `/`."""
    source = target.page.source if target.page else ""
    if target.checklist is not None:
        source = target.checklist.source
    folder = (kit.root / "content" / source).parent.resolve()
    return folder.as_uri() + "/"

