"""Rendering: the kit model to HTML pages (`site`) and PDFs (`pdf`).

`site.render_site` writes the static site; `pdf.render_pdfs` writes the PDFs and is the
only code that loads WeasyPrint, and only when it runs.
"""
