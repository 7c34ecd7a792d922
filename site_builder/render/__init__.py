"""Rendering: the kit model -> files. It never parses YAML or reads kit sources itself.

`site.write_site` writes the static site; `pdf/` makes the PDFs; `output` checks the
output folder, holds the files being written and swaps the finished build into place.
"""
