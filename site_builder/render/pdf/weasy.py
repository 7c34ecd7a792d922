"""The WeasyPrint step: a `PdfJob` in, the PDF's bytes out, reading nothing but files inside
the kit and `data:` URLs. This is the one module that loads WeasyPrint: `make.make_pdf`
imports it when it makes a PDF."""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import os
import re
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import weasyprint  # type: ignore[import-untyped]
from PIL import Image
from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

from site_builder.diagnostics import Diagnostic
from site_builder.model import Kit
from site_builder.render.pdf.jobs import PdfJob, PdfResult, PdfTarget, pdf_job, pdf_problems


def weasyprint_pdf(job: PdfJob) -> PdfResult:
    """Every PDF site-builder makes (site PDFs and reports): PDF/UA, resources only from
    inside the kit, no attachments; `forms`: the <input>s become PDF form fields (a
    worksheet's, read back by site_builder/answers/filled_pdf.py)."""
    fetcher = KitURLFetcher(Path(job.kit_root))
    document = weasyprint.HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher)
    options: dict[str, Any] = {
        "stylesheets": [weasyprint.CSS(string=css, url_fetcher=fetcher)
                        for css in job.stylesheets],
        "pdf_variant": "pdf/ua-1",
        "pdf_forms": job.forms,
        "attachments": [],
    }
    images = LeftOutImages(fetcher)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(images)
    try:
        with warnings.catch_warnings():
            # Pillow's warning would reach the terminal in its words, the image unnamed; as
            # an error, WeasyPrint reports it with the image's URL, and `images` words it.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            rendered = document.render(**options)
            messages = strip_attachments(rendered)
            data: bytes = rendered.write_pdf(**options)
    finally:
        logger.removeHandler(images)
    problems = fetcher.problems() + images.problems() + messages
    return PdfResult(data, tuple(problems), tuple(fetcher.read.items()))


def write_pdf(kit: Kit, target: PdfTarget, html: str) -> tuple[bytes, list[Diagnostic]]:
    """Render one PDF in memory, with the problems that must stop the build: resources it
    may not read (outside the kit, or missing) and attachments (a PDF carries none)."""
    job = pdf_job(kit, target, html, Path())  # its file is not written: no `make_pdf`
    result = weasyprint_pdf(job)
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


class LeftOutImages(logging.Handler):
    """The images WeasyPrint could not use: it logs each one and leaves it out of the PDF
    (its logger has no other handler: nobody would know). Those the fetcher refused or did
    not find are the fetcher's to report."""

    def __init__(self, fetcher: KitURLFetcher) -> None:
        super().__init__(logging.ERROR)
        self.fetcher = fetcher
        self.failed: list[tuple[str, BaseException | None]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if str(record.msg).startswith("Failed to load image at") and len(record.args or ()) == 2:
            url, error = record.args  # type: ignore[misc]
            self.failed.append((str(url), error if isinstance(error, BaseException) else None))

    def problems(self) -> list[str]:
        messages = []
        for url, error in self.failed:
            if url in self.fetcher.failed:
                continue
            shown = self.fetcher.shown(url)
            pixels = _too_many_pixels(error)
            if pixels is not None:
                messages.append(f"shows the image '{shown}', of {pixels:,} pixels, more than the "
                                f"{Image.MAX_IMAGE_PIXELS or 0:,} a PDF may hold; make it smaller")
            else:
                messages.append(f"shows the image '{shown}', which is not an image it can read, "
                                "so the PDF would leave it out; save it again as a PNG, JPEG, "
                                "GIF, WebP or SVG file")
        return list(dict.fromkeys(messages))


def _too_many_pixels(error: BaseException | None) -> int | None:
    """The pixels of an image Pillow refused as too large, from its message."""
    while error is not None:
        if isinstance(error, (Image.DecompressionBombWarning, Image.DecompressionBombError)):
            found = re.search(r"\((\d+) pixels\)", str(error))
            return int(found.group(1)) if found else 0
        error = error.__cause__ or error.__context__
    return None


class RefusedURLError(ValueError):
    """A PDF asked for something outside the kit."""


class KitURLFetcher(URLFetcher):  # type: ignore[misc]
    """Serves `data:` URLs and regular files whose real path (symlinks resolved) lies inside
    the kit; refuses everything else and records it, so the build can report it.

    Refusing raises an ordinary exception: WeasyPrint then leaves the resource out (an
    image shows its alt text, an attachment is dropped) and goes on, so one run reports
    every refused resource. Nothing refused is ever read, so nothing refused is embedded.
    """

    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False,
                         fail_on_errors=False)
        self.root = Path(os.path.realpath(root))
        self.refused: list[str] = []
        self.missing: list[str] = []
        self.read: dict[str, str] = {}  # real path -> SHA-256 of each kit file read
        self.failed: set[str] = set()  # URLs refused or not found, reported as such

    def shown(self, url: str) -> str:
        """A file URL as the kit's author knows it: 'content/images/x.png'."""
        asked = Path(os.path.abspath(url2pathname(urlsplit(url).path)))
        return asked.relative_to(self.root).as_posix() if asked.is_relative_to(self.root) \
            else url

    def fetch(self, url: str, headers: Any = None) -> Any:
        try:
            return self._fetch(url, headers)
        except (RefusedURLError, FileNotFoundError):
            self.failed.add(url)
            raise

    def _fetch(self, url: str, headers: Any) -> Any:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            parts = urlsplit(url)
            asked = url2pathname(parts.path)
            real = Path(os.path.realpath(asked))
            if parts.netloc in ("", "localhost") and real.is_relative_to(self.root):
                return self._read(real, asked)
            self.refused.append(self._describe(Path(os.path.abspath(asked)), real))
        else:
            self.refused.append(f"'{url}'")
        raise RefusedURLError(f"{url} is outside the kit")

    def _describe(self, asked: Path, real: Path) -> str:
        """`'/etc/passwd'`, or `'content/x.png' (a link to '/etc/passwd')` for a symlink."""
        if asked.is_relative_to(self.root):
            return f"'{asked.relative_to(self.root).as_posix()}' (a link to '{real}')"
        return f"'{asked}'"

    def _read(self, real: Path, asked: str) -> Any:
        if not real.is_file():
            self.missing.append(real.relative_to(self.root).as_posix())
            raise FileNotFoundError(asked)
        data = real.read_bytes()
        # Each file's hash as it was read: a cached PDF stays right only while they do.
        self.read[str(real)] = hashlib.sha256(data).hexdigest()
        content_type = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
        return URLFetcherResponse(real.as_uri(), data, {"Content-Type": content_type})

    def problems(self) -> list[str]:
        """What went wrong, as diagnostic messages, each once, in the order it happened."""
        messages = [
            f"refers to {what}, which is outside the kit; PDFs may only use files inside the kit"
            for what in self.refused
        ] + [
            f"refers to '{what}', which does not exist in the kit" for what in self.missing
        ]
        return list(dict.fromkeys(messages))
