"""PDFs: every PDF planned as a job of plain data (`jobs`, and `report` for participants'
reports), made in this process or in workers (`batch`); only `weasy` and `fetcher` load
WeasyPrint, and only when a PDF is made."""
