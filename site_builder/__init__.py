"""site-builder: turn a workshop kit into a static site, an offline self-assessment and PDFs."""

# The one place the version is written: pyproject.toml reads it from here, and importing
# importlib.metadata to look it up would cost every command 50 ms.
__version__ = "0.1.0"
