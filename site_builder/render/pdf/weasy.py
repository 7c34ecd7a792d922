"""The WeasyPrint step: a `PdfJob` in, the PDF's bytes out. Importing this module loads
WeasyPrint, so only the code that makes a PDF imports it, when it makes one; its
`make_pdf` is a plain function of plain data, so a worker process can run it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import weasyprint  # type: ignore[import-untyped]

from site_builder.diagnostics import Diagnostic
from site_builder.model import Kit
from site_builder.render.pdf.fetcher import KitURLFetcher
from site_builder.render.pdf.jobs import PdfJob, PdfResult, PdfTarget, pdf_job, pdf_problems


def make_pdf(job: PdfJob) -> PdfResult:
    return weasyprint_pdf(job.html, job.base_url, job.stylesheets, job.kit_root, job.forms)


def weasyprint_pdf(html: str, base_url: str, stylesheets: Sequence[str], kit_root: str,
                   forms: bool) -> PdfResult:
    """Every PDF site-builder makes (site PDFs and reports): PDF/UA, resources only from
    inside the kit, no attachments; `forms`: the <input>s become PDF form fields (a
    worksheet's, read back by site_builder/answers/filled_pdf.py)."""
    fetcher = KitURLFetcher(Path(kit_root))
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    options: dict[str, Any] = {
        "stylesheets": [weasyprint.CSS(string=css, url_fetcher=fetcher) for css in stylesheets],
        "pdf_variant": "pdf/ua-1",
        "pdf_forms": forms,
        "attachments": [],
    }
    rendered = document.render(**options)
    messages = strip_attachments(rendered)
    data: bytes = rendered.write_pdf(**options)
    return PdfResult(data, tuple(fetcher.problems() + messages), tuple(fetcher.read.items()))


def write_pdf(kit: Kit, target: PdfTarget, html: str) -> tuple[bytes, list[Diagnostic]]:
    """Render one PDF in memory, with the problems that must stop the build: resources it
    may not read (outside the kit, or missing) and attachments (a PDF carries none)."""
    job = pdf_job(kit, target, html)
    result = make_pdf(job)
    return result.data, pdf_problems(job, result)


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
