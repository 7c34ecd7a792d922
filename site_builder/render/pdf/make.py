"""Every PDF site-builder makes, a site's or a participant's: one `PdfJob` in, one PDF
written. A job is plain, picklable data, so a worker process makes it as well as this one.

This module does not load WeasyPrint: `make_pdf` imports `weasy` when it makes a PDF, so a
process that only plans PDFs, or only reuses cached ones, never pays for it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from site_builder.render.deadline import time_limit
from site_builder.render.pdf.jobs import PdfJob, PdfResult


def make_pdf(job: PdfJob) -> PdfResult:
    """Render the job and, when nothing stopped it, write it into place atomically. Raises
    `TimeoutError` after `job.timeout` (in a process's main thread) and whatever WeasyPrint
    raises; a half-written file never stays behind."""
    from site_builder.render.pdf.weasy import weasyprint_pdf  # a second, for PDFs only

    with time_limit(job.timeout):
        result = weasyprint_pdf(job)
    if not result.messages:
        write_atomically(Path(job.out), result.data)
    return result


def write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, renamed into place: a reader
    sees the old file or the new one, never a part of it."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                         dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
