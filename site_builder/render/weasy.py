"""The WeasyPrint step: a `PdfJob` in, the PDF's bytes out. Importing this module loads
WeasyPrint, so only the code that makes a PDF imports it, when it makes one; its
`make_pdf` is a plain function of plain data, so a worker process can run it."""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path
from typing import Any

import weasyprint  # type: ignore[import-untyped]
from weasyprint.urls import URLFetcherResponse  # type: ignore[import-untyped]

from site_builder.render.fetcher import KitURLFetcher
from site_builder.render.pdf import PdfJob, PdfResult, strip_attachments


class RecordingFetcher(KitURLFetcher):
    """The kit's fetcher, noting the hash of each kit file it reads, as it read it: a
    cached PDF stays right only while those files do."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.read: dict[str, str] = {}

    def _read(self, real: Path, asked: str) -> Any:
        if not real.is_file():
            return super()._read(real, asked)  # reports it missing
        data = real.read_bytes()
        self.read[str(real)] = hashlib.sha256(data).hexdigest()
        content_type = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
        return URLFetcherResponse(real.as_uri(), data, {"Content-Type": content_type})


def make_pdf(job: PdfJob) -> PdfResult:
    fetcher = RecordingFetcher(Path(job.kit_root))
    document = weasyprint.HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher)
    options: dict[str, Any] = {
        "stylesheets": [weasyprint.CSS(string=css, url_fetcher=fetcher)
                        for css in job.stylesheets],
        "pdf_variant": "pdf/ua-1",
        # A worksheet is a PDF form (its <input>s become fields, tagged /Form); other PDFs
        # have none. Read back by site_builder/filled_pdf.py.
        "pdf_forms": job.forms,
        "attachments": [],
    }
    rendered = document.render(**options)
    messages = strip_attachments(rendered)
    data: bytes = rendered.write_pdf(**options)
    return PdfResult(data, tuple(fetcher.problems() + messages),
                     tuple(fetcher.read.items()))
