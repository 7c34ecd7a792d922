"""The WeasyPrint step: a `PdfJob` in, the PDF's bytes out. Importing this module loads
WeasyPrint, so only the code that makes a PDF imports it, when it makes one; its
`make_pdf` is a plain function of plain data, so a worker process can run it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import weasyprint  # type: ignore[import-untyped]

from site_builder.render.fetcher import KitURLFetcher
from site_builder.render.pdf import PdfJob, PdfResult, strip_attachments


def make_pdf(job: PdfJob) -> PdfResult:
    return weasyprint_pdf(job.html, job.base_url, job.stylesheets, job.kit_root, job.forms)


def weasyprint_pdf(html: str, base_url: str, stylesheets: Sequence[str], kit_root: str,
                   forms: bool) -> PdfResult:
    """Every PDF site-builder makes (site PDFs and reports): PDF/UA, resources only from
    inside the kit, no attachments; `forms`: the <input>s become PDF form fields (a
    worksheet's, read back by site_builder/filled_pdf.py)."""
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
