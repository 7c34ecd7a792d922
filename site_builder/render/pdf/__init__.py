"""PDFs: every PDF planned as one kind of job of plain data (`jobs` for the site's PDFs,
`report` for participants' reports), taken from the cache or made in this process or the
build's workers (`batch`), each by `make.make_pdf` with a time-out and an atomic write;
`weasy` is the only module that loads WeasyPrint, and only when a PDF is made."""
