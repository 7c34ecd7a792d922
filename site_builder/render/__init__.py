"""Rendering: the kit model -> files. It never parses YAML or reads kit sources itself.

`site.write_site` writes the static site but its print materials page, which
`site.write_materials` writes once the PDFs are there; `pdf.jobs` plans the PDFs as jobs,
`pdf.batch` reuses cached ones and has the others made (`pdf.make.make_pdf`, reports' too)
in the build's worker processes when there are enough; `pdf.weasy` is the only module that
loads WeasyPrint, and only when a PDF must be made. `output` checks the output folder,
holds the files being written and swaps the finished build into place.
"""
