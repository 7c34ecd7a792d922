"""Rendering: the kit model to HTML pages (`site`) and PDFs (`pdf`).

`site.write_site` writes the static site; `pdf` plans the PDFs and `pdf_batch` makes
them, in worker processes when there are enough; `weasy` is the only module that loads
WeasyPrint, and only when a PDF must be made.
"""
